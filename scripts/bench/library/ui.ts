/**
 * The library benchmark's two halves in the real extension: filling the library through the
 * writer's own batch path (importRecords, in the service worker of a `wxt build --mode bench`
 * build, which exposes it as `__readerLibraryBench`) with generated records, and measuring the
 * real library UI (sidepanel.html#library opened as a tab).
 *
 * Code that runs in the page is passed as strings: tsx may wrap named inner functions in a helper
 * the page does not have.
 */
import type { Page, BrowserContext, Worker } from 'playwright-core';
import type { Article } from '../../../utils/model/article';
import type { ImportRecord, ImportResult } from '../../../utils/library/writer';
import type { LibraryWriteResult } from '../../../utils/library/types';
import { makeRecords, type BaseArticle } from './corpus';

/** Records per call into the worker (≈ 20 MB of JSON); the writer writes them in one transaction each (its batches are 500). */
const FILL_BATCH = 250;
/** No single UI wait may take longer than this; a run stays bounded whatever the library size. */
export const UI_TIMEOUT_MS = 120_000;

/** What the bench build's service worker exposes (entrypoints/background.ts, mode 'bench' only). */
type BenchGlobal = { __readerLibraryBench?: { importRecords(items: ImportRecord[]): Promise<LibraryWriteResult<ImportResult>> } };

/** Grows the library from `have` to `size` articles through the writer's import path; returns the time and IndexedDB's usage. */
export async function fillLibrary(
  sw: Worker,
  bases: readonly BaseArticle[],
  have: number,
  size: number,
  onProgress?: (done: number) => void,
): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  for (let from = have; from < size; from += FILL_BATCH) {
    const { records } = makeRecords(bases, from, Math.min(size, from + FILL_BATCH));
    const items: ImportRecord[] = records.map((r) => ({
      article: r.article,
      savedAt: r.savedAt,
      readAt: r.readAt,
      archivedAt: r.archivedAt,
      favourite: r.favourite,
      tags: r.tags,
    }));
    const result = await sw.evaluate(async (batch) => {
      const bench = (self as unknown as BenchGlobal).__readerLibraryBench;
      if (!bench) throw new Error('This extension build has no library bench hook: build it with `npx wxt build --mode bench`.');
      return bench.importRecords(batch);
    }, items);
    if (!result.ok) throw new Error(`Filling the library failed at ${from}: ${result.message}`);
    if (result.value.added !== records.length)
      throw new Error(`Filling the library added ${result.value.added} of ${records.length} at ${from} (merged ${result.value.merged})`);
    onProgress?.(Math.min(size, from + FILL_BATCH));
  }
  const bytes = await sw.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
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
