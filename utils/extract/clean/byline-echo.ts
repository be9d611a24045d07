/**
 * Blocks that only repeat the article's byline.
 * Motivated by: agency copy that repeats "By Scott Gordon" or "The Associated Press" in the body.
 */
import { normText, removeBlockOf, tagOf } from '../dom';
import { fingerprint } from '../text';
import { BYLINE_LEAD_RE } from '../vocabulary';
import type { CleanRule } from '../rule';

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

/** This file's rule, as clean/index.ts lists it. */
export const rule: CleanRule = { name: 'byline-echo', run: (root, ctx) => removeBylineEcho(root, ctx.byline) };
