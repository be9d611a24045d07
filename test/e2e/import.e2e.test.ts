/**
 * Library → Import in real Chromium, through the real file input: a Pocket zip (links, visibly so)
 * and an Omnivore zip (bodies sanitized, found by a word of a body), a hostile file refused with
 * nothing written, a saved link that gets its article when its page is read, and a browser
 * restart in the middle of a 10,000-row import: the import resumes and every item lands once.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionDirFor, launchWithExtension, openExtensionPage, type ExtensionBrowser } from '../../scripts/lib/browser';
import { makePocketZip } from '../../scripts/lib/pocket-export';
import { startStaticServer, type StaticServer } from '../../scripts/lib/server';
import { openPopup, waitUntil } from '../../scripts/lib/views';
import { storedEntries } from './support';

const FIXTURES = resolve(import.meta.dirname, '..', 'fixtures');
const IMPORTS = join(FIXTURES, 'import');
/** A word only the body of Omnivore's "The Tyranny of the Marginal User" holds (not its title or description). */
const OMNIVORE_BODY_WORD = 'bloated';
/** A word in the sample article's second paragraph only. */
const SAMPLE_BODY_WORD = 'tarmac';

/** The import jobs as stored (raw IndexedDB in the service worker, not the extension's code). */
async function storedJobs(sw: Worker): Promise<Array<{ id: string; state: string; nextBatch: number; batches: number; total: number; added: number }>> {
  return sw.evaluate(async () => {
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
      });
    const open = indexedDB.open('reader-library');
    open.onupgradeneeded = () => open.transaction?.abort();
    const db = await request(open).catch(() => null);
    if (!db) return [];
    try {
      if (!db.objectStoreNames.contains('imports')) return [];
      const all = await request(db.transaction('imports', 'readonly').objectStore('imports').getAll(IDBKeyRange.bound('job:', 'job:\uffff')));
      return all as Array<{ id: string; state: string; nextBatch: number; batches: number; total: number; added: number }>;
    } finally {
      db.close();
    }
  });
}

