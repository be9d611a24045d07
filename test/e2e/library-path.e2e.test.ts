/**
 * The library's user path in real Chromium, from the toolbar: save three articles from their
 * pages, tag one, archive one, find one by a word only its body holds, filter by the tag, delete
 * two at once and undo, then restart the browser with the page server gone: everything is still
 * there, and the body word is still found (the search index is persisted).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionDirFor, launchWithExtension, openExtensionPage, type ExtensionBrowser } from '../../scripts/lib/browser';
import { startStaticServer, type StaticServer } from '../../scripts/lib/server';
import { openPopup, waitUntil } from '../../scripts/lib/views';
import { storedEntries } from './support';

const FIXTURES = resolve(import.meta.dirname, '..', 'fixtures');
const PAGES = ['/sample-news-page.html', '/pages/rich-article.html', '/pages/rtl-article.html'];
/** A word in the sample article's second paragraph, and in no title, excerpt or other article. */
const BODY_ONLY_WORD = 'tarmac';

describe('the library, from saving to a restart', () => {
  let profile: string;
  let server: StaticServer;
  let browser: ExtensionBrowser;
  const titles: string[] = [];

  const rowTitles = (page: Page) => page.locator('[data-testid="library-item"] .library-item-title').allTextContents();
  const row = (page: Page, title: string) => page.getByTestId('library-item').filter({ hasText: title });

  async function openLibrary(hash: string): Promise<Page> {
    const page = await openExtensionPage(browser.context, browser.extensionId, `sidepanel.html${hash}`);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByTestId('library-item').first().waitFor();
    return page;
  }

  beforeAll(async () => {
    profile = await mkdtemp(join(tmpdir(), 'reader-library-path-'));
    server = await startStaticServer(FIXTURES);
    browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome'), userDataDir: profile });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(profile, { recursive: true, force: true });
  });

  it('saves three articles from the popup', async () => {
    for (const path of PAGES) {
      const page = await browser.context.newPage();
      await page.goto(server.url(path));
      const { view, shown } = await openPopup(browser, page, (s) => s.title !== null);
      titles.push(shown.title!);
      await view.click('[data-testid="save-button"]');
      await waitUntil(
        () => view.evaluate(() => document.querySelector('[data-testid="save-button"]')?.getAttribute('aria-pressed')),
        (pressed) => pressed === 'true',
        `"${shown.title}" to be saved`,
      );
      await view.detach();
      await page.close();
    }
    expect((await storedEntries(browser.serviceWorker)).filter((e) => e.deletedAt === null)).toHaveLength(3);
  });

  it('tags, archives, finds by a body word, filters, and deletes two with one undo', async () => {
    const [sample, rich, rtl] = titles as [string, string, string];
    const page = await openLibrary('#library?view=all');
    await expect.poll(() => rowTitles(page)).toHaveLength(3);

    await row(page, rich).getByTestId('library-item-tags').click();
    await page.getByTestId('tag-input').fill('Weekend');
    await page.getByTestId('tag-input').press('Enter');
    await page.getByTestId('tag-editor-done').click();
    await expect.poll(() => row(page, rich).locator('.tag-chip').allTextContents()).toEqual(['Weekend']);

    await row(page, rtl).getByTestId('library-item-archive').click();
    await page.getByTestId('library-view-archive').click();
    await expect.poll(() => rowTitles(page)).toEqual([rtl]);
    await page.getByTestId('library-view-all').click();

    await page.getByTestId('library-search').fill(BODY_ONLY_WORD);
    await expect.poll(() => rowTitles(page), { timeout: 15_000 }).toEqual([sample]);
    // The snippets of the rows on screen are asked for once the rows are shown, so they come after them.
    await expect
      .poll(async () => (await page.locator('[data-testid="library-item-snippet"] mark').allTextContents()).map((m) => m.toLowerCase()), { timeout: 15_000 })
      .toContain(BODY_ONLY_WORD);
    await page.getByTestId('library-search').press('Escape');
    await expect.poll(() => rowTitles(page)).toHaveLength(3);

    await page.getByTestId('library-tag-filter').filter({ hasText: 'Weekend' }).click();
    await expect.poll(() => rowTitles(page)).toEqual([rich]);
    // The filter lives in the URL: Back takes it off again.
    expect(page.url()).toContain('tag=Weekend');
    await page.goBack();
    await expect.poll(() => rowTitles(page)).toHaveLength(3);

    await row(page, sample).getByTestId('library-item-select').check();
    await row(page, rich).getByTestId('library-item-select').check();
    await page.getByTestId('bulk-delete').click();
    await expect.poll(() => rowTitles(page)).toEqual([rtl]);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => rowTitles(page)).toHaveLength(3);
    await page.close();
  });

  it('keeps all of it after a browser restart with the page server gone', async () => {
    const [sample, rich, rtl] = titles as [string, string, string];
    await browser.context.close();
    await server.close();
    browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome'), userDataDir: profile });
    const page = await openLibrary('#library?view=all');
    await expect.poll(() => rowTitles(page).then((t) => [...t].sort())).toEqual([...titles].sort());
    expect(await row(page, rich).locator('.tag-chip').allTextContents()).toEqual(['Weekend']);
    await page.getByTestId('library-view-archive').click();
    await expect.poll(() => rowTitles(page)).toEqual([rtl]);
    await page.getByTestId('library-view-all').click();
    await page.getByTestId('library-search').fill(BODY_ONLY_WORD);
    await expect.poll(() => rowTitles(page), { timeout: 15_000 }).toEqual([sample]);
    await page.getByTestId('library-search').press('Escape');
    await page.getByRole('button', { name: sample, exact: true }).click();
    await page.getByTestId('article-body').waitFor();
    expect(await page.getByTestId('article-body').innerText()).toContain(BODY_ONLY_WORD);
    await page.close();
  });
});
