/**
 * Site furniture recognised by tag, role and class/id/aria vocabulary (vocabulary.ts).
 * Motivated by: news pages with share bars, recommendation rails, ad slots, cookie banners, author bios and comments.
 */
import { all, lazy, removeNode, tagOf } from '../dom';
import { isProtected, proseChars } from '../prose';
import { looksLikeClutter } from '../vocabulary';
import type { PrepareRule } from '../rule';

/** Removes scripts, styles and embeds, then furniture recognised by tag, role and class/id/aria vocabulary. */
export function removeClutter(doc: Document): void {
  const body = doc.body;
  if (!body) return;
  const pageProse = lazy(() => proseChars(body));
  for (const el of all(body, 'script:not([type="application/ld+json"]), style, link, template, iframe[src*="ads"], object, embed')) {
    removeNode(el);
  }
  // The page clone is a document of its own, so a removed element's subtree is no longer connected:
  // isConnected is a flag read, where contains() walks up the tree for each of thousands of elements.
  // Outermost first: once a rail is gone its inner parts need no look. Only elements that carry
  // vocabulary can match, so the selector skips bare ones natively; ad labels are caught later.
  for (const el of all(body, CLUTTER_CANDIDATES)) {
    if (el === body || !el.isConnected) continue;
    const tag = tagOf(el);
    if (tag === 'main' || tag === 'article') continue;
    if (looksLikeClutter(el) && !isProtected(el, pageProse)) removeNode(el);
  }
  // Rail headings and ad labels are left to clean/, after Readability: removing a list from inside
  // the article body can flip which block Readability picks and cost whole sections of text.
}

/** Elements that looksLikeClutter can flag. */
const CLUTTER_CANDIDATES = '[class], [id], [role], [aria-label], aside, nav, form, button, select, input, textarea, dialog';

/** This file's rule, as prepare/index.ts lists it. */
export const rule: PrepareRule = { name: 'clutter', run: removeClutter };
