/**
 * Caption-like blocks turned into <figcaption>.
 * Motivated by: sites that write picture captions and credits as div.caption or p.image-credit, not <figcaption>.
 */
import { all, normText, tagOf } from '../dom';
import { CAPTION_TOKENS, PICTURE_BOX_TOKENS } from '../vocabulary';
import type { CleanRule } from '../rule';

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
    // A credit inside a caption is part of that caption: a caption inside a caption is not HTML.
    if (el.parentElement?.closest('figcaption')) continue;
    const tokens = el
      .getAttribute('class')!
      .toLowerCase()
      .split(/[^a-z0-9]+/);
    if (!tokens.some((t) => CAPTION_TOKENS.has(t))) continue;
    if ((el.textContent ?? '').length > CAPTION_MAX_CHARS || el.querySelector('figcaption, p p, table, pre')) continue;
    toFigcaption(el);
  }
  // A picture box (class "image", "photo"…) holding one image and a short text: the text is its caption.
  for (const box of all(root, 'div[class], span[class]')) {
    if (!root.contains(box)) continue;
    const tokens = box
      .getAttribute('class')!
      .toLowerCase()
      .split(/[^a-z0-9]+/);
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

/** This file's rule, as clean/index.ts lists it. */
export const rule: CleanRule = { name: 'captions', run: markCaptions };
