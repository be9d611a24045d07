/**
 * The part of reading that runs inside the page, in the content script's isolated world.
 * The background injects the script once per document, then calls `extractPage` through
 * a global hook with the mode the user chose.
 */
import type { WindowLike } from 'dompurify';
import type { ExtractionResult } from '../model/article';
import { DEFAULT_MAX_ELEMENTS, exceedsElementBudget, extractArticle, extractSelection } from '../extract';
import type { ReadMode } from '../model/messaging';
import { snapshotLiveDocument } from './live-snapshot';

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
  return {
    result: extractArticle(liveSource(win), { url, force: mode === 'force', window: win as unknown as WindowLike }),
    hasSelection: !!selected,
    contentType,
  };
}

/**
 * What the pipeline reads: the live-page snapshot (shadow roots, frames, lazy stand-ins, the story
 * in view; see live-snapshot.ts) when the page needs one, else the document itself. A page over
 * the element budget is left to the pipeline, which refuses it before any walk; a snapshot that
 * fails for any reason falls back to the document, so reading never fails because of it.
 */
function liveSource(win: Window): Document {
  const doc = win.document;
  if (exceedsElementBudget(doc, DEFAULT_MAX_ELEMENTS)) return doc;
  try {
    return snapshotLiveDocument(win) ?? doc;
  } catch {
    return doc;
  }
}
