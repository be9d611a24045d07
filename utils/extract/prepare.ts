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
