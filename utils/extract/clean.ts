/**
 * Step 3, after Readability: take out what slipped through, keep what a reader wants
 * (figures with captions, tables, code with its language, lists, quotes, math), and tidy up
 * empty and duplicate nodes.
 */
import { all, lazy, linkDensity, normText, removeBlockOf, removeNode, tagOf } from './dom';
import { removeArticleMeta, removeBoilerplateParagraphs, removeDatelines, removeRailSections, trimTrailingPromos } from './prepare';
import { CLEAN_PROTECT_SHARE, isProtected, proseChars } from './prose';
import { fingerprint } from './text';
import { BYLINE_LEAD_RE, CAPTION_TOKENS, looksLikeClutter, PICTURE_BOX_TOKENS, TAG_LIST_REST_RE } from './vocabulary';

/** Elements whose insides clean.ts never rewrites (beyond the vocabulary pass). */
const KEEP_TAGS = new Set(['pre', 'code', 'table', 'math', 'figure', 'blockquote', 'ol', 'ul', 'dl']);

/** Removes furniture that Readability kept, judged by the same vocabulary as prepare.ts. */
export function removeLeftoverClutter(root: Element): void {
  const total = lazy(() => proseChars(root));
  for (const el of all(root, '*')) {
    if (!root.contains(el)) continue;
    if (KEEP_TAGS.has(tagOf(el)) && !el.getAttribute('class')) continue;
    if (!looksLikeClutter(el) || isProtected(el, total, CLEAN_PROTECT_SHARE)) continue;
    removeNode(el);
  }
  removeRailSections(root, total);
  removeBoilerplateParagraphs(root);
  trimTrailingPromos(root);
}

/** Drops the first heading when it repeats the article title (the reader shows the title itself). */
export function removeTitleHeading(root: Element, title: string | null): void {
  if (!title) return;
  const target = fingerprint(title);
  if (!target) return;
  const first = root.querySelector('h1, h2, h3');
  if (!first) return;
  const fp = fingerprint(normText(first));
  if (fp && (fp === target || (fp.length > 20 && (target.includes(fp) || fp.includes(target))))) removeNode(first);
}

/** Removes elements left with neither text nor media. */
export function removeEmpty(root: Element): void {
  // Deepest first: an element is empty when nothing but whitespace is left inside it once its
  // empty descendants are gone, which keeps this linear.
  const candidates = Array.from(all(root, EMPTY_CANDIDATES)).reverse();
  for (const el of candidates) {
    if (!root.contains(el)) continue;
    if (tagOf(el) === 'a' && el.getAttribute('name')) continue;
    let empty = true;
    for (let c = el.firstChild; c && empty; c = c.nextSibling) {
      if (c.nodeType === 1) empty = false;
      else if (c.nodeType === 3 && /\S/.test(c.nodeValue ?? '')) empty = false;
    }
    if (empty) removeNode(el);
  }
}

const EMPTY_CANDIDATES = 'p, div, span, section, article, header, footer, aside, li, ul, ol, h1, h2, h3, h4, h5, h6, a, strong, em, b, i, figure, figcaption, blockquote';

/**
 * A repeated block shorter than this (letters and digits) is kept: a refrain, a repeated line of
 * verse or a second "Photo" label is the author's, a repeated paragraph is the markup's.
 */
const MIN_DUPLICATE_CHARS = 80;

