/**
 * Elements the page hides from every reader.
 * Motivated by: pages carrying hidden menus, off-screen dialogs and display:none copies of their text.
 */
import { all, lazy, removeNode, tagOf } from '../dom';
import { isProtected, proseChars } from '../prose';
import type { PrepareRule } from '../rule';

/** Removes elements that the page hides from every reader (hidden, aria-hidden, inline display:none). */
export function removeHidden(doc: Document): void {
  const body = doc.body;
  if (!body) return;
  const pageProse = lazy(() => proseChars(body));
  for (const el of all(body, '[hidden], [aria-hidden="true"], [style*="none" i], [style*="hidden" i]')) {
    if (!el.isConnected) continue;
    let hidden = el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true';
    if (!hidden) {
      const style = (el.getAttribute('style') ?? '').toLowerCase();
      hidden = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/.test(style);
    }
    if (!hidden) continue;
    // aria-hidden is also put on the whole page behind a modal, and on decorative images with captions.
    if (el.getAttribute('aria-hidden') === 'true' && !el.hasAttribute('hidden') && isProtected(el, pageProse)) continue;
    if (tagOf(el) === 'img' || el.querySelector('img')) {
      // Readability keeps "fallback-image" style images that sites mark aria-hidden; keep images whose only fault is aria-hidden.
      if (!el.hasAttribute('hidden') && el.getAttribute('aria-hidden') === 'true' && !/display|visibility/.test(el.getAttribute('style') ?? '')) continue;
    }
    removeNode(el);
  }
}

/** This file's rule, as prepare/index.ts lists it. */
export const rule: PrepareRule = { name: 'hidden', run: removeHidden };
