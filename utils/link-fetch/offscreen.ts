/**
 * Chrome's offscreen document's side of fetching saved links' pages (page-fetch-client.ts is the
 * background's): answers the background's requests with the page's article, or why not.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { browserPageFetchDeps, fetchArticlePage } from './fetch-page';
import { OffscreenRequestSchema } from './page-fetch-client';

/** In the offscreen document: answers the background's page fetches (and nothing else). */
export function listenForPageFetches(): void {
  browser.runtime.onMessage.addListener((raw: unknown, sender, sendResponse: (response: unknown) => void) => {
    if (sender.id !== browser.runtime.id) return undefined;
    const parsed = v.safeParse(OffscreenRequestSchema, raw);
    // Not ours (the library page's messages to the background reach this document too): another listener answers.
    if (!parsed.success) return undefined;
    void fetchArticlePage(parsed.output.url, browserPageFetchDeps()).then((outcome) =>
      sendResponse(outcome.ok ? outcome : { ...outcome, message: outcome.message.slice(0, 2000) }),
    );
    return true;
  });
}
