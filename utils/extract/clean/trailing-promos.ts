/**
 * Promo sentences appended to the end of a real paragraph.
 * Motivated by: CNN stories whose paragraph ends "… Sign up for CNN’s Meanwhile in China newsletter, which explores …".
 */
import { all, normText, removeNode } from '../dom';
import { PROMO_SENTENCE_RE, READ_MORE_LEAD_RE, SHORT_PARAGRAPH_CHARS } from '../vocabulary';
import type { CleanRule } from '../rule';

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

/** This file's rule, as clean/index.ts lists it. */
export const rule: CleanRule = { name: 'trailing-promos', run: trimTrailingPromos };
