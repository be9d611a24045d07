/**
 * Short paragraphs that are site furniture by their text: "Read more: …" cross-links, newsletter
 * pitches, credits, gallery counters, ad labels, all-capitals cross-link banners.
 * Motivated by: European and US news stories with "Lesen Sie auch:" / "Read more:" lines between paragraphs.
 */
import { all, linkDensity, normText, removeBlockOf, tagOf } from '../dom';
import { AD_LABEL_RE, PROMO_SENTENCE_RE, READ_MORE_LEAD_RE, SHORT_PARAGRAPH_CHARS, STANDALONE_BOILERPLATE_RE } from '../vocabulary';
import type { CleanRule } from '../rule';

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
    if (
      (READ_MORE_LEAD_RE.test(text) && (hasLink || text.length < 120)) ||
      (PROMO_SENTENCE_RE.test(text) && (hasLink || text.length < 160) && isSingleSentenceish(text)) ||
      (text.length < 160 && STANDALONE_BOILERPLATE_RE.test(text)) ||
      AD_LABEL_RE.test(text) ||
      isShoutedCrossLink(p, text)
    ) {
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

/** This file's rule, as clean/index.ts lists it. */
export const rule: CleanRule = { name: 'boilerplate-paragraphs', run: removeBoilerplateParagraphs };
