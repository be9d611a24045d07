/**
 * The background fetch of saved links (utils/background/link-fetcher) over the real writer and
 * queue in an in-memory IndexedDB, with a fake clock: the rate limits hold (one request per site at
 * a time, spaced; a global cap), articles fill the saved links, failures are recorded with their
 * reasons, transient ones are tried again later, a pause or a missing permission fetches nothing,
 * and a queue left by a stopped background is carried on by the next one.
 */
import { describe, expect, it } from 'vitest';
import { MAX_INTERRUPTIONS, createLinkFetcher, type LinkFetcherDeps } from '../../../utils/background/link-fetcher';
import { readArticleImages } from '../../../utils/library/image-db';
import { readLibrary } from '../../../utils/library/store';
import { GLOBAL_CONCURRENCY, HOST_SPACING_MS, MAX_ATTEMPTS } from '../../../utils/library/link-queue';
import { readLinkFetch } from '../../../utils/library/link-queue-db';
import { createLibraryWriter } from '../../../utils/library/writer';
import type { PageFetchOutcome } from '../../../utils/link-fetch/fetch-page';
import { makeArticle } from '../support/article-factory';

const linkOf = (url: string) => makeArticle({ url, title: `Saved ${url}`, contentHtml: '', text: '', wordCount: 0, readingTimeMinutes: 0, excerpt: null });
const articleOf = (url: string) => makeArticle({ url, title: `Article of ${url}`, contentHtml: `<p>The story at ${url}.</p>`, text: `The story at ${url}.` });

