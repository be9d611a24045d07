/**
 * Repeated blocks and images.
 * Motivated by: responsive pages that carry a paragraph or picture twice, once per screen size.
 */
import { all, normText, removeNode } from '../dom';
import { fingerprint } from '../text';
import type { CleanRule } from '../rule';

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
    // Fingerprints only where a repeat is possible: texts of about the same length. A block's
    // fingerprint, once taken, serves again when the next block is compared with it.
    let fp: string | null = null;
    if (prevEl && Math.abs(raw.length - prevRaw.length) <= prevRaw.length * 0.3 + 20) {
      prevFp ??= fingerprint(prevRaw);
      if (prevFp.length >= MIN_DUPLICATE_CHARS) {
        fp = fingerprint(raw);
        if (fp === prevFp) {
          removeNode(el);
          continue;
        }
      }
    }
    prevEl = el;
    prevRaw = raw;
    prevFp = fp;
  }
  // Image source → the captions it has been seen with. A picture repeated with a caption of its
  // own is a new figure (a photo essay whose placeholders share one source), not a copy.
  const seen = new Map<string, Set<string>>();
  for (const img of all(root, 'img')) {
    const src = img.getAttribute('src');
    if (!src) continue;
    const fig = img.closest('figure');
    const caption = fig ? normText(fig.querySelector('figcaption')) : '';
    const captions = seen.get(src);
    if (!captions) {
      seen.set(src, new Set([caption]));
    } else if (caption.length >= MIN_DUPLICATE_CHARS && !captions.has(caption)) {
      captions.add(caption);
    } else {
      removeNode(fig && fig.querySelectorAll('img').length === 1 && root.contains(fig) ? fig : img);
    }
  }
}

/** This file's rule, as clean/index.ts lists it. */
export const rule: CleanRule = { name: 'duplicates', run: removeDuplicates };
