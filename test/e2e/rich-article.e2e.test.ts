/**
 * A long-form article in the real side panel: structure kept (headings, figure with caption,
 * lists, quote, table, code), everything executable gone, links absolute and opening in a new
 * tab; and the setting that makes the toolbar button open the side panel directly.
 */
import { resolve } from 'node:path';
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

const FIXTURES = resolve(import.meta.dirname, '..', 'fixtures');

interface BodyShape {
  tags: Record<string, number>;
  codeClass: string | null;
  caption: string | null;
  links: Array<{ href: string; target: string | null; rel: string | null }>;
  handlers: number;
  scripts: number;
  fixtureFlags: Record<string, unknown>;
}

function bodyShape(): BodyShape {
  const body = document.querySelector('[data-testid="article-body"]')!;
  const tags: Record<string, number> = {};
  for (const tag of ['h2', 'h3', 'figure', 'figcaption', 'img', 'ul', 'ol', 'blockquote', 'table', 'thead', 'pre', 'code', 'math', 'mfrac']) {
    tags[tag] = body.querySelectorAll(tag).length;
  }
  let handlers = 0;
  for (const el of Array.from(body.querySelectorAll('*'))) {
    handlers += Array.from(el.attributes).filter((a) => a.name.startsWith('on')).length;
  }
  const w = window as unknown as Record<string, unknown>;
  return {
    tags,
    codeClass: body.querySelector('pre code')?.getAttribute('class') ?? null,
    caption: body.querySelector('figcaption')?.textContent ?? null,
    links: Array.from(body.querySelectorAll('a')).map((a) => ({
      href: a.getAttribute('href') ?? '',
      target: a.getAttribute('target'),
      rel: a.getAttribute('rel'),
    })),
    handlers,
    scripts: body.querySelectorAll('script, iframe, form, style').length,
    fixtureFlags: {
      inline: w.__fixtureInlineScriptRan,
      jsLink: w.__fixtureJsLinkRan,
      onclick: w.__fixtureOnclickRan,
    },
  };
}