/** Removes a block whose text repeats the previous block exactly, and repeated images. */
export function removeDuplicates(root: Element): void {
  let prevEl: Element | null = null;
  let prevRaw = '';
  let prevFp: string | null = null;
  for (const el of all(root, 'p, h2, h3, h4, h5, h6, li, figcaption, blockquote')) {
    if (!root.contains(el)) continue;
    // A quote holding one paragraph has the same text as that paragraph: nesting is not repetition.
    if (prevEl && prevEl.contains(el)) continue;
    const raw = el.textContent ?? '';
    // Fingerprints only where a repeat is possible: texts of about the same length.
    if (prevEl && Math.abs(raw.length - prevRaw.length) <= prevRaw.length * 0.3 + 20) {
      prevFp ??= fingerprint(prevRaw);
      if (prevFp.length >= MIN_DUPLICATE_CHARS && fingerprint(raw) === prevFp) {
        removeNode(el);
        continue;
      }
    }
    prevEl = el;
    prevRaw = raw;
    prevFp = null;
  }
  const seen = new Set<string>();
  for (const img of all(root, 'img')) {
    const src = img.getAttribute('src');
    if (!src) continue;
    if (seen.has(src)) {
      const fig = img.closest('figure');
      removeNode(fig && fig.querySelectorAll('img').length === 1 && root.contains(fig) ? fig : img);
    } else seen.add(src);
  }
}

/** Removes short link-only lines between the end of the text and the bottom ("More: A · B · C"). */
export function removeTrailingLinkBlocks(root: Element): void {
  const blocks = all(root, 'p, ul, ol, div');
  for (let i = blocks.length - 1; i >= 0; i--) {
    const el = blocks[i];
    if (!el || !root.contains(el) || el.querySelector('p, ul, ol, div')) continue;
    const text = normText(el);
    if (!text) continue;
    if (linkDensity(el) > 0.8 && text.length < 300 && !el.closest('table, pre, blockquote')) removeNode(el);
    else break;
  }
}

/** A caption is shorter than this; a longer block so named is text. */
const CAPTION_MAX_CHARS = 500;

/**
 * Turns caption-like blocks (class "caption", "credit"…) into <figcaption>, so the reader styles
 * them as captions and the plain text leaves them out like any other caption.
 */
export function markCaptions(root: Element): void {
  for (const el of all(root, '[class]')) {
    const tag = tagOf(el);
    if (tag === 'figcaption' || tag === 'figure' || tag === 'img' || !root.contains(el)) continue;
    const tokens = el.getAttribute('class')!.toLowerCase().split(/[^a-z0-9]+/);
    if (!tokens.some((t) => CAPTION_TOKENS.has(t))) continue;
    if ((el.textContent ?? '').length > CAPTION_MAX_CHARS || el.querySelector('figcaption, p p, table, pre')) continue;
    toFigcaption(el);
  }
  // A picture box (class "image", "photo"…) holding one image and a short text: the text is its caption.
  for (const box of all(root, 'div[class], span[class]')) {
    if (!root.contains(box)) continue;
    const tokens = box.getAttribute('class')!.toLowerCase().split(/[^a-z0-9]+/);
    if (!tokens.some((t) => PICTURE_BOX_TOKENS.has(t)) || box.querySelectorAll('img').length !== 1) continue;
    const text = normText(box);
    if (!text || text.length > CAPTION_MAX_CHARS) continue;
    for (const child of Array.from(box.children)) {
      if (!child.querySelector('img') && tagOf(child) !== 'img' && normText(child)) toFigcaption(child);
    }
  }
}

function toFigcaption(el: Element): void {
  const cap = el.ownerDocument.createElement('figcaption');
  while (el.firstChild) cap.appendChild(el.firstChild);
  el.replaceWith(cap);
}

/** A label above the text (section name, kicker, "Updated …") is shorter than this. */
const LABEL_MAX_CHARS = 40;

/**
 * Removes the short link labels that precede the first paragraph (section names, kickers,
 * breadcrumbs): they name where the article sits on the site, not what it says.
 */
export function removeLeadingLabels(root: Element): void {
  for (const el of all(root, 'a, span, p, div, ul, ol')) {
    if (!root.contains(el)) continue;
    if (tagOf(el) !== 'a' && tagOf(el) !== 'span' && el.querySelector('p, div, ul, ol, table, blockquote, pre')) continue;
    const text = normText(el);
    if (text.length >= 80 && linkDensity(el) < 0.5) return; // reached the article text
    if (!text || text.length > LABEL_MAX_CHARS || el.querySelector('img, picture, video, figure')) continue;
    // A link inside a sentence is article text; only a label standing alone in its block goes.
    const parent = el.parentElement;
    if ((tagOf(el) === 'a' || tagOf(el) === 'span') && parent && parent !== root && normText(parent) !== text) continue;
    if (tagOf(el) === 'a' || linkDensity(el) > 0.9) removeNode(el);
  }
}

