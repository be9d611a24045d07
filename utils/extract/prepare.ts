/**
 * Step 1, before Readability: make the document honest (lazy images resolved, typeset math reduced
 * to MathML, hidden things gone) and strip the site furniture that Readability is known to keep —
 * sign-up boxes, share bars, recommendation rails, ad slots, cookie banners, author bios, comments.
 *
 * The paragraph-level rules in this module ("Read more:" lines, promo sentences appended to a
 * paragraph, rail headings, ad labels) run after Readability, on the article only (clean.ts):
 * run here as well on the whole page they changed no score on zyte-dev and cost about a tenth of
 * the pipeline's time (measured with `npm run bench:quality`).
 *
 * Signals are general on purpose (we are judged on sites we have never seen): class/id/role
 * vocabulary, link density, repeated teaser structure and short boilerplate phrases in several
 * languages. Anything that carries a lot of prose is protected from removal, because losing
 * article text costs far more than keeping a stray box (prose.ts).
 */
import { all, classAndId, hasContentMedia, lazy, linkDensity, normText, removeBlockOf, removeNode, tagOf, unwrap } from './dom';
import { isProtected, PREPARE_PROTECT_SHARE, proseChars, PROSE_MIN_CHARS } from './prose';
import {
  AD_LABEL_RE, BYLINE_LINE_RE, classTokens, CLUTTER_HEADING_FULL_RE, DATELINE_RE, FULL_DATE_RE, looksLikeClutter, META_HINT_RE, META_TOKENS,
  PROMO_SENTENCE_RE, READ_MORE_LEAD_RE, STANDALONE_BOILERPLATE_RE,
} from './vocabulary';

/** Attributes that lazy-loading libraries use to hold the real image URL. */
export const LAZY_SRC_ATTRS = [
  'data-src', 'data-lazy-src', 'data-original', 'data-lazy', 'data-url', 'data-hi-res-src',
  'data-full-src', 'data-orig-src', 'data-echo', 'data-img-src', 'data-actualsrc', 'data-original-src',
];
/** Attributes that lazy-loading libraries use to hold the real srcset. */
export const LAZY_SRCSET_ATTRS = ['data-srcset', 'data-lazy-srcset', 'data-original-srcset'];

/** A src that is only a placeholder until a script swaps in the real one. */
const PLACEHOLDER_SRC_RE = /^(?:data:image\/(?:gif|png|svg\+xml)[;,]|about:blank|$)|(?:blank|spacer|placeholder|transparent|lazy|loading|pixel|1x1|grey|gray)[^/]*\.(?:gif|png|svg|jpe?g|webp)(?:\?|$)/i;

/** A "Read more" / promo paragraph is short; long paragraphs that merely start that way are prose. */
const SHORT_PARAGRAPH_CHARS = 220;

/** Copies lazy-loaded image sources into src/srcset and unwraps <noscript> image fallbacks. */
export function resolveLazyImages(doc: Document): void {
  for (const img of all(doc, 'img')) {
    const src = img.getAttribute('src') ?? '';
    if (!src || PLACEHOLDER_SRC_RE.test(src)) {
      const real = LAZY_SRC_ATTRS.map((a) => img.getAttribute(a)).find((v) => v && !PLACEHOLDER_SRC_RE.test(v)) ?? otherLazySrc(img);
      if (real) img.setAttribute('src', real);
    }
    const realSet = LAZY_SRCSET_ATTRS.map((a) => img.getAttribute(a)).find((v) => !!v);
    if (realSet && (!img.getAttribute('srcset') || PLACEHOLDER_SRC_RE.test(img.getAttribute('srcset') ?? ''))) {
      img.setAttribute('srcset', realSet);
    }
  }
  for (const source of all(doc, 'picture source')) {
    const realSet = LAZY_SRCSET_ATTRS.map((a) => source.getAttribute(a)).find((v) => !!v);
    if (realSet && !source.getAttribute('srcset')) source.setAttribute('srcset', realSet);
  }
  for (const picture of all(doc, 'picture')) {
    const img = picture.querySelector('img');
    const source = picture.querySelector('source[srcset]');
    if (img && source && (!img.getAttribute('src') || PLACEHOLDER_SRC_RE.test(img.getAttribute('src') ?? ''))) {
      const first = (source.getAttribute('srcset') ?? '').split(',')[0]?.trim().split(/\s+/)[0];
      if (first) img.setAttribute('src', first);
    }
  }
  for (const noscript of all(doc, 'noscript')) {
    const fallback = noscriptImage(doc, noscript);
    if (!fallback) {
      removeNode(noscript);
      continue;
    }
    // The script-driven twin usually sits right before the <noscript>: replace it, do not duplicate.
    const prev = noscript.previousElementSibling;
    const prevImg = prev && (tagOf(prev) === 'img' ? prev : prev.querySelector('img'));
    if (prevImg && (!prevImg.getAttribute('src') || PLACEHOLDER_SRC_RE.test(prevImg.getAttribute('src') ?? '') ||
        prevImg.getAttribute('src') === fallback.getAttribute('src'))) {
      prevImg.replaceWith(fallback);
      removeNode(noscript);
    } else if (prevImg) {
      removeNode(noscript);
    } else {
      noscript.replaceWith(fallback);
    }
  }
}

