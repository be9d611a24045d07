/**
 * Keeps the library's search index resident between library opens (docs/architecture.md, "Library
 * search"): the resident search worker lives while some context holds a port to it. Firefox's
 * background page is one (it has SharedWorker); Chrome's service worker has none and stops when
 * idle, so it opens the offscreen document (entrypoints/offscreen, shared with the link fetcher) that holds the port.
 */
import { holdResidentSearch } from '../library/search/client';
import { ensureOffscreenDocument, hasOffscreenApi } from './offscreen-document';

/** Makes sure something holds the resident search worker; quiet where neither way exists. */
export async function keepSearchResident(): Promise<void> {
  if (holdResidentSearch()) return;
  // Firefox has no offscreen API (its background page holds the worker); nor has an older Chrome.
  if (!hasOffscreenApi()) return;
  try {
    await ensureOffscreenDocument();
  } catch (err) {
    console.warn('search: no offscreen document to hold the search index', err);
  }
}
