/**
 * Export in the real extension (headless Chromium): a seeded library exported through the Library's
 * Export button — Markdown and the JSON backup of the whole library, CSV of a selection — each file
 * caught as the browser's download (a Blob link, no downloads permission) and read back: one note
 * per article with its front matter and a safe, unique name; the backup holds every article with
 * its state and reading position. Then the library is wiped and the backup restored through the
 * background's restoreBackup message, and what is stored is the same as before.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Download, Page, Worker } from 'playwright-core';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { extensionDirFor, launchWithExtension, openExtensionPage, type ExtensionBrowser } from '../../scripts/lib/browser';
import { fileStem } from '../../utils/export/filenames';
import { parseBackupJson } from '../../utils/import/backup';
import { backupFromReport, restoreItemOf } from '../../utils/import/backup-records';
import { RESTORE_BATCH_MAX } from '../../utils/model/messaging';
import type { LibraryEntry } from '../../utils/library/types';
import { pngImage } from '../../scripts/lib/fixtures';
import { seedLibrary } from './library-seed';

declare const chrome: {
  storage: { local: { set(v: object): Promise<void>; get(k: null): Promise<Record<string, unknown>>; clear(): Promise<void> } };
  runtime: { sendMessage(m: unknown): Promise<unknown> };
};

const COUNT = 60;

/** Everything stored in the library (records, entries, meta) and the saved positions, read raw in the service worker. */
function storedLibrary(sw: Worker) {
  return sw.evaluate(async () => {
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
      });
    const db = await request(indexedDB.open('reader-library'));
    try {
      const tx = db.transaction(['records', 'entries', 'meta'], 'readonly');
      const [records, entries, meta] = await Promise.all([
        request(tx.objectStore('records').getAll()),
        request(tx.objectStore('entries').getAll()),
        request(tx.objectStore('meta').get('library')),
      ]);
      const stored = await chrome.storage.local.get(null);
      const positions = Object.fromEntries(Object.entries(stored).filter(([k]) => k.startsWith('position:saved:')));
      return { records, entries, recordCount: (meta as { recordCount: number }).recordCount, positions };
    } finally {
      db.close();
    }
  });
}

