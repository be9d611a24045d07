/**
 * Short link-only lines at the bottom.
 * Motivated by: stories that end with "More: A · B · C".
 */
import { all, linkDensity, normText, removeNode } from '../dom';
import type { CleanRule } from '../rule';

/** Removes short link-only lines between the end of the text and the bottom ("More: A · B · C"). */
export function removeTrailingLinkBlocks(root: Element): void {
  const blocks = all(root, 'p, ul, ol, div');
  for (let i = blocks.length - 1; i >= 0; i--) {
    const el = blocks[i];
    if (!el || !root.contains(el) || el.querySelector('p, ul, ol, div')) continue;
    const text = normText(el);
    if (!text) continue;
    if (linkDensity(el) > 0.8 && text.length < 300 && !el.closest('table, pre, blockquote')) removeNode(el);
    else break;
  }
}

/** This file's rule, as clean/index.ts lists it. */
export const rule: CleanRule = { name: 'trailing-link-blocks', run: removeTrailingLinkBlocks };
