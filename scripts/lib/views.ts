/**
 * Reading and waiting on the extension's real views (popup, side panel) the way a user meets them:
 * the demo and the e2e suites walk the same path, so they share these steps.
 */
import type { Page, Worker } from 'playwright-core';
import type { Browser } from 'wxt/browser';
import { attachToExtensionView, triggerExtensionAction, type ExtensionBrowser, type ExtensionView } from './browser';

// Code passed to serviceWorker.evaluate() runs in the extension, where `chrome` is the global.
declare const chrome: typeof Browser;

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

/**
 * Reads the reader's visible state from inside a view (runs in the page; keep self-contained).
 * `view` is for callers that reach a view's document from another page (Firefox's getViews()).
 */
export function readReaderDom(view?: Document | void): ReaderSnapshot {
  const doc = view ?? document;
  const body = doc.querySelector('[data-testid="article-body"]');
  const notice = doc.querySelector('.notice');
  return {
    title: doc.querySelector('[data-testid="article-title"]')?.textContent ?? null,
    paragraphs: body ? Array.from(body.querySelectorAll('p')).map((p) => (p.textContent ?? '').trim()) : [],
    bodyText: body?.textContent ?? '',
    bodyHtml: body?.innerHTML ?? '',
    notice: notice ? (notice as HTMLElement).innerText : null,
    saveLabel: doc.querySelector('[data-testid="save-button"]')?.textContent ?? null,
    // One part per child (byline, date, reading time), as a reader sees them spaced apart.
    meta: (() => {
      const line = doc.querySelector('.article-meta');
      return line
        ? Array.from(line.children)
            .map((c) => c.textContent?.trim() ?? '')
            .filter(Boolean)
            .join(' · ')
        : null;
    })(),
    site: doc.querySelector('.article-site')?.textContent ?? null,
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
      // A view may be mid-navigation or not rendered yet; only the last error is worth reporting.
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}. Last value: ${JSON.stringify(last)}${lastError ? `; last error: ${String(lastError)}` : ''}`);
}

/** True once a view shows either an article or a notice (e.g. "no article found"). */
export function showsArticleOrNotice(s: ReaderSnapshot): boolean {
  return s.title !== null || s.notice !== null;
}

/** Waits until a real extension view shows an article or a notice, and returns what it shows. */
export function waitForReader(view: ExtensionView, ready: (s: ReaderSnapshot) => boolean = showsArticleOrNotice): Promise<ReaderSnapshot> {
  return waitUntil(() => view.evaluate(readReaderDom), ready, `the reader in ${view.url}`);
}

/** The extension's open popup and side panel documents, asked from the service worker. */
export async function openViews(sw: Worker): Promise<{ popup: number; sidePanel: number }> {
  return sw.evaluate(async () => {
    const contexts = await chrome.runtime.getContexts({ contextTypes: ['POPUP', 'SIDE_PANEL'] as Browser.runtime.ContextType[] });
    return {
      popup: contexts.filter((c) => c.contextType === 'POPUP').length,
      sidePanel: contexts.filter((c) => c.contextType === 'SIDE_PANEL').length,
    };
  });
}

/** A view attached over CDP together with what it showed when it became ready. */
export interface OpenedView {
  view: ExtensionView;
  shown: ReaderSnapshot;
}

/** Clicks the toolbar button for `page` and returns the real popup once `ready` accepts what it shows. */
export async function openPopup(browser: ExtensionBrowser, page: Page, ready: (s: ReaderSnapshot) => boolean = showsArticleOrNotice): Promise<OpenedView> {
  await triggerExtensionAction(browser.context, browser.extensionId, page);
  const view = await attachToExtensionView(browser.context, browser.extensionId, 'popup.html');
  return { view, shown: await waitForReader(view, ready) };
}

/** "Read in side panel" in an open popup; detaches the popup and returns the real side panel once it shows paragraphs. */
export async function openSidePanelFromPopup(browser: ExtensionBrowser, popup: ExtensionView): Promise<OpenedView> {
  await popup.click('[data-testid="open-side-panel"]');
  await waitUntil(
    () => openViews(browser.serviceWorker),
    (v) => v.sidePanel === 1,
    'the side panel to open',
  );
  // The popup closes itself once the side panel takes focus.
  await popup.detach();
  const view = await attachToExtensionView(browser.context, browser.extensionId, 'sidepanel.html');
  return { view, shown: await waitForReader(view, (s) => s.paragraphs.length > 0) };
}

/**
 * The user's path to the side panel: toolbar click on `page`, wait for the popup's article, then
 * "Read in side panel". Returns the attached real side panel once it shows the article.
 */
export async function openSidePanelViaPopup(browser: ExtensionBrowser, page: Page): Promise<ExtensionView> {
  const { view: popup } = await openPopup(browser, page, (s) => s.title !== null);
  return (await openSidePanelFromPopup(browser, popup)).view;
}
