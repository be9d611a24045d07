/**
 * The first screen, measured from the computed layout of the real extension views: the title and
 * at least three lines of article text are visible without scrolling, and a line holds 45–75
 * characters at the default text size, at side-panel widths from 320 to 800 px (the panel page
 * opened as a tab at those viewport sizes), in the real side panel, and in the real popup; the
 * full-tab library reader keeps the line-length setting (about 66 characters); a size the user
 * chose wins over the adaptive one; and an image that fails to load is a quiet placeholder with
 * its caption. Writes screenshots to test-output/first-screen-*.png.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionDirFor, launchWithExtension, openExtensionPage, type ExtensionBrowser, type ExtensionView } from '../../scripts/lib/browser';
import { startStaticServer, type StaticServer } from '../../scripts/lib/server';
import { openPopup, openSidePanelFromPopup, waitUntil } from '../../scripts/lib/views';
import { makeArticle } from '../unit/support/article-factory';

const ROOT = resolve(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures');
const OUTPUT = join(ROOT, 'test-output');

/** The panel's default height in the issue (a laptop's side panel). */
const PANEL_HEIGHT = 765;
const PANEL_WIDTHS = [320, 360, 480, 640, 800] as const;

/** What the first screen shows, read from the layout (CSS px, viewport coordinates, not scrolled). */
interface FirstScreen {
  viewportWidth: number;
  viewportHeight: number;
  fontSize: number;
  titleBottom: number;
  /** Bottom of the third line of the article's first paragraph(s). */
  thirdLineBottom: number | null;
  /** Characters on each full line (every line of the first paragraphs but their last). */
  lineChars: number[];
  leadImageHeight: number | null;
  barBottom: number;
  scrollTop: number;
}

/**
 * Runs in the view (keep self-contained: it is serialised). Characters per line are counted on
 * the real lines the browser laid out, not estimated from a width and a font: a Range over each
 * character of the first paragraphs gives its box, and a character whose box starts below the
 * previous one's begins a new line. Spaces count, as in a typographer's measure; the last line of
 * a paragraph is short by nature and is left out of the count, as are paragraphs of one line.
 */
function measureFirstScreen(): FirstScreen {
  const body = document.querySelector('[data-testid="article-body"]')!;
  const title = document.querySelector('[data-testid="article-title"]')!;
  const bar = document.querySelector('[data-testid="reader-bar"]');
  const lead = document.querySelector('[data-testid="lead-image"] img');
  const lineChars: number[] = [];
  const lineBottoms: number[] = [];
  const range = document.createRange();
  for (const p of Array.from(body.querySelectorAll('p')).slice(0, 3)) {
    const lines: Array<{ top: number; bottom: number; chars: number }> = [];
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (let i = 0; i < text.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect) continue; // collapsed white space
        const last = lines[lines.length - 1];
        if (!last || rect.top >= last.bottom - 1) lines.push({ top: rect.top, bottom: rect.bottom, chars: 1 });
        else last.chars += 1;
      }
    }
    lineBottoms.push(...lines.map((l) => l.bottom));
    lineChars.push(...lines.slice(0, -1).map((l) => l.chars));
  }
  return {
    viewportWidth: window.innerWidth,
    viewportHeight: window.innerHeight,
    fontSize: parseFloat(getComputedStyle(body).fontSize),
    titleBottom: title.getBoundingClientRect().bottom,
    thirdLineBottom: lineBottoms[2] ?? null,
    lineChars,
    leadImageHeight: lead ? lead.getBoundingClientRect().height : null,
    barBottom: bar ? bar.getBoundingClientRect().bottom : 0,
    scrollTop: (document.scrollingElement?.scrollTop ?? 0) + (document.querySelector('.popup-main')?.scrollTop ?? 0),
  };
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

/** A one-line summary for the test log. */
function describeScreen(where: string, s: FirstScreen): string {
  return (
    `${where.padEnd(26)} ${s.viewportWidth}×${s.viewportHeight}  text ${s.fontSize.toFixed(1)} px  ` +
    `chars/line mean ${mean(s.lineChars).toFixed(1)} (min ${Math.min(...s.lineChars)}, max ${Math.max(...s.lineChars)})  ` +
    `title bottom ${Math.round(s.titleBottom)}  3rd line bottom ${Math.round(s.thirdLineBottom ?? NaN)}` +
    (s.leadImageHeight !== null ? `  lead image ${Math.round(s.leadImageHeight)} px` : '')
  );
}

