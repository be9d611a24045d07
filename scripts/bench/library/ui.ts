/**
 * The library benchmark's two halves in the real extension: filling storage.local through the
 * service worker with generated records in today's stored shape (schema 1, one index key and one
 * key per record), and measuring the real library UI (sidepanel.html#library opened as a tab).
 *
 * Code that runs in the page is passed as strings: tsx may wrap named inner functions in a helper
 * the page does not have.
 */
import type { BrowserContext, Page, Worker } from 'playwright-core';
import type { Browser } from 'wxt/browser';
import { INDEX_KEY, LIBRARY_SCHEMA_VERSION, recordKey } from '../../../utils/library/schema';
import type { LibraryEntry } from '../../../utils/library/types';
import type { Article } from '../../../utils/model/article';
import { makeRecords, type BaseArticle } from './corpus';

declare const chrome: typeof Browser;

/** Records per storage.local.set while filling (about 4–9 MB of JSON each). */
const FILL_BATCH = 100;
/** No single UI wait may take longer than this; a run stays bounded whatever the library size. */
export const UI_TIMEOUT_MS = 120_000;

/** Grows the stored library from `have` to `size` records and writes a fresh index of all of them. */
export async function fillLibrary(
  sw: Worker,
  bases: readonly BaseArticle[],
  entries: LibraryEntry[],
  size: number,
  /** Records the previous size's save measurement left behind, removed here. */
  strayIds: readonly string[] = [],
  onProgress?: (done: number) => void,
): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  for (let from = entries.length; from < size; from += FILL_BATCH) {
    const { records, entries: made } = makeRecords(bases, from, Math.min(size, from + FILL_BATCH));
    const items = Object.fromEntries(records.map((r) => [recordKey(r.id), r]));
    await sw.evaluate((batch) => chrome.storage.local.set(batch), items);
    entries.push(...made);
    onProgress?.(entries.length);
  }
  // A clean index (no pending deletes from the previous size's measurements), newest last as saved.
  const index = { schemaVersion: LIBRARY_SCHEMA_VERSION, entries: entries.slice(0, size).slice().reverse() };
  await sw.evaluate(
    async ({ key, value, stray }) => {
      if (stray.length) await chrome.storage.local.remove(stray);
      await chrome.storage.local.set({ [key]: value });
    },
    { key: INDEX_KEY, value: index, stray: strayIds.map(recordKey) },
  );
  const bytes = await sw.evaluate(() => chrome.storage.local.getBytesInUse(null));
  return { ms: performance.now() - start, bytes };
}

const INIT_SCRIPT = `(() => {
  const b = (window.__bench = { longTasks: [], firstItemAt: null, firstPaintAt: null });
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) b.longTasks.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
  } catch {}
  const mo = new MutationObserver(() => {
    if (b.firstItemAt !== null || !document.querySelector('[data-testid="library-item"]')) return;
    b.firstItemAt = performance.now();
    mo.disconnect();
    // The frame that shows the first rows: rAF runs before that paint, a task posted from it after.
    requestAnimationFrame(() => setTimeout(() => { b.firstPaintAt = performance.now(); }, 0));
  });
  mo.observe(document, { childList: true, subtree: true });
})();`;

/** What opening the library view showed. */
export interface OpenFigures {
  /** From navigation start to the first frame painted with list rows. */
  paintMs: number;
  /** The count in the heading ("10,000 saved"), as a number. */
  countShown: number;
  /** Rows in the DOM. */
  rows: number;
}

/** Opens sidepanel.html#library as a tab of the given size and waits for its first rows to be painted. */
export async function openLibrary(
  context: BrowserContext,
  extensionId: string,
  viewport: { width: number; height: number },
): Promise<{ page: Page; figures: OpenFigures }> {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  await page.addInitScript(INIT_SCRIPT);
  await page.goto(`chrome-extension://${extensionId}/sidepanel.html#library`);
  // A function, not a string: the page's CSP refuses eval, which a string predicate would need.
  await page.waitForFunction(() => (window as unknown as { __bench?: { firstPaintAt: number | null } }).__bench?.firstPaintAt != null, undefined, {
    timeout: UI_TIMEOUT_MS,
    polling: 50,
  });
  const figures = await page.evaluate<OpenFigures>(`({
    paintMs: window.__bench.firstPaintAt,
    countShown: Number((document.querySelector('.library-count')?.textContent ?? '').replace(/\\D/g, '')),
    rows: document.querySelectorAll('[data-testid="library-item"]').length,
  })`);
  return { page, figures };
}

