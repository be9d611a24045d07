/**
 * The background's side of fetching a saved link in Chrome's offscreen document
 * (utils/link-fetch/page-fetch-client): what the document answers is checked, and a document that
 * cannot be reached (closed under the fetch, the browser shutting down) is an interruption the
 * fetcher retries, not a failure of the page.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { PageFetchInterrupted, fetchPageFromBackground } from '../../../utils/link-fetch/page-fetch-client';
import { makeArticle } from '../support/article-factory';

const URL_ = 'https://news.example/story';

beforeEach(() => {
  fakeBrowser.reset();
  // The fake browser has no offscreen API: a document that is already open.
  Object.assign(browser, { offscreen: { hasDocument: async () => true, createDocument: async () => undefined, Reason: {} } });
});
afterEach(() => vi.restoreAllMocks());

/** The offscreen document's answer (it crosses a boundary: any shape may come). */
function documentAnswers(answer: unknown): void {
  const send = vi.spyOn(browser.runtime, 'sendMessage');
  // Typed as the callback overload (void); the promise is what the extension sees.
  send.mockReturnValue(Promise.resolve(answer) as never);
}

describe('the background asking the offscreen document for a page', () => {
  it('answers with the article the document found, checked', async () => {
    const article = makeArticle({ url: URL_ });
    documentAnswers({ ok: true, article, images: null });
    await expect(fetchPageFromBackground(URL_)).resolves.toMatchObject({ ok: true, article: { url: URL_, title: article.title } });
  });

  it('passes on the page’s own failure with its reason', async () => {
    documentAnswers({ ok: false, reason: 'http', status: 404, message: 'HTTP 404' });
    await expect(fetchPageFromBackground(URL_)).resolves.toEqual({ ok: false, reason: 'http', status: 404, message: 'HTTP 404' });
  });

  it('an answer of the wrong shape is a failure of that page', async () => {
    documentAnswers({ ok: true, article: { title: 5 } });
    await expect(fetchPageFromBackground(URL_)).resolves.toMatchObject({ ok: false, reason: 'failed' });
  });

  it('a document that closed under the fetch is an interruption, not the page’s failure', async () => {
    vi.spyOn(browser.runtime, 'sendMessage').mockRejectedValue(
      new Error('A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received'),
    );
    await expect(fetchPageFromBackground(URL_)).rejects.toBeInstanceOf(PageFetchInterrupted);
  });

  it('a document that cannot be opened is an interruption too', async () => {
    Object.assign(browser, {
      offscreen: { hasDocument: async () => false, createDocument: async () => Promise.reject(new Error('Browser is shutting down')), Reason: {} },
    });
    await expect(fetchPageFromBackground(URL_)).rejects.toThrow(/shutting down/);
  });
});
