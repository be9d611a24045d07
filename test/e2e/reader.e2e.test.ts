/**
 * The user's path in real headless Chromium with the built extension: toolbar click → popup →
 * side panel → save → library → browser restart with the page server gone → delete and undo;
 * plus the "no article" and restricted-page states.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attachToExtensionView,
  extensionDirFor,
  launchWithExtension,
  openExtensionPage,
  triggerExtensionAction,
  type ExtensionBrowser,
  type ExtensionView,
} from '../../scripts/lib/browser';
import { startStaticServer, type StaticServer } from '../../scripts/lib/server';
import { openViews, readReaderDom, waitForReader, waitUntil } from '../../scripts/lib/views';
import { SAMPLE_CHROME_WORDS, SAMPLE_PARAGRAPH_STARTS, storedArticleCount } from './support';

const FIXTURES = resolve(import.meta.dirname, '..', 'fixtures');

describe('reader, end to end', () => {
  let profile: string;
  let server: StaticServer;
  let browser: ExtensionBrowser;
  let articlePage: Page;
  let popup: ExtensionView;
  let panel: ExtensionView;

  beforeAll(async () => {
    profile = await mkdtemp(join(tmpdir(), 'reader-e2e-'));
    server = await startStaticServer(FIXTURES);
    browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome'), userDataDir: profile });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(profile, { recursive: true, force: true });
  });

  it('shows the clean article in the real popup after a toolbar click', async () => {
    articlePage = await browser.context.newPage();
    await articlePage.goto(server.url('/sample-news-page.html'));
    await triggerExtensionAction(browser.context, browser.extensionId, articlePage);
    popup = await attachToExtensionView(browser.context, browser.extensionId, 'popup.html');
    const shown = await waitForReader(popup, (s) => s.title !== null);

    expect(shown.title).toBe('Putin in China to meet ‘dear friend’ Xi, boosting ties amid Western isolation');
    expect(shown.site).toBe('Daily Ledger');
    expect(shown.meta).toMatch(/min read|Under a minute/);
    // Byline and date from the page's JSON-LD, in the header line above the text.
    expect(shown.meta).toContain('Mei Lin Chen');
    expect(await popup.evaluate(() => document.querySelector('.article-meta time')?.getAttribute('datetime') ?? null)).toBe('2024-04-19T08:30:00Z');
    expect(shown.paragraphs).toHaveLength(7);
    shown.paragraphs.forEach((p, i) => expect(p.startsWith(SAMPLE_PARAGRAPH_STARTS[i]!)).toBe(true));
    for (const word of SAMPLE_CHROME_WORDS) expect(shown.bodyText).not.toContain(word);
    expect(shown.saveLabel).toContain('Save for later');
    // The lead image is not in the article body, so the reader shows it under the header.
    expect(await popup.evaluate(() => document.querySelector('[data-testid="lead-image"] img')?.getAttribute('src') ?? null)).toMatch(/\/lead-image\.svg$/);
    expect(await openViews(browser.serviceWorker)).toMatchObject({ popup: 1 });
  });

  it('opens the real side panel from the popup, which shows the article and closes the popup', async () => {
    await popup.click('[data-testid="open-side-panel"]');
    await waitUntil(
      () => openViews(browser.serviceWorker),
      (v) => v.sidePanel === 1 && v.popup === 0,
      'side panel open and popup closed',
    );
    panel = await attachToExtensionView(browser.context, browser.extensionId, 'sidepanel.html');
    const shown = await waitForReader(panel, (s) => s.paragraphs.length > 0);
    expect(shown.title).toContain('Putin in China');
    expect(shown.site).toBe('Daily Ledger');
    expect(shown.meta).toContain('Mei Lin Chen');
    expect(shown.meta).toMatch(/min read|Under a minute/);
    expect(shown.paragraphs).toHaveLength(7);
    for (const word of SAMPLE_CHROME_WORDS) expect(shown.bodyText).not.toContain(word);
  });

  it('saves the article, and pressing Saved again undoes the save', async () => {
    await panel.click('[data-testid="save-button"]');
    await waitForReader(panel, (s) => s.saveLabel?.includes('Saved') ?? false);
    expect(await storedArticleCount(browser.serviceWorker)).toBe(1);

    await panel.click('[data-testid="save-button"]');
    await waitForReader(panel, (s) => s.saveLabel?.includes('Save for later') ?? false);
    expect(await storedArticleCount(browser.serviceWorker)).toBe(0);

    await panel.click('[data-testid="save-button"]');
    await waitForReader(panel, (s) => s.saveLabel?.includes('Saved') ?? false);
    expect(await storedArticleCount(browser.serviceWorker)).toBe(1);
  });

  it('lists the saved article in the side panel library', async () => {
    await panel.click('[data-testid="nav-library"]');
    const items = await waitUntil(
      () => panel.evaluate(() => Array.from(document.querySelectorAll('[data-testid="library-item"]')).map((li) => (li as HTMLElement).innerText)),
      (list) => list.length === 1,
      'one library item',
    );
    expect(items[0]).toContain('Putin in China');
    expect(items[0]).toContain('Daily Ledger');
    expect(items[0]).toMatch(/Saved /);
  });

  it('follows the active tab: a tab the user has not invoked the reader on asks for a click', async () => {
    await panel.click('[data-testid="nav-reader"]');
    const other = await browser.context.newPage();
    await other.goto(server.url('/pages/rich-article.html'));
    await other.bringToFront();
    const shown = await waitForReader(panel, (s) => s.notice?.includes('Click Reader') ?? false);
    expect(shown.notice).toMatch(/toolbar/);
    // A toolbar click on that tab grants access; the open panel picks it up.
    await triggerExtensionAction(browser.context, browser.extensionId, other);
    const after = await waitForReader(panel, (s) => s.title !== null && !s.title.includes('Putin'));
    expect(after.title).toBe('The river keeps rising. Can a small town keep up?');
    await other.close();
  });

  it('keeps the article after a browser restart, with the page server stopped', async () => {
    await browser.context.close();
    await server.close();
    browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome'), userDataDir: profile });
    const library = await openExtensionPage(browser.context, browser.extensionId, 'sidepanel.html#library');
    await library.getByTestId('library-item').first().waitFor();
    expect(await library.getByTestId('library-item').count()).toBe(1);
    await library.getByRole('button', { name: /^Putin in China/ }).click();
    await library.getByTestId('article-body').waitFor();
    const shown = await library.evaluate(readReaderDom);
    expect(shown.title).toContain('Putin in China');
    expect(shown.paragraphs).toHaveLength(7);
    expect(shown.paragraphs[0]).toContain(SAMPLE_PARAGRAPH_STARTS[0]);
    await library.close();
  });

  it('marks as read, deletes with undo', async () => {
    const library = await openExtensionPage(browser.context, browser.extensionId, 'sidepanel.html#library');
    const item = library.getByTestId('library-item');
    await item.first().waitFor();

    await library.getByRole('button', { name: /as read$/ }).click();
    await expect.poll(() => item.first().innerText()).toContain('Mark as unread');

    await library.getByRole('button', { name: /^Delete “Putin/ }).click();
    await expect.poll(() => item.count()).toBe(0);
    await expect.poll(() => library.getByTestId('undo-toast').innerText()).toContain('Deleted');
    expect(await storedArticleCount(browser.serviceWorker)).toBe(0);

    await library.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => item.count()).toBe(1);
    expect(await storedArticleCount(browser.serviceWorker)).toBe(1);
    // The read mark survived the delete and undo.
    expect(await item.first().innerText()).toContain('Mark as unread');
    await library.close();
  });

  it('says "no article" on a page that is not one, and offers Read anyway', async () => {
    server = await startStaticServer(FIXTURES);
    const page = await browser.context.newPage();
    await page.goto(server.url('/pages/no-article.html'));
    await triggerExtensionAction(browser.context, browser.extensionId, page);
    const view = await attachToExtensionView(browser.context, browser.extensionId, 'popup.html');
    const shown = await waitForReader(view, (s) => s.notice !== null);
    expect(shown.notice).toContain('No article found');
    expect(shown.notice).toContain('Read anyway');
    await view.click('.notice .button--primary');
    // "Read anyway" shows what text the page has, as an article, rather than refusing again.
    const forced = await waitForReader(view, (s) => s.title !== null);
    expect(forced.title).toMatch(/Harbour Gazette|News from the coast|Top stories/);
    expect(forced.paragraphs.length).toBeGreaterThan(0);
    await view.detach();
    await page.close();
  });

  it('reaches the saved list from the popup’s Library button', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url('/sample-news-page.html?library'));
    await triggerExtensionAction(browser.context, browser.extensionId, page);
    const view = await attachToExtensionView(browser.context, browser.extensionId, 'popup.html');
    await waitForReader(view, (s) => s.title !== null);
    await view.click('[data-testid="open-library"]');
    await waitUntil(
      () => openViews(browser.serviceWorker),
      (v) => v.sidePanel === 1 && v.popup === 0,
      'the side panel instead of the popup',
    );
    const panel = await attachToExtensionView(browser.context, browser.extensionId, 'sidepanel.html');
    const items = await waitUntil(
      () => panel.evaluate(() => Array.from(document.querySelectorAll('[data-testid="library-item"]')).map((li) => (li as HTMLElement).innerText)),
      (list) => list.length === 1,
      'the library in the side panel',
    );
    expect(items[0]).toContain('Putin in China');
    await panel.evaluate(() => window.close()).catch(() => undefined);
    await panel.detach();
    await page.close();
  });

  it('explains that the browser forbids reading chrome:// pages', async () => {
    const page = await browser.context.newPage();
    await page.goto('chrome://version/');
    await triggerExtensionAction(browser.context, browser.extensionId, page);
    const view = await attachToExtensionView(browser.context, browser.extensionId, 'popup.html');
    const shown = await waitForReader(view, (s) => s.notice !== null);
    expect(shown.notice).toContain('can’t be read');
    expect(shown.notice).toMatch(/does not let extensions read its own pages/);
    await view.detach();
    await page.close();
  });
});