describe('a rich article in the side panel', () => {
  let server: StaticServer;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    server = await startStaticServer(FIXTURES);
    browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome') });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('keeps the article’s structure and nothing executable', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url('/pages/rich-article.html'));
    const panel = await openSidePanelViaPopup(browser, page);
    const shown = await waitForReader(panel, (s) => s.paragraphs.length > 0);
    expect(shown.title).toBe('The river keeps rising. Can a small town keep up?');

    const shape = await panel.evaluate(bodyShape);
    expect(shape.tags.h2).toBeGreaterThan(0);
    expect(shape.tags.figure).toBe(1);
    expect(shape.caption).toBeTruthy();
    expect(shape.tags.img).toBeGreaterThan(0);
    expect(shape.tags.ul! + shape.tags.ol!).toBeGreaterThan(0);
    expect(shape.tags.blockquote).toBeGreaterThan(0);
    expect(shape.tags.table).toBe(1);
    expect(shape.tags.pre).toBe(1);
    expect(shape.codeClass).toContain('language-js');
    // Typeset math arrives as its MathML, which the browser renders natively.
    expect(shape.tags.math).toBe(1);
    expect(shape.tags.mfrac).toBe(1);

    expect(shape.handlers).toBe(0);
    expect(shape.scripts).toBe(0);
    expect(shape.fixtureFlags).toEqual({ inline: undefined, jsLink: undefined, onclick: undefined });
    expect(shape.links.length).toBeGreaterThan(0);
    for (const link of shape.links) {
      expect(link.href).not.toMatch(/^javascript:/i);
      // "the bridge section above" links to a heading of the article: it stays in the reader.
      if (link.href.startsWith('#')) {
        expect(link.href).toBe('#reader-fn-bridge');
        expect(link.target).toBeNull();
        continue;
      }
      expect(link.href).toMatch(/^https?:\/\//);
      expect(link.target).toBe('_blank');
      expect(link.rel).toContain('noopener');
    }
    // Close the panel the way its own close button would, so the next test starts without one.
    await panel.evaluate(() => window.close()).catch(() => undefined);
    await waitUntil(
      () => openViews(browser.serviceWorker),
      (v) => v.sidePanel === 0,
      'the side panel to close',
    );
    await panel.detach();
  });

  it('lays an Arabic article out right to left: text, lists, quotes and the progress bar', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url('/pages/rtl-article.html'));
    const panel = await openSidePanelViaPopup(browser, page);
    const layout = await panel.evaluate(() => {
      const article = document.querySelector('[data-testid="article"]')!;
      const body = document.querySelector('[data-testid="article-body"]')!;
      const p = body.querySelector('p')!;
      const list = body.querySelector('ul, ol')!;
      const quote = body.querySelector('blockquote')!;
      const track = document.querySelector('.reading-progress-track')!.getBoundingClientRect();
      const fill = document.querySelector('.reading-progress-fill')!.getBoundingClientRect();
      return {
        lang: article.getAttribute('lang'),
        dir: article.getAttribute('dir'),
        direction: getComputedStyle(p).direction,
        listPadRight: parseFloat(getComputedStyle(list).paddingRight),
        listPadLeft: parseFloat(getComputedStyle(list).paddingLeft),
        quoteBorderRight: parseFloat(getComputedStyle(quote).borderRightWidth),
        quoteBorderLeft: parseFloat(getComputedStyle(quote).borderLeftWidth),
        // In an RTL article the bar fills from the right edge.
        fillFromRight: Math.abs(fill.right - track.right) < 1,
        meta: document.querySelector('.article-meta')!.textContent,
      };
    });
    expect(layout).toMatchObject({ lang: 'ar', dir: 'rtl', direction: 'rtl', quoteBorderLeft: 0, fillFromRight: true });
    expect(layout.listPadRight).toBeGreaterThan(layout.listPadLeft);
    expect(layout.quoteBorderRight).toBeGreaterThan(0);
    expect(layout.meta).toMatch(/min read/);
    await panel.evaluate(() => window.close()).catch(() => undefined);
    await waitUntil(
      () => openViews(browser.serviceWorker),
      (v) => v.sidePanel === 0,
      'the side panel to close',
    );
    await panel.detach();
    await page.close();
  });

  it('opens the side panel straight from the toolbar button when the setting says so', async () => {
    const settings = await openExtensionPage(browser.context, browser.extensionId, 'sidepanel.html#library');
    await settings.getByTestId('nav-settings').click();
    await settings.getByLabel('The side panel').check();
    await waitUntil(
      () =>
        browser.serviceWorker.evaluate(
          async () => ((await chrome.storage.sync.get('reader-settings'))['reader-settings'] as { toolbarAction?: string } | undefined)?.toolbarAction,
        ),
      (choice) => choice === 'sidepanel',
      'the toolbar choice to be stored',
    );
    await settings.close();
    const page = await browser.context.newPage();
    await page.goto(server.url('/sample-news-page.html?direct'));
    await waitUntil(
      () => browser.serviceWorker.evaluate(async () => (await chrome.action.getPopup({})) === ''),
      (cleared) => cleared,
      'the popup to be switched off',
    );
    await triggerExtensionAction(browser.context, browser.extensionId, page);
    await waitUntil(
      () => openViews(browser.serviceWorker),
      (v) => v.sidePanel === 1 && v.popup === 0,
      'the side panel without a popup',
    );
    const panel = await attachToExtensionView(browser.context, browser.extensionId, 'sidepanel.html');
    const shown = await waitForReader(panel, (s) => s.title?.includes('Putin') ?? false);
    expect(shown.paragraphs).toHaveLength(7);
    await panel.detach();
  });
});

declare const chrome: {
  action: { getPopup(details: object): Promise<string> };
  storage: { sync: { get(key: string): Promise<Record<string, unknown>> } };
};
