/**
 * The background's way to fetch and extract a saved link's page (fetch-page.ts) where the page can
 * be parsed: in Firefox's background page directly (it has DOMParser); in Chrome through an
 * offscreen document (reason DOM_PARSER; offscreen.ts answers there), created when the first page
 * is fetched and asked over runtime messages of their own kind (`target: 'reader-offscreen'`),
 * which no other listener answers. What comes back crosses a boundary: it is checked (the article
 * against ArticleSchema) before use. Chrome's worker bundle leaves the extraction pipeline out.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { ArticleSchema } from '../model/article-schema';
import type { PageFetchOutcome } from './fetch-page';
import { ensureOffscreenDocument } from '../background/offscreen-document';

/** The `target` of the messages the offscreen document answers. */
export const OFFSCREEN_TARGET = 'reader-offscreen';
/** Runtime shape of a request to the offscreen document. */
export const OffscreenRequestSchema = v.object({ target: v.literal(OFFSCREEN_TARGET), url: v.pipe(v.string(), v.url(), v.maxLength(8192)) });

/** Runtime shape of what fetching a page came to. */
export const PageFetchOutcomeSchema = v.variant('ok', [
  // The images are checked by the background's fromWire (utils/library/images), as a page's are.
  v.object({ ok: v.literal(true), article: ArticleSchema, images: v.nullable(v.unknown()) }),
  v.object({
    ok: v.literal(false),
    reason: v.picklist(['http', 'not-article', 'timeout', 'too-large', 'not-html', 'blocked', 'failed']),
    status: v.nullable(v.pipe(v.number(), v.integer())),
    message: v.pipe(v.string(), v.maxLength(2000)),
  }),
]);

/**
 * The background could not reach the document that fetches pages (it was closed, or the browser
 * is shutting down): says nothing about the page, so the link is not marked failed for it.
 */
export class PageFetchInterrupted extends Error {
  override name = 'PageFetchInterrupted';
}

/** Fetches and extracts a page from the background: directly where there is a DOM, else in the offscreen document. */
export async function fetchPageFromBackground(url: string): Promise<PageFetchOutcome> {
  // Firefox's background page parses (a build constant: Chrome's worker has no use for the pipeline).
  if (import.meta.env.FIREFOX) {
    const { browserPageFetchDeps, fetchArticlePage } = await import('./fetch-page');
    return fetchArticlePage(url, browserPageFetchDeps());
  }
  try {
    await ensureOffscreenDocument();
    const raw: unknown = await browser.runtime.sendMessage({ target: OFFSCREEN_TARGET, url });
    const parsed = v.safeParse(PageFetchOutcomeSchema, raw);
    if (parsed.success) return parsed.output as unknown as PageFetchOutcome;
    return { ok: false, reason: 'failed', status: null, message: 'the page’s article came back in an unexpected shape' };
  } catch (error) {
    // Only the document's creation and the message can throw here; the page's own failures come back as outcomes.
    throw new PageFetchInterrupted(error instanceof Error ? error.message : String(error));
  }
}
