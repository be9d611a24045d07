/**
 * Furniture that Readability kept inside the article, judged by the same vocabulary as prepare/clutter.
 * Motivated by: article bodies with share bars, "related" boxes and author bios inside them.
 */
import { all, lazy, removeNode, tagOf } from '../dom';
import { isProtected, proseChars } from '../prose';
import { looksLikeClutter } from '../vocabulary';
import type { CleanRule } from '../rule';

/** Elements that this pass leaves alone unless a class names them: their insides are content. */
const KEEP_TAGS = new Set(['pre', 'code', 'table', 'math', 'figure', 'blockquote', 'ol', 'ul', 'dl']);

/** Removes furniture that Readability kept, judged by the same vocabulary as prepare/clutter. */
export function removeLeftoverClutter(root: Element, articleProse: () => number = lazy(() => proseChars(root))): void {
  for (const el of all(root, '*')) {
    if (!root.contains(el)) continue;
    if (KEEP_TAGS.has(tagOf(el)) && !el.getAttribute('class')) continue;
    if (!looksLikeClutter(el) || isProtected(el, articleProse)) continue;
    removeNode(el);
  }
}

/** This file's rule, as clean/index.ts lists it. */
export const rule: CleanRule = { name: 'leftover-clutter', run: (root, ctx) => removeLeftoverClutter(root, ctx.articleProse) };
