import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../utils/extract';
import { chooseStoryInView, feedStories, focusStory, storiesOf } from '../../../utils/content/in-view';
import { page, prose } from '../extract/helpers';

const story = (n: number, title: string): string =>
  `<article class="story"><h1>${title}</h1><p>${prose(`s${n}a`, 4)}</p><p>${prose(`s${n}b`, 4)}</p></article>`;
const HEAD = `<title>First story — Site</title><meta property="og:title" content="First story"><meta property="og:site_name" content="Site">
  <meta name="description" content="About the first story"><script type="application/ld+json">{"@type":"NewsArticle","headline":"First story","author":{"name":"Ann First"}}</script>`;
const feed = (): Document => page(`<main>${story(1, 'First story')}${story(2, 'Second story')}</main><article><h2>Teaser</h2><p>short</p></article>`, HEAD);

describe('storiesOf', () => {
  it('finds the outermost stories with a headline and prose, not teaser cards', () => {
    expect(storiesOf(feed()).map((s) => s.querySelector('h1')?.textContent)).toEqual(['First story', 'Second story']);
  });
  it('feedStories: the same stories on a feed, none on a page of one story and its teaser cards', () => {
    expect(feedStories(feed()).map((s) => s.querySelector('h1')?.textContent)).toEqual(['First story', 'Second story']);
    const single = page(`<main>${story(1, 'Only story')}</main><article><h2>Teaser</h2><p>short</p></article>`, HEAD);
    expect(storiesOf(single)).toHaveLength(1);
    expect(feedStories(single)).toEqual([]);
  });
});

describe('chooseStoryInView', () => {
  it('picks the story covering most of the viewport', () => {
    expect(
      chooseStoryInView(
        [
          { top: -1500, bottom: 100 },
          { top: 100, bottom: 2000 },
        ],
        800,
      ),
    ).toBe(1);
    expect(
      chooseStoryInView(
        [
          { top: 0, bottom: 1500 },
          { top: 1500, bottom: 3000 },
        ],
        800,
      ),
    ).toBe(0);
  });
  it('gives no hint for a single story or when none is on screen', () => {
    expect(chooseStoryInView([{ top: 0, bottom: 900 }], 800)).toBeNull();
    expect(
      chooseStoryInView(
        [
          { top: 900, bottom: 1000 },
          { top: 1000, bottom: 2000 },
        ],
        800,
      ),
    ).toBeNull();
  });
});

describe('focusStory', () => {
  it('without a hint Readability is left with both stories on the page', () => {
    const result = extractArticle(feed());
    expect(result.ok && result.article.text).toContain('s1a sentence 1');
  });
  it('keeps the second story alone and drops the head metadata that describes the first', () => {
    const doc = feed();
    const stories = storiesOf(doc);
    focusStory(doc, stories, stories[1]!);
    expect(doc.body.textContent).not.toContain('s1a sentence');
    expect(doc.querySelector('meta[property="og:title"], meta[name="description"], script[type="application/ld+json"]')).toBeNull();
    expect(doc.querySelector('meta[property="og:site_name"]')).not.toBeNull();
    expect(doc.title).toBe('Second story');
    const result = extractArticle(doc);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.article.title).toBe('Second story');
    expect(result.article.byline).not.toBe('Ann First');
    expect(result.article.text).toContain('s2b sentence 4');
    expect(result.article.text).not.toContain('s1a');
  });
  it('keeps the first story and its metadata when it is the one in view', () => {
    const doc = feed();
    const stories = storiesOf(doc);
    focusStory(doc, stories, stories[0]!);
    const result = extractArticle(doc);
    expect(result.ok && result.article.title).toBe('First story');
    expect(result.ok && result.article.byline).toBe('Ann First');
    expect(result.ok && result.article.text).not.toContain('s2a');
  });
});
