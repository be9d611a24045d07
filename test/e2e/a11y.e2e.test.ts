/**
 * Accessibility of the real extension UI in headless Chromium: axe-core on the popup, the side
 * panel reader, the settings, the library (in the panel and as a tab), in light and dark, with
 * no serious or critical violation allowed; Tab reaches every control with a visible focus ring;
 * and with an Arabic browser UI the pages are laid out right to left.
 *
 * A per-view summary (violations by impact, rule ids) is printed at the end.
 */
import { resolve } from 'node:path';
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
import {
  CONTROLS_PROBE,
  attachViewHost,
  axeCoreSource,
  blocking,
  detailLines,
  pageHost,
  runAxe,
  summaryLine,
  tabThrough,
  type AxeHost,
  type AxeViolation,
  type FocusStop,
  type ViewHost,
} from './a11y-support';
import { openViews, waitUntil } from '../../scripts/lib/views';

const FIXTURES = resolve(import.meta.dirname, '..', 'fixtures');
const ARTICLE = '/pages/rich-article.html';
const ARTICLE_TITLE = 'The river keeps rising. Can a small town keep up?';
const SCHEMES = ['light', 'dark'] as const;

const summary: string[] = [];
const details: string[] = [];

/** Runs axe in light and dark, records the summary lines and returns the blocking violations. */
async function auditBothSchemes(view: string, host: AxeHost): Promise<Record<string, AxeViolation[]>> {
  const failures: Record<string, AxeViolation[]> = {};
  for (const scheme of SCHEMES) {
    await host.setColorScheme(scheme);
    // With the "follow the system" theme the page re-themes itself (data-theme) on the media change.
    await waitFor(
      host,
      `matchMedia('(prefers-color-scheme: ${scheme})').matches && [undefined, '${scheme}'].includes(document.documentElement.dataset.theme)`,
      `the ${scheme} scheme`,
    );
    const violations = await runAxe(host);
    summary.push(summaryLine(`${view} (${scheme})`, violations));
    details.push(...detailLines(`${view} (${scheme})`, violations));
    const bad = blocking(violations);
    if (bad.length > 0) failures[scheme] = bad;
  }
  await host.setColorScheme('light');
  return failures;
}

/** Waits until `expression` evaluates truthy in the host. */
function waitFor(host: AxeHost, expression: string, what: string): Promise<unknown> {
  return waitUntil(() => host.evaluate<unknown>(expression), Boolean, what);
}

/** Asserts a Tab walk reached every control and showed a focus ring on each stop. */
async function expectKeyboardReachable(host: AxeHost, view: string): Promise<FocusStop[]> {
  const controls = await host.evaluate<string[]>(CONTROLS_PROBE);
  const stops = await tabThrough(host);
  const reached = new Set(stops.map((s) => s.key));
  expect(
    controls.filter((c) => !reached.has(c)),
    `${view}: controls Tab never reached`,
  ).toEqual([]);
  const noRing = stops.filter((s) => !s.focusVisible || s.outlineStyle === 'none' || s.outlineWidth === '0px');
  expect(
    noRing.map((s) => `${s.label}: outline ${s.outlineStyle} ${s.outlineWidth}, focus-visible ${s.focusVisible}`),
    `${view}: focus without a visible ring`,
  ).toEqual([]);
  summary.push(`${`${view} (keyboard)`.padEnd(34)} ${stops.length} Tab stops, all with a focus ring: ${stops.map((s) => s.label).join(' → ')}`);
  return stops;
}

afterAll(() => {
  console.log(
    `\naxe-core ${axeVersion()} — violations by impact per view\n${summary.join('\n')}\n${details.length ? `\nDetails:\n${details.join('\n')}\n` : ''}`,
  );
});