/** A fake clock the fetcher's sleeps advance, and a fake network that logs each request's start and end on it. */
function harness(answer: (url: string) => PageFetchOutcome | 'hang' | 'interrupted' = (url) => ({ ok: true, article: articleOf(url), images: null })) {
  let time = 1_000_000;
  const log: Array<{ url: string; host: string; start: number; end: number | null }> = [];
  let active = 0;
  let maxActive = 0;
  const activeByHost = new Map<string, number>();
  let maxPerHost = 0;
  const deps: LinkFetcherDeps = {
    now: () => time,
    sleep: async (ms) => {
      time += Math.max(ms, 1);
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
    keepAlive: async () => undefined,
    alarm: async () => undefined,
    allowed: async () => true,
    fetchPage: async (url) => {
      const host = new URL(url).host;
      const entry = { url, host, start: time, end: null as number | null };
      log.push(entry);
      active++;
      maxActive = Math.max(maxActive, active);
      activeByHost.set(host, (activeByHost.get(host) ?? 0) + 1);
      maxPerHost = Math.max(maxPerHost, activeByHost.get(host)!);
      const outcome = answer(url);
      if (outcome === 'hang') return new Promise<PageFetchOutcome>(() => undefined);
      if (outcome === 'interrupted') {
        active--;
        activeByHost.set(host, activeByHost.get(host)! - 1);
        throw new Error('A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received');
      }
      // The answer takes a few real ticks, so requests overlap as they do on a network.
      await new Promise((resolve) => setTimeout(resolve, 3));
      time += 500;
      entry.end = time;
      active--;
      activeByHost.set(host, activeByHost.get(host)! - 1);
      return outcome;
    },
  };
  return { deps, log, maxActive: () => maxActive, maxPerHost: () => maxPerHost, advance: (ms: number) => (time += ms) };
}

async function libraryWithLinks(urls: readonly string[]) {
  const writer = createLibraryWriter();
  const imported = await writer.importRecords(urls.map((url) => ({ article: linkOf(url), content: 'link' as const, tags: ['later'] })));
  expect(imported).toMatchObject({ ok: true, value: { added: urls.length } });
  return writer;
}

const byUrl = async () => new Map((await readLibrary()).entries.map((e) => [e.url, e]));

describe('the background fetch of saved links', () => {
  it('fills every saved link, within the per-site and global limits', async () => {
    const urls = ['a', 'b', 'c', 'd', 'e'].flatMap((host) => [1, 2, 3].map((n) => `https://${host}.example/story-${n}`));
    const writer = await libraryWithLinks(urls);
    const net = harness();
    const fetcher = createLinkFetcher(writer, net.deps);
    const started = await fetcher.start();
    expect(started).toMatchObject({ ok: true, value: { status: 'running', total: 15 } });
    await fetcher.idle();

    const entries = await byUrl();
    for (const url of urls) expect(entries.get(url)).toMatchObject({ content: 'article', title: `Article of ${url}`, tags: ['later'], url });
    expect(net.log.map((r) => r.url).sort()).toEqual([...urls].sort());
    expect(net.maxActive()).toBeLessThanOrEqual(GLOBAL_CONCURRENCY);
    expect(net.maxActive()).toBeGreaterThan(1);
    expect(net.maxPerHost()).toBe(1);
    for (const host of ['a', 'b', 'c', 'd', 'e'].map((h) => `${h}.example`)) {
      const starts = net.log.filter((r) => r.host === host).map((r) => r.start);
      for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(HOST_SPACING_MS);
    }
    expect(await readLinkFetch()).toEqual({ state: expect.objectContaining({ status: 'idle', total: 15, filled: 15, failed: 0 }), items: [] });
  });

  it('records each failure with its reason, tries a passing one again later, and retries on request', async () => {
    const urls = ['https://a.example/gone', 'https://b.example/menu', 'https://c.example/slow', 'https://d.example/ok'];
    const writer = await libraryWithLinks(urls);
    let slowCalls = 0;
    const net = harness((url): PageFetchOutcome => {
      if (url.endsWith('/gone')) return { ok: false, reason: 'http', status: 404, message: 'HTTP 404' };
      if (url.endsWith('/menu')) return { ok: false, reason: 'not-article', status: null, message: 'not an article' };
      if (url.endsWith('/slow'))
        return ++slowCalls > MAX_ATTEMPTS
          ? { ok: true, article: articleOf(url), images: null }
          : { ok: false, reason: 'timeout', status: null, message: 'timeout' };
      return { ok: true, article: articleOf(url), images: null };
    });
    const fetcher = createLinkFetcher(writer, net.deps);
    await fetcher.start();
    await fetcher.idle();

    const { state, items } = await readLinkFetch();
    expect(state).toMatchObject({ status: 'idle', total: 4, filled: 1, failed: 3 });
    const item = (suffix: string) => items.find((i) => i.url.endsWith(suffix));
    expect(item('/gone')).toMatchObject({ status: 'failed', reason: 'http', httpStatus: 404, attempts: 1 });
    expect(item('/menu')).toMatchObject({ status: 'failed', reason: 'not-article', attempts: 1 });
    // A timeout may pass: tried again after the delay, then recorded.
    expect(item('/slow')).toMatchObject({ status: 'failed', reason: 'timeout', attempts: MAX_ATTEMPTS });
    expect(net.log.filter((r) => r.url.endsWith('/slow'))).toHaveLength(MAX_ATTEMPTS);
    expect(net.log.filter((r) => r.url.endsWith('/gone'))).toHaveLength(1);
    const entries = await byUrl();
    expect(entries.get('https://a.example/gone')).toMatchObject({ content: 'link' });
    expect(entries.get('https://d.example/ok')).toMatchObject({ content: 'article' });

    // The user's Try again: it is fetched once more (and the site answers this time).
    const retried = await fetcher.retry(item('/slow')!.articleId);
    expect(retried).toMatchObject({ ok: true, value: { status: 'running' } });
    await fetcher.idle();
    expect((await byUrl()).get('https://c.example/slow')).toMatchObject({ content: 'article' });
    expect((await readLinkFetch()).items.map((i) => i.url).sort()).toEqual(['https://a.example/gone', 'https://b.example/menu']);
  });

  it('fetches nothing without the permission, and nothing while paused', async () => {
    const writer = await libraryWithLinks(['https://a.example/1', 'https://b.example/2']);
    const net = harness();
    const alarms: boolean[] = [];
    const denied = createLinkFetcher(writer, { ...net.deps, allowed: async () => false, alarm: async (on) => alarms.push(on) });
    await denied.start();
    await denied.idle();
    expect(net.log).toEqual([]);
    // Not a pause (that is the user's): the run waits for the permission, without a wake-up alarm.
    expect((await readLinkFetch()).state).toMatchObject({ status: 'running', total: 2 });
    expect(alarms.at(-1)).toBe(false);

    const fetcher = createLinkFetcher(writer, net.deps);
    await fetcher.pause();
    await fetcher.resumeIfRunning();
    expect(net.log).toEqual([]);
    await fetcher.resume();
    await fetcher.idle();
    expect(net.log).toHaveLength(2);
    expect([...(await byUrl()).values()].every((e) => e.content === 'article')).toBe(true);
  });

  const closingAnswers: Array<[string, () => Promise<boolean>]> = [
    ['answers no', async () => false],
    [
      'throws',
      async () => {
        throw new Error('Extension context invalidated.');
      },
    ],
  ];
  it.each(closingAnswers)(
    'a permission check that %s (a browser shutting down) stops the loop without a pause, and the next background carries on',
    async (_, closingAnswer) => {
      const writer = await libraryWithLinks(['https://a.example/1', 'https://a.example/2', 'https://a.example/3']);
      const net = harness();
      let checks = 0;
      // Allowed for the first page, then the API fails, as it can while the browser shuts down.
      const closing = createLinkFetcher(writer, {
        ...net.deps,
        allowed: async (): Promise<boolean> => {
          return ++checks > 1 ? closingAnswer() : true;
        },
      });
      await closing.start();
      await closing.idle();
      expect(net.log).toHaveLength(1);
      const left = await readLinkFetch();
      expect(left.state).toMatchObject({ status: 'running', total: 3, filled: 1 });
      expect(left.items.filter((i) => i.status === 'queued')).toHaveLength(2);

      // The restarted background (resumeIfRunning at its start, or the grant's onAdded) finishes the run.
      const next = createLinkFetcher(writer, net.deps);
      await next.resumeIfRunning();
      await next.idle();
      expect((await readLinkFetch()).state).toMatchObject({ status: 'idle', total: 3, filled: 3, failed: 0 });
      expect([...(await byUrl()).values()].every((e) => e.content === 'article')).toBe(true);
    },
  );

  it('cancel forgets the queued links and leaves them as links', async () => {
    const writer = await libraryWithLinks(['https://a.example/1', 'https://a.example/2', 'https://a.example/3']);
    const net = harness();
    const fetcher = createLinkFetcher(writer, { ...net.deps, allowed: async () => false });
    await fetcher.start();
    await fetcher.idle();
    expect(await fetcher.cancel()).toMatchObject({ ok: true, value: { status: 'idle', total: 0 } });
    expect((await readLinkFetch()).items).toEqual([]);
    expect([...(await byUrl()).values()].every((e) => e.content === 'link')).toBe(true);
  });

  it('leaves a link alone that was deleted (pending undo) or read meanwhile', async () => {
    const urls = ['https://a.example/deleted', 'https://b.example/read'];
    const writer = await libraryWithLinks(urls);
    const ids = await byUrl();
    await writer.deleteArticles([ids.get(urls[0]!)!.id]);
    // The user read the page with Reader before the fetch got to it.
    await writer.fillLinkArticle(makeArticle({ url: urls[1]!, title: 'Read by the user' }));
    const net = harness();
    const fetcher = createLinkFetcher(writer, net.deps);
    const started = await fetcher.start();
    // Only the saved links still without their article are queued: the read one is not.
    expect(started).toMatchObject({ ok: true, value: { total: 0 } });
    await fetcher.idle();
    expect(net.log).toEqual([]);
    const entries = (await readLibrary()).entries;
    expect(entries.find((e) => e.url === urls[1])).toMatchObject({ title: 'Read by the user' });
  });

  it('keeps the article’s own images with it, as a save does', async () => {
    const url = 'https://a.example/with-image';
    const writer = await libraryWithLinks([url]);
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const withImage = makeArticle({
      url,
      contentHtml: '<p>Story.</p><img src="https://cdn.example/a.png"><img src="https://cdn.example/b.png">',
      text: 'Story.',
    });
    const net = harness(() => ({
      ok: true,
      article: withImage,
      images: {
        kept: [
          { url: 'https://cdn.example/a.png', type: 'image/png', data: png },
          // Not named by the article: refused.
          { url: 'https://elsewhere.example/tracker.png', type: 'image/png', data: png },
        ],
        missed: [{ url: 'https://cdn.example/b.png', reason: 'too-big', status: null }],
      },
    }));
    const fetcher = createLinkFetcher(writer, net.deps);
    await fetcher.start();
    await fetcher.idle();
    const entry = (await byUrl()).get(url)!;
    expect(entry).toMatchObject({ content: 'article' });
    const { set, images } = await readArticleImages(entry.id);
    expect(images.map((i) => i.url)).toEqual(['https://cdn.example/a.png']);
    expect(set?.missed).toEqual([{ url: 'https://cdn.example/b.png', reason: 'too-big', status: null }]);
  });

  it('a queue a stopped background left is carried on by the next one, each link filled once', async () => {
    const urls = ['a', 'b', 'c', 'd', 'e'].map((host) => `https://${host}.example/story`);
    const writer = await libraryWithLinks(urls);
    // The first background starts, and is stopped with its requests in flight (they never answer).
    const first = harness(() => 'hang');
    const stopped = createLinkFetcher(writer, first.deps);
    await stopped.start();
    await expect.poll(() => first.log.length).toBe(GLOBAL_CONCURRENCY);
    expect((await readLinkFetch()).state).toMatchObject({ status: 'running', total: 5, filled: 0 });

    // A new background (a restart: a new writer and fetcher on the same database).
    const net = harness();
    const next = createLinkFetcher(createLibraryWriter(), net.deps);
    await next.resumeIfRunning();
    expect(net.log.map((r) => r.url).sort()).toEqual([...urls].sort());
    const entries = await byUrl();
    for (const url of urls) expect(entries.get(url)).toMatchObject({ content: 'article' });
    expect((await readLinkFetch()).state).toMatchObject({ status: 'idle', total: 5, filled: 5 });
  });

  it('a fetch that ends without an answer (the fetching document closed, a shutdown) leaves the link queued, not failed', async () => {
    const urls = ['https://a.example/story', 'https://b.example/story', 'https://c.example/story'];
    const writer = await libraryWithLinks(urls);
    // The browser shuts down: every fetch in flight loses its document; the worker goes before the next try.
    const first = harness(() => 'interrupted');
    const stopped = createLinkFetcher(writer, first.deps);
    await stopped.start();
    await stopped.pause();
    await stopped.idle();
    const left = await readLinkFetch();
    expect(left.state).toMatchObject({ failed: 0, filled: 0, total: 3 });
    expect(left.items.map((i) => [i.url, i.status, i.attempts])).toEqual(expect.arrayContaining(urls.map((url) => [url, 'queued', 0])));

    // The next background (after the restart) fetches them: each filled, none counted failed.
    const net = harness();
    const next = createLinkFetcher(createLibraryWriter(), net.deps);
    await next.resume();
    await next.idle();
    const entries = await byUrl();
    for (const url of urls) expect(entries.get(url)).toMatchObject({ content: 'article' });
    expect((await readLinkFetch()).state).toMatchObject({ status: 'idle', total: 3, filled: 3, failed: 0 });
  });

  it('a link whose fetch never gets an answer is tried a few times, then recorded as failed', async () => {
    const urls = ['https://a.example/never', 'https://b.example/ok'];
    const writer = await libraryWithLinks(urls);
    const net = harness((url) => (url.endsWith('/never') ? 'interrupted' : { ok: true, article: articleOf(url), images: null }));
    const fetcher = createLinkFetcher(writer, net.deps);
    await fetcher.start();
    await fetcher.idle();
    expect(net.log.filter((r) => r.url.endsWith('/never'))).toHaveLength(MAX_INTERRUPTIONS);
    const { state, items } = await readLinkFetch();
    expect(state).toMatchObject({ status: 'idle', total: 2, filled: 1, failed: 1 });
    expect(items).toEqual([expect.objectContaining({ url: 'https://a.example/never', status: 'failed', reason: 'failed' })]);
  });
});
