/**
 * Bylines, datelines, section labels and article headers that hold no prose.
 * Motivated by: news articles that open with a kicker, a byline with avatar and an "Updated …" line.
 * After Readability because Readability reads the byline from the page before we drop it.
 */
import { all, classAndId, hasContentMedia, normText, removeNode, tagOf } from '../dom';
import { proseChars } from '../prose';
import { classTokens, META_HINT_RE, META_TOKENS } from '../vocabulary';
import type { CleanRule } from '../rule';

/** Furniture of this kind is short; longer text is probably content despite its name. */
const META_MAX_CHARS = 160;

/** Removes bylines, datelines, section labels and article headers that hold no prose. */
export function removeArticleMeta(root: ParentNode): void {
  for (const el of all(root, '*')) {
    if (!root.contains(el)) continue;
    const tag = tagOf(el);
    if (tag === 'body' || tag === 'html' || tag === 'article' || tag === 'main' || /^h[1-6]$/.test(tag)) continue;
    const byName =
      (META_HINT_RE.test(classAndId(el)) && classTokens(el).some((t) => META_TOKENS.has(t))) ||
      el.getAttribute('rel') === 'author' ||
      /\b(?:author|datePublished|dateModified)\b/.test(el.getAttribute('itemprop') ?? '');
    if (!byName && tag !== 'header' && tag !== 'time') continue;
    const raw = el.textContent ?? '';
    if (raw.length > 2000) continue;
    const text = normText(el);
    if (byName && text.length <= META_MAX_CHARS && proseChars(el) === 0 && !hasContentMedia(el)) {
      removeNode(el);
      continue;
    }
    if (tag === 'header' && text.length < 400 && proseChars(el) === 0 && !el.querySelector('img, picture, video, figure, table, pre, p')) {
      removeNode(el);
      continue;
    }
    // A block holding only a date or time ("Updated 10:05 AM EDT, Fri April 19, 2024").
    if (tag === 'time' && el.parentElement && normText(el.parentElement).length < 80 && !el.parentElement.closest('p, li, td')) {
      removeNode(el.parentElement.children.length === 1 ? el.parentElement : el);
    }
  }
}

/** This file's rule, as clean/index.ts lists it. */
export const rule: CleanRule = { name: 'article-meta', run: removeArticleMeta };
