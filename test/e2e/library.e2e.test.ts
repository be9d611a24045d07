/**
 * The organised library in the real extension (headless Chromium): a thousand saved articles in
 * the full-tab library (wide layout, windowed list, counts), search with highlighted snippets,
 * filters that combine and live in the URL (Back/Forward, a bookmark), opening an article and
 * coming back to the same place, organising through the UI (tags with autocomplete, rename and
 * delete everywhere, archive, favourite, bulk delete with one undo), the side panel's compact
 * layout and the `/` key. Screenshots go to test-output/.
 *
 * Search here is the store's fallback (title, site, byline, tags, excerpt) until the search
 * worker is merged; the bodies are not searched yet.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionDirFor, launchWithExtension, openExtensionPage, type ExtensionBrowser } from '../../scripts/lib/browser';
import type { LibraryEntry } from '../../utils/library/types';
import { seedLibrary } from './library-seed';
import { storedEntries } from './support';

// Code passed to serviceWorker.evaluate() runs in the extension, where `chrome` is the global.
declare const chrome: {
  runtime: { ContextType: { OFFSCREEN_DOCUMENT: string }; getContexts(filter: { contextTypes: string[] }): Promise<Array<{ documentUrl?: string }>> };
};

const OUTPUT = resolve(import.meta.dirname, '..', '..', 'test-output');
const WIDE = { width: 1280, height: 800 };
const PANEL = { width: 360, height: 800 };

/** The titles of the rows in the DOM, in order. */
function rowTitles(page: Page): Promise<string[]> {
  return page.locator('[data-testid="library-item"] .library-item-title').allTextContents();
}

/** The number in the count beside the heading. */
async function shownCount(page: Page): Promise<number> {
  return Number(((await page.locator('.library-count').textContent()) ?? '').replace(/\D/g, ''));
}

/** The title of the first row whose top is below the sticky bars. */
function firstVisibleTitle(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const bars = Math.max(...['.panel-nav', '.library-header'].map((s) => document.querySelector(s)?.getBoundingClientRect().bottom ?? 0));
    const row = Array.from(document.querySelectorAll<HTMLElement>('.virtual-row')).find((li) => li.getBoundingClientRect().top >= bars - 1);
    return row?.querySelector('.library-item-title')?.textContent ?? null;
  });
}

