/**
 * Faults with nothing lost, in real Chromium with the built extension: the service worker stopped
 * (CDP ServiceWorker.stopAllWorkers) in the middle of a bulk write and of a save, a full disk
 * (QuotaExceededError from IndexedDB, injected in the worker) met by the Save button, corrupt
 * records and entries and a record from a newer schema, 100 saves at once, and two windows editing
 * the same article's tags. After each, what IndexedDB holds is read with raw IndexedDB.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionDirFor, launchWithExtension, openExtensionPage, type ExtensionBrowser } from '../../scripts/lib/browser';
import { startStaticServer, type StaticServer } from '../../scripts/lib/server';
import { openPopup, waitUntil } from '../../scripts/lib/views';
import { LIBRARY_SCHEMA_VERSION } from '../../utils/library/schema';
import type { LibraryEntry } from '../../utils/library/types';
import { makeArticle } from '../unit/support/article-factory';
import { seedLibrary } from './library-seed';
import { restartedServiceWorker, stopServiceWorkers, storedLibrary, type StoredLibrary } from './support';

declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

const FIXTURES = resolve(import.meta.dirname, '..', 'fixtures');

/** Every entry is what its record says (the fields a bulk change or a save touches), and meta counts the records. */
function expectConsistent(library: StoredLibrary): void {
  const records = new Map(library.records.map((r) => [r.id, r]));
  expect(library.entries.map((e) => e.id).sort()).toEqual([...records.keys()].sort());
  for (const entry of library.entries) {
    const record = records.get(entry.id)!;
    const article = record.article as { title: string; url: string };
    expect({ archivedAt: entry.archivedAt, favourite: entry.favourite, tags: entry.tags, title: entry.title, url: entry.url }).toEqual({
      archivedAt: record.archivedAt,
      favourite: record.favourite,
      tags: record.tags,
      title: article.title,
      url: article.url,
    });
  }
  expect(library.meta).toMatchObject({ recordCount: library.records.length, damagedIds: [] });
}

/** Counts the library writes the worker issues (IDBObjectStore.put, by store), for the test to pick its moment. */
async function countPuts(sw: Worker): Promise<void> {
  await sw.evaluate(() => {
    const g = globalThis as unknown as { __puts?: Record<string, number>; __put?: IDBObjectStore['put'] };
    g.__puts = {};
    g.__put ??= IDBObjectStore.prototype.put;
    const original = g.__put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      g.__puts![this.name] = (g.__puts![this.name] ?? 0) + 1;
      return original.apply(this, args);
    };
  });
}

const putsSoFar = (sw: Worker) => sw.evaluate(() => (globalThis as unknown as { __puts: Record<string, number> }).__puts);

/** Sends a message from an extension page without waiting; the answer (or the closed port's error) is kept in the page. */
async function sendInBackground(page: Page, message: unknown): Promise<void> {
  await page.evaluate((m) => {
    const w = window as unknown as { __answer?: Promise<unknown> };
    w.__answer = chrome.runtime.sendMessage(m).then(
      (value) => ({ value }),
      (error: unknown) => ({ error: String(error) }),
    );
  }, message);
}

