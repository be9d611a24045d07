/**
 * Chrome's one offscreen document (entrypoints/offscreen). Chrome allows a single offscreen
 * document per extension, so it serves both jobs that need a page the service worker does not
 * have: it holds the resident search worker (the library's index stays loaded between opens,
 * utils/background/search-host.ts) and parses saved links' pages (utils/link-fetch).
 */
import { browser } from 'wxt/browser';

/** The offscreen document's page (WXT's output name for entrypoints/offscreen). */
export const OFFSCREEN_PATH = '/offscreen.html';

let creating: Promise<void> | null = null;

/** True where the browser has the offscreen API (Chrome); Firefox's background page needs none. */
export function hasOffscreenApi(): boolean {
  return (browser.offscreen as typeof browser.offscreen | undefined) !== undefined;
}

/** Creates the offscreen document unless it is there (once, however many callers ask at the same moment). */
export async function ensureOffscreenDocument(): Promise<void> {
  const offscreen = browser.offscreen;
  if (await offscreen.hasDocument()) return;
  creating ??= offscreen
    .createDocument({
      url: OFFSCREEN_PATH,
      reasons: [offscreen.Reason.WORKERS, offscreen.Reason.DOM_PARSER],
      justification:
        'Keeps the saved-articles search index loaded so the library answers a search at once, and parses saved links’ pages to extract their articles (the service worker has no DOMParser).',
    })
    .catch((error: unknown) => {
      // Another context created it first: that is the document wanted.
      if (!/single offscreen|already/i.test(error instanceof Error ? error.message : String(error))) throw error;
    })
    .finally(() => (creating = null));
  await creating;
}
