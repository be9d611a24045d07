import { describe, expect, it } from 'vitest';
import { readTab, type ReadTabDeps } from '../../../utils/background/read-tab';
import { makeArticle } from '../support/article-factory';

/** A fake tab whose isolated world has a hook once the extraction file was injected. */
function fakeTab(opts: { url?: string; answer?: unknown; injectError?: Error; fileAccess?: boolean }) {
  const world: Record<string, unknown> = {};
  const calls: string[] = [];
  const deps: ReadTabDeps = {
    getTabUrl: async () => opts.url,
    fileAccessAllowed: async () => opts.fileAccess ?? false,
    async runInTab(_tabId, func, args) {
      if (opts.injectError) throw opts.injectError;
      calls.push(func.name);
      // Run the serialisable function against our fake isolated world.
      const saved = (globalThis as Record<string, unknown>)[String(args[0])];
      (globalThis as Record<string, unknown>)[String(args[0])] = world[String(args[0])];
      try {
        return func(...args) as never;
      } finally {
        (globalThis as Record<string, unknown>)[String(args[0])] = saved;
      }
    },
    async injectFile() {
      calls.push('inject');
      world.__readerExtract = () => opts.answer;
    },
  };
  return { deps, calls };
}

describe('readTab', () => {
  it('injects once, then returns the article', async () => {
    const article = makeArticle();
    const tab = fakeTab({
      url: 'https://news.example/a',
      answer: { result: { ok: true, article, durationMs: 12 }, hasSelection: false, contentType: 'text/html' },
    });
    expect(await readTab(1, 'auto', tab.deps)).toEqual({ status: 'article', article, durationMs: 12 });
    expect(await readTab(1, 'auto', tab.deps)).toMatchObject({ status: 'article' });
    expect(tab.calls.filter((c) => c === 'inject')).toHaveLength(1);
  });

  it('says when the article is the first part of a page cut at the text budget', async () => {
    const article = makeArticle({ truncated: true });
    const tab = fakeTab({
      url: 'https://news.example/book',
      answer: { result: { ok: true, article, durationMs: 12 }, hasSelection: false, contentType: 'text/html' },
    });
    expect(await readTab(1, 'auto', tab.deps)).toEqual({ status: 'article', article, durationMs: 12 });
  });

  it('refuses browser pages without injecting', async () => {
    const tab = fakeTab({ url: 'chrome://settings/' });
    expect(await readTab(1, 'auto', tab.deps)).toEqual({ status: 'restricted', reason: 'browser-page', url: 'chrome://settings/' });
    expect(tab.calls).toEqual([]);
  });

  it('maps an injection refusal to a restricted reason', async () => {
    const tab = fakeTab({ url: undefined, injectError: new Error('The extensions gallery cannot be scripted.') });
    expect(await readTab(1, 'auto', tab.deps)).toMatchObject({ status: 'restricted', reason: 'web-store' });
  });

  it('asks for an invocation when the tab was never granted', async () => {
    const tab = fakeTab({
      url: 'https://news.example/a',
      injectError: new Error('Cannot access contents of the page. Extension manifest must request permission to access the respective host.'),
    });
    expect(await readTab(1, 'auto', tab.deps)).toEqual({ status: 'needs-access', url: 'https://news.example/a' });
  });

  it('passes a no-article verdict through with the selection flag', async () => {
    const tab = fakeTab({
      url: 'https://news.example/',
      answer: { result: { ok: false, reason: 'no-article', message: 'No article.', durationMs: 3 }, hasSelection: true, contentType: 'text/html' },
    });
    expect(await readTab(1, 'auto', tab.deps)).toEqual({ status: 'no-article', message: 'No article.', hasSelection: true });
  });

  it('explains an empty selection', async () => {
    const tab = fakeTab({ url: 'https://news.example/', answer: { result: null, hasSelection: false, contentType: 'text/html' } });
    expect(await readTab(1, 'selection', tab.deps)).toMatchObject({ status: 'no-selection' });
  });

  it("recognises a PDF shown by the browser's viewer", async () => {
    const tab = fakeTab({ url: 'https://papers.example/view?id=3', answer: { result: null, hasSelection: false, contentType: 'application/pdf' } });
    expect(await readTab(1, 'auto', tab.deps)).toEqual({ status: 'restricted', reason: 'pdf', url: 'https://papers.example/view?id=3' });
  });

  it('does not trust what the page sends back', async () => {
    const tab = fakeTab({ url: 'https://news.example/a', answer: { result: { ok: true, article: { title: '<img onerror=x>' } }, hasSelection: false } });
    expect(await readTab(1, 'auto', tab.deps)).toMatchObject({ status: 'error', message: expect.stringMatching(/not an article/) });
  });
});
