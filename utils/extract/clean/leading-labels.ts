/**
 * Short link labels before the first paragraph.
 * Motivated by: articles that open with a section name, kicker or breadcrumb link.
 */
import { all, linkDensity, normText, removeNode, tagOf } from '../dom';
import type { CleanRule } from '../rule';

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

/** This file's rule, as clean/index.ts lists it. */
export const rule: CleanRule = { name: 'leading-labels', run: removeLeadingLabels };
