/**
 * Bylines and datelines written as plain text, whatever their markup.
 * Motivated by: tabloid and local-news pages with lines such as "PUBLISHED: 10:48, Tue, Nov 19, 2019" or "By Scott Gordon".
 */
import { all, normText, removeBlockOf, tagOf } from '../dom';
import { BYLINE_LINE_RE, DATELINE_RE, FULL_DATE_RE } from '../vocabulary';
import type { CleanRule } from '../rule';

/** A block whose text is only a heading-like date ("Published Nov 18, 2019 at 4:07 PM"). */
const DATELINE_HEADINGS = 'h2, h3, h4, h5, h6';

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

/** This file's rule, as clean/index.ts lists it. */
export const rule: CleanRule = { name: 'datelines', run: removeDatelines };
