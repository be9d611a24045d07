/**
 * Imported links' articles fetched in the background (issue 11), in real Chromium: a Pocket CSV
 * whose addresses point at pages served from 127.0.0.1 and localhost (two sites) is imported; the
 * Library offers the fetch with its why, and nothing is fetched before the user allows it; once the
 * permission is granted, the click starts it, progress shows, the articles fill the links, a 404
 * and a page that is not an article are recorded with their reasons on their items (with Try
 * again), no cookie is sent — and a browser restart in the middle of the queue carries on.
 *
 * The browser's permission prompt is a native dialog headless Chromium cannot answer, so the grant
 * a user's "Allow" leaves behind is written into the closed profile's Preferences (the same
 * `granted_permissions` Chromium writes); the page's click then calls permissions.request, which
 * the browser answers at once (already granted), and the fetch starts from that click.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionDirFor, launchWithExtension, openExtensionPage, type ExtensionBrowser } from '../../scripts/lib/browser';
import { startStaticServer, type ObservedRequest, type StaticServer } from '../../scripts/lib/server';
import { waitUntil } from '../../scripts/lib/views';
import type { Browser } from 'wxt/browser';
import { blocking, pageHost, runAxe } from './a11y-support';
import { storedEntries } from './support';

// Code passed to serviceWorker.evaluate() runs in the extension, where `chrome` is the global.
declare const chrome: typeof Browser;

const FIXTURES = resolve(import.meta.dirname, '..', 'fixtures');
const OUTPUT = resolve(import.meta.dirname, '..', '..', 'test-output');
/** Article pages (the last one with a chart image, kept with its article as a save keeps it). */
const ARTICLES = ['news-brief', 'longform-feature', 'interview-qa', 'opinion-column', 'press-release', 'listicle', 'poem']
  .map((name) => `/gate/articles/${name}.html`)
  .concat('/pages/rich-article.html');

interface StoredRun {
  state: { status: string; total: number; filled: number; failed: number } | null;
  items: Array<{ url: string; status: string; reason: string | null; httpStatus: number | null }>;
}

/**
 * The extension's service worker as it is now: Chrome may have stopped the one the launch found and
 * started another, and asking a stopped worker never answers.
 */
function liveWorker(b: ExtensionBrowser): Worker {
  return b.context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${b.extensionId}/`)) ?? b.serviceWorker;
}

/** A question to a worker that gives up after `ms` (so a wait asks again instead of hanging). */
function answerWithin<T>(asked: Promise<T>, ms = 10_000): Promise<T> {
  return Promise.race([asked, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer from the service worker in ${ms} ms`)), ms))]);
}

/** The queue as stored (raw IndexedDB in the service worker, not the extension's code). */
async function storedRun(sw: Worker): Promise<StoredRun> {
  return answerWithin(readRun(sw));
}

async function readRun(sw: Worker): Promise<StoredRun> {
  return sw.evaluate(async () => {
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
      });
    const open = indexedDB.open('reader-library');
    open.onupgradeneeded = () => open.transaction?.abort();
    const db = await request(open).catch(() => null);
    if (!db) return { state: null, items: [] };
    try {
      if (!db.objectStoreNames.contains('linkFetch')) return { state: null, items: [] };
      const store = db.transaction('linkFetch', 'readonly').objectStore('linkFetch');
      const [state, items] = await Promise.all([request(store.get('state')), request(store.getAll(IDBKeyRange.bound('item:', 'item:\uffff')))]);
      return { state: (state ?? null) as StoredRun['state'], items: items as StoredRun['items'] };
    } finally {
      db.close();
    }
  });
}

/** The addresses of a saved article's kept images (raw IndexedDB in the service worker). */
async function storedImageUrls(sw: Worker, id: string): Promise<string[]> {
  return sw.evaluate(async (articleId) => {
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
      });
    const db = await request(indexedDB.open('reader-library'));
    try {
      const all = (await request(db.transaction('images', 'readonly').objectStore('images').getAll())) as Array<{ articleId: string; url: string }>;
      return all.filter((image) => image.articleId === articleId).map((image) => image.url);
    } finally {
      db.close();
    }
  }, id);
}

/** What a user's "Allow" on the prompt leaves in the profile: the optional host pattern among the granted ones. Only while the browser is closed. */
async function grantAllSitesInProfile(profile: string, extensionId: string): Promise<void> {
  const file = join(profile, 'Default', 'Preferences');
  const prefs = JSON.parse(await readFile(file, 'utf8')) as { extensions: { settings: Record<string, Record<string, { explicit_host?: string[] }>> } };
  const settings = prefs.extensions.settings[extensionId];
  if (!settings) throw new Error('The extension has no settings in the profile yet');
  for (const key of ['granted_permissions', 'active_permissions']) settings[key] = { ...settings[key], explicit_host: ['*://*/*'] };
  await writeFile(file, JSON.stringify(prefs));
}

