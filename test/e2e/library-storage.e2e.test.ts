/**
 * The library's storage in real Chromium: an update from schema 1 (storage.local, written here in
 * the exact shape the schema-1 writer left, test/unit/library/v1) is moved into IndexedDB when the
 * background starts, with read marks, pending deletes and reading positions; and a bulk change
 * sent as a message reaches an open library tab through the BroadcastChannel.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionDirFor, launchWithExtension, openExtensionPage, type ExtensionBrowser } from '../../scripts/lib/browser';
import { makeArticle } from '../unit/support/article-factory';
import { INDEX_KEY, entryFor, recordKey, type StoredRecord } from '../unit/library/v1/schema';
import { storedArticleCount } from './support';

// Code passed to serviceWorker.evaluate() runs in the extension, where `chrome` is the global.
declare const chrome: {
  storage: { local: { get(key: string | null): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> } };
  runtime: { sendMessage(message: unknown): Promise<unknown> };
};

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1);

/** A schema-1 library of three articles: one read, one deleted a moment ago (undo still possible). */
function schema1Library() {
  const records: StoredRecord[] = [1, 2, 3].map((n) => ({
    schemaVersion: 1,
    id: `v1-article-${n}`,
    savedAt: T0 + n * DAY,
    readAt: n === 2 ? T0 + 2 * DAY + 3_600_000 : null,
    article: makeArticle({
      url: `https://old.example/story-${n}`,
      title: `Old story ${n}`,
      text: `Body of old story ${n}`,
      contentHtml: `<p>Body of old story ${n}</p>`,
    }),
  }));
  // Newest first, as the schema-1 writer kept its index; the third was deleted just now.
  const entries = records.map((r) => entryFor(r, r.id === 'v1-article-3' ? Date.now() : null)).reverse();
  return { [INDEX_KEY]: { schemaVersion: 1, entries }, ...Object.fromEntries(records.map((r) => [recordKey(r.id), r])) };
}

describe('library storage, end to end', () => {
  let profile: string;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    profile = await mkdtemp(join(tmpdir(), 'reader-e2e-storage-'));
    browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome'), userDataDir: profile });
  });

  afterAll(async () => {
    await browser?.close();
    await rm(profile, { recursive: true, force: true });
  });

  it('moves a schema-1 library into IndexedDB when the updated extension starts', async () => {
    const position = { block: 2, offset: 0.5, progress: 0.5, updatedAt: T0 };
    // As before the update: no database, the library and a position in storage.local.
    await browser.serviceWorker.evaluate(
      async ({ items }) => {
        await new Promise<void>((resolve, reject) => {
          const request = indexedDB.deleteDatabase('reader-library');
          request.onsuccess = () => resolve();
          request.onerror = () => reject(request.error ?? new Error('deleteDatabase failed'));
        });
        await chrome.storage.local.set(items);
      },
      { items: { ...schema1Library(), 'position:saved:v1-article-1': position } },
    );
    await browser.context.close();
    browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome'), userDataDir: profile });

    const library = await openExtensionPage(browser.context, browser.extensionId, 'sidepanel.html#library');
    const items = library.getByTestId('library-item');
    await expect.poll(() => items.count(), { timeout: 15_000 }).toBe(2);
    const texts = await items.allInnerTexts();
    expect(texts[0]).toContain('Old story 2');
    expect(texts[0]).toContain('Mark as unread');
    expect(texts[1]).toContain('Old story 1');
    expect(await storedArticleCount(browser.serviceWorker)).toBe(2);

    const left = await browser.serviceWorker.evaluate(async () => {
      const all = await chrome.storage.local.get(null);
      return { library: Object.keys(all).filter((k) => k.startsWith('library:')), position: all['position:saved:v1-article-1'] };
    });
    expect(left).toEqual({ library: [], position });

    await library.getByRole('button', { name: /^Old story 1/ }).click();
    await library.getByTestId('article-body').waitFor();
    expect(await library.getByTestId('article-body').innerText()).toContain('Body of old story 1');

    // The pending delete came along: it can still be undone (a message from a page, as the UI sends it).
    const restored = await library.evaluate(() => chrome.runtime.sendMessage({ type: 'restoreArticles', payload: { ids: ['v1-article-3'] } }));
    expect(restored).toMatchObject({ ok: true, value: [{ id: 'v1-article-3', deletedAt: null }] });
    await library.close();
  });

  it('shows a bulk change made elsewhere in an open library tab', async () => {
    const library = await openExtensionPage(browser.context, browser.extensionId, 'sidepanel.html#library');
    const items = library.getByTestId('library-item');
    await expect.poll(() => items.count()).toBe(3);
    // Another extension page sends the change; the background's writer commits it and posts on the channel.
    const other = await openExtensionPage(browser.context, browser.extensionId, 'popup.html');
    const send = (message: unknown) => other.evaluate((m) => chrome.runtime.sendMessage(m), message);
    const ids = ['v1-article-1', 'v1-article-2', 'v1-article-3'];
    expect(await send({ type: 'deleteArticles', payload: { ids } })).toMatchObject({ ok: true });
    await expect.poll(() => items.count()).toBe(0);
    expect(await send({ type: 'restoreArticles', payload: { ids } })).toMatchObject({ ok: true });
    await expect.poll(() => items.count()).toBe(3);
    expect(await send({ type: 'addTags', payload: { ids: ['v1-article-1'], tags: ['  Kept  '] } })).toMatchObject({ ok: true, value: [{ tags: ['Kept'] }] });
    await other.close();
    await library.close();
  });
});
