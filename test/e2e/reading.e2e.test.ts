/**
 * The reading experience in real Chromium: each setting changes the article's computed style
 * live; keyboard shortcuts; progress and time left; a saved article reopens where the reader
 * stopped, after a browser restart. Saves screenshots of the reader in light, sepia and dark
 * and of the settings panel to test-output/.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
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
} from '../../scripts/lib/browser';
import { startStaticServer, type StaticServer } from '../../scripts/lib/server';
import { openSidePanelViaPopup, openViews, waitForReader, waitUntil } from '../../scripts/lib/views';
import { storedArticleCount } from './support';

const ROOT = resolve(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures');
const OUTPUT = join(ROOT, 'test-output');

interface ArticleStyle {
  fontSize: string;
  fontFamily: string;
  lineHeight: string;
  letterSpacing: string;
  maxWidth: string;
  paragraphGap: string;
  textAlign: string;
  background: string;
  color: string;
  imageFilter: string;
  theme: string | null;
}

function articleStyle(): ArticleStyle {
  const reader = document.querySelector('.reader')!;
  const p = document.querySelector('.reader-body p')!;
  const img = document.querySelector('.reader-body img');
  const r = getComputedStyle(reader);
  const ps = getComputedStyle(p);
  return {
    fontSize: r.fontSize,
    fontFamily: r.fontFamily,
    lineHeight: ps.lineHeight,
    letterSpacing: r.letterSpacing,
    maxWidth: r.maxWidth,
    paragraphGap: ps.marginBottom,
    textAlign: ps.textAlign,
    background: getComputedStyle(document.body).backgroundColor,
    color: r.color,
    imageFilter: img ? getComputedStyle(img).filter : 'no image',
    theme: document.documentElement.getAttribute('data-theme'),
  };
}

describe('reading experience', () => {
  let profile: string;
  let server: StaticServer;
  let browser: ExtensionBrowser;
  let reader: Page;
  /** Uncaught errors in any page of the browser: the reader must never throw into the console. */
  const pageErrors: string[] = [];

  async function openSavedArticle(): Promise<Page> {
    const page = await openExtensionPage(browser.context, browser.extensionId, 'sidepanel.html#library');
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    // A full tab, wide enough for the default text size (19 px) and the 34em measure: in a
    // narrower view the default size follows the width (first-screen.e2e.test.ts measures that).
    await page.setViewportSize({ width: 1024, height: 760 });
    await page.getByTestId('library-item').first().waitFor();
    await page.getByRole('button', { name: /^The river keeps rising/ }).click();
    await page.getByTestId('article-body').waitFor();
    return page;
  }

  async function openSettings(page: Page): Promise<void> {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings').waitFor();
  }

  async function backToArticle(page: Page): Promise<void> {
    await page.getByTestId('nav-library').click();
    await page.getByRole('button', { name: /^The river keeps rising/ }).click();
    await page.getByTestId('article-body').waitFor();
  }

  beforeAll(async () => {
    await mkdir(OUTPUT, { recursive: true });
    profile = await mkdtemp(join(tmpdir(), 'reader-reading-'));
    server = await startStaticServer(FIXTURES);
    browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome'), userDataDir: profile });
    // Save the rich article through the real path: toolbar click, popup, Save.
    const page = await browser.context.newPage();
    await page.goto(server.url('/pages/rich-article.html'));
    await triggerExtensionAction(browser.context, browser.extensionId, page);
    const popup = await attachToExtensionView(browser.context, browser.extensionId, 'popup.html');
    await waitForReader(popup, (s) => s.title !== null);
    await popup.click('[data-testid="save-button"]');
    await waitUntil(
      () => storedArticleCount(browser.serviceWorker),
      (n) => n === 1,
      'the article to be saved',
    );
    await popup.detach();
    await page.close();
    reader = await openSavedArticle();
  });

  afterAll(async () => {
    expect(pageErrors).toEqual([]);
    await browser?.close();
    await server?.close();
    await rm(profile, { recursive: true, force: true });
  });

  it('starts from book-like defaults', async () => {
    const style = await reader.evaluate(articleStyle);
    expect(style.fontSize).toBe('19px');
    expect(style.fontFamily).toMatch(/^"Literata Variable"/);
    expect(style.textAlign).toBe('start');
    expect(style.theme).toBe('light');
    await reader.screenshot({ path: join(OUTPUT, 'reader-light.png') });
  });

  it('applies every setting live to the article', async () => {
    await openSettings(reader);
    const setSlider = async (label: string, value: number) => {
      await reader.getByLabel(label, { exact: true }).evaluate((el, v) => {
        const input = el as HTMLInputElement;
        input.value = String(v);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }, value);
    };
    await setSlider('Size', 24);
    await setSlider('Line height', 2);
    await setSlider('Line length', 28);
    await setSlider('Paragraph spacing', 2);
    await setSlider('Letter spacing', 0.05);
    await reader.getByLabel('OpenDyslexic').check();
    await reader.getByLabel('Justified').check();
    await reader.getByLabel('Sepia').check();
    await reader.screenshot({ path: join(OUTPUT, 'settings-panel.png'), fullPage: true });
    await backToArticle(reader);

    const style = await reader.evaluate(articleStyle);
    expect(style.fontSize).toBe('24px');
    expect(style.lineHeight).toBe('48px');
    expect(style.maxWidth).toBe(`${28 * 24}px`);
    expect(style.paragraphGap).toBe('48px');
    expect(parseFloat(style.letterSpacing)).toBeCloseTo(0.05 * 24, 3);
    expect(style.fontFamily).toMatch(/^OpenDyslexic/);
    expect(style.textAlign).toBe('justify');
    expect(style.theme).toBe('sepia');
    expect(style.background).toBe('rgb(244, 236, 216)');
  });

  it('persists settings in sync storage and resets to the defaults', async () => {
    await waitUntil(
      () =>
        browser.serviceWorker.evaluate(
          async () => ((await chrome.storage.sync.get('reader-settings'))['reader-settings'] as { fontSize?: number } | undefined)?.fontSize,
        ),
      (size) => size === 24,
      'the settings to reach storage.sync',
    );
    await openSettings(reader);
    await reader.getByTestId('settings-reset').click();
    await reader.getByLabel('Follow system').check();
    await reader.getByLabel('Sepia').check();
    await backToArticle(reader);
    const style = await reader.evaluate(articleStyle);
    expect(style.fontSize).toBe('19px');
    expect(style.fontFamily).toMatch(/^"Literata Variable"/);
    await reader.screenshot({ path: join(OUTPUT, 'reader-sepia.png') });
  });

  it('follows the system colour scheme and dims images in dark themes', async () => {
    await openSettings(reader);
    await reader.getByLabel('Follow system').check();
    await reader.emulateMedia({ colorScheme: 'dark' });
    await backToArticle(reader);
    const dark = await reader.evaluate(articleStyle);
    expect(dark.theme).toBe('dark');
    expect(dark.background).toBe('rgb(27, 26, 24)');
    expect(dark.imageFilter).toContain('brightness');
    await reader.screenshot({ path: join(OUTPUT, 'reader-dark.png') });
    await reader.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => reader.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBe('light');
    expect((await reader.evaluate(articleStyle)).imageFilter).toBe('none');
  });

  it('answers the reader keyboard shortcuts', async () => {
    await reader.locator('body').click({ position: { x: 5, y: 300 } });
    await reader.keyboard.press('?');
    await expect.poll(() => reader.getByTestId('keyboard-help').isVisible()).toBe(true);
    expect(await reader.getByTestId('keyboard-help').innerText()).toContain('Larger text');
    await reader.keyboard.press('Escape');
    await expect.poll(() => reader.getByTestId('keyboard-help').count()).toBe(0);

    await reader.keyboard.press('+');
    await expect.poll(async () => (await reader.evaluate(articleStyle)).fontSize).toBe('20px');
    await reader.keyboard.press('-');
    await expect.poll(async () => (await reader.evaluate(articleStyle)).fontSize).toBe('19px');
    await reader.keyboard.press('t');
    await expect.poll(async () => (await reader.evaluate(articleStyle)).theme).toBe('sepia');
    await reader.keyboard.press('t');
    await expect.poll(async () => (await reader.evaluate(articleStyle)).theme).toBe('dark');
    await reader.keyboard.press('j');
    await expect.poll(() => reader.evaluate(() => document.scrollingElement!.scrollTop)).toBeGreaterThan(0);
  });

  it('shows progress and time left while reading', async () => {
    const before = await reader.getByTestId('time-left').innerText();
    expect(before).toMatch(/\d+ min left/);
    await reader.evaluate(() => window.scrollTo(0, document.scrollingElement!.scrollHeight));
    await expect.poll(() => reader.getByTestId('time-left').innerText()).toBe('Finished');
    expect(await reader.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
  });

  it('prints the article alone, without the reader chrome', async () => {
    await reader.emulateMedia({ media: 'print' });
    const hidden = await reader.evaluate(() =>
      ['.panel-nav', '.reader-bar', '.reading-progress', '.read-aloud-dock'].map((sel) => {
        const el = document.querySelector(sel);
        return el ? getComputedStyle(el).display : 'none';
      }),
    );
    expect(hidden).toEqual(['none', 'none', 'none', 'none']);
    const style = await reader.evaluate(articleStyle);
    expect(style.background).toBe('rgb(255, 255, 255)');
    expect(style.color).toBe('rgb(0, 0, 0)');
    await reader.emulateMedia({ media: 'screen' });
  });

  it('reopens a saved article where the reader stopped, after a browser restart', async () => {
    const target = await reader.evaluate(() => {
      const el = document.scrollingElement!;
      el.scrollTop = Math.round((el.scrollHeight - el.clientHeight) / 2);
      return el.scrollTop;
    });
    expect(target).toBeGreaterThan(200);
    // The position is written once scrolling pauses.
    await waitUntil(
      () => browser.serviceWorker.evaluate(async () => Object.keys(await chrome.storage.local.get(null)).filter((k) => k.startsWith('position:saved:')).length),
      (n) => n === 1,
      'the reading position to be stored',
    );
    await reader.waitForTimeout(800);
    await browser.context.close();
    browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome'), userDataDir: profile });
    reader = await openSavedArticle();
    await expect.poll(() => reader.evaluate(() => document.scrollingElement!.scrollTop), { timeout: 5000 }).toBeGreaterThan(target - 60);
    expect(await reader.evaluate(() => document.scrollingElement!.scrollTop)).toBeLessThan(target + 60);
  });

  it('restores the live page reader’s position when the side panel is reopened in the same tab', async () => {
    // The real side panel is the only sidepanel.html page from here on (no library tab).
    await reader.close();
    const page = await browser.context.newPage();
    await page.goto(server.url('/pages/rich-article.html?live'));
    const openPanel = () => openSidePanelViaPopup(browser, page);
    const panel = await openPanel();
    const target = await panel.evaluate(() => {
      const el = document.scrollingElement!;
      el.scrollTop = Math.round((el.scrollHeight - el.clientHeight) * 0.6);
      return el.scrollTop;
    });
    expect(target).toBeGreaterThan(200);
    await waitUntil(
      () => browser.serviceWorker.evaluate(async () => Object.keys(await chrome.storage.session.get(null)).filter((k) => k.startsWith('position:tab:')).length),
      (n) => n >= 1,
      'the live position to be stored',
    );
    await panel.evaluate(() => window.close()).catch(() => undefined);
    await waitUntil(
      () => openViews(browser.serviceWorker),
      (v) => v.sidePanel === 0,
      'the side panel to close',
    );
    await panel.detach();

    const again = await openPanel();
    await waitUntil(
      () => again.evaluate(() => document.scrollingElement!.scrollTop),
      (top) => Math.abs(top - target) < 60,
      `the position to be restored near ${target}`,
      5000,
    );
    await again.evaluate(() => window.close()).catch(() => undefined);
    await again.detach();
    await page.close();
  });
});

declare const chrome: {
  storage: {
    sync: { get(key: string): Promise<Record<string, unknown>> };
    local: { get(key: null): Promise<Record<string, unknown>> };
    session: { get(key: null): Promise<Record<string, unknown>> };
  };
};