/** Longest block that can be a byline standing alone. */
const BYLINE_BLOCK_MAX_CHARS = 120;
const INLINE_TAGS = new Set(['span', 'strong', 'em', 'small', 'b', 'i', 'a']);
/** Elements that can hold a byline on its own line. */
const BYLINE_BLOCK_TAGS = new Set(['p', 'div', 'span', 'address', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'small', 'li']);

/**
 * Removes blocks that only repeat the article's byline ("By Scott Gordon", "The Associated
 * Press"): the reader shows the byline in its header, and in the body it reads as noise.
 */
export function removeBylineEcho(root: Element, byline: string | null): void {
  const target = byline ? fingerprint(byline.replace(BYLINE_LEAD_RE, '')) : '';
  if (target.length < 4) return;
  // Walk text, not elements: only a text node that is part of the name can start an echo, and
  // climbing from it stops at the first block too long to be one (no textContent of every div).
  const found: Element[] = [];
  const walker = root.ownerDocument.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  const longest = byline!.length + 8;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const value = node.nodeValue ?? '';
    if (value.length > longest * 4 || value.trim().length > longest) continue;
    const fp = fingerprint(value);
    if (fp.length < 3 || !target.includes(fp)) continue;
    for (let up = node.parentElement; up && up !== root; up = up.parentElement) {
      if ((up.textContent ?? '').length > BYLINE_BLOCK_MAX_CHARS * 2) break;
      if (!BYLINE_BLOCK_TAGS.has(tagOf(up)) || up.querySelector('p, div, li, img, figure')) continue;
      const text = normText(up);
      if (text.length > BYLINE_BLOCK_MAX_CHARS || fingerprint(text.replace(BYLINE_LEAD_RE, '')) !== target) continue;
      // A name inside a sentence ("… across the entire AppleInsider staff …") is text, not a byline.
      if (!(INLINE_TAGS.has(tagOf(up)) && up.parentElement && normText(up.parentElement) !== text)) found.push(up);
      break;
    }
  }
  for (const el of found) if (root.contains(el)) removeBlockOf(el);
}

function textOutsideLinks(el: Element): string {
  let rest = '';
  const walker = el.ownerDocument.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement?.closest('a')) rest += ` ${node.nodeValue ?? ''}`;
  }
  return rest;
}

/** A tag list holds less text than this; above it, the block is more than tags. */
const TAG_LIST_MAX_CHARS = 500;

/**
 * Removes tag lists, found by their rel="tag" links (HTML's own marker for them), with their
 * "Tags:" label. A tag link inside a sentence stays: only a link-made block goes.
 */
export function removeTagLists(root: Element): void {
  for (const a of all(root, 'a[rel~="tag"]')) {
    if (!root.contains(a)) continue;
    let box: Element = a;
    for (let up = a.parentElement; up && up !== root; up = up.parentElement) {
      if (normText(up).length > TAG_LIST_MAX_CHARS || linkDensity(up) < 0.5 || proseChars(up) > 0) break;
      box = up;
    }
    const parent = box.parentElement;
    if (box === a && parent && normText(parent) !== normText(a)) continue;
    // Tag plugins also link words inside sentences: a tag list has nothing but links, separators and a label.
    if (!TAG_LIST_REST_RE.test(textOutsideLinks(box))) continue;
    removeNode(box);
  }
}

/** A teaser (picture, kicker, linked headline, a line of dek) holds less text than this. */
const TEASER_MAX_CHARS = 400;
/** Fewer look-alike teasers than this in one place are not a rail. */
const MIN_TEASERS = 3;
/** Text that must remain beside the teasers for them to count as a rail rather than the page. */
const MIN_ARTICLE_CHARS = 250;
/** A rail is beside the article: teasers holding more than this share of the text are the article. */
const MAX_RAIL_SHARE = 0.5;