describe('accessibility (axe-core, keyboard)', () => {
  let server: StaticServer;
  let browser: ExtensionBrowser;
  let articlePage: Page;
  let popup: ViewHost | undefined;
  let panel: ViewHost | undefined;

  beforeAll(async () => {
    server = await startStaticServer(FIXTURES);
    browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome') });
  });

  afterAll(async () => {
    await popup?.detach();
    await panel?.detach();
    await browser?.close();
    await server?.close();
  });

  it('popup with an article: no serious or critical violations, light and dark', async () => {
    articlePage = await browser.context.newPage();
    await articlePage.goto(server.url(ARTICLE));
    await triggerExtensionAction(browser.context, browser.extensionId, articlePage);
    popup = await attachViewHost(browser.context, browser.extensionId, 'popup.html');
    await waitFor(
      popup,
      `document.querySelector('[data-testid="article-title"]')?.textContent === ${JSON.stringify(ARTICLE_TITLE)}`,
      'the article in the popup',
    );
    expect(await auditBothSchemes('popup: article', popup)).toEqual({});
  });

  it('popup: Tab reaches every control, each with a focus ring', async () => {
    await expectKeyboardReachable(popup!, 'popup: article');
  });

  it('side panel reader with an article: no serious or critical violations, light and dark', async () => {
    const clicker = await attachToExtensionView(browser.context, browser.extensionId, 'popup.html');
    await clicker.click('[data-testid="open-side-panel"]');
    await clicker.detach();
    await waitUntil(
      () => openViews(browser.serviceWorker),
      (v) => v.sidePanel === 1,
      'the side panel open',
    );
    await popup?.detach();
    popup = undefined;
    panel = await attachViewHost(browser.context, browser.extensionId, 'sidepanel.html');
    await waitFor(panel, `document.querySelectorAll('[data-testid="article-body"] p').length > 3`, 'the article in the side panel');
    expect(await auditBothSchemes('side panel: reader', panel)).toEqual({});
  });

  it('side panel reader: Tab reaches the navigation, Save and every link, each with a focus ring', async () => {
    const stops = await expectKeyboardReachable(panel!, 'side panel: reader');
    const keys = stops.map((s) => s.key);
    for (const id of ['nav-reader', 'nav-library', 'nav-settings', 'save-button']) expect(keys).toContain(id);
  });

  it('settings view: no serious or critical violations, light and dark; keyboard reachable', async () => {
    const clicker = await attachToExtensionView(browser.context, browser.extensionId, 'sidepanel.html');
    await clicker.click('[data-testid="save-button"]');
    await waitFor(panel!, `document.querySelector('[data-testid="save-button"]')?.getAttribute('aria-pressed') === 'true'`, 'the article saved');
    await clicker.click('[data-testid="nav-settings"]');
    await clicker.detach();
    await waitFor(panel!, `!!document.querySelector('[data-testid="settings"]')`, 'the settings view');
    expect(await auditBothSchemes('side panel: settings', panel!)).toEqual({});
    await expectKeyboardReachable(panel!, 'side panel: settings');
  });

  it('library with a saved article (side panel): no serious or critical violations; keyboard reachable', async () => {
    const clicker = await attachToExtensionView(browser.context, browser.extensionId, 'sidepanel.html');
    await clicker.click('[data-testid="nav-library"]');
    await clicker.detach();
    await waitFor(panel!, `document.querySelectorAll('[data-testid="library-item"]').length === 1`, 'one saved article in the library');
    expect(await auditBothSchemes('side panel: library', panel!)).toEqual({});
    const stops = await expectKeyboardReachable(panel!, 'side panel: library');
    expect(stops.map((s) => s.label)).toEqual(expect.arrayContaining([expect.stringContaining('"Mark as read"'), expect.stringContaining('"Delete “')]));
  });

  it('every theme of the settings (light, sepia, dark, contrast): no serious or critical violations in the reader and the settings', async () => {
    const clicker = await attachToExtensionView(browser.context, browser.extensionId, 'sidepanel.html');
    try {
      await clicker.click('[data-testid="nav-settings"]');
      await waitFor(panel!, `!!document.querySelector('[data-testid="settings"]')`, 'the settings view');
      const themes = await panel!.evaluate<string[]>(
        `Array.from(document.querySelectorAll('input[type=radio][name=theme]')).map((i) => i.value).filter((v) => v !== 'system')`,
      );
      if (themes.length === 0) return; // a build without theme choices: nothing more to check
      const failures: Record<string, AxeViolation[]> = {};
      for (const theme of themes) {
        await clicker.click(`input[type=radio][name=theme][value=${theme}]`);
        await waitFor(panel!, `document.documentElement.dataset.theme === '${theme}'`, `the ${theme} theme`);
        for (const [view, ready] of [
          ['settings', `!!document.querySelector('[data-testid="settings"]')`],
          ['reader', `document.querySelectorAll('[data-testid="article-body"] p').length > 3`],
        ] as const) {
          await clicker.click(`[data-testid="nav-${view}"]`);
          await waitFor(panel!, ready, `the ${view} view`);
          const violations = await runAxe(panel!);
          summary.push(summaryLine(`side panel: ${view} (theme ${theme})`, violations));
          details.push(...detailLines(`side panel: ${view} (theme ${theme})`, violations));
          if (blocking(violations).length > 0) failures[`${view} ${theme}`] = blocking(violations);
        }
        await clicker.click('[data-testid="nav-settings"]');
        await waitFor(panel!, `!!document.querySelector('[data-testid="settings"]')`, 'the settings view');
      }
      expect(failures).toEqual({});
    } finally {
      await clicker.click('input[type=radio][name=theme][value=system]').catch(() => undefined);
      await clicker.click('[data-testid="nav-library"]').catch(() => undefined);
      await clicker.detach();
    }
  });

  it('library as a tab, and a saved article opened from it: no serious or critical violations', async () => {
    const library = await openExtensionPage(browser.context, browser.extensionId, 'sidepanel.html#library');
    await library.getByTestId('library-item').first().waitFor();
    // The extension page's CSP (script-src 'self') refuses an inline <script>: axe goes in through
    // CDP evaluation instead, which the CSP does not govern.
    const inline = await library.addScriptTag({ content: 'window.__inlineRan = true;' }).then(
      () => library.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan === true),
      () => false,
    );
    expect(inline).toBe(false);
    const host = pageHost(library);
    expect(await auditBothSchemes('library tab: list', host)).toEqual({});
    await library.getByRole('button', { name: ARTICLE_TITLE, exact: true }).click();
    await library.getByTestId('article-body').waitFor();
    expect(await auditBothSchemes('library tab: saved article', host)).toEqual({});
    await expectKeyboardReachable(host, 'library tab: saved article');
    await library.close();
  });

  it('the organised library (wide with sidebar, tag editor, tag menu, search results, bulk bar; narrow with filters): no serious or critical violations, light and dark; keyboard reachable', async () => {
    const library = await openExtensionPage(browser.context, browser.extensionId, 'sidepanel.html#library?view=all');
    try {
      await library.setViewportSize({ width: 1280, height: 800 });
      await library.getByTestId('library-item').first().waitFor();
      const host = pageHost(library);
      // A tag, added through the row's tag editor (the dialog is audited open).
      await library.getByTestId('library-item-tags').first().click();
      await library.getByTestId('tag-input').fill('Rivers');
      await library.getByTestId('tag-input').press('Enter');
      await library.getByTestId('tag-editor').locator('.tag-chip').first().waitFor();
      expect(await auditBothSchemes('library tab: tag editor', host)).toEqual({});
      await library.getByTestId('tag-editor-done').click();
      await library.getByTestId('library-tag-filter').first().waitFor();
      expect(await auditBothSchemes('library tab: wide, sidebar', host)).toEqual({});
      const stops = await expectKeyboardReachable(host, 'library tab: wide, sidebar');
      expect(stops.map((s) => s.key)).toEqual(
        expect.arrayContaining([
          'library-view-inbox',
          'library-tag-filter',
          'library-tag-menu',
          'library-search',
          'library-item-select',
          'library-item-favourite',
        ]),
      );
      await library.getByTestId('library-tag-menu').click();
      await library.getByRole('button', { name: 'Rename tag “Rivers”' }).click();
      await library.getByTestId('library-tag-rename-input').waitFor();
      expect(await auditBothSchemes('library tab: renaming a tag', host)).toEqual({});
      await library.getByTestId('library-tag-rename-input').press('Escape');
      await library.getByTestId('library-search').fill('river');
      await library.locator('[data-testid="library-item-snippet"] mark').first().waitFor();
      expect(await auditBothSchemes('library tab: search results', host)).toEqual({});
      await library.getByTestId('library-search').fill('');
      await library.getByTestId('library-item-select').first().check();
      await library.getByTestId('library-bulk-bar').waitFor();
      expect(await auditBothSchemes('library tab: bulk bar', host)).toEqual({});
      await expectKeyboardReachable(host, 'library tab: bulk bar');
      await library.getByTestId('bulk-clear').click();
      await library.setViewportSize({ width: 360, height: 800 });
      await library.getByTestId('library-filters-toggle').click();
      await library.getByTestId('library-sidebar').waitFor();
      expect(await auditBothSchemes('library narrow: filters open', host)).toEqual({});
      await expectKeyboardReachable(host, 'library narrow: filters open');
    } finally {
      await library.close();
    }
  });
});