describe('faults, end to end', () => {
  let profile: string;
  let browser: ExtensionBrowser;
  let sw: Worker;
  let server: StaticServer;
  let page: Page;
  const send = (message: unknown) => page.evaluate((m) => chrome.runtime.sendMessage(m), message);

  /** Stops the worker, wakes it with a message from the page, and returns the new one. */
  async function killAndRestart(): Promise<Worker> {
    await sw.evaluate(() => {
      (globalThis as unknown as { __beforeKill: boolean }).__beforeKill = true;
    });
    await stopServiceWorkers(browser.context, page);
    // The message that wakes the background (as a view opening the library does).
    expect(await send({ type: 'prepareLibrary', payload: { repair: false } })).toMatchObject({ ok: true });
    sw = await restartedServiceWorker(browser.context, browser.extensionId);
    // A new worker, not the old one carrying on.
    expect(await sw.evaluate(() => (globalThis as unknown as { __beforeKill?: boolean }).__beforeKill)).toBeUndefined();
    return sw;
  }

  beforeAll(async () => {
    profile = await mkdtemp(join(tmpdir(), 'reader-e2e-faults-'));
    browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome'), userDataDir: profile });
    sw = browser.serviceWorker;
    server = await startStaticServer(FIXTURES);
    page = await openExtensionPage(browser.context, browser.extensionId, 'sidepanel.html#library');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(profile, { recursive: true, force: true });
  });

  it('a full disk: Save says there is no room, and the library is unchanged', async () => {
    await seedLibrary(sw, 2, { plain: true });
    const before = await storedLibrary(sw);
    const tab = await browser.context.newPage();
    await tab.goto(server.url('/sample-news-page.html?quota'));
    const { view } = await openPopup(browser, tab, (s) => s.title !== null);
    const room = (full: boolean) =>
      sw.evaluate((f) => {
        const g = globalThis as unknown as { __put?: IDBObjectStore['put'] };
        g.__put ??= IDBObjectStore.prototype.put;
        IDBObjectStore.prototype.put = f
          ? () => {
              throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
            }
          : g.__put;
      }, full);
    // The button is disabled until the popup knows whether the page is saved: a click then is lost.
    const enabled = () => view.evaluate(() => !(document.querySelector('[data-testid="save-button"]') as HTMLButtonElement | null)?.disabled);
    await waitUntil(enabled, (on) => on, 'the Save button');
    await room(true);
    try {
      await view.click('[data-testid="save-button"]');
      const error = await waitUntil(
        () => view.evaluate(() => document.querySelector('.inline-error')?.textContent ?? null),
        (text) => text !== null,
        'the save error',
      );
      expect(error).toBe('Your browser has no room left for saved articles. Delete some saved articles, then try again.');
      expect(await storedLibrary(sw)).toEqual(before);
    } finally {
      // Room again (also when the test failed: the other tests need a working disk).
      await room(false);
    }
    await waitUntil(enabled, (on) => on, 'the Save button');
    await view.click('[data-testid="save-button"]');
    await waitUntil(
      () => view.evaluate(() => document.querySelector('[data-testid="save-button"]')?.textContent ?? ''),
      (label) => label.includes('Saved'),
      'the article to be saved',
    );
    expectConsistent(await storedLibrary(sw));
    await view.detach();
    await tab.close();
  });

  it('a corrupt record, a corrupt and a missing entry, a record from a newer schema: the list is rebuilt, the rest readable, nothing deleted', async () => {
    const entries = await seedLibrary(sw, 5, { plain: true });
    const [damagedRecord, damagedEntry, missingEntry, newerRecord] = entries.map((e) => e.id);
    const newer = await sw.evaluate(
      async ({ damagedRecord, damagedEntry, missingEntry, newerRecord, version }) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const r = indexedDB.open('reader-library');
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        const tx = db.transaction(['records', 'entries'], 'readwrite');
        const records = tx.objectStore('records');
        const next = await new Promise<Record<string, unknown>>((resolve) => {
          const r = records.get(newerRecord!);
          r.onsuccess = () => resolve({ ...(r.result as Record<string, unknown>), schemaVersion: version + 1, highlights: [1, 2] });
        });
        records.put(next);
        records.put({ schemaVersion: version, id: damagedRecord, article: 'garbage' });
        tx.objectStore('entries').put({ id: damagedEntry, title: 42 });
        tx.objectStore('entries').delete(missingEntry!);
        await new Promise((resolve) => (tx.oncomplete = resolve));
        db.close();
        return next;
      },
      { damagedRecord, damagedEntry, missingEntry, newerRecord, version: LIBRARY_SCHEMA_VERSION },
    );
    const library = await openExtensionPage(browser.context, browser.extensionId, 'sidepanel.html#library');
    const items = library.getByTestId('library-item');
    // Listed: the two whole ones, the one whose entry was missing or damaged (rebuilt from its
    // record), and the newer one (its own entry kept); not the corrupt record.
    await expect.poll(() => items.count(), { timeout: 15_000 }).toBe(4);
    const listed = (await items.allInnerTexts()).join('\n');
    expect(listed).not.toContain(entries[0]!.title);
    // Said once, by whichever open library view read the damage first (each remembers the report it showed).
    const said = async () => (await Promise.all([page, library].map((p) => p.locator('body').innerText()))).join('\n');
    await expect.poll(said, { timeout: 15_000 }).toMatch(/rebuilt from the saved articles themselves/);
    expect(await said()).toMatch(/1 saved article is damaged and could not be listed/);
    await library.getByRole('button', { name: new RegExp(`^${entries[3]!.title.replace(/[()]/g, '\\$&')}`) }).click();
    await expect.poll(() => library.locator('body').innerText()).toMatch(/saved by a newer version of the extension/);
    // Nothing was deleted: the damaged and the newer record are still stored as they were.
    const stored = await storedLibrary(sw);
    expect(stored.records).toHaveLength(5);
    expect(stored.records.find((r) => r.id === newerRecord)).toEqual(newer);
    // Saving the newer one's page again is refused, not written over it.
    const article = (newer as { article: Parameters<typeof makeArticle>[0] }).article;
    expect(await send({ type: 'saveArticle', payload: { article: { ...article, title: 'Saved again' } } })).toMatchObject({ ok: false, error: 'newer-schema' });
    expect((await storedLibrary(sw)).records.find((r) => r.id === newerRecord)).toEqual(newer);
    await library.close();
  });

  it('100 saves at once: every one lands, each once, and the library is consistent', async () => {
    await seedLibrary(sw, 0);
    const results = (await page.evaluate(async () => {
      const saves = Array.from({ length: 100 }, (_, i) => ({
        type: 'saveArticle',
        payload: {
          article: {
            url: `https://many.example/${i}`,
            title: `Story ${i}`,
            byline: null,
            siteName: 'Many',
            publishedTime: null,
            lang: 'en',
            dir: 'ltr',
            excerpt: null,
            leadImageUrl: null,
            wordCount: 3,
            readingTimeMinutes: 1,
            contentHtml: `<p>Story ${i} body.</p>`,
            text: `Story ${i} body.`,
            readerable: true,
          },
        },
      }));
      return Promise.all(saves.map((m) => chrome.runtime.sendMessage(m)));
    })) as Array<{ ok: boolean }>;
    expect(results.filter((r) => r.ok)).toHaveLength(100);
    const stored = await storedLibrary(sw);
    expect(new Set(stored.entries.map((e: LibraryEntry) => e.title)).size).toBe(100);
    expectConsistent(stored);
  });

  it('two windows editing the same article’s tags at once: both edits are kept, and both windows show them', async () => {
    const [entry] = await seedLibrary(sw, 1, { plain: true });
    const id = entry!.id;
    expect(await send({ type: 'addTags', payload: { ids: [id], tags: ['Shared'] } })).toMatchObject({ ok: true });
    const one = await openExtensionPage(browser.context, browser.extensionId, 'sidepanel.html#library');
    const two = await openExtensionPage(browser.context, browser.extensionId, 'sidepanel.html#library');
    for (const view of [one, two]) await expect.poll(() => view.getByTestId('library-item').count()).toBe(1);
    await Promise.all([
      one.evaluate((i) => chrome.runtime.sendMessage({ type: 'addTags', payload: { ids: [i], tags: ['Politics'] } }), id),
      two.evaluate((i) => chrome.runtime.sendMessage({ type: 'addTags', payload: { ids: [i], tags: ['Climate'] } }), id),
      one.evaluate((i) => chrome.runtime.sendMessage({ type: 'removeTags', payload: { ids: [i], tags: ['shared'] } }), id),
    ]);
    const stored = await storedLibrary(sw);
    expect(stored.records[0]!.tags).toEqual(['Climate', 'Politics']);
    expectConsistent(stored);
    for (const view of [one, two]) {
      await expect.poll(() => view.getByTestId('library-item').innerText()).toMatch(/Climate[\s\S]*Politics/);
      expect(await view.getByTestId('library-item').innerText()).not.toContain('Shared');
    }
    await one.close();
    await two.close();
  });
  // Last: a stopped worker comes back as a new one, and what a test injected into the old one is gone.
  it('stopped in the middle of a bulk change of 3,000 articles: none of it lands, the library is consistent on restart', async () => {
    const entries = await seedLibrary(sw, 3000, { plain: true });
    const ids = entries.map((e) => e.id);
    await countPuts(sw);
    await sendInBackground(page, { type: 'setArticlesArchived', payload: { ids, archived: true } });
    // Stop it once a fifth of the records are written in the (one) transaction, before it can commit.
    const seen = await waitUntil(
      () => putsSoFar(sw),
      (p) => (p.records ?? 0) >= 600,
      'the bulk change to be under way',
      60_000,
    );
    expect(seen.records).toBeLessThan(3000);
    await killAndRestart();
    const answer = await page.evaluate(() => (window as unknown as { __answer: Promise<unknown> }).__answer);
    // The page heard no answer (the port closed with the worker), not a false success.
    expect(answer).not.toMatchObject({ value: { ok: true } });
    const after = await storedLibrary(sw);
    expect(after.records).toHaveLength(3000);
    expect(after.records.filter((r) => r.archivedAt !== null)).toHaveLength(0);
    expectConsistent(after);
    // Asked again, the change lands whole.
    expect(await send({ type: 'setArticlesArchived', payload: { ids, archived: true } })).toMatchObject({ ok: true });
    const done = await storedLibrary(sw);
    expect(done.records.filter((r) => r.archivedAt !== null)).toHaveLength(3000);
    expectConsistent(done);
  });

  it('stopped in the middle of a save of a large article: the record is whole or absent, never half', async () => {
    await seedLibrary(sw, 3, { plain: true });
    const body = `<p>${'A long paragraph of the report. '.repeat(40)}</p>`.repeat(4000);
    const article = makeArticle({ url: 'https://big.example/report', title: 'The big report', contentHtml: body, text: body.replace(/<[^>]+>/g, '') });
    await countPuts(sw);
    await sendInBackground(page, { type: 'saveArticle', payload: { article } });
    await waitUntil(
      () => putsSoFar(sw),
      (p) => (p.records ?? 0) >= 1,
      'the save to reach IndexedDB',
      60_000,
    );
    await killAndRestart();
    const after = await storedLibrary(sw);
    const saved = after.records.find((r) => (r.article as { url: string }).url === article.url);
    if (saved) expect((saved.article as { contentHtml: string }).contentHtml).toBe(body);
    expect(after.records).toHaveLength(saved ? 4 : 3);
    expectConsistent(after);
    console.log(`save stopped mid-way: the record is ${saved ? 'whole (the commit won)' : 'absent (the transaction was aborted)'}`);
  });
});
