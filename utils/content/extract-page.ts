/**
 * The part of reading that runs inside the page, in the content script's isolated world.
 * The background injects the script once per document, then calls `extractPage` through
 * a global hook with the mode the user chose.
 */
import type { ExtractionResult } from '../model/article';
import { extractArticle, extractSelection } from '../extract';
import type { ReadMode } from '../model/messaging';

/** What the page side sends back to the background. */
export interface ExtractPageResult {
  result: ExtractionResult | null;
  /** Whether the user has text selected, so "Read selection" can be offered. */
  hasSelection: boolean;
  /** The document's MIME type: a PDF shown by the browser's viewer is a wrapper page, not text. */
  contentType: string;
}

/** Serialises the current selection (all ranges) to an HTML fragment; empty when nothing is selected. */
export function selectionHtml(win: Window): string {
  const selection = win.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return '';
  const container = win.document.createElement('div');
  for (let i = 0; i < selection.rangeCount; i++) container.append(selection.getRangeAt(i).cloneContents());
  return container.textContent?.trim() ? container.innerHTML : '';
}

/** Reads the page the script runs in: the whole article, or only the user's selection. */
export function extractPage(win: Window, mode: ReadMode): ExtractPageResult {
  const contentType = win.document.contentType;
  if (contentType === 'application/pdf') return { result: null, hasSelection: false, contentType };
  const selected = selectionHtml(win);
  const url = win.location.href;
  if (mode === 'selection') {
    return { result: selected ? extractSelection(win.document, selected, { url }) : null, hasSelection: !!selected, contentType };
  }
  return { result: extractArticle(win.document, { url, force: mode === 'force' }), hasSelection: !!selected, contentType };
}
