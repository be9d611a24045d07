/**
 * The search worker in the built extension, in real Chromium: the search-check build's page starts
 * it as the library view does (a bundled module worker, under the extension pages' CSP), indexes
 * articles streamed from the page, answers searches (prefix, typo, diacritics, Chinese, Japanese)
 * with snippets, keeps its index in IndexedDB across a reopen and rebuilds it when it is gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, openExtensionPage, type ExtensionBrowser } from '../../scripts/lib/browser';
import { buildSearchCheck, checkPage } from '../../scripts/lib/search-check';
import type { SearchSource } from '../../utils/library/types';

const doc = (id: string, title: string, text: string, lang: string | null = 'en'): SearchSource => ({
  id,
  updatedAt: 1,
  title,
  siteName: 'Example',
  byline: null,
  tags: [],
  excerpt: null,
  text,
  lang,
});

const LIBRARY: SearchSource[] = [
  doc('aurora', 'Aurora over Tromsø', 'The northern lights painted the fjord green for an hour.'),
  doc('bread', 'Sourdough at home', 'A starter needs flour, water and patience. Café owners swear by rye.'),
  doc('zh', '旅行日记', '去年夏天我们在北京大学附近住了一个月，每天早上去图书馆学习。', 'zh'),
  doc('ja', '日本の旅', '京都の古いお寺を見に行きました。形態素解析の本も買いました。', 'ja'),
];

describe('search worker in the built extension (Chromium)', () => {
  let browser: ExtensionBrowser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    const dir = buildSearchCheck('chrome');
    browser = await launchWithExtension({ extensionDir: dir });
    page = await openExtensionPage(browser.context, browser.extensionId, 'search-check.html');
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await checkPage(page).ready();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('starts the worker, indexes the page’s articles and answers searches with snippets', async () => {
    const check = checkPage(page);
    await check.fill(LIBRARY);
    const workerStarted = page.waitForEvent('worker');
    await check.start();
    const worker = await workerStarted;
    expect(worker.url()).toMatch(new RegExp(`^chrome-extension://${browser.extensionId}/assets/worker-.*\\.js$`));
    expect(await check.untilComplete()).toMatchObject({ phase: 'ready', complete: true, indexed: 4, persisted: true });

    const aurora = await check.search('north');
    expect(aurora.hits.map((h) => h.id)).toEqual(['aurora']);
    const [snippet] = await check.snippets('north', ['aurora']);
    expect(snippet!.snippet.filter((p) => p.match).map((p) => p.text)).toEqual(['northern']);
    expect((await check.search('patienec ')).hits.map((h) => h.id)).toEqual(['bread']);
    expect((await check.search('cafe')).hits.map((h) => h.id)).toEqual(['bread']);
    expect((await check.search('图书馆')).hits.map((h) => h.id)).toEqual(['zh']);
    expect((await check.search('お寺')).hits.map((h) => h.id)).toEqual(['ja']);
    expect(errors).toEqual([]);
  });

  it('reopens from the snapshot in IndexedDB, applies changes, and rebuilds when the database is deleted', async () => {
    const check = checkPage(page);
    await check.fill([doc('glacier', 'Glaciers retreat', 'Ice loss measured by satellite.')]);
    expect((await check.changed({ changed: ['glacier'] })).indexed).toBe(5);
    // Let the debounced write land, then start a fresh worker on the same database.
    await page.waitForTimeout(2_500);
    await check.stop();
    await check.loads();
    await check.start();
    const reopened = await check.untilComplete();
    expect(reopened).toMatchObject({ complete: true, indexed: 5 });
    // Nothing changed since the snapshot: no article is read again.
    expect(await check.loads()).toEqual([]);
    expect((await check.search('satellite')).hits.map((h) => h.id)).toEqual(['glacier']);

    await check.stop();
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const r = indexedDB.deleteDatabase('reader-search-page-sources');
          r.onsuccess = () => resolve();
          r.onerror = () => reject(new Error('could not delete'));
        }),
    );
    await check.start();
    expect(await check.untilComplete()).toMatchObject({ complete: true, indexed: 5 });
    expect((await check.loads()).flat().sort()).toEqual(['aurora', 'bread', 'glacier', 'ja', 'zh']);
    expect((await check.search('fjord')).hits.map((h) => h.id)).toEqual(['aurora']);
    expect(errors).toEqual([]);
  });
});
