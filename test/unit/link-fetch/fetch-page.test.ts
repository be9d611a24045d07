/**
 * Fetching a saved link's page (utils/link-fetch/fetch-page): the answer is checked before it is
 * parsed, every failure comes back with its reason, and an article goes through the same pipeline
 * (sanitized) as a page read in the tab.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { decodePage, fetchArticlePage, parseContentType, type PageFetchDeps } from '../../../utils/link-fetch/fetch-page';
import { parse } from '../extract/helpers';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');
const ARTICLE = readFileSync(join(FIXTURES, 'sample-news-page.html'), 'utf8');
const NOT_ARTICLE = readFileSync(join(FIXTURES, 'pages', 'no-article.html'), 'utf8');

function deps(answer: (url: string, init: RequestInit) => Promise<Response>, more: Partial<PageFetchDeps> = {}): PageFetchDeps {
  return {
    fetch: answer,
    parse,
    ...more,
  };
}

const html =
  (body: string, headers: Record<string, string> = {}) =>
  async () =>
    new Response(body, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', ...headers } });

describe('fetching a saved link’s page', () => {
  it('extracts the article, sanitized, and fetches without cookies', async () => {
    const fetch = vi.fn<PageFetchDeps['fetch']>(html(ARTICLE.replace('</p>', '<script>alert(1)</script><img src=x onerror=alert(2)></p>')));
    const outcome = await fetchArticlePage('https://news.example/story', deps(fetch));
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.article.wordCount).toBeGreaterThan(100);
    expect(outcome.article.contentHtml).not.toMatch(/<script|onerror/i);
    expect(outcome.article.url).toBe('https://news.example/story');
    expect(fetch.mock.calls[0]![1]).toMatchObject({ credentials: 'omit', redirect: 'follow' });
  });

  it.each([
    ['an error status', async () => new Response('gone', { status: 404, headers: { 'content-type': 'text/html' } }), { reason: 'http', status: 404 }],
    ['a server error', async () => new Response('', { status: 503 }), { reason: 'http', status: 503 }],
    ['a PDF', async () => new Response('%PDF-1.7', { status: 200, headers: { 'content-type': 'application/pdf' } }), { reason: 'not-html', status: null }],
    ['a page that is not an article', html(NOT_ARTICLE), { reason: 'not-article', status: null }],
    ['a declared length over the cap', html('<p>x</p>', { 'content-length': String(10 * 1024 * 1024) }), { reason: 'too-large', status: null }],
    ['no answer at all', async () => Promise.reject(new TypeError('Failed to fetch')), { reason: 'blocked', status: null }],
  ] as const)('says why for %s', async (_, answer, expected) => {
    expect(await fetchArticlePage('https://news.example/story', deps(answer))).toMatchObject({ ok: false, ...expected });
  });

  it('cuts a body that runs past the cap without a declared length', async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x61));
      },
    });
    const outcome = await fetchArticlePage(
      'https://news.example/huge',
      deps(async () => new Response(stream, { headers: { 'content-type': 'text/html' } }), { maxBytes: 256 * 1024 }),
    );
    expect(outcome).toMatchObject({ ok: false, reason: 'too-large' });
    // It stopped reading: a few chunks past the cap, not the endless stream.
    expect(pulled).toBeLessThan(10);
  });

  it('gives up on a site that does not answer', async () => {
    const hanging = (_url: string, init: RequestInit) =>
      new Promise<Response>((_, reject) => init.signal?.addEventListener('abort', () => reject(init.signal!.reason as Error)));
    expect(await fetchArticlePage('https://slow.example/', deps(hanging, { timeoutMs: 20 }))).toMatchObject({ ok: false, reason: 'timeout' });
  });

  it('reads the charset the header or the page names', () => {
    expect(parseContentType('text/html; charset="ISO-8859-1"')).toEqual({ type: 'text/html', charset: 'ISO-8859-1' });
    expect(decodePage(new Uint8Array([0x63, 0x61, 0x66, 0xe9]), 'windows-1252')).toBe('café');
    const declared = new TextEncoder().encode('<meta charset="windows-1252"><p>caf');
    expect(decodePage(new Uint8Array([...declared, 0xe9]), null)).toContain('café');
    expect(decodePage(new TextEncoder().encode('naïve'), 'no-such-charset')).toBe('naïve');
  });
});
