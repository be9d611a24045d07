/**
 * Elements left with neither text nor media.
 * Motivated by: wrappers that every earlier removal leaves empty behind it.
 */
import { all, removeNode, tagOf } from '../dom';
import type { CleanRule } from '../rule';

const EMPTY_CANDIDATES =
  'p, div, span, section, article, header, footer, aside, li, ul, ol, h1, h2, h3, h4, h5, h6, a, strong, em, b, i, figure, figcaption, blockquote';

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

/** This file's rule, as clean/index.ts lists it. */
export const rule: CleanRule = { name: 'empty', run: removeEmpty };