/** The page's JS heap in bytes after a forced garbage collection (what the view keeps), and before it. */
export async function heapOf(page: Page): Promise<{ retained: number; beforeGc: number }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const before = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    await cdp.send('HeapProfiler.collectGarbage');
    const after = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    return { retained: after.usedSize, beforeGc: before.usedSize };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** What scrolling the whole list one screen per frame showed. */
export interface ScrollFigures {
  steps: number;
  longTasks: number;
  longestTaskMs: number;
  longestFrameMs: number;
  timedOut: boolean;
  ms: number;
}

/** Scrolls the list from top to bottom one viewport per frame, collecting long tasks on the way. */
export async function scrollWholeList(page: Page, limitMs = UI_TIMEOUT_MS): Promise<ScrollFigures> {
  return page.evaluate<ScrollFigures>(`(async () => {
    const b = window.__bench;
    const main = document.querySelector('.panel-main');
    const own = main && main.scrollHeight > main.clientHeight + 1 && /auto|scroll/.test(getComputedStyle(main).overflowY);
    const sc = own ? main : document.scrollingElement;
    sc.scrollTop = 0;
    const frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
    let last = await frame();
    const start = last;
    let longestFrame = 0, steps = 0, timedOut = false;
    while (sc.scrollTop + sc.clientHeight < sc.scrollHeight - 2) {
      sc.scrollTop += sc.clientHeight;
      const now = await frame();
      longestFrame = Math.max(longestFrame, now - last);
      last = now;
      steps++;
      if (now - start > ${limitMs}) { timedOut = true; break; }
    }
    await new Promise((r) => setTimeout(r, 300));
    const tasks = b.longTasks.filter(([s]) => s >= start);
    return { steps, longTasks: tasks.length, longestTaskMs: tasks.reduce((m, [, d]) => Math.max(m, d), 0), longestFrameMs: longestFrame, timedOut, ms: performance.now() - start };
  })()`);
}

/** How long one change took until the list showed it. */
export interface ChangeFigures {
  ms: number;
  shown: boolean;
  response: unknown;
}

/**
 * Sends one library message as the UI does (runtime.sendMessage with the protocol's envelope) and
 * times until the list shows the result: the count is `expectCount` and the first row's title is
 * (or is not) `title`, then the next frame painted.
 */
export async function changeAndWait(
  page: Page,
  message: { type: 'saveArticle'; payload: { article: Article } } | { type: 'deleteArticle'; payload: { id: string } },
  expect: { count: number; title: string; first: boolean },
): Promise<ChangeFigures> {
  return page.evaluate<ChangeFigures>(`(async ({ message, expect }) => {
    const ok = () =>
      Number((document.querySelector('.library-count')?.textContent ?? '').replace(/\\D/g, '')) === expect.count &&
      ((document.querySelector('[data-testid="library-item"] .library-item-title')?.textContent ?? '') === expect.title) === expect.first;
    const t0 = performance.now();
    const reply = chrome.runtime.sendMessage(message);
    await new Promise((resolve) => {
      if (ok()) return resolve();
      const mo = new MutationObserver(() => { if (ok()) { mo.disconnect(); resolve(); } });
      mo.observe(document.body, { childList: true, subtree: true, characterData: true });
      setTimeout(() => { mo.disconnect(); resolve(); }, ${UI_TIMEOUT_MS});
    });
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return { ms: performance.now() - t0, shown: ok(), response: await reply };
  })(${JSON.stringify({ message, expect })})`);
}

/** Clicks the first row's title (the real UI) and times until the saved article's body is painted. */
export async function openFirstArticle(page: Page): Promise<{ ms: number; shown: boolean }> {
  return page.evaluate<{ ms: number; shown: boolean }>(`(async () => {
    const scroller = document.scrollingElement;
    scroller.scrollTop = 0;
    const ok = () => (document.querySelector('[data-testid="article-body"]')?.textContent ?? '').length > 0;
    const t0 = performance.now();
    document.querySelector('[data-testid="library-item"] .library-item-open').click();
    await new Promise((resolve) => {
      if (ok()) return resolve();
      const mo = new MutationObserver(() => { if (ok()) { mo.disconnect(); resolve(); } });
      mo.observe(document.body, { childList: true, subtree: true });
      setTimeout(() => { mo.disconnect(); resolve(); }, ${UI_TIMEOUT_MS});
    });
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return { ms: performance.now() - t0, shown: ok() };
  })()`);
}