describe('import, in the real extension', () => {
  let profile: string;
  let server: StaticServer;
  let browser: ExtensionBrowser;

  const rowTitles = (page: Page) => page.locator('[data-testid="library-item"] .library-item-title').allTextContents();
  const row = (page: Page, title: string) => page.getByTestId('library-item').filter({ hasText: title });

  async function openLibrary(): Promise<Page> {
    const page = await openExtensionPage(browser.context, browser.extensionId, 'sidepanel.html#library?view=all');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByTestId('library').waitFor();
    return page;
  }

  /** Picks the file in the Import dialog, as a user does. */
  async function pick(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
    await page.getByTestId('import-button').click();
    await page.getByTestId('import-file').setInputFiles(file);
  }

  /** Picks the file and waits for the report; returns the counts it shows. */
  async function importFile(page: Page, file: Parameters<typeof pick>[1]): Promise<Record<string, number>> {
    await pick(page, file);
    const report = page.getByTestId('import-report');
    await report.waitFor({ timeout: 30_000 });
    expect(await report.getAttribute('data-state')).toBe('done');
    const counts: Record<string, number> = {};
    for (const item of await report.locator('[data-count]').all()) {
      counts[(await item.getAttribute('data-testid'))!.replace('import-', '')] = Number(await item.getAttribute('data-count'));
    }
    return counts;
  }

  beforeAll(async () => {
    profile = await mkdtemp(join(tmpdir(), 'reader-import-'));
    server = await startStaticServer(FIXTURES);
    browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome'), userDataDir: profile });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(profile, { recursive: true, force: true });
  });

  it('imports a Pocket zip: eight links with their tags, shown as links, the count right', async () => {
    const page = await openLibrary();
    await page.getByTestId('library-empty').waitFor();
    const counts = await importFile(page, join(IMPORTS, 'pocket-export.zip'));
    expect(counts).toEqual({ added: 8 });
    await page.getByTestId('import-done').click();
    await expect.poll(() => rowTitles(page)).toHaveLength(8);
    expect(await page.getByTestId('library-count').textContent()).toBe('8 saved');
    expect(await page.locator('[data-testid="library-item"][data-content="link"]').count()).toBe(8);
    expect(await page.getByTestId('library-item-link').count()).toBe(8);
    expect(await row(page, 'Why We Sleep').locator('.tag-chip').allTextContents()).toEqual(['health', 'science']);
    const stored = (await storedEntries(browser.serviceWorker)).filter((e) => e.deletedAt === null);
    expect(stored).toHaveLength(8);
    expect(stored.filter((e) => e.archivedAt !== null)).toHaveLength(3);
    await page.close();
  });

  it('imports an Omnivore zip: bodies sanitized and searchable, labels as tags, highlights and the archived state kept', async () => {
    const before = (await storedEntries(browser.serviceWorker)).length;
    const page = await openLibrary();
    const counts = await importFile(page, join(IMPORTS, 'omnivore-export.zip'));
    expect(counts).toEqual({ added: 4 });
    await page.getByTestId('import-done').click();
    // The list is windowed: the count says how many there are, the rows on screen are fewer.
    await expect.poll(() => page.getByTestId('library-count').textContent()).toBe(`${before + 4} saved`);
    const stored = await storedEntries(browser.serviceWorker);
    expect(stored.find((e) => e.title === 'The Tyranny of the Marginal User')).toMatchObject({ content: 'article' });
    expect(stored.find((e) => e.title === 'An RSS item whose page Omnivore could not fetch')).toMatchObject({ content: 'link' });

    await page.getByTestId('library-search').fill(OMNIVORE_BODY_WORD);
    await expect.poll(() => rowTitles(page), { timeout: 15_000 }).toEqual(['The Tyranny of the Marginal User']);
    expect(await row(page, 'The Tyranny of the Marginal User').getAttribute('data-content')).toBe('article');
    expect(await row(page, 'The Tyranny of the Marginal User').locator('.tag-chip').allTextContents()).toEqual(['Newsletter', 'software']);
    await page.getByRole('button', { name: 'The Tyranny of the Marginal User', exact: true }).click();
    const body = page.getByTestId('article-body');
    await body.waitFor();
    expect(await body.textContent()).toContain('the marginal user');
    // The export's <script> and onerror handler never reach the page.
    expect(await body.locator('script').count()).toBe(0);
    expect(await body.locator('img[onerror]').count()).toBe(0);
    // Its highlights and notes (highlights/<slug>.md) under the article.
    const highlights = page.getByTestId('saved-highlights');
    await highlights.waitFor();
    expect(await highlights.getByTestId('saved-highlight').first().textContent()).toBe('The answer, I think, is the marginal user');
    expect(await highlights.getByTestId('saved-highlight-note').allTextContents()).toContain('This explains so much about the apps I use.');
    // And its quotes marked where they are in the body (CSS highlights: the body's DOM is untouched).
    const marked = await page.evaluate(() => [...(CSS.highlights.get('saved-highlight') ?? [])].map((range) => (range as Range).toString()));
    expect(marked).toEqual(['The answer, I think, is the marginal user', 'apps that were once simple and fast become bloated and slow.']);
    await page.getByTestId('back-to-library').click();
    await page.getByTestId('library-search').fill('');
    await page.getByTestId('library-view-archive').click();
    await expect.poll(() => rowTitles(page)).toContain('Malgré la crise du marché des montres, Breitling étend son réseau commercial');
    await page.close();
  });

  it.each([
    ['a JSON export cut short', { path: join(IMPORTS, 'hostile', 'wallabag-truncated.json') }, 'bad-json'],
    ['a truncated zip', { name: 'pocket.zip', bytes: () => makePocketZip({ rows: 50 }).subarray(0, 400) }, 'corrupt-zip'],
    ['a CSV with formula cells and hostile rows', null, null],
  ] as const)('refuses %s with its reason and writes nothing', async (_, file, code) => {
    const before = await storedEntries(browser.serviceWorker);
    const page = await openLibrary();
    if (file === null) {
      // Accepted, but every formula sign neutralised and every bad row reported with its reason.
      const counts = await importFile(page, join(IMPORTS, 'hostile', 'pocket-bad-rows.csv'));
      expect(counts.skipped).toBeGreaterThan(0);
      await page.getByTestId('import-skipped-rows').locator('summary').click();
      expect(await page.getByTestId('import-skipped-rows').locator('li').first().textContent()).toMatch(/^\d+: /);
      await page.getByTestId('import-done').click();
      await page.close();
      return;
    }
    await pick(page, 'path' in file ? file.path : { name: file.name, mimeType: 'application/zip', buffer: Buffer.from(file.bytes()) });
    const error = page.getByTestId('import-error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe(code);
    expect(await error.getByRole('alert').textContent()).toContain('cannot be imported');
    expect(await storedEntries(browser.serviceWorker)).toEqual(before);
    expect((await storedJobs(browser.serviceWorker)).filter((j) => j.state !== 'done' && j.state !== 'rolled-back')).toEqual([]);
    await page.getByTestId('import-done').click();
    await page.close();
  });

  it('a saved link gets its article when the user opens its page and reads it', async () => {
    const url = server.url('/sample-news-page.html');
    const page = await openLibrary();
    const csv = `title,url,time_added,cursor,tags,status\nSaved from Pocket,${url},1700000000,1,later,unread\n`;
    expect(await importFile(page, { name: 'pocket.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })).toEqual({ added: 1 });
    await page.getByTestId('import-done').click();
    await row(page, 'Saved from Pocket').getByRole('button', { name: 'Saved from Pocket', exact: true }).click();
    await page.getByTestId('saved-link-notice').waitFor();
    const opening = browser.context.waitForEvent('page');
    await page.getByTestId('open-the-page').click();
    const article = await opening;
    await article.waitForLoadState();
    expect(article.url()).toBe(url);
    // The user reads it with Reader (the toolbar button): the saved link gets the article.
    const { view } = await openPopup(browser, article, (s) => s.paragraphs.length > 0);
    await view.detach();
    const filled = await waitUntil(
      async () => (await storedEntries(browser.serviceWorker)).find((e) => e.url === url),
      (e) => e?.content === 'article',
      'the saved link to hold the article',
    );
    expect(filled).toMatchObject({ tags: ['later'], wordCount: expect.any(Number) });
    expect(filled!.wordCount).toBeGreaterThan(100);
    // The library page open meanwhile shows the article, and its body is found.
    await page.bringToFront();
    await expect.poll(() => page.getByTestId('article-body').count(), { timeout: 10_000 }).toBe(1);
    await page.getByTestId('back-to-library').click();
    await page.getByTestId('library-search').fill(SAMPLE_BODY_WORD);
    await expect.poll(() => rowTitles(page), { timeout: 15_000 }).toHaveLength(1);
    expect(await page.locator('[data-testid="library-item"]').first().getAttribute('data-content')).toBe('article');
    await article.close();
    await page.close();
  });

  it('resumes a 10,000-row import after a browser restart in the middle of it: every item once, nothing half-written', async () => {
    const before = (await storedEntries(browser.serviceWorker)).length;
    const file = join(profile, '..', `pocket-10000-${Date.now()}.zip`);
    await writeFile(file, makePocketZip({ rows: 10_000, repeats: false }));
    const page = await openLibrary();
    await pick(page, file);
    // Stop the browser once some batches have landed and others have not.
    const atStop = await waitUntil(
      async () => (await storedJobs(browser.serviceWorker)).find((j) => j.state === 'committing' && j.nextBatch >= 1),
      (job) => job !== undefined,
      'the import to be part-way through its batches',
      60_000,
    );
    await browser.context.close();
    await rm(file, { force: true });
    expect(atStop!.nextBatch).toBeLessThan(atStop!.batches);

    browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome'), userDataDir: profile });
    const job = await waitUntil(
      async () => (await storedJobs(browser.serviceWorker)).find((j) => j.id === atStop!.id),
      (j) => j?.state === 'done',
      'the interrupted import to finish after the restart',
      60_000,
    );
    expect(job).toMatchObject({ added: 10_000, total: 10_000 });
    const entries = await storedEntries(browser.serviceWorker);
    expect(entries).toHaveLength(before + 10_000);
    expect(new Set(entries.map((e) => e.canonicalUrl)).size).toBe(entries.length);
    // The library page shows the report and the whole list.
    const reopened = await openLibrary();
    await expect.poll(() => reopened.getByTestId('import-button').getAttribute('data-state')).toBe('done');
    await expect.poll(() => reopened.getByTestId('library-count').textContent(), { timeout: 20_000 }).toBe(`${before + 10_000} saved`);
    await reopened.close();
  });
});
