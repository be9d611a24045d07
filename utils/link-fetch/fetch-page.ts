/**
 * Fetches a saved link's page and runs the extraction pipeline (utils/extract, sanitize included)
 * on it, where a DOMParser exists: Chrome's offscreen document (entrypoints/offscreen), Firefox's
 * background page. Cookies are never sent (the page is read as a stranger would see it: no login,
 * nothing the user's session would add), the answer is checked before it is parsed (status, type,
 * size, time), and every way it can fail comes back as a reason, never as a throw.
 */
import type { WindowLike } from 'dompurify';
import { articleImages, collectImages } from '../content/collect-images';
import { extractArticle } from '../extract';
import type { WireImages } from '../library/images';
import { FETCH_TIMEOUT_MS, MAX_PAGE_BYTES, type LinkFailureReason } from '../library/link-queue';
import type { Article } from '../model/article';

/**
 * What fetching a page came to: the article with its images (as a save keeps them, or null when
 * they were not asked for), or why not.
 */
export type PageFetchOutcome =
  { ok: true; article: Article; images: WireImages | null } | { ok: false; reason: LinkFailureReason; status: number | null; message: string };

/** What fetching needs; injectable for tests. */
export interface PageFetchDeps {
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  /** Parses HTML into an inert document (no script runs, nothing loads). */
  parse: (html: string) => Document;
  /** The window DOMPurify works with. */
  window?: WindowLike;
  /** Fetches the extracted article's images (the caps and reasons of a save); none when left out. */
  images?: (article: Article) => Promise<WireImages>;
  timeoutMs?: number;
  maxBytes?: number;
}

/** The browser's own fetch and DOMParser (an offscreen document, a background page). */
export function browserPageFetchDeps(): PageFetchDeps {
  return {
    fetch: (url, init) => fetch(url, init),
    parse: (html) => new DOMParser().parseFromString(html, 'text/html'),
    window: globalThis as unknown as WindowLike,
    // The article's images as a save keeps them, fetched by the extension (the host permission
    // lets it read them; its own origin sends no site's cookies).
    images: (article) =>
      collectImages(articleImages(document, article.contentHtml, article.leadImageUrl, null), {
        fetch: (url, init) => fetch(url, init),
        pageOrigin: new URL(article.url).origin,
      }),
  };
}

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

const fail = (reason: LinkFailureReason, message: string, status: number | null = null): PageFetchOutcome => ({ ok: false, reason, status, message });

/** The media type and charset of a Content-Type header. */
export function parseContentType(header: string | null): { type: string | null; charset: string | null } {
  if (!header) return { type: null, charset: null };
  const [type, ...params] = header.split(';');
  const charset = params.map((p) => p.trim().match(/^charset\s*=\s*"?([^";\s]+)"?/i)?.[1]).find((c) => c !== undefined) ?? null;
  return { type: type!.trim().toLowerCase() || null, charset };
}

/** The charset a page's first bytes declare (`<meta charset>` or its http-equiv form), as the HTML spec's prescan looks for it. */
export function sniffCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  return head.match(/<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.+-]+)/i)?.[1] ?? null;
}

/** Decodes a page with the charset its header or its bytes name, UTF-8 when none (or an unknown one) is named. */
export function decodePage(bytes: Uint8Array, headerCharset: string | null): string {
  for (const label of [headerCharset, sniffCharset(bytes), 'utf-8']) {
    if (!label) continue;
    try {
      return new TextDecoder(label).decode(bytes);
    } catch {
      // An unknown label (RangeError): the next one.
    }
  }
  return new TextDecoder().decode(bytes);
}

/** Reads a body up to `max` bytes; null when it is longer (the rest is not downloaded). */
async function readCapped(response: Response, max: number): Promise<Uint8Array | null> {
  if (!response.body) {
    const whole = new Uint8Array(await response.arrayBuffer());
    return whole.byteLength > max ? null : whole;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

const isTimeout = (error: unknown): boolean => error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');

/** Fetches `url` and extracts its article, or says why not. */
export async function fetchArticlePage(url: string, deps: PageFetchDeps): Promise<PageFetchOutcome> {
  const timeoutMs = deps.timeoutMs ?? FETCH_TIMEOUT_MS;
  const maxBytes = deps.maxBytes ?? MAX_PAGE_BYTES;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('The page did not answer in time.', 'TimeoutError')), timeoutMs);
  let bytes: Uint8Array | null;
  let finalUrl = url;
  let charset: string | null;
  try {
    let response: Response;
    try {
      response = await deps.fetch(url, {
        credentials: 'omit',
        redirect: 'follow',
        referrerPolicy: 'no-referrer',
        headers: { Accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1' },
        signal: controller.signal,
      });
    } catch (error) {
      if (isTimeout(error) || controller.signal.aborted) return fail('timeout', 'no answer in time');
      return fail('blocked', error instanceof Error ? error.message : String(error));
    }
    if (!response.ok) {
      void response.body?.cancel().catch(() => undefined);
      return fail('http', `HTTP ${response.status}`, response.status);
    }
    finalUrl = response.url || url;
    const declared = parseContentType(response.headers.get('content-type'));
    // No type at all is read as HTML (old servers); any other type is not a page.
    if (declared.type !== null && !HTML_TYPES.has(declared.type)) {
      void response.body?.cancel().catch(() => undefined);
      return fail('not-html', declared.type);
    }
    const length = Number(response.headers.get('content-length'));
    if (Number.isFinite(length) && length > maxBytes) {
      void response.body?.cancel().catch(() => undefined);
      return fail('too-large', `${length} bytes`);
    }
    charset = declared.charset;
    try {
      bytes = await readCapped(response, maxBytes);
    } catch (error) {
      if (isTimeout(error) || controller.signal.aborted) return fail('timeout', 'the page did not arrive in time');
      return fail('blocked', error instanceof Error ? error.message : String(error));
    }
  } finally {
    clearTimeout(timer);
  }
  if (bytes === null) return fail('too-large', `over ${maxBytes} bytes`);
  try {
    const doc = deps.parse(decodePage(bytes, charset));
    const result = extractArticle(doc, { url: finalUrl, window: deps.window });
    if (result.ok) {
      // Images are extras: the article is kept without them if they fail.
      const images = deps.images ? await deps.images(result.article).catch(() => null) : null;
      return { ok: true, article: result.article, images };
    }
    if (result.reason === 'no-article') return fail('not-article', result.message);
    if (result.reason === 'too-large') return fail('too-large', result.message);
    return fail('failed', result.message);
  } catch (error) {
    return fail('failed', error instanceof Error ? error.message : String(error));
  }
}
