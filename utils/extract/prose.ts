/**
 * The prose-protection rule, shared by the rules that remove whole boxes on a guess (prepare/hidden,
 * prepare/clutter, clean/leftover-clutter, clean/rail-sections): an element that carries a lot of
 * prose is never removed that way, because losing article text costs far more than keeping a stray box.
 */
import { domCall, linkDensity, normText, tagOf } from './dom';

/** Paragraph-like text longer than this counts as prose. */
export const PROSE_MIN_CHARS = 80;
/** A paragraph with more of its text in links than this is a list of links, not prose. */
const PROSE_MAX_LINK_DENSITY = 0.5;
/** An element holding this much prose is protected, whatever the rest of the page holds. */
const PROTECT_PROSE_CHARS = 600;
/**
 * An element holding this share of the prose around it (the page before Readability, the article
 * after it) is protected too. One value for every rule: the clean pass used 0.25 and the others
 * 0.3, but on zyte-dev and readability-test-pages no element's share falls between the two, and
 * either value gives byte-identical output on all 261 pages.
 */
const PROTECT_PROSE_SHARE = 0.3;

/** Characters of prose (long, mostly unlinked paragraphs) inside an element. */
export function proseChars(el: Element): number {
  let sum = 0;
  // Built-in members only: it also measures the live page (live-snapshot, in-view), where a form's
  // controls may shadow getElementsByTagName.
  const paras = tagOf(el) === 'p' ? [el] : domCall<HTMLCollectionOf<Element>>(el, 'getElementsByTagName', 'p');
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
 * characters, or {@link PROTECT_PROSE_SHARE} of `pageProse`. `pageProse` may be a (memoized)
 * thunk: the page is only measured when the element holds some prose but less than the absolute bar.
 */
export function isProtected(el: Element, pageProse: number | (() => number)): boolean {
  const prose = proseChars(el);
  if (prose >= PROTECT_PROSE_CHARS) return true;
  if (prose === 0) return false;
  const total = typeof pageProse === 'number' ? pageProse : pageProse();
  return total > 0 && prose >= total * PROTECT_PROSE_SHARE;
}
