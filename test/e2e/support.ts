/** Helpers shared by the end-to-end suites and the demo: waiting on real extension views. */
import type { Page, Worker } from 'playwright-core';
import { attachToExtensionView, triggerExtensionAction, type ExtensionBrowser, type ExtensionView } from '../../scripts/lib/browser';

/** What a reader view shows, read from its DOM. */
export interface ReaderSnapshot {
  title: string | null;
  paragraphs: string[];
  bodyText: string;
  bodyHtml: string;
  notice: string | null;
  saveLabel: string | null;
  meta: string | null;
  site: string | null;
}

/** Reads the reader's visible state from inside a view (runs in the page; keep self-contained). */
export function readReaderDom(): ReaderSnapshot {
  const body = document.querySelector('[data-testid="article-body"]');
  const notice = document.querySelector('.notice');
  return {
    title: document.querySelector('[data-testid="article-title"]')?.textContent ?? null,
    paragraphs: body ? Array.from(body.querySelectorAll('p')).map((p) => (p.textContent ?? '').trim()) : [],
    bodyText: body?.textContent ?? '',
    bodyHtml: body?.innerHTML ?? '',
    notice: notice ? (notice as HTMLElement).innerText : null,
    saveLabel: document.querySelector('[data-testid="save-button"]')?.textContent ?? null,
    // One part per child (byline, date, reading time), as a reader sees them spaced apart.
    meta: (() => {
      const line = document.querySelector('.article-meta');
      return line ? Array.from(line.children).map((c) => c.textContent?.trim() ?? '').filter(Boolean).join(' · ') : null;
    })(),
    site: document.querySelector('.article-site')?.textContent ?? null,
  };
}

/** Polls `probe` until `ready` accepts its value; throws with the last value after the timeout. */
export async function waitUntil<T>(probe: () => Promise<T>, ready: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (ready(last)) return last;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}. Last value: ${JSON.stringify(last)}${lastError ? `; last error: ${String(lastError)}` : ''}`);
}

/** Waits until a real extension view shows an article or a notice, and returns what it shows. */
export function waitForReader(view: ExtensionView, ready: (s: ReaderSnapshot) => boolean = (s) => s.title !== null || s.notice !== null): Promise<ReaderSnapshot> {
  return waitUntil(() => view.evaluate(readReaderDom), ready, `the reader in ${view.url}`);
}

// Code passed to serviceWorker.evaluate() runs in the extension, where `chrome` is the global.
declare const chrome: {
  runtime: { getContexts(filter: { contextTypes: string[] }): Promise<Array<{ contextType: string; documentUrl?: string }>> };
  storage: { local: { get(key: string | null): Promise<Record<string, unknown>> } };
};

/** The extension's open popup and side panel documents, asked from the service worker. */
export async function openViews(sw: Worker): Promise<{ popup: number; sidePanel: number }> {
  return sw.evaluate(async () => {
    const contexts = await chrome.runtime.getContexts({ contextTypes: ['POPUP', 'SIDE_PANEL'] });
    return {
      popup: contexts.filter((c) => c.contextType === 'POPUP').length,
      sidePanel: contexts.filter((c) => c.contextType === 'SIDE_PANEL').length,
    };
  });
}

/** Number of saved (not deleted) articles, read straight from extension storage. */
export async function storedArticleCount(sw: Worker): Promise<number> {
  return sw.evaluate(async () => {
    const index = (await chrome.storage.local.get('library:index'))['library:index'] as { entries?: Array<{ deletedAt: number | null }> } | undefined;
    return index?.entries?.filter((e) => e.deletedAt === null).length ?? 0;
  });
}

/** The seven paragraphs of the seed article, as a reader must show them (promo sentence removed). */
export const SAMPLE_PARAGRAPH_STARTS = [
  'Russian President Vladimir Putin arrived in Beijing on Tuesday',
  'At the top of the guest list is Putin',
  'It is a carefully choreographed visit',
  'But the two men are now facing rising tensions',
  'Despite the tensions, experts expect few big surprises',
  'The two leaders will likely also discuss the Middle East',
  'Xi has long seen the Palestinian struggle',
];

/** Words of the sample page's chrome that a clean reader view must not contain. */
export const SAMPLE_CHROME_WORDS = ['Trending Now', 'Recommended for', 'Most Popular', 'Los Angeles', 'Friday, April 19, 2024', 'Sign up', 'newsletter'];

/**
 * The user's path to the side panel: toolbar click on `page`, wait for the popup's article, then
 * "Read in side panel". Returns the attached real side panel once it shows the article.
 */
export async function openSidePanelViaPopup(browser: ExtensionBrowser, page: Page): Promise<ExtensionView> {
  await triggerExtensionAction(browser.context, browser.extensionId, page);
  const popup = await attachToExtensionView(browser.context, browser.extensionId, 'popup.html');
  await waitForReader(popup, (s) => s.title !== null);
  await popup.click('[data-testid="open-side-panel"]');
  await waitUntil(() => openViews(browser.serviceWorker), (v) => v.sidePanel === 1, 'the side panel to open');
  await popup.detach();
  const panel = await attachToExtensionView(browser.context, browser.extensionId, 'sidepanel.html');
  await waitForReader(panel, (s) => s.paragraphs.length > 0);
  return panel;
}
