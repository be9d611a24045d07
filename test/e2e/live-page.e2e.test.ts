/**
 * Reading a live page: fixtures served from 127.0.0.1 with their scripts running, read through
 * a real toolbar click and the real popup. Web components (open shadow roots), a same-origin
 * iframe, a folded "continue reading" section, IntersectionObserver lazy images, a page whose
 * scripts keep mutating it, and an infinite-scroll feed.
 */
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { Browser } from 'wxt/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeTabId, extensionDirFor, launchWithExtension, type ExtensionBrowser, type ExtensionView } from '../../scripts/lib/browser';
import { startStaticServer, type StaticServer } from '../../scripts/lib/server';
import { openPopup, waitUntil, type ReaderSnapshot } from '../../scripts/lib/views';

// Code passed to serviceWorker.evaluate() runs in the extension, where `chrome` is the global.
declare const chrome: typeof Browser;

const FIXTURES = resolve(import.meta.dirname, '..', 'fixtures');

/** The images of the article body, as the reader shows them. */
function bodyImages(): string[] {
  return Array.from(document.querySelectorAll('[data-testid="article-body"] img')).map((img) => img.getAttribute('src') ?? '');
}

describe('live pages, end to end', () => {
  let server: StaticServer;
  let browser: ExtensionBrowser;
  const opened: Array<{ page: Page; view?: ExtensionView }> = [];

  beforeAll(async () => {
    server = await startStaticServer(FIXTURES);
    browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome') });
  });

  afterAll(async () => {
    for (const { view } of opened) await view?.detach().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  /** Opens a fixture with its scripts on, clicks the toolbar and returns what the popup shows. */
  async function read(path: string, before?: (page: Page) => Promise<void>): Promise<{ page: Page; view: ExtensionView; shown: ReaderSnapshot }> {
    const page = await browser.context.newPage();
    await page.goto(server.url(path));
    await before?.(page);
    const { view, shown } = await openPopup(browser, page, (s) => s.title !== null || s.notice !== null);
    opened.push({ page, view });
    return { page, view, shown };
  }

  async function done(page: Page, view: ExtensionView): Promise<void> {
    await view.detach().catch(() => undefined);
    await page.close();
  }

  it('reads an article rendered inside open shadow roots (a web component with slots and a nested component)', async () => {
    const { page, view, shown } = await read('/live/shadow-article.html');
    expect(await page.evaluate(() => !!document.querySelector('news-story')?.shadowRoot)).toBe(true);
    expect(shown.title).toBe('The orchard that outlived its town');
    expect(shown.bodyText).toContain('four hundred apple trees');
    expect(shown.bodyText).toContain('scab that nearly killed the Russets');
    expect(shown.meta).toContain('Ada Whitcombe');
    for (const furniture of ['More from the valley', 'County fair returns', 'Obituaries', 'Privacy centre']) expect(shown.bodyText).not.toContain(furniture);
    // The figure comes from a component nested in the story's shadow root.
    expect(await view.evaluate(bodyImages)).toEqual([server.url('/pages/assets/tide-chart.svg')]);
    await done(page, view);
  });

  it('reads an article body that lives in a same-origin iframe, and not the small ad frame beside it', async () => {
    const { page, view, shown } = await read('/live/iframe-article.html');
    expect(shown.title).toBe('Night trains are back, and they are full');
    expect(shown.bodyText).toContain('every couchette taken');
    expect(shown.bodyText).toContain('between Amsterdam and Prague');
    expect(shown.bodyText).not.toContain('SuperWidget');
    expect(shown.bodyText).not.toContain('Book now');
    // The frame's relative image URL is resolved against the frame's own address.
    expect(await view.evaluate(bodyImages)).toEqual([server.url('/pages/assets/teaser.svg')]);
    await done(page, view);
  });

  it('keeps the folded "continue reading" parts of the story and drops the hidden menu, modal and cookie banner', async () => {
    const { page, view, shown } = await read('/live/continue-reading.html');
    // The page is as the user sees it: the rest of the story still folded.
    expect(await page.evaluate(() => document.getElementById('story-rest')!.hidden)).toBe(true);
    expect(shown.title).toBe('The ferry captain who keeps a weather diary');
    for (const phrase of ['half past five', 'digitised every page', 'find another job', 'no instrument was there to take', 'changed more than the sea']) {
      expect(shown.bodyText).toContain(phrase);
    }
    for (const furniture of [
      'Tide tables',
      'Letters to the editor',
      'Become a member',
      'We use cookies',
      'holiday cottages',
      'Continue reading',
      'Read the full story',
    ]) {
      expect(shown.bodyText).not.toContain(furniture);
    }
    await done(page, view);
  });

  it('shows lazy-loaded images with their real URLs: data-src over stand-ins, <picture> sources, loading=lazy, content-visibility sections', async () => {
    const { page, view, shown } = await read('/live/lazy-images.html');
    // Only the first image was scrolled into view; the others are still stand-ins on the page.
    expect(await page.evaluate(() => Array.from(document.images).map((i) => i.getAttribute('src')))).toEqual([
      '../pages/assets/teaser.svg',
      'dot.svg',
      expect.stringMatching(/^data:image\/gif/),
      '../pages/assets/tide-chart.svg?below',
    ]);
    expect(shown.bodyText).toContain('eleven thousand guillemots');
    expect(shown.bodyText).toContain('What the numbers mean');
    expect(shown.bodyText).toContain('breeding that begins about a week earlier');
    const images = await view.evaluate(bodyImages);
    expect(images).toEqual([
      server.url('/pages/assets/teaser.svg'),
      server.url('/pages/assets/tide-chart.svg'),
      server.url('/pages/assets/teaser.svg?picture'),
      server.url('/pages/assets/tide-chart.svg?below'),
    ]);
    const sources = await view.evaluate(() =>
      Array.from(document.querySelectorAll('[data-testid="article-body"] source')).map((s) => s.getAttribute('srcset')),
    );
    for (const srcset of sources) expect(srcset).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/pages\/assets\/teaser\.svg\?picture/);
    await done(page, view);
  });

  it('gives the same article on every read while a ticker runs and ads are injected every 50 ms', async () => {
    const { page, view, shown } = await read('/live/mutating.html');
    expect(shown.title).toBe('City council votes to reopen the tram line');
    expect(shown.paragraphs.filter((p) => p.length > 80)).toHaveLength(5);
    for (const furniture of ['TICKER', 'SuperWidget', 'Advertisement']) expect(shown.bodyText).not.toContain(furniture);
    // Read the page again and again through the same hook the popup used, while its scripts run.
    const tabId = await activeTabId(browser.serviceWorker);
    const reads = await browser.serviceWorker.evaluate(async (tab) => {
      const texts: Array<string | null> = [];
      for (let i = 0; i < 6; i++) {
        const [frame] = await chrome.scripting.executeScript({
          target: { tabId: tab },
          func: () => {
            const hook = (globalThis as Record<string, unknown>).__readerExtract as (mode: string) => {
              result: { ok: boolean; article?: { text: string } } | null;
            };
            const { result } = hook('auto');
            return result?.ok ? result.article!.text : null;
          },
        });
        texts.push((frame?.result as string | null) ?? null);
        await new Promise((r) => setTimeout(r, 120));
      }
      return texts;
    }, tabId);
    expect(await page.evaluate(() => Number(document.getElementById('story')!.dataset.adsServed))).toBeGreaterThan(10);
    expect(reads.every((t) => t !== null && t === reads[0])).toBe(true);
    expect(reads[0]).toContain('sang all the way to the depot');
    expect(reads[0]).not.toMatch(/SuperWidget|TICKER/);
    await done(page, view);
  });

  it('infinite scroll: reads the appended second story when the user has scrolled to it', async () => {
    const { page, view, shown } = await read('/live/infinite-scroll.html?scrolled', async (p) => {
      await p.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await waitUntil(
        () => p.evaluate(() => document.querySelectorAll('article.story').length),
        (n) => n === 2,
        'the second story to be appended',
      );
      await p.evaluate(() => document.querySelector('[data-story="2"]')!.scrollIntoView());
    });
    expect(shown.title).toBe('Glaciers are retreating faster than the models said');
    expect(shown.meta).toContain('Priya Natarajan');
    expect(shown.bodyText).toContain('stakes drilled into the ice');
    expect(shown.bodyText).toContain('higher pastures each spring');
    expect(shown.bodyText).not.toContain('lighthouse');
    expect(shown.bodyText).not.toContain('Agnes Munro');
    await done(page, view);
  });

  it('infinite scroll: reads the first story when the user is back on it, without the one appended below', async () => {
    const { page, view, shown } = await read('/live/infinite-scroll.html?back', async (p) => {
      await p.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await waitUntil(
        () => p.evaluate(() => document.querySelectorAll('article.story').length),
        (n) => n === 2,
        'the second story to be appended',
      );
      await p.evaluate(() => window.scrollTo(0, 0));
    });
    expect(shown.title).toBe('The last lighthouse keeper of Skerry Point');
    expect(shown.meta).toContain('Callum Reid');
    expect(shown.bodyText).toContain('hundred and twelve steps');
    expect(shown.bodyText).not.toContain('glacier');
    expect(shown.bodyText).not.toContain('Priya Natarajan');
    await done(page, view);
  });
});