/**
 * Removes rails of story teasers that Readability kept ("more stories" grids after the text):
 * three or more look-alike boxes side by side (same tag and class), each short and each led by a
 * headline that links to another page of the same site. Product round-ups, whose headlines link
 * to shops, and headings standing in the text itself are left alone.
 */
export function removeTeaserGroups(root: Element, pageUrl: string | null, canonicalUrl: string | null = null): void {
  // The canonical URL names the site too: a copy served elsewhere (a cache, a mirror) links home.
  const hosts = new Set<string>();
  for (const u of [pageUrl, canonicalUrl]) {
    try {
      if (u) hosts.add(new URL(u, pageUrl ?? undefined).host);
    } catch {
      // Not a URL: it names no site.
    }
  }
  if (!pageUrl || hosts.size === 0) return;
  const groups = new Map<Element, Map<string, Element[]>>();
  for (const link of all(root, 'h2 a[href], h3 a[href], h4 a[href], h5 a[href]')) {
    const heading = link.closest('h2, h3, h4, h5')!;
    if (linkDensity(heading) < 0.8 || !sameSiteStory(link.getAttribute('href') ?? '', hosts, pageUrl, canonicalUrl)) continue;
    // The teaser is the largest box around the headline that is still short and holds no other headline.
    let box: Element = heading;
    for (let up = heading.parentElement; up && up !== root; up = up.parentElement) {
      if ((up.textContent ?? '').length > TEASER_MAX_CHARS * 2 || normText(up).length > TEASER_MAX_CHARS) break;
      if (up.querySelectorAll('h2, h3, h4, h5').length > 1) break;
      box = up;
    }
    const parent = box.parentElement;
    if (box === heading || !parent) continue;
    const signature = `${tagOf(box)}.${box.getAttribute('class') ?? ''}`;
    const byParent = groups.get(parent) ?? new Map<string, Element[]>();
    groups.set(parent, byParent);
    const members = byParent.get(signature) ?? [];
    if (!members.includes(box)) members.push(box);
    byParent.set(signature, members);
  }
  const rails: Element[] = [];
  for (const byParent of groups.values()) {
    for (const members of byParent.values()) if (members.length >= MIN_TEASERS) rails.push(...members);
  }
  if (rails.length === 0) return;
  // A rail sits beside an article; a page that is nothing but teasers (a front page read anyway) keeps them.
  const railChars = rails.reduce((sum, box) => sum + normText(box).length, 0);
  const total = normText(root).length;
  // A list that is most of the text is the article (a round-up of the site's own recipes).
  if (total - railChars < MIN_ARTICLE_CHARS || railChars > total * MAX_RAIL_SHARE) return;
  for (const box of rails) removeNode(box);
}

function sameSiteStory(href: string, hosts: ReadonlySet<string>, pageUrl: string, canonicalUrl: string | null): boolean {
  try {
    const url = new URL(href, pageUrl);
    const target = url.href.split('#')[0];
    return hosts.has(url.host) && url.pathname.length > 1 && target !== pageUrl.split('#')[0] && target !== canonicalUrl;
  } catch {
    return false;
  }
}

/** Runs every post-Readability cleaning step on the article root. */
export function cleanContent(
  root: Element, title: string | null, byline: string | null = null, pageUrl: string | null = null, canonicalUrl: string | null = null,
): void {
  removeLeftoverClutter(root);
  removeTeaserGroups(root, pageUrl, canonicalUrl);
  removeTagLists(root);
  markCaptions(root);
  removeArticleMeta(root);
  removeDatelines(root);
  removeBylineEcho(root, byline);
  removeTitleHeading(root, title);
  removeLeadingLabels(root);
  removeTrailingLinkBlocks(root);
  removeDuplicates(root);
  removeEmpty(root);
}