describe('Arabic browser UI (right to left)', () => {
  let server: StaticServer;
  let browser: ExtensionBrowser | undefined;
  let uiLanguage = '';

  beforeAll(async () => {
    server = await startStaticServer(FIXTURES);
    // On Linux, Chromium takes its UI language from the environment (LANGUAGE, LC_ALL, LANG), and
    // only if that locale's .pak is installed (Debian: chromium-l10n). `--lang` is ignored there,
    // and Playwright's `locale` only changes navigator.language and Accept-Language.
    const saved = process.env.LANGUAGE;
    process.env.LANGUAGE = 'ar';
    try {
      browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome') });
    } finally {
      if (saved === undefined) delete process.env.LANGUAGE;
      else process.env.LANGUAGE = saved;
    }
    uiLanguage = await browser.serviceWorker.evaluate(() =>
      (globalThis as unknown as { chrome: { i18n: { getUILanguage(): string } } }).chrome.i18n.getUILanguage(),
    );
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lays out the popup, the side panel and the library right to left', async (ctx) => {
    if (!uiLanguage.startsWith('ar')) {
      console.log(`Arabic UI not available (UI language ${uiLanguage}): install the browser's Arabic locale (Debian: chromium-l10n).`);
      ctx.skip();
    }
    const b = browser!;
    const page = await b.context.newPage();
    await page.goto(server.url(`${ARTICLE}?ar`));
    await triggerExtensionAction(b.context, b.extensionId, page);
    const popup = await attachViewHost(b.context, b.extensionId, 'popup.html');
    await waitFor(popup, `!!document.querySelector('[data-testid="article-title"]')`, 'the article in the Arabic popup');
    const popupLayout = await popup.evaluate<{ dir: string; lang: string; articleDir: string; libraryLeftOfSave: boolean; saveText: string }>(`(() => {
      const save = document.querySelector('[data-testid="save-button"]').getBoundingClientRect();
      const lib = document.querySelector('[data-testid="open-library"]').getBoundingClientRect();
      return {
        dir: document.documentElement.dir,
        lang: document.documentElement.lang,
        articleDir: getComputedStyle(document.querySelector('[data-testid="article"]')).direction,
        libraryLeftOfSave: lib.right <= save.left,
        saveText: document.querySelector('[data-testid="save-button"]').textContent,
      };
    })()`);
    expect(popupLayout).toMatchObject({ dir: 'rtl', lang: 'ar', articleDir: 'ltr', libraryLeftOfSave: true, saveText: 'حفظ لوقت لاحق' });
    const popupViolations = await runAxe(popup);
    summary.push(summaryLine('popup, Arabic UI (light)', popupViolations));
    details.push(...detailLines('popup, Arabic UI', popupViolations));

    const clicker = await attachToExtensionView(b.context, b.extensionId, 'popup.html');
    await clicker.click('[data-testid="open-side-panel"]');
    await clicker.detach();
    await popup.detach();
    await waitUntil(
      () => openViews(b.serviceWorker),
      (v) => v.sidePanel === 1,
      'the side panel open',
    );
    const panel = await attachViewHost(b.context, b.extensionId, 'sidepanel.html');
    await waitFor(panel, `!!document.querySelector('[data-testid="article-title"]')`, 'the article in the Arabic side panel');
    const navOrder = await panel.evaluate<{ dir: string; readerRightOfLibrary: boolean }>(`(() => {
      const r = document.querySelector('[data-testid="nav-reader"]').getBoundingClientRect();
      const l = document.querySelector('[data-testid="nav-library"]').getBoundingClientRect();
      return { dir: document.documentElement.dir, readerRightOfLibrary: r.left >= l.right };
    })()`);
    expect(navOrder).toEqual({ dir: 'rtl', readerRightOfLibrary: true });
    const panelViolations = await runAxe(panel);
    summary.push(summaryLine('side panel, Arabic UI (light)', panelViolations));
    details.push(...detailLines('side panel, Arabic UI', panelViolations));
    await panel.detach();

    const library = await openExtensionPage(b.context, b.extensionId, 'sidepanel.html#library');
    await library.getByTestId('library-empty').waitFor();
    expect(await library.evaluate(() => [document.documentElement.dir, getComputedStyle(document.body).direction])).toEqual(['rtl', 'rtl']);
    const libraryViolations = await runAxe(pageHost(library));
    summary.push(summaryLine('library tab, Arabic UI (light)', libraryViolations));
    details.push(...detailLines('library tab, Arabic UI', libraryViolations));

    // With an article, the wide layout mirrors: the sidebar on the right, the list on its left.
    await library.setViewportSize({ width: 1280, height: 800 });
    const saved = await library.evaluate(
      async (url) => {
        const article = {
          url,
          title: 'النهر يواصل الارتفاع',
          byline: null,
          siteName: 'Harbour',
          publishedTime: null,
          lang: 'ar',
          dir: 'rtl',
          excerpt: 'النهر يواصل الارتفاع.',
          leadImageUrl: null,
          wordCount: 300,
          readingTimeMinutes: 2,
          contentHtml: '<p>النهر يواصل الارتفاع.</p>',
          text: 'النهر يواصل الارتفاع.',
          readerable: true,
        };
        return (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean }> } } }).chrome.runtime.sendMessage({
          type: 'saveArticle',
          payload: { article },
        });
      },
      server.url(`${ARTICLE}?ar-library`),
    );
    expect(saved).toMatchObject({ ok: true });
    await library.getByTestId('library-item').first().waitFor();
    const mirrored = await library.evaluate(() => {
      const sidebar = document.querySelector('[data-testid="library-sidebar"]')!.getBoundingClientRect();
      const list = document.querySelector('[data-testid="library-list"]')!.getBoundingClientRect();
      return sidebar.left >= list.right;
    });
    expect(mirrored).toBe(true);
    const wideViolations = await runAxe(pageHost(library));
    summary.push(summaryLine('library tab wide, Arabic UI (light)', wideViolations));
    details.push(...detailLines('library tab wide, Arabic UI', wideViolations));
    expect([...blocking(popupViolations), ...blocking(panelViolations), ...blocking(libraryViolations), ...blocking(wideViolations)]).toEqual([]);
    await library.close();
    await page.close();
  });
});

/** The axe-core version, read from its source banner. */
function axeVersion(): string {
  return /axe v([\d.]+)/.exec(axeCoreSource().slice(0, 200))?.[1] ?? '?';
}
