/**
 * Lazy-loaded images made real: data-src and friends, <picture><source>, <noscript> fallbacks.
 * Motivated by: news sites whose images are placeholders until a script swaps in the real URL.
 */
import { all, removeNode, tagOf } from '../dom';
import type { PrepareRule } from '../rule';

/** Attributes that lazy-loading libraries use to hold the real image URL. */
export const LAZY_SRC_ATTRS = [
  'data-src',
  'data-lazy-src',
  'data-original',
  'data-lazy',
  'data-url',
  'data-hi-res-src',
  'data-full-src',
  'data-orig-src',
  'data-echo',
  'data-img-src',
  'data-actualsrc',
  'data-original-src',
];
/** Attributes that lazy-loading libraries use to hold the real srcset. */
export const LAZY_SRCSET_ATTRS = ['data-srcset', 'data-lazy-srcset', 'data-original-srcset'];

/** Images and picture sources that carry a lazy srcset: the only ones the srcset passes change. */
const LAZY_SRCSET_IMAGES = LAZY_SRCSET_ATTRS.map((a) => `img[${a}]`).join(', ');
const LAZY_SRCSET_SOURCES = LAZY_SRCSET_ATTRS.map((a) => `picture source[${a}]`).join(', ');

/** A src that is only a placeholder until a script swaps in the real one. */
const PLACEHOLDER_SRC_RE =
  /^(?:data:image\/(?:gif|png|svg\+xml)[;,]|about:blank|$)|(?:blank|spacer|placeholder|transparent|lazy|loading|pixel|1x1|grey|gray)[^/]*\.(?:gif|png|svg|jpe?g|webp)(?:\?|$)/i;

/**
 * Any inline image: beside a data-src it is the blurred or blank stand-in an IntersectionObserver
 * loader shows until the image scrolls into view (live pages often use a tiny data:image/webp or
 * jpeg, not only the classic gif), so the lazy attribute wins over it.
 */
const INLINE_SRC_RE = /^\s*data:/i;

/** A src (or srcset) a lazy attribute should replace. */
function isPlaceholder(value: string): boolean {
  return PLACEHOLDER_SRC_RE.test(value) || INLINE_SRC_RE.test(value);
}

/** Copies lazy-loaded image sources into src/srcset and unwraps <noscript> image fallbacks. */
export function resolveLazyImages(doc: Document): void {
  for (const img of all(doc, 'img')) {
    const src = img.getAttribute('src') ?? '';
    if (!src || isPlaceholder(src)) {
      const real = LAZY_SRC_ATTRS.map((a) => img.getAttribute(a)).find((v) => v && !PLACEHOLDER_SRC_RE.test(v)) ?? otherLazySrc(img);
      if (real) img.setAttribute('src', real);
    }
  }
  // Only the images that carry a lazy srcset, found natively: the src pass above neither reads
  // nor writes a srcset, so running this after it changes nothing but the number of elements asked.
  for (const img of all(doc, LAZY_SRCSET_IMAGES)) {
    const realSet = LAZY_SRCSET_ATTRS.map((a) => img.getAttribute(a)).find((v) => !!v);
    if (realSet && (!img.getAttribute('srcset') || isPlaceholder(img.getAttribute('srcset') ?? ''))) {
      img.setAttribute('srcset', realSet);
    }
  }
  for (const source of all(doc, LAZY_SRCSET_SOURCES)) {
    const realSet = LAZY_SRCSET_ATTRS.map((a) => source.getAttribute(a)).find((v) => !!v);
    if (realSet && (!source.getAttribute('srcset') || isPlaceholder(source.getAttribute('srcset') ?? ''))) source.setAttribute('srcset', realSet);
  }
  for (const picture of all(doc, 'picture')) {
    const img = picture.querySelector('img');
    const source = picture.querySelector('source[srcset]');
    if (img && source && (!img.getAttribute('src') || isPlaceholder(img.getAttribute('src') ?? ''))) {
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
    if (
      prevImg &&
      (!prevImg.getAttribute('src') ||
        PLACEHOLDER_SRC_RE.test(prevImg.getAttribute('src') ?? '') ||
        prevImg.getAttribute('src') === fallback.getAttribute('src'))
    ) {
      prevImg.replaceWith(fallback);
      removeNode(noscript);
    } else if (prevImg) {
      removeNode(noscript);
    } else {
      noscript.replaceWith(fallback);
    }
  }
}

/** An image URL in any other data-lazy-* attribute (libraries name them freely: data-lazy-original…). */
function otherLazySrc(img: Element): string | null {
  for (const name of img.getAttributeNames()) {
    if (!name.startsWith('data-lazy') || name.includes('srcset') || name.includes('sizes')) continue;
    const v = img.getAttribute(name)?.trim() ?? '';
    if (/^(?:https?:)?\/\/|^\/|^[\w./-]+\.(?:jpe?g|png|gif|webp|avif|svg)(?:[?#]|$)/i.test(v) && !PLACEHOLDER_SRC_RE.test(v)) return v;
  }
  return null;
}

/** The single <img> a <noscript> holds, parsed whether the DOM ran with scripting on or off. */
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

/** This file's rule, as prepare/index.ts lists it. */
export const rule: PrepareRule = { name: 'lazy-images', run: resolveLazyImages };