/** The single <img> a <noscript> holds, parsed whether the DOM ran with scripting on or off. */
/** An image URL in any other data-lazy-* attribute (libraries name them freely: data-lazy-original…). */
function otherLazySrc(img: Element): string | null {
  for (const name of img.getAttributeNames()) {
    if (!name.startsWith('data-lazy') || name.includes('srcset') || name.includes('sizes')) continue;
    const v = img.getAttribute(name)?.trim() ?? '';
    if (/^(?:https?:)?\/\/|^\/|^[\w./-]+\.(?:jpe?g|png|gif|webp|avif|svg)(?:[?#]|$)/i.test(v) && !PLACEHOLDER_SRC_RE.test(v)) return v;
  }
  return null;
}

function noscriptImage(doc: Document, noscript: Element): Element | null {
  let img = noscript.querySelector('img');
  if (!img) {
    const raw = noscript.textContent ?? '';
    if (!/<img\b/i.test(raw)) return null;
    const tpl = doc.createElement('template') as HTMLTemplateElement;
    tpl.innerHTML = raw;
    const imgs = tpl.content ? tpl.content.querySelectorAll('img') : tpl.querySelectorAll('img');
    if (imgs.length !== 1) return null;
    img = imgs[0] ?? null;
  }
  if (!img || !img.getAttribute('src')) return null;
  return doc.importNode(img, true);
}

/** Removes elements that the page hides from every reader (hidden, aria-hidden, inline display:none). */
export function removeHidden(doc: Document): void {
  const body = doc.body;
  if (!body) return;
  const pageProse = lazy(() => proseChars(body));
  for (const el of all(body, '[hidden], [aria-hidden="true"], [style*="none" i], [style*="hidden" i]')) {
    if (!el.isConnected) continue;
    let hidden = el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true';
    if (!hidden) {
      const style = (el.getAttribute('style') ?? '').toLowerCase();
      hidden = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/.test(style);
    }
    if (!hidden) continue;
    // aria-hidden is also put on the whole page behind a modal, and on decorative images with captions.
    if (el.getAttribute('aria-hidden') === 'true' && !el.hasAttribute('hidden') && isProtected(el, pageProse, PREPARE_PROTECT_SHARE)) continue;
    if (tagOf(el) === 'img' || el.querySelector('img')) {
      // Readability keeps "fallback-image" style images that sites mark aria-hidden; keep images whose only fault is aria-hidden.
      if (!el.hasAttribute('hidden') && el.getAttribute('aria-hidden') === 'true' && !/display|visibility/.test(el.getAttribute('style') ?? '')) continue;
    }
    removeNode(el);
  }
}

/** Removes furniture recognised by vocabulary, role, ad labels and rail headings. */
export function removeClutter(doc: Document): void {
  const body = doc.body;
  if (!body) return;
  const pageProse = lazy(() => proseChars(body));
  for (const el of all(body, 'script:not([type="application/ld+json"]), style, link, template, iframe[src*="ads"], object, embed')) {
    removeNode(el);
  }
  // The page clone is a document of its own, so a removed element's subtree is no longer connected:
  // isConnected is a flag read, where contains() walks up the tree for each of thousands of elements.
  // Outermost first: once a rail is gone its inner parts need no look. Only elements that carry
  // vocabulary can match, so the selector skips bare ones natively; ad labels are caught later.
  for (const el of all(body, CLUTTER_CANDIDATES)) {
    if (el === body || !el.isConnected) continue;
    const tag = tagOf(el);
    if (tag === 'main' || tag === 'article') continue;
    if (looksLikeClutter(el) && !isProtected(el, pageProse, PREPARE_PROTECT_SHARE)) removeNode(el);
  }
  // Rail headings are left to clean.ts, after Readability: removing a list from inside the
  // article body can flip which block Readability picks and cost whole sections of text.
}

/** Elements that looksLikeClutter can flag. */
const CLUTTER_CANDIDATES = '[class], [id], [role], [aria-label], aside, nav, form, button, select, input, textarea, dialog';

/** Removes "Trending / Related / Most popular…" headings together with the teaser lists they introduce. */
export function removeRailSections(root: Element, pageProse: number | (() => number) = lazy(() => proseChars(root))): void {
  for (const h of all(root, 'h1, h2, h3, h4, h5, h6, [role="heading"], p, div, span, strong, b')) {
    if (!root.contains(h)) continue;
    const tag = tagOf(h);
    const headingTag = /^h[1-6]$/.test(tag) || h.getAttribute('role') === 'heading';
    // A bare block that reads like a rail title counts as a heading when it is short and alone.
    if (!headingTag && (h.children.length > 1 || (tag === 'div' && h.firstElementChild && h.querySelector('p, div, ul, ol')) || (h.textContent ?? '').length > 60)) continue;
    const text = normText(h);
    if (!text || text.length > 60 || !CLUTTER_HEADING_FULL_RE.test(text)) continue;
    // A bold "More" opening a sentence is text; a bold "DON'T MISS" over a line of links is a rail.
    const parent = h.parentElement;
    if (!headingTag && tag !== 'p' && tag !== 'div' && parent && normText(parent) !== text && linkDensity(parent) < 0.5) continue;
    // The heading's own box (section/aside/div whose first child it is) goes if it holds no prose.
    let box: Element = h;
    let up = h.parentElement;
    while (up && up !== root && tagOf(up) !== 'article' && tagOf(up) !== 'main' && firstElementIs(up, box) && !isProtected(up, pageProse, PREPARE_PROTECT_SHARE)) {
      box = up;
      up = up.parentElement;
    }
    if (box !== h) {
      removeNode(box);
      continue;
    }
    // Otherwise drop the heading and the link-heavy or teaser siblings that follow it.
    let next = h.nextElementSibling;
    removeNode(h);
    while (next && !/^h[1-6]$/.test(tagOf(next))) {
      const after: Element | null = next.nextElementSibling;
      if (linkDensity(next) > 0.5 || proseChars(next) === 0) removeNode(next);
      else break;
      next = after;
    }
  }
}

function firstElementIs(parent: Element, child: Element): boolean {
  return parent.firstElementChild === child;
}

/** Removes "Read more: …" / "Related: …" cross-link paragraphs and short promo paragraphs. */
export function removeBoilerplateParagraphs(root: ParentNode): void {
  for (const p of all(root, 'p, li, div, h2, h3, h4, h5, h6, strong, em')) {
    if (!root.contains(p)) continue;
    // Leaf-ish blocks only: a container of paragraphs is judged by its paragraphs. The structure
    // test comes first: it is cheap on a big container, whose textContent is not.
    if (tagOf(p) === 'div' && p.querySelector('p, div, li, ul, ol, table')) continue;
    if ((p.textContent ?? '').length > SHORT_PARAGRAPH_CHARS * 3) continue;
    const text = normText(p);
    if (!text || text.length > SHORT_PARAGRAPH_CHARS) continue;
    // Bold or italic words are judged only when they are the whole line ("<strong>1/2</strong> cup").
    if ((tagOf(p) === 'strong' || tagOf(p) === 'em') && p.parentElement && normText(p.parentElement) !== text) continue;
    const hasLink = p.getElementsByTagName('a').length > 0;
    if ((READ_MORE_LEAD_RE.test(text) && (hasLink || text.length < 120)) ||
        (PROMO_SENTENCE_RE.test(text) && (hasLink || text.length < 160) && isSingleSentenceish(text)) ||
        (text.length < 160 && STANDALONE_BOILERPLATE_RE.test(text)) ||
        AD_LABEL_RE.test(text) || isShoutedCrossLink(p, text)) {
      removeBlockOf(p);
    }
  }
}

/** A paragraph that is one all-capitals link: a cross-link to another story, styled as a banner. */
function isShoutedCrossLink(p: Element, text: string): boolean {
  if (tagOf(p) !== 'p' || text.length < 12 || text.length > 140 || linkDensity(p) < 0.9) return false;
  const letters = text.replace(/[^\p{L}]/gu, '');
  return letters.length > 8 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

function isSingleSentenceish(text: string): boolean {
  return (text.match(/[.!?](?:\s|$)/g) ?? []).length <= 3;
}

/**
 * Removes a promo sentence appended to the end of a real paragraph
 * ("… in Beijing. Sign up for our newsletter, which explores …").
 */
export function trimTrailingPromos(root: ParentNode): void {
  for (const p of all(root, 'p')) {
    const text = p.textContent ?? '';
    if (text.length <= SHORT_PARAGRAPH_CHARS && !/[.!?]["”’)]?\s+\S/.test(text.trim())) continue;
    const cut = promoTailStart(text);
    if (cut < 0) continue;
    truncateTextAt(p, cut);
    stripEmptyInlines(p);
  }
}

/** Index in `text` where a trailing promo sentence starts, or -1. */
export function promoTailStart(text: string): number {
  const trimmed = text.replace(/\s+$/, '');
  // Candidate sentence starts: after sentence punctuation followed by space.
  const re = /[.!?…]["”’)\]]?\s+(?=\S)/g;
  let m: RegExpExecArray | null;
  const starts: number[] = [];
  while ((m = re.exec(trimmed))) starts.push(m.index + m[0].length);
  // Only the last one or two sentences may be cut, and each cut sentence must itself be a pitch.
  let cut = -1;
  for (let i = starts.length - 1; i >= Math.max(0, starts.length - 2); i--) {
    const start = starts[i] ?? 0;
    const end = cut >= 0 ? cut : trimmed.length;
    const sentence = trimmed.slice(start, end);
    if (sentence.length > 300) break;
    if (PROMO_SENTENCE_RE.test(sentence) || READ_MORE_LEAD_RE.test(sentence)) cut = start;
    else break;
  }
  return cut;
}

/** Deletes all text from character offset `cut` onwards, splitting the text node where needed. */
function truncateTextAt(root: Element, cut: number): void {
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  let offset = 0;
  const drop: Node[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const len = n.nodeValue?.length ?? 0;
    if (offset + len <= cut) {
      offset += len;
      continue;
    }
    if (offset >= cut) drop.push(n);
    else n.nodeValue = (n.nodeValue ?? '').slice(0, cut - offset).replace(/\s+$/, '');
    offset += len;
  }
  for (const n of drop) removeNode(n);
}

/** Removes inline elements left without text (and without media) after truncation. */
function stripEmptyInlines(root: Element): void {
  for (const el of all(root, 'a, strong, b, em, i, span, u, small')) {
    if (!normText(el) && !el.querySelector('img, picture, video, svg, math')) removeNode(el);
  }
}

/** Furniture of this kind is short; longer text is probably content despite its name. */
const META_MAX_CHARS = 160;

/**
 * Removes bylines, datelines, section labels and article headers that hold no prose. Runs after
 * Readability (clean.ts), which reads the byline from the page itself before we drop it.
 */
export function removeArticleMeta(root: ParentNode): void {
  for (const el of all(root, '*')) {
    if (!root.contains(el)) continue;
    const tag = tagOf(el);
    if (tag === 'body' || tag === 'html' || tag === 'article' || tag === 'main' || /^h[1-6]$/.test(tag)) continue;
    const byName = (META_HINT_RE.test(classAndId(el)) && classTokens(el).some((t) => META_TOKENS.has(t))) ||
      el.getAttribute('rel') === 'author' || /\b(?:author|datePublished|dateModified)\b/.test(el.getAttribute('itemprop') ?? '');
    if (!byName && tag !== 'header' && tag !== 'time') continue;
    const raw = el.textContent ?? '';
    if (raw.length > 2000) continue;
    const text = normText(el);
    if (byName && text.length <= META_MAX_CHARS && proseChars(el) === 0 && !hasContentMedia(el)) {
      removeNode(el);
      continue;
    }
    if (tag === 'header' && text.length < 400 && proseChars(el) === 0 && !el.querySelector('img, picture, video, figure, table, pre, p')) {
      removeNode(el);
      continue;
    }
    // A block holding only a date or time ("Updated 10:05 AM EDT, Fri April 19, 2024").
    if (tag === 'time' && el.parentElement && normText(el.parentElement).length < 80 && !el.parentElement.closest('p, li, td')) {
      removeNode(el.parentElement.children.length === 1 ? el.parentElement : el);
    }
  }
}

/** Removes byline and dateline lines written as plain text, wherever their markup gives no hint. */
export function removeDatelines(root: ParentNode): void {
  for (const el of all(root, `p, div, span, li, small, em, strong, address, ${DATELINE_HEADINGS}`)) {
    if (!root.contains(el)) continue;
    if (tagOf(el) === 'div' && el.querySelector('p, div, li')) continue;
    const raw = el.textContent ?? '';
    if (raw.length > 240) continue;
    const text = normText(el);
    if (!text || text.length > 200) continue;
    // A heading may read "By The Numbers"; only a dated line is surely not a section title.
    const heading = /^h[2-6]$/.test(tagOf(el));
    // A heading needs a real date or time: "Updated guidance for 2025" is a section title.
    if ((DATELINE_RE.test(text) && (!heading || FULL_DATE_RE.test(text))) || (!heading && BYLINE_LINE_RE.test(text))) removeBlockOf(el);
  }
}

/** Rendered math whose MathML source is kept inside it (MathJax 3, MathJax 2 with assistive MathML, KaTeX). */
const RENDERED_MATH = 'mjx-container, .MathJax, .MathJax_Display, .katex-display, .katex';

/**
 * Replaces typeset math by the MathML inside it. The visual rendering is hundreds of spans
 * (custom elements in MathJax 3) that Readability drops and a reader cannot restyle; the MathML
 * is the standard form browsers render natively.
 */
export function normalizeMath(doc: Document): void {
  const body = doc.body;
  if (!body) return;
  for (const el of all(body, RENDERED_MATH)) {
    if (!el.isConnected) continue;
    const math = el.querySelector('math');
    if (math) el.replaceWith(math);
  }
}

/** A sign-up box (an e-mail field and its pitch) holds less text than this. */
const SIGNUP_BOX_MAX_CHARS = 400;

function isEmailField(input: Element): boolean {
  return (input.getAttribute('type') ?? '').toLowerCase() === 'email' ||
    /email/i.test(input.getAttribute('name') ?? '') || /mail/i.test(input.getAttribute('placeholder') ?? '');
}

/**
 * Removes newsletter and sign-up boxes found by their e-mail field: the pitch around the field
 * ("Want more stories like this? Every day we send…") goes with it, whatever its class names.
 * Must run before removeClutter, which removes the form and would leave the pitch behind.
 */
export function removeSignupBoxes(doc: Document): void {
  const body = doc.body;
  if (!body) return;
  for (const input of all(body, 'input')) {
    if (!input.isConnected || !isEmailField(input)) continue;
    let box: Element | null = null;
    for (let up = input.parentElement; up && up !== body; up = up.parentElement) {
      const tag = tagOf(up);
      if (tag === 'article' || tag === 'main' || normText(up).length > SIGNUP_BOX_MAX_CHARS || proseChars(up) > PROSE_MIN_CHARS * 2) break;
      // A short post with a picture (a photo or video brief) is content, not a sign-up box.
      if (hasContentMedia(up)) break;
      box = up;
    }
    if (box) removeNode(box);
  }
}

/** A block whose text is only a heading-like date ("Published Nov 18, 2019 at 4:07 PM"). */
const DATELINE_HEADINGS = 'h2, h3, h4, h5, h6';

/** Replaces presentational wrappers that only add noise (<font>, <center>) by their children. */
export function unwrapPresentational(doc: Document): void {
  for (const el of all(doc, 'font, center')) unwrap(el);
}

/** Runs every preparation step in order on a document clone. */
export function prepareDocument(doc: Document): void {
  resolveLazyImages(doc);
  // Before removeHidden: the MathML sits next to an aria-hidden rendering, sometimes inside it.
  normalizeMath(doc);
  removeHidden(doc);
  removeSignupBoxes(doc);
  removeClutter(doc);
  unwrapPresentational(doc);
}
