/**
 * Infinite scroll: the page has appended the next story below the first, and the reader must show
 * the one the user is looking at. Only the live page knows what is in the viewport, so the choice
 * is made here, in the content script, and applied to the snapshot before the pipeline runs.
 *
 * Why not leave it to Readability: it scores paragraphs' parents, so two stories of similar
 * length inside one feed container either promote the container (both stories merged, one
 * headline) or pick the longer one, which need not be the one on screen; and its sibling pass
 * appends a neighbouring story whose score is close enough. Removing the other stories from the
 * snapshot leaves it one article to find, by the same rules as on any page.
 */
import { domCall, domGet, normText } from '../extract/dom';
import { proseChars } from '../extract/prose';

/** Elements that mark one story of a feed. */
const STORY_SELECTOR = 'article, [role="article"], [itemtype*="schema.org/"][itemtype*="Article"]';

/**
 * A story holds at least this much prose and a headline: teaser cards, comments and pull-outs
 * marked up as <article> hold less, and must neither be chosen nor removed.
 */
export const STORY_MIN_PROSE = 500;

/** The stories of a document: outermost story elements with a headline and {@link STORY_MIN_PROSE} of prose. */
export function storiesOf(doc: Document): Element[] {
  return outermostWithHeadline(doc).filter((el) => proseChars(el) >= STORY_MIN_PROSE);
}

/**
 * The stories of a feed, or none when the document cannot hold two: prose (the costly measure) is
 * only measured once two outermost story elements with a headline are there. On the pages that are
 * no feed (nearly all) that is one native query and no walk.
 */
export function feedStories(doc: Document): Element[] {
  const candidates = outermostWithHeadline(doc);
  if (candidates.length < 2) return [];
  const stories = candidates.filter((el) => proseChars(el) >= STORY_MIN_PROSE);
  return stories.length < 2 ? [] : stories;
}

/**
 * Story elements not inside another one (closest() is one native call per element), that hold an
 * h1 or h2. Read through the DOM's built-in members: it runs on the live page, where a story
 * element may be a form whose controls shadow them (DOM clobbering).
 */
function outermostWithHeadline(doc: Document): Element[] {
  const body = domGet<HTMLElement | null>(doc, 'body');
  if (!body) return [];
  return Array.from(domCall<NodeListOf<Element>>(body, 'querySelectorAll', STORY_SELECTOR)).filter((el) => {
    const parent = domGet<Element | null>(el, 'parentElement');
    return !(parent && domCall<Element | null>(parent, 'closest', STORY_SELECTOR)) && !!domCall<Element | null>(el, 'querySelector', 'h1, h2');
  });
}

/** The vertical extent of an element on screen, in viewport coordinates. */
export interface VerticalBox {
  top: number;
  bottom: number;
}

/**
 * Index of the story the user is looking at: the one covering most of the viewport's height
 * (the upper one on a tie). Null when there are fewer than two stories or none is on screen.
 */
export function chooseStoryInView(boxes: readonly VerticalBox[], viewportHeight: number): number | null {
  if (boxes.length < 2) return null;
  let best: number | null = null;
  let bestVisible = 0;
  boxes.forEach((box, i) => {
    const visible = Math.min(box.bottom, viewportHeight) - Math.max(box.top, 0);
    if (visible > bestVisible) {
      best = i;
      bestVisible = visible;
    }
  });
  return best;
}

/** Meta tags that describe the page's first story (its title, summary, author, image, date), not the site. */
const STORY_META_SELECTOR = [
  'meta[property^="og:"]:not([property="og:site_name"]):not([property="og:locale"])',
  'meta[name^="og:"]:not([name="og:site_name"])',
  'meta[name^="twitter:"]:not([name="twitter:site"])',
  'meta[property^="twitter:"]',
  'meta[property^="article:"]',
  'meta[name="description"]',
  'meta[name="author"]',
  'meta[name^="parsely-"]',
  'meta[name^="sailthru."]',
  'meta[name^="dc." i]',
  'meta[name^="dcterms." i]',
  'link[rel="canonical"]',
].join(', ');

/**
 * Makes `chosen` (an element of `doc`, one of `stories`) the page's only story: the other stories
 * are removed. When it is not the first story, the head's metadata and JSON-LD describe another
 * article (the page the feed started from), so they are dropped and the document title becomes the
 * chosen story's headline; what the chosen story carries itself (its byline, <time>, JSON-LD
 * inside it) is left for the pipeline to read.
 */
export function focusStory(doc: Document, stories: readonly Element[], chosen: Element): void {
  const first = stories[0] === chosen;
  for (const story of stories) if (story !== chosen && !story.contains(chosen)) story.remove();
  if (first) return;
  for (const el of Array.from(doc.querySelectorAll(STORY_META_SELECTOR))) el.remove();
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) if (!chosen.contains(script)) script.remove();
  const heading = chosen.querySelector('h1') ?? chosen.querySelector('h2');
  const headline = normText(heading);
  if (!headline) return;
  let title = doc.querySelector('head > title') ?? doc.querySelector('title');
  if (!title) {
    title = doc.createElement('title');
    (doc.head ?? doc.documentElement).appendChild(title);
  }
  // Feeds usually retitle the tab as the user scrolls ("Story two — Site"); keep that when it names the story.
  if (!normText(title).includes(headline)) title.textContent = headline;
}
