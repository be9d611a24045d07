/**
 * Keeps the library's search index resident between library opens (docs/architecture.md, "Library
 * search"): the resident search worker lives while some context holds a port to it. Firefox's
 * background page is one (it has SharedWorker); Chrome's service worker has none and stops when
 * idle, so it opens an offscreen document (entrypoints/search-host) that holds the port.
 */
import { browser } from 'wxt/browser';
import { holdResidentSearch } from '../library/search/client';

/** The offscreen document that holds the worker (Chrome). */
export const SEARCH_HOST_PATH = '/search-host.html';

/** Makes sure something holds the resident search worker; quiet where neither way exists. */
export async function keepSearchResident(): Promise<void> {
  if (holdResidentSearch()) return;
  // Undefined in Firefox (no offscreen API) and in a Chrome without it.
  const offscreen = browser.offscreen as typeof browser.offscreen | undefined;
  if (!offscreen) return;
  try {
    if (await offscreen.hasDocument()) return;
    await offscreen.createDocument({
      url: SEARCH_HOST_PATH,
      reasons: [offscreen.Reason.WORKERS],
      justification: 'Keeps the saved-articles search index loaded, so the library answers a search at once.',
    });
  } catch (err) {
    // One offscreen document per extension: one made meanwhile is the one wanted.
    if (!/single offscreen|already/i.test(String(err))) console.warn('search: no search host', err);
  }
}