/** The checks every first screen must pass. */
function expectReadableFirstScreen(s: FirstScreen, where: string): void {
  expect(s.scrollTop, `${where}: not scrolled`).toBe(0);
  expect(s.lineChars.length, `${where}: full lines measured`).toBeGreaterThanOrEqual(3);
  const chars = mean(s.lineChars);
  expect(chars, `${where}: characters per line`).toBeGreaterThanOrEqual(45);
  expect(chars, `${where}: characters per line`).toBeLessThanOrEqual(75);
  expect(s.titleBottom, `${where}: title above the fold`).toBeLessThan(s.viewportHeight);
  expect(s.thirdLineBottom, `${where}: third line of text above the fold`).not.toBeNull();
  expect(s.thirdLineBottom!, `${where}: third line of text above the fold`).toBeLessThan(s.viewportHeight);
}

const PARAGRAPHS = [
  'On the morning of the third flood, Agnes Marlow walked down to the Old Mill gauge before breakfast, as she had done every day for eleven years. The painted scale on the bridge pier read 5.4 metres, higher than at any time in the sixty years the town has kept records.',
  'Millbrook is a town of four thousand people, two bridges and one river that has been rising, on average, by a few centimetres every year. The council has spent a decade arguing about what to do with the Old Mill bridge, which narrows the channel and holds the water back.',
  'Engineers say the answer is not a higher wall but more room for the river: fields upstream that are allowed to flood, a wider channel under the bridge, and houses that can take a metre of water on the ground floor and be dry again within a week.',
  'The plan will cost more than the town raises in a year, and it asks farmers to give up land that has been in their families for generations. At a public meeting in October, nobody in the packed hall thought that was a small thing to ask.',
];

/** A saved article shaped like a news story: a long title, a lead image and long paragraphs. */
function storyArticle(server: StaticServer) {
  return makeArticle({
    url: 'https://news.example/millbrook-river',
    title: 'The river keeps rising, and a small town is running out of ways to keep up with it',
    byline: 'Ruth Okafor',
    siteName: 'Harbour Gazette',
    leadImageUrl: server.url('/lead-image.svg'),
    readingTimeMinutes: 6,
    contentHtml: [...PARAGRAPHS, ...PARAGRAPHS].map((p) => `<p>${p}</p>`).join(''),
    text: PARAGRAPHS.join(' '),
  });
}

/** A saved article whose only picture is missing (the server answers 404). */
function brokenImageArticle(server: StaticServer) {
  return makeArticle({
    url: 'https://news.example/missing-picture',
    title: 'A picture that never arrived',
    leadImageUrl: null,
    contentHtml:
      `<p>${PARAGRAPHS[0]}</p>` +
      `<figure><img src="${server.url('/missing-picture.jpg')}" alt="Volunteers stack sandbags in front of the bakery on Mill Street while the water rises behind them" width="800" height="600">` +
      '<figcaption>Volunteers on Mill Street, Tuesday night.</figcaption></figure>' +
      `<p>${PARAGRAPHS[1]}</p>`,
    text: PARAGRAPHS[0],
  });
}

// Code passed to page.evaluate() runs in the extension page.
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