describe('the organised library', () => {
  let browser: ExtensionBrowser;
  let entries: LibraryEntry[];
  const pageErrors: string[] = [];

  async function openLibrary(hash = '#library', viewport = WIDE): Promise<Page> {
    const page = await openExtensionPage(browser.context, browser.extensionId, `sidepanel.html${hash}`);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.setViewportSize(viewport);
    await page.getByTestId('library-item').first().waitFor();
    await expect.poll(() => page.evaluate(() => document.querySelector('.library-count')?.textContent ?? '')).not.toBe('');
    return page;
  }

  beforeAll(async () => {
    await mkdir(OUTPUT, { recursive: true });
    browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome') });
    entries = await seedLibrary(browser.serviceWorker, 1000);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('lists 1,000 articles in the wide layout with a window of rows in the DOM', async () => {
    const page = await openLibrary();
    const inbox = entries.filter((e) => e.archivedAt === null);
    expect(await shownCount(page)).toBe(inbox.length);
    expect(await page.getByTestId('library-sidebar').isVisible()).toBe(true);
    expect(await page.getByTestId('library-filters-toggle').count()).toBe(0);
    expect((await rowTitles(page))[0]).toBe(inbox[0]!.title);
    const rows = await page.getByTestId('library-item').count();
    expect(rows).toBeGreaterThan(4);
    expect(rows).toBeLessThan(30);
    // The sidebar counts every view and tag.
    expect(await page.getByTestId('library-view-all').innerText()).toContain('1000');
    expect(await page.getByTestId('library-view-archive').innerText()).toContain(String(entries.length - inbox.length));
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme ?? 'light')).toBe(scheme);
      await page.screenshot({ path: join(OUTPUT, `library-1000-wide-${scheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
    // Scrolled to the end: the last article is there, and the DOM still holds a window.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect.poll(() => rowTitles(page)).toContain(inbox[inbox.length - 1]!.title);
    expect(await page.getByTestId('library-item').count()).toBeLessThan(30);
    await page.close();
  });

  it('shows each row’s reading progress, read from storage for the rows on screen', async () => {
    const unread = entries.find((e) => e.archivedAt === null && e.readAt === null)!;
    await browser.serviceWorker.evaluate(
      (items) => (globalThis as unknown as { chrome: { storage: { local: { set(i: object): Promise<void> } } } }).chrome.storage.local.set(items),
      { [`position:saved:${unread.id}`]: { block: 1, offset: 0.2, progress: 0.4, updatedAt: 1 } },
    );
    const page = await openLibrary();
    const row = page.getByTestId('library-item').filter({ hasText: unread.title });
    await expect.poll(() => row.getByTestId('library-item-progress').textContent()).toBe('40% read');
    await page.close();
  });

  it('searches as you type, with the matching words marked in each result, and keeps the search in the URL', async () => {
    const page = await openLibrary();
    await page.getByTestId('library-search').fill('harvest coast');
    const expected = entries.filter((e) => e.archivedAt === null && /harvest/i.test(e.title) && /coast/i.test(e.title));
    await expect.poll(() => shownCount(page)).toBe(expected.length);
    expect(page.url()).toContain('q=harvest+coast');
    // Snippets follow the rows: asked for the rows on screen once they are shown.
    await expect.poll(() => page.locator('[data-testid="library-item"]:not(:has([data-testid="library-item-snippet"] mark))').count()).toBe(0);
    const marks = await page.locator('[data-testid="library-item-snippet"] mark').allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    expect(new Set(marks.map((m) => m.toLowerCase()))).toEqual(new Set(['harvest', 'coast']));
    // Text, never markup: the snippet has no element but <mark>.
    expect(await page.locator('[data-testid="library-item-snippet"] :not(mark)').count()).toBe(0);
    await page.screenshot({ path: join(OUTPUT, 'library-search-results.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(OUTPUT, 'library-search-results-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    // Escape clears it.
    await page.getByTestId('library-search').press('Escape');
    await expect.poll(() => shownCount(page)).toBe(entries.filter((e) => e.archivedAt === null).length);
    await page.close();
  });

  it('keeps the search index loaded after the library closes: a search in a library opened again answers complete from its first results', async () => {
    const expected = entries.filter((e) => e.archivedAt === null && /harvest/i.test(e.title) && /coast/i.test(e.title));
    const first = await openLibrary();
    await first.getByTestId('library-search').fill('harvest coast');
    await expect.poll(() => shownCount(first)).toBe(expected.length);
    await first.close();
    // Chrome: the offscreen document holds the resident worker while no library is open.
    const hosts = await browser.serviceWorker.evaluate(async () =>
      (await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT] })).map((c) => new URL(c.documentUrl ?? '').pathname),
    );
    expect(hosts).toEqual(['/offscreen.html']);
    const again = await openLibrary();
    await again.getByTestId('library-search').fill('coast harvest');
    await expect.poll(() => again.locator('[data-testid="library"]').getAttribute('aria-busy')).not.toBe('true');
    // The first answer shown is the whole one: no "still indexing" note, every match counted.
    expect(await again.locator('.library-search-note').count()).toBe(0);
    expect(await shownCount(again)).toBe(expected.length);
    await expect.poll(() => again.locator('[data-testid="library-item-snippet"] mark').count()).toBeGreaterThan(0);
    await again.close();
  });

  it('combines filters from the sidebar and the menus; Back and Forward step through them; a bookmark reopens one', async () => {
    const page = await openLibrary();
    await page.getByTestId('library-view-all').click();
    await page.getByTestId('library-tag-filter').filter({ hasText: 'Climate' }).click();
    await page.getByTestId('library-read-filter').selectOption('unread');
    await page.getByTestId('library-site-filter').filter({ hasText: 'Le Monde' }).click();
    const expected = entries.filter((e) => e.tags.includes('Climate') && e.readAt === null && e.siteName === 'Le Monde');
    await expect.poll(() => shownCount(page)).toBe(expected.length);
    expect(await rowTitles(page)).toEqual(expected.slice(0, (await rowTitles(page)).length).map((e) => e.title));
    const bookmark = new URL(page.url()).hash;
    expect(bookmark).toBe('#library?view=all&tag=Climate&read=unread&site=Le+Monde');
    await page.goBack();
    await expect.poll(() => shownCount(page)).toBe(entries.filter((e) => e.tags.includes('Climate') && e.readAt === null).length);
    await page.goBack();
    await page.goBack();
    await expect.poll(() => shownCount(page)).toBe(entries.length);
    await page.goForward();
    await expect.poll(() => shownCount(page)).toBe(entries.filter((e) => e.tags.includes('Climate')).length);
    await page.close();

    const again = await openLibrary(bookmark);
    expect(await shownCount(again)).toBe(expected.length);
    expect(await again.getByTestId('library-read-filter').inputValue()).toBe('unread');
    await again.close();
  });

  it('opens an article from the middle of the list at once, and Back returns to the same place and filters', async () => {
    const page = await openLibrary('#library?view=all&sort=title');
    // The whole library listed before the scroll, and the row at the top read once the list has
    // settled there (CI once read a row the windowed list then replaced: its button never came).
    await expect.poll(() => shownCount(page)).toBe(entries.length);
    await page.evaluate(() => window.scrollTo(0, 30_000));
    const settled = async () => {
      const first = await firstVisibleTitle(page);
      await new Promise((resolve) => setTimeout(resolve, 250));
      return first !== null && first === (await firstVisibleTitle(page)) ? first : null;
    };
    await expect.poll(settled).not.toBeNull();
    const title = (await firstVisibleTitle(page))!;
    const scrolled = await page.evaluate(() => window.scrollY);
    await page.getByRole('button', { name: title, exact: true }).click();
    await page.getByTestId('article-body').waitFor();
    expect(await page.getByTestId('article-title').textContent()).toBe(title);
    expect(page.url()).toContain('&open=');
    // The browser's Back.
    await page.goBack();
    await page.getByTestId('library-item').first().waitFor();
    expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
    expect(await firstVisibleTitle(page)).toBe(title);
    expect(new URL(page.url()).hash).toBe('#library?view=all&sort=title');
    // The view's own Back button.
    await page.getByRole('button', { name: title, exact: true }).click();
    await page.getByTestId('back-to-library').click();
    await page.getByTestId('library-item').first().waitFor();
    expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
    expect(await page.getByTestId('library-sort').inputValue()).toBe('title');
    await page.close();
  });

  it('moves row to row with the arrow keys past the rendered window, and / focuses the search', async () => {
    const page = await openLibrary('#library?view=all');
    await page.locator('.library-item-open').first().focus();
    for (let i = 0; i < 40; i++) await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(entries[40]!.title);
    expect(await page.evaluate(() => document.activeElement?.closest('li')?.getAttribute('aria-posinset'))).toBe('41');
    // Tab from a row reaches its own actions.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-describedby'))).toBe(`library-item-title-${entries[40]!.id}`);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('library-search');
    await page.close();
  });

  it('shows the compact layout in the side panel width, the sidebar behind Filters', async () => {
    const page = await openLibrary('#library', PANEL);
    expect(await page.getByTestId('library-sidebar').count()).toBe(0);
    const toggle = page.getByTestId('library-filters-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await page.screenshot({ path: join(OUTPUT, 'library-1000-panel.png') });
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.getByTestId('library-sidebar').waitFor();
    await page.getByTestId('library-view-favourites').click();
    await expect.poll(() => shownCount(page)).toBe(entries.filter((e) => e.favourite).length);
    expect(await toggle.innerText()).toContain('(1)');
    await page.screenshot({ path: join(OUTPUT, 'library-1000-panel-filters.png') });
    await page.close();
  });

  it('organises through the UI: tags with autocomplete, favourite, archive, rename and delete a tag, bulk delete with one undo', async () => {
    entries = await seedLibrary(browser.serviceWorker, 3, { plain: true });
    const page = await openLibrary('#library?view=all');
    const rows = page.getByTestId('library-item');
    const row = (title: string) => rows.filter({ hasText: title });
    const [first, second, third] = entries.map((e) => e.title);

    // Add a tag from the row, then the same one to another row through autocomplete.
    await row(first!).getByTestId('library-item-tags').click();
    await page.getByTestId('tag-input').fill('Weekend');
    await page.getByTestId('tag-input').press('Enter');
    await expect.poll(() => page.getByTestId('tag-editor').locator('.tag-chip').allTextContents()).toContain('Weekend');
    await page.getByTestId('tag-editor-done').click();
    await row(second!).getByTestId('library-item-tags').click();
    await page.getByTestId('tag-input').fill('wee');
    expect(await page.getByTestId('tag-suggestion').allTextContents()).toEqual([expect.stringContaining('Weekend')]);
    await page.getByTestId('tag-input').press('ArrowDown');
    await page.getByTestId('tag-input').press('Enter');
    await expect.poll(() => page.getByTestId('tag-editor').locator('.tag-chip').allTextContents()).toContain('Weekend');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('tag-editor').count()).toBe(0);
    await expect.poll(() => page.getByTestId('library-tag-filter').filter({ hasText: 'Weekend' }).innerText()).toContain('2');

    // Favourite and archive from the row.
    await row(third!).getByTestId('library-item-favourite').click();
    await expect.poll(() => row(third!).getByTestId('library-item-favourite').getAttribute('aria-pressed')).toBe('true');
    await row(third!).getByTestId('library-item-archive').click();
    await page.getByTestId('library-view-archive').click();
    await expect.poll(() => rowTitles(page)).toEqual([third]);
    await page.getByTestId('library-view-all').click();

    // Rename the tag everywhere, then delete it everywhere.
    await page.getByTestId('library-tag-menu').click();
    await page.getByRole('button', { name: 'Rename tag “Weekend”' }).click();
    await page.getByTestId('library-tag-rename-input').fill('Saturday');
    await page.getByTestId('library-tag-rename-save').click();
    await expect.poll(() => row(first!).locator('.tag-chip').allTextContents()).toEqual(['Saturday']);
    expect(await row(second!).locator('.tag-chip').allTextContents()).toEqual(['Saturday']);
    await page.getByTestId('library-tag-filter').filter({ hasText: 'Saturday' }).click();
    await expect.poll(() => shownCount(page)).toBe(2);
    await page.getByTestId('library-tag-menu').click();
    await page.getByRole('button', { name: 'Delete tag “Saturday”' }).click();
    await page.getByTestId('library-tag-delete-confirm').click();
    await expect.poll(() => page.getByTestId('library-tags').count()).toBe(0);
    await expect.poll(() => shownCount(page)).toBe(3);
    expect(await page.locator('.tag-chip').count()).toBe(0);

    // Bulk: select two, delete them with one undo.
    await row(first!).getByTestId('library-item-select').check();
    await row(second!).getByTestId('library-item-select').check();
    await expect.poll(() => page.getByTestId('library-bulk-bar').innerText()).toContain('2 selected');
    await page.screenshot({ path: join(OUTPUT, 'library-bulk-selected.png') });
    await page.getByTestId('bulk-delete').click();
    await expect.poll(() => rowTitles(page)).toEqual([third]);
    await expect.poll(() => page.getByTestId('undo-toast').innerText()).toContain('Deleted 2 articles');
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => rowTitles(page)).toEqual([first, second, third]);
    expect(await page.getByTestId('library-bulk-bar').count()).toBe(0);

    // Tags from the saved-article reader.
    await page.getByRole('button', { name: first!, exact: true }).click();
    await page.getByTestId('article-body').waitFor();
    await page.getByTestId('edit-tags').click();
    await page.getByTestId('tag-input').fill('From the reader');
    await page.getByTestId('tag-add').click();
    await page.getByTestId('tag-editor-done').click();
    await expect.poll(() => page.getByTestId('saved-article-tags').innerText()).toContain('From the reader');
    await page.getByTestId('back-to-library').click();
    await expect.poll(() => row(first!).locator('.tag-chip').allTextContents()).toEqual(['From the reader']);

    // Everything is in storage, where the background wrote it.
    const stored = (await storedEntries(browser.serviceWorker)).map((e) => ({
      title: e.title,
      tags: e.tags,
      favourite: e.favourite,
      archived: e.archivedAt !== null,
      deleted: e.deletedAt !== null,
    }));
    expect(stored.find((e) => e.title === first)).toMatchObject({ tags: ['From the reader'], deleted: false });
    expect(stored.find((e) => e.title === third)).toMatchObject({ favourite: true, archived: true });
    await page.close();
    expect(pageErrors).toEqual([]);
  });
});
