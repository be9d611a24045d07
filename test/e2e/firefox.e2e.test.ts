/**
 * The Firefox build in real headless Firefox (Debian's firefox-esr), as a new user meets it, over
 * WebDriver BiDi (scripts/lib/firefox.ts): a person's click on the toolbar button → the real popup
 * with the article → "Read in side panel" → the real sidebar (sidebar_action) → save → library;
 * Alt+Shift+R and the three context-menu items with trusted input; the strict-CSP page that must
 * learn nothing; the 252 px sidebar; then Firefox restarted on the same profile with the add-on
 * reinstalled as temporary and the page server gone: the saved article still opens. Along the way
 * no uncaught error and no console.error may come from moz-extension://.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addonIdOf,
  browserActionWidgetId,
  chooseContextMenuItem,
  clickBrowserAction,
  ExtensionViews,
  extensionConsoleMessages,
  findFirefox,
  firefoxExtensionDir,
  hideSidebar,
  installChromeHelpers,
  launchFirefox,
  openContextMenu,
  pinBrowserAction,
  pressKey,
  screenshotHost,
  sidebarState,
  type ExtensionConsoleMessage,
  type FirefoxBrowser,
} from '../../scripts/lib/firefox';
import { startStaticServer, type ObservedRequest, type StaticServer } from '../../scripts/lib/server';
import { readReaderDom, waitUntil, type ReaderSnapshot } from '../../scripts/lib/views';
import { SAMPLE_CHROME_WORDS, SAMPLE_PARAGRAPH_STARTS } from './support';

const FIXTURES = resolve(import.meta.dirname, '..', 'fixtures');
const OUTPUT = resolve(import.meta.dirname, '..', '..', 'test-output');
/** Fixed in the profile's user.js, so moz-extension://<UUID>/ is known before the add-on runs. */
const UUID = '7d3c1a52-9b0e-4f6a-8c11-5e2f0a9d4b73';
const ORIGIN = `moz-extension://${UUID}`;
const SAMPLE_TITLE = 'Putin in China to meet ‘dear friend’ Xi, boosting ties amid Western isolation';
const RICH_TITLE = 'The river keeps rising. Can a small town keep up?';
/** The add-on's context-menu items, grouped by Firefox under the add-on's name when there are several. */
const EXT_NAME = 'Reader — clean articles, saved for later';
/** Logged by the test itself in an extension page to prove the console collector hears the add-on. */
const PROBE_TEXT = '[reader-test] console collector probe';