describe('the first screen is the article', () => {
  let server: StaticServer;
  let browser: ExtensionBrowser;
  const log: string[] = [];

  async function openSaved(page: Page, title: string): Promise<void> {
    await page.goto(page.url().replace(/#.*$/, '') + '#library');
    await page.reload();
    await page.getByRole('button', { name: title, exact: true }).click();
    await page.getByTestId('article-body').waitFor();
    // Fonts and the lead image settle the layout.
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.waitForTimeout(150);
  }

  beforeAll(async () => {
    await mkdir(OUTPUT, { recursive: true });
    server = await startStaticServer(FIXTURES);
    browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome') });
    const page = await openExtensionPage(browser.context, browser.extensionId, 'sidepanel.html#library');
    for (const article of [storyArticle(server), brokenImageArticle(server)]) {
      const saved = await page.evaluate((a) => chrome.runtime.sendMessage({ type: 'saveArticle', payload: { article: a } }), article);
      expect(saved).toMatchObject({ ok: true });
    }
    await page.close();
  });

  afterAll(async () => {
    console.log(`\nFirst screen at the default text size (CSS px)\n${log.join('\n')}\n`);
    await browser?.close();
    await server?.close();
  });

  it.each(PANEL_WIDTHS)('shows the title and three lines, 45–75 characters a line, in a %i px panel', async (width) => {
    const page = await openExtensionPage(browser.context, browser.extensionId, 'sidepanel.html#library');
    try {
      await page.setViewportSize({ width, height: PANEL_HEIGHT });
      await openSaved(page, storyArticle(server).title);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
        const screen = await page.evaluate(measureFirstScreen);
        if (scheme === 'light') log.push(describeScreen(`panel ${width} px`, screen));
        expectReadableFirstScreen(screen, `${width} px, ${scheme}`);
        // The lead image is a bounded box: at most a third of the panel's height.
        expect(screen.leadImageHeight).not.toBeNull();
        expect(screen.leadImageHeight!).toBeLessThanOrEqual(PANEL_HEIGHT * 0.31);
        await page.screenshot({ path: join(OUTPUT, `first-screen-${width}-${scheme}.png`) });
      }
    } finally {
      await page.close();
    }
  });

  // Firefox opens its sidebar 252 px wide by default; the real panel's tab bar must fit it whole.
  it('fits every tab of the real side panel bar and every reader action, unclipped, at 252 and 320 px', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/sample-news-page.html`);
    const { view: popup } = await openPopup(browser, page, (s) => s.title !== null);
    const { view: panel } = await openSidePanelFromPopup(browser, popup);
    try {
      for (const width of [252, 320]) {
        await panel.send('Emulation.setDeviceMetricsOverride', { width, height: PANEL_HEIGHT, deviceScaleFactor: 1, mobile: false });
        const bar = await panel.evaluate(() => {
          const nav = document.querySelector('.panel-nav')!;
          const bar = document.querySelector('[data-testid="reader-bar"]')!;
          return {
            viewport: document.documentElement.clientWidth,
            navOverflow: nav.scrollWidth - nav.clientWidth,
            barOverflow: bar.scrollWidth - bar.clientWidth,
            barButtons: Array.from(bar.querySelectorAll('button')).map((b) => ({
              name: b.getAttribute('aria-label') ?? b.textContent ?? '',
              right: b.getBoundingClientRect().right,
            })),
            items: Array.from(nav.querySelectorAll<HTMLElement>('.panel-nav-item')).map((item) => ({
              text: item.textContent ?? '',
              right: item.getBoundingClientRect().right,
              clipped: item.scrollWidth > item.clientWidth,
            })),
          };
        });
        expect(bar.items.map((i) => i.text)).toHaveLength(3);
        expect(bar.navOverflow, `${width} px`).toBeLessThanOrEqual(0);
        for (const item of bar.items) {
          expect(item.right, `${item.text} at ${width} px`).toBeLessThanOrEqual(bar.viewport);
          expect(item.clipped, `${item.text} at ${width} px`).toBe(false);
        }
        // The reader's toolbar row keeps every action on screen too.
        expect(bar.barOverflow, `reader bar at ${width} px`).toBeLessThanOrEqual(0);
        for (const button of bar.barButtons) expect(button.right, `${button.name} at ${width} px`).toBeLessThanOrEqual(bar.viewport);
        await writeFile(join(OUTPUT, `panel-bar-${width}.png`), await panel.screenshot());
      }
    } finally {
      await panel.detach();
      await page.close();
    }
  });

  it('keeps the line-length setting (about 66 characters) in the full-tab library reader', async () => {
    const page = await openExtensionPage(browser.context, browser.extensionId, 'sidepanel.html#library');
    try {
      await page.setViewportSize({ width: 1280, height: 800 });
      await openSaved(page, storyArticle(server).title);
      const screen = await page.evaluate(measureFirstScreen);
      log.push(describeScreen('library tab', screen));
      expectReadableFirstScreen(screen, 'library tab');
      expect(screen.fontSize).toBe(19);
      expect(mean(screen.lineChars)).toBeGreaterThanOrEqual(60);
      expect(mean(screen.lineChars)).toBeLessThanOrEqual(72);
      await page.screenshot({ path: join(OUTPUT, 'first-screen-library-tab.png') });
    } finally {
      await page.close();
    }
  });

  it('lets a size the user chose win over the adaptive one', async () => {
    const page = await openExtensionPage(browser.context, browser.extensionId, 'sidepanel.html#library');
    try {
      await page.setViewportSize({ width: 360, height: PANEL_HEIGHT });
      await openSaved(page, storyArticle(server).title);
      const adaptive = await page.evaluate(measureFirstScreen);
      expect(adaptive.fontSize).toBeLessThan(19);
      await page.locator('body').click({ position: { x: 5, y: 400 } });
      await page.keyboard.press('+');
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.textSize)).toBe('chosen');
      await expect.poll(async () => (await page.evaluate(measureFirstScreen)).fontSize).toBe(20);
      // Back to the default size: adaptive again.
      await page.keyboard.press('-');
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.textSize)).toBe('auto');
      await expect.poll(async () => (await page.evaluate(measureFirstScreen)).fontSize).toBe(adaptive.fontSize);
    } finally {
      await page.close();
    }
  });

  it('draws an image that fails to load as a quiet placeholder with its caption', async () => {
    const page = await openExtensionPage(browser.context, browser.extensionId, 'sidepanel.html#library');
    try {
      await page.setViewportSize({ width: 360, height: PANEL_HEIGHT });
      await openSaved(page, brokenImageArticle(server).title);
      await page.locator('[data-testid="article-body"] img.is-broken').waitFor();
      const shown = await page.evaluate(() => {
        const img = document.querySelector<HTMLImageElement>('[data-testid="article-body"] img')!;
        const caption = document.querySelector('[data-testid="article-body"] figcaption')!;
        const box = img.getBoundingClientRect();
        const style = getComputedStyle(img);
        return {
          height: box.height,
          width: box.width,
          fontSize: style.fontSize,
          alt: img.alt,
          captionVisible: caption.getBoundingClientRect().height > 0 && caption.getBoundingClientRect().top >= box.bottom,
          captionText: caption.textContent,
        };
      });
      // Low and quiet: no 19 px alt text across the column, the caption under it, the alt text
      // still the image's accessible name.
      expect(shown.height).toBeLessThanOrEqual(60);
      expect(shown.width).toBeGreaterThan(200);
      expect(shown.fontSize).toBe('0px');
      expect(shown.alt).toMatch(/^Volunteers stack sandbags/);
      expect(shown.captionVisible).toBe(true);
      expect(shown.captionText).toBe('Volunteers on Mill Street, Tuesday night.');
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.locator('figure').first().scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(OUTPUT, `first-screen-broken-image-${scheme}.png`) });
      }
    } finally {
      await page.close();
    }
  });

  describe('in the real popup and side panel', () => {
    let articlePage: Page;
    let popup: ExtensionView;

    beforeAll(async () => {
      articlePage = await browser.context.newPage();
      await articlePage.setViewportSize({ width: 1280, height: 900 });
      await articlePage.goto(server.url('/sample-news-page.html?first-screen'));
    });

    afterAll(async () => {
      await articlePage?.close();
    });

    it('the popup at its default size', async () => {
      ({ view: popup } = await openPopup(browser, articlePage, (s) => s.paragraphs.length > 2));
      await popup.evaluate(() => document.fonts.ready.then(() => undefined));
      const screen = await waitUntil(
        () => popup.evaluate(measureFirstScreen),
        (s) => s.lineChars.length >= 3,
        'the popup laid out',
      );
      log.push(describeScreen('popup', screen));
      expectReadableFirstScreen(screen, 'popup');
      await writeFile(join(OUTPUT, 'first-screen-popup.png'), await popup.screenshot());
    });

    it('the real side panel at its default size', async () => {
      const { view: panel } = await openSidePanelFromPopup(browser, popup);
      try {
        await panel.evaluate(() => document.fonts.ready.then(() => undefined));
        const screen = await waitUntil(
          () => panel.evaluate(measureFirstScreen),
          (s) => s.lineChars.length >= 3,
          'the side panel laid out',
        );
        log.push(describeScreen('real side panel', screen));
        expectReadableFirstScreen(screen, 'real side panel');
        await writeFile(join(OUTPUT, 'first-screen-real-panel.png'), await panel.screenshot());
      } finally {
        await panel.evaluate(() => window.close()).catch(() => undefined);
        await panel.detach();
      }
    });
  });
});