describe('fetching imported links’ articles in the background', () => {
  let profile: string;
  let server: StaticServer;
  let browser: ExtensionBrowser;
  const requests: ObservedRequest[] = [];
  /** The imported addresses: articles alternately on two sites, a missing page, a page that is not an article. */
  let urls: { articles: string[]; missing: string; notArticle: string };

  const launch = () => launchWithExtension({ extensionDir: extensionDirFor('chrome'), userDataDir: profile });
  const fetchedPages = () => requests.filter((r) => r.url.endsWith('.html'));

  async function openLibrary(): Promise<Page> {
    const page = await openExtensionPage(browser.context, browser.extensionId, 'sidepanel.html#library?view=all');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByTestId('library').waitFor();
    return page;
  }

  beforeAll(async () => {
    profile = await mkdtemp(join(tmpdir(), 'reader-link-fetch-'));
    server = await startStaticServer(FIXTURES, { onRequest: (request) => requests.push(request) });
    const port = new URL(server.origin).port;
    const site = (i: number) => (i % 2 === 0 ? `http://127.0.0.1:${port}` : `http://localhost:${port}`);
    urls = {
      articles: ARTICLES.map((path, i) => `${site(i)}${path}`),
      missing: `${site(0)}/gate/articles/no-such-story.html`,
      notArticle: `${site(1)}/gate/non-articles/author-archive.html`,
    };
    browser = await launch();
    // A session cookie for both sites: the background's fetch must not send it.
    await browser.context.addCookies([
      { name: 'session', value: 'secret', domain: '127.0.0.1', path: '/' },
      { name: 'session', value: 'secret', domain: 'localhost', path: '/' },
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(profile, { recursive: true, force: true });
  });

  it('offers the fetch with why after a Pocket import, and fetches nothing without the permission', async () => {
    const page = await openLibrary();
    const all = [...urls.articles, urls.missing, urls.notArticle];
    const csv = ['title,url,time_added,cursor,tags,status', ...all.map((url, i) => `Saved link ${i + 1},${url},${1_700_000_000 + i},${i},later,unread`)].join(
      '\n',
    );
    await page.getByTestId('import-button').click();
    await page.getByTestId('import-file').setInputFiles({ name: 'pocket.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('import-report').waitFor({ timeout: 30_000 });
    await page.getByTestId('import-done').click();
    await expect.poll(() => page.getByTestId('library-count').textContent()).toBe('10 saved');
    expect((await storedEntries(liveWorker(browser))).filter((e) => e.content === 'link')).toHaveLength(10);

    const offer = page.getByTestId('link-fetch');
    await expect.poll(() => offer.getAttribute('data-state')).toBe('offer');
    expect(await page.getByTestId('link-fetch-why').innerText()).toBe(
      '10 saved links have no article yet. Reader can fetch their pages in the background and keep the articles here, readable offline, if you allow it to read pages on the sites they point to. The browser asks you once; no cookies are sent, and nothing is fetched without it.',
    );
    expect(await page.getByTestId('link-fetch-allow').innerText()).toBe('Allow and fetch the articles');
    expect(blocking(await runAxe(pageHost(page)))).toEqual([]);
    await page.screenshot({ path: join(OUTPUT, 'link-fetch-offer.png') });
    expect(await browser.serviceWorker.evaluate(() => chrome.permissions.contains({ origins: ['*://*/*'] }))).toBe(false);

    // Without the permission a link stays a link, and opening it offers its page (the newest article's row, on screen).
    await page.getByRole('button', { name: 'Saved link 8', exact: true }).click();
    await page.getByTestId('saved-link-notice').waitFor();
    expect(await page.getByTestId('open-the-page').getAttribute('href')).toBe(urls.articles[7]);
    expect(await page.getByTestId('link-fetch-status').count()).toBe(0);
    expect(fetchedPages()).toEqual([]);
    expect((await storedRun(liveWorker(browser))).items).toEqual([]);
    await page.close();
  });

  // Its waits allow 60 s to reach the middle and 90 s to finish after the restart (each site's
  // pages 3 s apart): the case's own limit is above them, so a slow run fails with the wait's message.
  it('once allowed, the click starts it: progress shows, and a restart in the middle carries on', { timeout: 240_000 }, async () => {
    await browser.close();
    await grantAllSitesInProfile(profile, browser.extensionId);
    browser = await launch();
    const page = await openLibrary();
    const allow = page.getByTestId('link-fetch-allow');
    // Already allowed: the button just starts (the click still goes through permissions.request).
    await expect.poll(() => allow.innerText()).toBe('Fetch the articles');
    await allow.click();
    const progress = page.getByTestId('link-fetch-progress');
    await progress.waitFor();
    expect(await progress.innerText()).toMatch(/^Fetching articles: \d+ of 10$/);
    await page.getByTestId('link-fetch-pause').waitFor();

    // Part-way through (some filled, some still queued), the browser goes away.
    const atStop = await waitUntil(
      () => storedRun(liveWorker(browser)),
      (run) => (run.state?.filled ?? 0) >= 2 && run.items.some((item) => item.status === 'queued'),
      'the fetch to be part-way through its queue',
      60_000,
    );
    await browser.close();
    expect(atStop.state).toMatchObject({ status: 'running', total: 10 });

    browser = await launch();
    const done = await waitUntil(
      () => storedRun(liveWorker(browser)),
      (run) => run.state?.status === 'idle',
      'the interrupted fetch to finish after the restart',
      90_000,
    );
    expect(done.state).toMatchObject({ status: 'idle', total: 10, filled: 8, failed: 2 });
    expect(done.state!.filled).toBeGreaterThan(atStop.state!.filled);
    const failures = Object.fromEntries(done.items.map((item) => [item.url, [item.status, item.reason, item.httpStatus]]));
    expect(failures).toEqual({ [urls.missing]: ['failed', 'http', 404], [urls.notArticle]: ['failed', 'not-article', null] });

    const entries = await storedEntries(liveWorker(browser));
    for (const url of urls.articles) {
      const entry = entries.find((e) => e.url === url);
      expect(entry, url).toMatchObject({ content: 'article', tags: ['later'] });
      expect(entry!.wordCount, url).toBeGreaterThan(50);
    }
    expect(
      entries
        .filter((e) => e.content === 'link')
        .map((e) => e.url)
        .sort(),
    ).toEqual([urls.missing, urls.notArticle].sort());
    // The rich article's chart was kept with it, as a save keeps images.
    const rich = entries.find((e) => e.url === urls.articles.at(-1))!;
    expect(await storedImageUrls(liveWorker(browser), rich.id)).toEqual([`${new URL(rich.url).origin}/pages/assets/tide-chart.svg`]);
    // Fetched as a stranger would: never with the sites' cookie.
    expect(fetchedPages().length).toBeGreaterThanOrEqual(10);
    expect(fetchedPages().filter((r) => r.headers.cookie !== undefined)).toEqual([]);
  });

  it('shows each failure on its item with its reason, and Try again fetches it again', async () => {
    const page = await openLibrary();
    await expect.poll(() => page.getByTestId('link-fetch-summary').innerText()).toBe('Articles fetched: 8 of 10. 2 could not be fetched; each says why.');
    const notes = page.getByTestId('library-item-fetch-note');
    await expect
      .poll(() => notes.allInnerTexts().then((texts) => texts.sort()))
      .toEqual(['Could not fetch: the page is not an article', 'Could not fetch: the site answered with error 404']);
    expect(blocking(await runAxe(pageHost(page)))).toEqual([]);
    await page.screenshot({ path: join(OUTPUT, 'link-fetch-finished.png') });
    // A fetched article opens from storage (the newest one: its row is on screen in the windowed list).
    const fetched = (await storedEntries(liveWorker(browser))).find((e) => e.url === urls.articles.at(-1))!;
    await page.getByRole('button', { name: fetched.title, exact: true }).click();
    await page.getByTestId('article-body').waitFor();
    await page.getByTestId('back-to-library').click();

    const missing = (await storedEntries(liveWorker(browser))).find((e) => e.url === urls.missing)!;
    await page.getByRole('button', { name: missing.title, exact: true }).click();
    const status = page.getByTestId('link-fetch-status');
    await status.waitFor();
    expect(await status.getAttribute('data-reason')).toBe('http');
    expect(await status.innerText()).toContain('Could not fetch: the site answered with error 404');
    const before = requests.filter((r) => r.url === new URL(urls.missing).pathname).length;
    await page.getByTestId('link-fetch-retry').click();
    await waitUntil(
      async () => requests.filter((r) => r.url === new URL(urls.missing).pathname).length,
      (count) => count > before,
      'the missing page to be asked for again',
      30_000,
    );
    // Still missing: recorded again, with its reason.
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 30_000 }).toBe('failed');
    expect((await storedRun(liveWorker(browser))).items.find((i) => i.url === urls.missing)).toMatchObject({ status: 'failed', httpStatus: 404 });
    await page.close();
  });
});