const PAGE = readFileSync(resolve(FIXTURES, 'sample-news-page.html'), 'utf8');
/** The page's own inline scripts, allowed by hash as a strict site allows its own. */
const PAGE_SCRIPT_HASHES = [...PAGE.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`);
/** A strict policy with a report endpoint, as news sites deploy them: no inline handlers, no eval. */
const STRICT_CSP = `default-src 'self'; script-src 'self' ${PAGE_SCRIPT_HASHES.join(' ')}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; report-uri /csp-report`;

/** The page's own listeners, installed before its scripts run: what a site could observe of a read. */
const PAGE_LISTENERS = `() => {
  const seen = [];
  window.__seen = seen;
  document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective + ' ' + e.sourceFile + ':' + e.lineNumber), true);
  window.addEventListener('message', (e) => seen.push('message ' + JSON.stringify(e.data)), true);
}`;

const inCI = process.env.CI === 'true' || process.env.CI === '1';
/** The Firefox to test with, or why there is none. */
const found = ((): { path: string } | { path: null; why: string } => {
  try {
    return { path: findFirefox() };
  } catch (error) {
    return { path: null, why: (error as Error).message };
  }
})();
// Skipped only on a machine that has no Firefox at all; in CI, or with a FIREFOX_PATH that points
// at nothing, the suite fails instead, saying why.
const skip = found.path === null && !inCI && !process.env.FIREFOX_PATH?.trim();
if (skip && found.path === null) console.warn(`Skipping the Firefox end-to-end suite: ${found.why}`);

/**
 * Number of saved articles, as the library the helper tab shows (sidepanel.html#library) lists
 * them: what a person sees, whichever storage holds them.
 */
function storedCount(views: ExtensionViews): Promise<number> {
  return views.inPage(() => document.querySelectorAll('[data-testid="library-item"]').length);
}

/** What the open popup or sidebar shows, once `ready` accepts it. */
function waitForView(
  views: ExtensionViews,
  kind: 'popup' | 'sidebar',
  ready: (s: ReaderSnapshot) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<ReaderSnapshot> {
  return waitUntil(() => views.evaluate(kind, readReaderDom), ready, what, timeoutMs);
}

/** The library items the sidebar lists, as their text. */
function libraryItems(views: ExtensionViews): Promise<string[]> {
  return views.evaluate('sidebar', (doc) => Array.from(doc.querySelectorAll('[data-testid="library-item"]')).map((li) => li.textContent ?? ''));
}

/** The centre of the first element matching `selector` in the selected tab, in viewport px. */
function centreOf(firefox: FirefoxBrowser, tab: string, selector: string): Promise<{ x: number; y: number }> {
  return firefox.call(
    tab,
    (sel: string) => {
      const el = document.querySelector(sel);
      if (!el) throw new Error(`No ${sel} in the page`);
      el.scrollIntoView({ block: 'center' });
      const r = el.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + Math.min(r.height / 2, 20) };
    },
    selector,
  );
}

describe.skipIf(skip)('the Firefox build in headless Firefox', () => {
  let extensionDir: string;
  let addonId: string;
  let profile: string;
  let server: StaticServer;
  let strictServer: StaticServer;
  const requests: ObservedRequest[] = [];
  let firefox: FirefoxBrowser;
  let views: ExtensionViews;
  let tab: string;
  /** Console messages and BiDi log entries of Firefox sessions already closed. */
  const earlierConsole: ExtensionConsoleMessage[] = [];
  const earlierLog: FirefoxBrowser['logEntries'] = [];

  /** Launches Firefox on `profile`, installs the build as a temporary add-on and pins its button. */
  async function startFirefox(): Promise<void> {
    firefox = await launchFirefox({ binary: found.path!, profileDir: profile, extensionUuids: { [addonId]: UUID } });
    await installChromeHelpers(firefox);
    expect(await firefox.installTemporaryAddon(extensionDir)).toBe(addonId);
    await pinBrowserAction(firefox, addonId);
    views = await ExtensionViews.open(firefox, ORIGIN, 'sidepanel.html#library');
    // The collector must hear the add-on's documents, or "no errors" below would prove nothing.
    await views.inPage((text: string) => {
      console.error(text);
      setTimeout(() => {
        throw new Error(`${text} (uncaught)`);
      });
    }, PROBE_TEXT);
    await waitUntil(
      () => extensionConsoleMessages(firefox),
      (list) =>
        list.some((m) => m.kind === 'console' && m.text === PROBE_TEXT && m.file.startsWith(ORIGIN)) &&
        list.some((m) => m.kind === 'error' && m.text.includes(`${PROBE_TEXT} (uncaught)`) && m.file.startsWith(ORIGIN)),
      'the console collector to hear a console.error and an uncaught error of an extension page',
    );
    tab = (await firefox.tabs())[0]!.context;
    await firefox.activate(tab);
    // Firefox opens the add-on's sidebar by itself after each install; let it settle (it reads the
    // blank tab), then close it, so that every later opening is the user's.
    const opened = await waitUntil(
      () => sidebarState(firefox),
      (s) => s.open,
      'the sidebar Firefox opens at install',
      5_000,
    ).catch(() => null);
    if (opened) {
      await waitForView(views, 'sidebar', (s) => s.title !== null || s.notice !== null, 'the install-time sidebar to settle');
      await hideSidebar(firefox);
      await waitUntil(
        () => views.count(),
        (c) => c.sidebar === 0,
        'the sidebar to close',
      );
    }
  }

  /** The bodies of the CSP reports the strict server received so far. */
  const cspReports = (): string[] => requests.filter((r) => r.url.startsWith('/csp-report')).map((r) => r.body);
  /**
   * What the page itself fetched from the strict server, by Referer: the reader's own views
   * (moz-extension://) send none, so their images are not counted.
   */
  const pageRequests = (): string[] =>
    requests.filter((r) => !r.url.startsWith('/csp-report') && (r.headers.referer ?? '').startsWith(strictServer.origin)).map((r) => r.url);

  /** Closes the sidebar and waits until its view is gone. */
  async function closeSidebar(): Promise<void> {
    await hideSidebar(firefox);
    await waitUntil(
      () => views.count(),
      (c) => c.sidebar === 0,
      'the sidebar to close',
    );
  }

  beforeAll(async () => {
    if (found.path === null) {
      throw new Error(`${inCI ? 'CI=true and no Firefox: this suite must run in CI, so it fails rather than skips.' : 'No usable Firefox.'}\n${found.why}`);
    }
    extensionDir = firefoxExtensionDir();
    addonId = addonIdOf(extensionDir);
    profile = await mkdtemp(join(tmpdir(), 'reader-firefox-e2e-'));
    server = await startStaticServer(FIXTURES);
    strictServer = await startStaticServer(FIXTURES, { headers: { 'Content-Security-Policy': STRICT_CSP }, onRequest: (r) => requests.push(r) });
    await startFirefox();
  }, 120_000);

  afterAll(async () => {
    await firefox?.close();
    await server?.close();
    await strictServer?.close();
    if (profile) await rm(profile, { recursive: true, force: true, maxRetries: 3 });
  });

  it('reaches nothing but 127.0.0.1 (every other host goes to a closed proxy port)', async () => {
    await firefox.navigate(tab, server.url('/sample-news-page.html?network'));
    const outcome = await firefox.call(tab, async () => {
      const started = Date.now();
      try {
        await fetch('http://example.com/', { mode: 'no-cors' });
        return { failed: false, ms: Date.now() - started };
      } catch {
        return { failed: true, ms: Date.now() - started };
      }
    });
    expect(outcome.failed).toBe(true);
    expect(outcome.ms).toBeLessThan(5_000);
  });

  it('a trusted click on the toolbar button opens the real popup with the article, without the page’s chrome', async () => {
    await firefox.navigate(tab, server.url('/sample-news-page.html'));
    await clickBrowserAction(firefox, addonId);
    const shown = await waitForView(views, 'popup', (s) => s.paragraphs.length > 0, 'the popup’s article');
    expect(shown.title).toBe(SAMPLE_TITLE);
    expect(shown.site).toBe('Daily Ledger');
    expect(shown.meta).toContain('Mei Lin Chen');
    expect(shown.paragraphs).toHaveLength(7);
    shown.paragraphs.forEach((p, i) => expect(p.startsWith(SAMPLE_PARAGRAPH_STARTS[i]!), p).toBe(true));
    for (const word of SAMPLE_CHROME_WORDS) expect(shown.bodyText).not.toContain(word);
    expect(shown.saveLabel).toContain('Save for later');
    expect(await views.count()).toMatchObject({ popup: 1, sidebar: 0 });
  });

  it('"Read in side panel", clicked in the popup, opens the real sidebar with the article and closes the popup', async () => {
    await views.click('popup', '[data-testid="open-side-panel"]');
    await waitUntil(
      () => views.count(),
      (c) => c.sidebar === 1 && c.popup === 0,
      'the sidebar open and the popup closed',
    );
    expect(await sidebarState(firefox)).toMatchObject({ open: true, id: `${browserActionWidgetId(addonId).replace(/-browser-action$/, '')}-sidebar-action` });
    const shown = await waitForView(views, 'sidebar', (s) => s.paragraphs.length > 0, 'the sidebar’s article');
    expect(shown.title).toBe(SAMPLE_TITLE);
    expect(shown.paragraphs).toHaveLength(7);
    for (const word of SAMPLE_CHROME_WORDS) expect(shown.bodyText).not.toContain(word);
  });

  it('in the default 252 px sidebar every tab of the bar and every reader action is unclipped', async () => {
    const state = await sidebarState(firefox);
    expect(state.width).toBe(252);
    const bar = await views.evaluate('sidebar', (doc) => {
      const nav = doc.querySelector('.panel-nav')!;
      const reader = doc.querySelector('[data-testid="reader-bar"]')!;
      return {
        viewport: doc.documentElement.clientWidth,
        navOverflow: nav.scrollWidth - nav.clientWidth,
        readerOverflow: reader.scrollWidth - reader.clientWidth,
        items: Array.from(doc.querySelectorAll<HTMLElement>('.panel-nav-item')).map((item) => ({
          text: item.textContent ?? '',
          left: item.getBoundingClientRect().left,
          right: item.getBoundingClientRect().right,
          clipped: item.scrollWidth > item.clientWidth,
        })),
        buttons: Array.from(reader.querySelectorAll('button')).map((b) => ({
          name: b.getAttribute('aria-label') ?? b.textContent ?? '',
          right: b.getBoundingClientRect().right,
        })),
      };
    });
    expect(bar.viewport).toBeLessThanOrEqual(252);
    expect(bar.items.map((i) => i.text)).toEqual(['Reader', 'Library', 'Settings']);
    expect(bar.navOverflow).toBeLessThanOrEqual(0);
    for (const item of bar.items) {
      expect(item.left, item.text).toBeGreaterThanOrEqual(0);
      expect(item.right, item.text).toBeLessThanOrEqual(bar.viewport);
      expect(item.clipped, item.text).toBe(false);
    }
    expect(bar.readerOverflow).toBeLessThanOrEqual(0);
    for (const button of bar.buttons) expect(button.right, button.name).toBeLessThanOrEqual(bar.viewport);
    // The real sidebar as Firefox draws it, for a person to look at.
    await mkdir(OUTPUT, { recursive: true });
    await writeFile(join(OUTPUT, 'firefox-sidebar-252.png'), await screenshotHost(firefox, 'sidebar'));
  });

  it('saves from the sidebar, and its library lists the article', async () => {
    await views.click('sidebar', '[data-testid="save-button"]');
    await waitForView(views, 'sidebar', (s) => s.saveLabel?.includes('Saved') ?? false, 'the Saved state');
    await waitUntil(
      () => storedCount(views),
      (n) => n === 1,
      'the saved article in the library',
    );
    await views.click('sidebar', '[data-testid="nav-library"]');
    const items = await waitUntil(
      () => libraryItems(views),
      (list) => list.length === 1,
      'one library item',
    );
    expect(items[0]).toContain('Putin in China');
    expect(items[0]).toContain('Daily Ledger');
    await views.click('sidebar', '[data-testid="nav-reader"]');
  });

  it('Alt+Shift+R opens the sidebar on the page in front', async () => {
    await closeSidebar();
    await firefox.navigate(tab, server.url('/pages/rich-article.html?shortcut'));
    await pressKey(firefox, 'R', { altKey: true, shiftKey: true });
    await waitUntil(
      () => views.count(),
      (c) => c.sidebar === 1,
      'the sidebar opened by the shortcut',
    );
    const shown = await waitForView(views, 'sidebar', (s) => s.title === RICH_TITLE && s.paragraphs.length > 0, 'the shortcut’s article');
    expect(shown.bodyText).toContain('river');
  });

  it('the context menu’s "Read in side panel" opens the sidebar on the page', async () => {
    await closeSidebar();
    // A tracking parameter: the same article as the one saved above, as the library counts them.
    await firefox.navigate(tab, server.url('/sample-news-page.html?utm_source=menu'));
    const { x, y } = await centreOf(firefox, tab, 'article p');
    const labels = await openContextMenu(firefox, x, y);
    expect(labels).toEqual([EXT_NAME, 'Read in side panel', 'Save page for later']);
    await chooseContextMenuItem(firefox, [EXT_NAME, 'Read in side panel']);
    await waitUntil(
      () => views.count(),
      (c) => c.sidebar === 1,
      'the sidebar opened from the menu',
    );
    const shown = await waitForView(views, 'sidebar', (s) => s.title === SAMPLE_TITLE && s.paragraphs.length === 7, 'the menu’s article');
    expect(shown.paragraphs[0]).toContain(SAMPLE_PARAGRAPH_STARTS[0]);
    await waitForView(views, 'sidebar', (s) => s.saveLabel?.includes('Saved') ?? false, 'the article shown as saved');
  });

  it('the context menu’s "Read selection in side panel" reads just the selected text', async () => {
    await firefox.navigate(tab, server.url('/pages/no-article.html?selection'));
    // The open sidebar follows the tab: a page nobody invoked the reader on asks for a click.
    await waitForView(views, 'sidebar', (s) => s.notice !== null, 'the sidebar’s notice for the new page');
    const selected = await firefox.call(tab, () => {
      const blocks = Array.from(document.querySelectorAll('main p'));
      const range = document.createRange();
      range.setStartBefore(blocks[0]!);
      range.setEndAfter(blocks[1]!);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
      return getSelection()!.toString().trim();
    });
    expect(selected.length).toBeGreaterThan(20);
    const { x, y } = await centreOf(firefox, tab, 'main p');
    const labels = await openContextMenu(firefox, x, y);
    expect(labels).toEqual([EXT_NAME, 'Read selection in side panel', 'Save page for later']);
    await chooseContextMenuItem(firefox, [EXT_NAME, 'Read selection in side panel']);
    const shown = await waitForView(views, 'sidebar', (s) => s.paragraphs.length > 0, 'the selection in the sidebar');
    const text = shown.bodyText.replace(/\s+/g, ' ');
    expect(text).toContain(selected.split('\n')[0]!.trim().slice(0, 30));
    // Only the selection: the home page's later teasers are not in it.
    const third = await firefox.call(tab, () => document.querySelectorAll('main p')[2]?.textContent?.trim().slice(0, 30) ?? null);
    if (third) expect(text).not.toContain(third);
  });

  it('the context menu’s "Save page for later" saves without a view and shows ✓ on the toolbar button', async () => {
    await closeSidebar();
    await firefox.navigate(tab, server.url('/pages/rich-article.html?save'));
    const { x, y } = await centreOf(firefox, tab, 'article p');
    await openContextMenu(firefox, x, y);
    await chooseContextMenuItem(firefox, [EXT_NAME, 'Save page for later']);
    await waitUntil(
      () => storedCount(views),
      (n) => n === 2,
      'the second saved article',
    );
    // The badge follows the save (and goes after 4 s): wait for it rather than race it.
    await waitUntil(
      () =>
        firefox.callInChrome(
          (widgetId: string) => document.getElementById(widgetId)?.querySelector('toolbarbutton')?.getAttribute('badge') ?? null,
          browserActionWidgetId(addonId),
        ),
      (badge) => badge === '✓',
      'the ✓ badge on the toolbar button',
      3_000,
    );
    expect(await views.count()).toMatchObject({ sidebar: 0, popup: 0 });
  });

  // The page's own listeners and its report endpoint: reading must add nothing to either.
  for (const path of ['/sample-news-page.html', '/pages/handlers-article.html']) {
    it(`${path} under a strict CSP with report-uri: no report and no securitypolicyviolation event after a read`, async () => {
      const { script } = await firefox.bidi.send<{ script: string }>('script.addPreloadScript', { functionDeclaration: PAGE_LISTENERS, contexts: [tab] });
      try {
        await firefox.navigate(tab, strictServer.url(`${path}?csp`));
        await new Promise((r) => setTimeout(r, 500));
        const seenBefore = await firefox.call(tab, () => (window as unknown as { __seen: string[] }).__seen.length);
        const reportsBefore = cspReports().length;
        const requestsBefore = pageRequests().length;

        await clickBrowserAction(firefox, addonId);
        const shown = await waitForView(views, 'popup', (s) => s.paragraphs.length > 0, 'the popup’s article');
        expect(shown.paragraphs.length).toBeGreaterThanOrEqual(7);
        // Reports are sent asynchronously; give them the time a real page would have.
        await new Promise((r) => setTimeout(r, 1_000));
        const seen = await firefox.call(tab, () => (window as unknown as { __seen: string[] }).__seen);
        expect(cspReports().slice(reportsBefore), 'CSP reports sent after the read').toEqual([]);
        expect(seen.slice(seenBefore), 'events the page saw after the read').toEqual([]);
        expect(pageRequests().slice(requestsBefore), 'requests the page made after the read').toEqual([]);
      } finally {
        await firefox.bidi.send('script.removePreloadScript', { script });
        await firefox.callInChrome(() => (document.getElementById('customizationui-widget-panel') as unknown as { hidePopup?(): void } | null)?.hidePopup?.());
      }
    });
  }

  it('"Read selection" of text with inline handlers, under the strict CSP: no report and no event either', async () => {
    const { script } = await firefox.bidi.send<{ script: string }>('script.addPreloadScript', { functionDeclaration: PAGE_LISTENERS, contexts: [tab] });
    try {
      await firefox.navigate(tab, strictServer.url('/pages/handlers-article.html?csp-selection'));
      // The first two paragraphs: one with onclick/onmouseover, one with an <img onerror onload>.
      const selected = await firefox.call(tab, () => {
        const blocks = Array.from(document.querySelectorAll('article p'));
        const range = document.createRange();
        range.setStartBefore(blocks[0]!);
        range.setEndAfter(blocks[1]!);
        getSelection()!.removeAllRanges();
        getSelection()!.addRange(range);
        return { text: getSelection()!.toString().trim(), handlers: blocks.slice(0, 2).some((b) => b.outerHTML.includes('onclick=')) };
      });
      expect(selected.handlers).toBe(true);
      await new Promise((r) => setTimeout(r, 500));
      const seenBefore = await firefox.call(tab, () => (window as unknown as { __seen: string[] }).__seen.length);
      const reportsBefore = cspReports().length;
      const requestsBefore = pageRequests().length;
      const { x, y } = await centreOf(firefox, tab, 'article p');
      await openContextMenu(firefox, x, y);
      await chooseContextMenuItem(firefox, [EXT_NAME, 'Read selection in side panel']);
      const shown = await waitForView(views, 'sidebar', (s) => s.bodyText.includes('Russian President Vladimir Putin arrived'), 'the selection in the sidebar');
      expect(shown.paragraphs.length).toBeLessThanOrEqual(2);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(cspReports().slice(reportsBefore), 'CSP reports sent after the read').toEqual([]);
      expect((await firefox.call(tab, () => (window as unknown as { __seen: string[] }).__seen)).slice(seenBefore), 'events the page saw').toEqual([]);
      expect(pageRequests().slice(requestsBefore), 'requests the page made after the read').toEqual([]);
    } finally {
      await firefox.bidi.send('script.removePreloadScript', { script });
    }
  });

  it('keeps the library across a restart (the add-on reinstalled as temporary) and reads a saved article with the server gone', async () => {
    earlierConsole.push(...(await extensionConsoleMessages(firefox)));
    earlierLog.push(...firefox.logEntries);
    await firefox.close();
    await server.close();
    await strictServer.close();

    await startFirefox();
    await waitUntil(
      () => storedCount(views),
      (n) => n === 2,
      'both saved articles in the library after the restart',
    );
    // The user's way back to it: the shortcut opens the sidebar (on a blank tab), then Library.
    await pressKey(firefox, 'R', { altKey: true, shiftKey: true });
    await waitUntil(
      () => views.count(),
      (c) => c.sidebar === 1,
      'the sidebar after the restart',
    );
    await waitForView(views, 'sidebar', (s) => s.title !== null || s.notice !== null, 'the sidebar to settle');
    await views.click('sidebar', '[data-testid="nav-library"]');
    const items = await waitUntil(
      () => libraryItems(views),
      (list) => list.length === 2,
      'both saved articles after the restart',
    );
    expect(items.join('\n')).toContain('Putin in China');
    expect(items.join('\n')).toContain(RICH_TITLE);
    await views.click('sidebar', '[data-testid="library-item"] .library-item-open', { text: 'Putin in China' });
    const shown = await waitForView(views, 'sidebar', (s) => s.paragraphs.length > 0, 'the saved article, offline');
    expect(shown.title).toBe(SAMPLE_TITLE);
    expect(shown.paragraphs).toHaveLength(7);
    expect(shown.paragraphs[0]).toContain(SAMPLE_PARAGRAPH_STARTS[0]);
  });

  it('no uncaught error and no console.error came from moz-extension:// along the way', async () => {
    // Ours only: Firefox's built-in add-ons are moz-extension:// documents too.
    const fromUs = (s: string | null | undefined) => (s ?? '').includes(ORIGIN);
    const messages = [...earlierConsole, ...(await extensionConsoleMessages(firefox))].filter(
      (m) => (fromUs(m.file) || fromUs(m.text)) && !m.text.includes(PROBE_TEXT),
    );
    const log = [...earlierLog, ...firefox.logEntries];
    const logErrors = log.filter((e) => e.level === 'error' && (fromUs(e.text) || e.stackTrace?.callFrames.some((f) => fromUs(f.url))));
    // A font load cancelled (NS_BINDING_ABORTED) because the test closed a view mid-load is Firefox
    // tidying up, not the add-on failing; any other failed load still counts.
    const errors = messages.filter((m) => m.level === 'error' && !/downloadable font: download failed .*status=2152398850/.test(m.text));
    const warnings = messages.filter((m) => m.level === 'warn' || m.level === 'warning');
    console.log(
      `add-on console: ${messages.length} messages (${unique(messages).join(' | ') || 'none'}), ${errors.length} errors; BiDi log: ${log.length} entries, ${logErrors.length} errors from the add-on`,
    );
    if (warnings.length) console.log(`add-on warnings (not failures):\n${unique(warnings).join('\n')}`);
    expect(unique(errors), 'console.error and script errors of the add-on').toEqual([]);
    expect(
      logErrors.map((e) => `${e.type} ${e.text}`),
      'BiDi log errors from moz-extension://',
    ).toEqual([]);
  });
});

function unique(messages: ExtensionConsoleMessage[]): string[] {
  return [...new Set(messages.map((m) => `[${m.process}] ${m.kind} ${m.level} ${m.file}: ${m.text}`))];
}
