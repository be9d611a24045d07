/**
 * The prose-protection rule, shared by every heuristic that removes elements: an element that
 * carries a lot of prose is never removed by a guess, because losing article text costs far more
 * than keeping a stray box.
 */
import { linkDensity, normText, tagOf } from './dom';

/** Paragraph-like text longer than this counts as prose. */
export const PROSE_MIN_CHARS = 80;
/** A paragraph with more of its text in links than this is a list of links, not prose. */
const PROSE_MAX_LINK_DENSITY = 0.5;
/** An element holding this much prose is protected, whatever the rest of the page holds. */
const PROTECT_PROSE_CHARS = 600;
/** Before Readability (prepare/) and for rail headings: share of the page's prose that protects an element. */
export const PREPARE_PROTECT_SHARE = 0.3;
/** The vocabulary pass over the article (clean/leftover-clutter): share of the article's prose that protects an element. */
export const CLEAN_PROTECT_SHARE = 0.25;

/** Characters of prose (long, mostly unlinked paragraphs) inside an element. */
export function proseChars(el: Element): number {
  let sum = 0;
  const paras = tagOf(el) === 'p' ? [el] : el.getElementsByTagName('p');
  for (let i = 0; i < paras.length; i++) {
    const p = paras[i]!;
    // Raw text is never shorter than normalized text: most paragraphs of furniture stop here.
    if ((p.textContent ?? '').length < PROSE_MIN_CHARS) continue;
    const len = normText(p).length;
    if (len >= PROSE_MIN_CHARS && linkDensity(p) < PROSE_MAX_LINK_DENSITY) sum += len;
  }
  return sum;
}

/**
 * True when `el` holds too much prose to be removed by a heuristic: {@link PROTECT_PROSE_CHARS}
 * characters, or `share` of `pageProse`. `pageProse` may be a (memoized) thunk: the page is only
 * measured when the element holds some prose but less than the absolute bar.
 */
export function isProtected(el: Element, pageProse: number | (() => number), share: number): boolean {
  const prose = proseChars(el);
  if (prose >= PROTECT_PROSE_CHARS) return true;
  if (prose === 0) return false;
  const total = typeof pageProse === 'number' ? pageProse : pageProse();
  return total > 0 && prose >= total * share;
}