describe('export', () => {
  let browser: ExtensionBrowser;
  let entries: LibraryEntry[];
  const pageErrors: string[] = [];

  async function openLibrary(): Promise<Page> {
    const page = await openExtensionPage(browser.context, browser.extensionId, 'sidepanel.html#library');
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('library-item').first().waitFor();
    return page;
  }

  /** Chooses a scope and a format in the Export dialog, starts, and returns the download and its bytes. */
  async function exportThrough(page: Page, scope: 'library' | 'selection', format: string): Promise<{ download: Download; bytes: Buffer }> {
    await expect.poll(() => page.getByTestId('library-export-button').isEnabled()).toBe(true);
    await page.getByTestId('library-export-button').click();
    await page.getByTestId(`export-scope-${scope}`).check();
    await page.getByTestId(`export-format-${format}`).check();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('export-dialog-start').click()]);
    const path = await download.path();
    await expect.poll(() => page.getByTestId('library-export-outcome').textContent()).toContain(download.suggestedFilename());
    return { download, bytes: await readFile(path) };
  }

  beforeAll(async () => {
    browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome') });
    entries = await seedLibrary(browser.serviceWorker, COUNT);
    // Two articles have been read part of the way.
    await browser.serviceWorker.evaluate(
      (positions) => chrome.storage.local.set(positions),
      Object.fromEntries(
        entries.slice(0, 2).map((e, i) => [`position:saved:${e.id}`, { block: 2 + i, offset: 0.5, progress: 0.3 + i / 10, updatedAt: 1_700_000_000_000 }]),
      ),
    );
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('exports the whole library as Markdown: one note per article, named by title, with front matter', async () => {
    const page = await openLibrary();
    // The notes are converted and compressed by the bundled workers, which the page's CSP lets start (their fallback would say so).
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    const started = page.waitForEvent('worker', { predicate: (worker) => worker.url().includes('export-worker'), timeout: 60_000 });
    const { download, bytes } = await exportThrough(page, 'library', 'markdown');
    await started;
    expect(warnings.filter((w) => w.includes('export worker'))).toEqual([]);
    expect(download.suggestedFilename()).toMatch(/^reader-markdown-\d{4}-\d{2}-\d{2}\.zip$/);
    const files = unzipSync(new Uint8Array(bytes));
    const names = Object.keys(files);
    expect(names).toHaveLength(COUNT);
    expect(names.every((n) => n.endsWith('.md'))).toBe(true);
    // Newest first, as the library lists them; every seeded title is unique, so each note is named by it.
    expect(names).toEqual(entries.map((e) => `${fileStem(e.title)}.md`));
    for (const [i, e] of entries.entries()) {
      const note = strFromU8(files[names[i]!]!);
      const m = /^---\n([\s\S]*?\n)---\n/.exec(note);
      expect(m, names[i]).not.toBeNull();
      const fm = parseYaml(m![1]!) as Record<string, unknown>;
      expect(fm).toMatchObject({
        title: e.title,
        url: e.url,
        author: e.byline,
        site: e.siteName,
        saved: new Date(e.savedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        tags: e.tags,
        archived: e.archivedAt !== null,
        favourite: e.favourite,
        read: e.readAt !== null,
      });
      expect(note).toContain(`# ${e.title}`);
      expect(note).toContain(`Paragraph two of article`);
    }
    await page.close();
  });

  it('exports a selection as CSV, only the selected rows', async () => {
    const page = await openLibrary();
    const boxes = page.getByTestId('library-item-select');
    for (const i of [0, 2, 3]) await boxes.nth(i).check();
    const { bytes } = await exportThrough(page, 'selection', 'csv');
    const lines = bytes.toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('title,url,time_added,cursor,tags,status');
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual([0, 2, 3].map((i) => entries.filter((e) => e.archivedAt === null)[i]!.url));
    await page.close();
  });

  it('exports a JSON backup that restores, after a wipe, to exactly the same library', async () => {
    const before = await storedLibrary(browser.serviceWorker);
    const page = await openLibrary();
    const { download, bytes } = await exportThrough(page, 'library', 'backup');
    expect(download.suggestedFilename()).toMatch(/^reader-backup-\d{4}-\d{2}-\d{2}\.json$/);
    const parsed = parseBackupJson(bytes.toString('utf8'));
    if (!parsed.ok) throw new Error(parsed.error.message);
    const backup = backupFromReport(parsed.report);
    const articles = [...backup.articles()];
    expect(articles.map((a) => a.id)).toEqual(entries.map((e) => e.id));
    expect(articles[0]!.position).toMatchObject({ block: 2, progress: 0.3 });
    expect(backup.settings).toMatchObject({ theme: 'system', fontSize: 19 });
    await page.close();

    // Wipe: the database deleted (the open connections step aside) and the positions cleared.
    await browser.serviceWorker.evaluate(async () => {
      await new Promise<void>((resolve, reject) => {
        const r = indexedDB.deleteDatabase('reader-library');
        r.onsuccess = () => resolve();
        r.onerror = () => reject(r.error ?? new Error('delete failed'));
      });
      await chrome.storage.local.clear();
    });
    const empty = await openExtensionPage(browser.context, browser.extensionId, 'sidepanel.html#library');
    await empty.getByTestId('library-empty').waitFor();

    // Restore through the background's message, batch by batch, as the Import UI sends it.
    const items = articles.map(restoreItemOf);
    for (let from = 0; from < items.length; from += RESTORE_BATCH_MAX / 4) {
      const batch = items.slice(from, from + RESTORE_BATCH_MAX / 4);
      const result = await empty.evaluate((b) => chrome.runtime.sendMessage({ type: 'restoreBackup', payload: { items: b } }), batch);
      expect(result).toMatchObject({ ok: true, value: { invalid: 0, duplicates: 0 } });
    }
    const after = await storedLibrary(browser.serviceWorker);
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
    expect((after.records as Array<{ id: string }>).sort(byId)).toEqual((before.records as Array<{ id: string }>).sort(byId));
    expect((after.entries as Array<{ id: string }>).sort(byId)).toEqual((before.entries as Array<{ id: string }>).sort(byId));
    expect(after.recordCount).toBe(before.recordCount);
    expect(after.positions).toEqual(before.positions);
    // The open library hears the restore and lists every article again.
    await expect.poll(() => empty.getByTestId('library-item').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await empty.close();
    expect(pageErrors).toEqual([]);
  });

  // ----- Stored images (issue 11): the Export dialog includes what the library keeps offline -----
  it('includes an article’s stored images: files with relative links in the Markdown zip, data: URIs in the HTML pages', async () => {
    const target = entries[0]!;
    const url = 'https://img.example/harbour.png';
    const photo = [...pngImage(3, 2)];
    // Stored as a save with images leaves them: the record names the image, the image stores hold it.
    await browser.serviceWorker.evaluate(
      async ({ id, url, photo }) => {
        const request = <T>(r: IDBRequest<T>) =>
          new Promise<T>((resolve, reject) => {
            r.onsuccess = () => resolve(r.result);
            r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
          });
        const db = await request(indexedDB.open('reader-library'));
        try {
          const tx = db.transaction(['records', 'images', 'imageSets'], 'readwrite');
          const record = (await request(tx.objectStore('records').get(id))) as { article: { contentHtml: string } };
          record.article.contentHtml += `<figure><img src="${url}" alt="The harbour"></figure><p><img src="https://img.example/not-kept.png" alt="Elsewhere"></p>`;
          tx.objectStore('records').put(record);
          tx.objectStore('images').put({ articleId: id, url, type: 'image/png', bytes: new Uint8Array(photo).buffer });
          tx.objectStore('imageSets').put({ articleId: id, kept: [url], bytes: photo.length, missed: [] });
          await new Promise((resolve, reject) => {
            tx.oncomplete = resolve;
            tx.onerror = () => reject(tx.error);
          });
        } finally {
          db.close();
        }
      },
      { id: target.id, url, photo },
    );
    const page = await openLibrary();
    const stem = fileStem(target.title);

    const markdown = unzipSync(new Uint8Array((await exportThrough(page, 'library', 'markdown')).bytes));
    expect([...markdown[`assets/${stem}/1.png`]!]).toEqual(photo);
    const note = strFromU8(markdown[`${stem}.md`]!);
    expect(note).toContain(`![The harbour](assets/${encodeURIComponent(stem)}/1.png)`);
    expect(note).toContain('![Elsewhere](https://img.example/not-kept.png)');
    // Only that article has images stored.
    expect(Object.keys(markdown).filter((name) => name.startsWith('assets/'))).toEqual([`assets/${stem}/1.png`]);

    await page.getByTestId('library-export-button').waitFor();
    const html = unzipSync(new Uint8Array((await exportThrough(page, 'library', 'html')).bytes));
    const article = strFromU8(html[`${stem}.html`]!);
    expect(article).toContain(`src="data:image/png;base64,${Buffer.from(photo).toString('base64')}"`);
    expect(article).toContain('src="https://img.example/not-kept.png"');
    await page.close();
    expect(pageErrors).toEqual([]);
  });

  // ----- A backup picked in the Import dialog (issue 11): restored exactly, not imported -----
  it('restores a backup picked in the Import dialog exactly as it was, after saying what it will do', async () => {
    const before = await storedLibrary(browser.serviceWorker);
    const page = await openLibrary();
    const { bytes } = await exportThrough(page, 'library', 'backup');
    await page.close();
    const dir = await mkdtemp(join(tmpdir(), 'reader-backup-'));
    const file = join(dir, 'reader-backup.json');
    await writeFile(file, bytes);
    await browser.serviceWorker.evaluate(async () => {
      await new Promise<void>((resolve, reject) => {
        const r = indexedDB.deleteDatabase('reader-library');
        r.onsuccess = () => resolve();
        r.onerror = () => reject(r.error ?? new Error('delete failed'));
      });
      await chrome.storage.local.clear();
    });
    const empty = await openExtensionPage(browser.context, browser.extensionId, 'sidepanel.html#library');
    empty.on('pageerror', (error) => pageErrors.push(error.message));
    await empty.getByTestId('library-empty').waitFor();
    await empty.getByTestId('import-button').click();
    await empty.getByTestId('import-file').setInputFiles(file);
    const found = empty.getByTestId('import-backup');
    await found.waitFor();
    expect(await found.getAttribute('data-articles')).toBe(String(COUNT));
    expect(await found.textContent()).toContain("the backup's copy replaces it");
    await empty.getByTestId('import-restore').click();
    await empty.locator('[data-testid="import-report"][data-state="restored"]').waitFor({ timeout: 60_000 });
    expect(await empty.getByTestId('import-added').getAttribute('data-count')).toBe(String(COUNT));
    await empty.getByTestId('import-settings-restored').waitFor();
    const after = await storedLibrary(browser.serviceWorker);
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
    expect((after.records as Array<{ id: string }>).sort(byId)).toEqual((before.records as Array<{ id: string }>).sort(byId));
    expect((after.entries as Array<{ id: string }>).sort(byId)).toEqual((before.entries as Array<{ id: string }>).sort(byId));
    expect(after.recordCount).toBe(before.recordCount);
    expect(after.positions).toEqual(before.positions);
    await expect.poll(() => empty.getByTestId('library-item').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await empty.close();
    await rm(dir, { recursive: true, force: true });
    expect(pageErrors).toEqual([]);
  });
});
