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

/** How many articles the library lists (not deleted), read in the service worker: what a kept profile already holds. */
export async function visibleCount(sw: Worker): Promise<number> {
  return sw.evaluate<number>(`(async () => {
    const db = await new Promise((resolve, reject) => { const r = indexedDB.open('reader-library'); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    try {
      if (!db.objectStoreNames.contains('entries')) return 0;
      const store = db.transaction('entries').objectStore('entries');
      const count = (req) => new Promise((resolve, reject) => { req.onsuccess = () => resolve(req.result); req.onerror = () => reject(req.error); });
      return (await count(store.count())) - (await count(store.index('deletedAt').count()));
    } finally {
      db.close();
    }
  })()`);
}

/** Collects long tasks and the first frame painted with rows (window.__bench), in every page it is added to. */
export const INIT_SCRIPT = `(() => {
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

/**
 * Opens sidepanel.html#library?view=all (every article: its count is N) as a tab of the given size
 * and waits for its first rows to be painted.
 */
export async function openLibrary(
  context: BrowserContext,
  extensionId: string,
  viewport: { width: number; height: number },
): Promise<{ page: Page; figures: OpenFigures }> {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  await page.addInitScript(INIT_SCRIPT);
  await page.goto(`chrome-extension://${extensionId}/sidepanel.html#library?view=all`);
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
  /** Until the background answered the message (its write done): the rest is the view's. */
  replyMs: number;
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
    let replyMs = NaN;
    reply.then(() => { replyMs = performance.now() - t0; });
    await new Promise((resolve) => {
      if (ok()) return resolve();
      const mo = new MutationObserver(() => { if (ok()) { mo.disconnect(); resolve(); } });
      mo.observe(document.body, { childList: true, subtree: true, characterData: true });
      setTimeout(() => { mo.disconnect(); resolve(); }, ${UI_TIMEOUT_MS});
    });
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const ms = performance.now() - t0;
    const response = await reply;
    return { ms, replyMs, shown: ok(), response };
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

/**
 * In-page code: \`answered()\` resolves once the library has shown the answer to the search typed
 * next — it goes aria-busy (the typed text rendered) and then no longer (that text's results
 * rendered), seen through the attribute's mutation records so neither step can be missed.
 */
export const ANSWERED = `const answered = () => {
      let stop;
      const p = new Promise((resolve) => {
        // A record whose old value is "true" is the end of the busy spell (its start has no old value).
        const mo = new MutationObserver((records) => {
          if (records.some((r) => r.oldValue === 'true')) { mo.disconnect(); clearTimeout(timer); resolve(true); }
        });
        mo.observe(document.querySelector('[data-testid="library"]'), { attributes: true, attributeFilter: ['aria-busy'], attributeOldValue: true });
        const timer = setTimeout(() => { mo.disconnect(); resolve(false); }, ${UI_TIMEOUT_MS});
        stop = () => { mo.disconnect(); clearTimeout(timer); resolve(false); };
      });
      p.cancel = stop;
      return p;
    };`;

/** In-page code: `findRow(id)` looks for an article's row in the windowed list, screen by screen (at most 40), then scrolls back to the top. */
const FIND_ROW = `    const findRow = async (id) => {
      const sc = document.scrollingElement;
      let hit = false;
      for (let s = 0; s < 40 && !hit; s++) {
        hit = !!document.querySelector('[data-entry-id="' + id + '"]');
        if (hit || sc.scrollTop + sc.clientHeight >= sc.scrollHeight - 2) break;
        sc.scrollTop += sc.clientHeight;
        await frame();
      }
      sc.scrollTop = 0;
      await frame();
      return hit;
    };`;

/** What typing searches into the list showed. */
export interface TypingFigures {
  /** Per keystroke: from the input event to the first frame painted with that text's results. */
  keystrokeMs: number[];
  /** Keystrokes whose results were still partial (the index was not complete). */
  partial: number;
  /** Words whose article was in the list once typed in full, of those typed. */
  found: number;
  typed: number;
}

/**
 * Types each word into the library's search field one letter at a time (from two letters), as an
 * input event per keystroke, and times each until the list shows that text's results (the library
 * is no longer aria-busy) and the next frame is painted; then checks the word's article is listed.
 */
export async function typeSearches(page: Page, words: ReadonlyArray<{ word: string; id: string }>): Promise<TypingFigures> {
  return page.evaluate<TypingFigures>(`(async (words) => {
    const field = document.querySelector('[data-testid="library-search"]');
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    ${ANSWERED}
    const type = async (text) => {
      const t0 = performance.now();
      const answer = answered();
      field.value = text;
      field.dispatchEvent(new Event('input', { bubbles: true }));
      if (text) await answer; else { answer.cancel(); await frame(); }
      await frame();
      return performance.now() - t0;
    };
    ${FIND_ROW}
    field.focus();
    const keystrokeMs = [];
    let partial = 0, found = 0;
    for (const { word, id } of words) {
      for (let n = 2; n <= word.length; n++) {
        keystrokeMs.push(await type(word.slice(0, n)));
        if (document.querySelector('.library-search-note')) partial++;
      }
      if (await findRow(id)) found++;
      await type('');
    }
    return { keystrokeMs, partial, found, typed: words.length };
  })(${JSON.stringify(words)})`);
}

/** What the first search after opening the library showed. */
export interface FirstQueryFigures {
  /** From the input event to the first frame with results (maybe partial: the index still loading). */
  firstResultsMs: number;
  /** Until the answer is complete (no "still indexing" note) and painted. */
  completeMs: number;
  /**
   * Until the count of hits is shown too: later than `completeMs` when the list showed the start of
   * the answer (its newest or best hits) before the whole library was read.
   */
  countMs: number;
  /** Whether the word's article was listed in the complete answer. */
  found: boolean;
  /** Articles the index held when the first results were shown, as the note said (null: complete). */
  note: string | null;
}

/**
 * Opens the library in a new tab and, as soon as its search field is there, types a whole word (as
 * a paste would: one input event); times the first results painted and the complete answer painted.
 */
export async function firstQuery(
  context: BrowserContext,
  extensionId: string,
  viewport: { width: number; height: number },
  word: { word: string; id: string },
): Promise<FirstQueryFigures & { page: Page }> {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  // The rows measured after the search (heap, changes, scroll) run in this tab and read its probe.
  await page.addInitScript(INIT_SCRIPT);
  await page.goto(`chrome-extension://${extensionId}/sidepanel.html#library?view=all`);
  await page.waitForSelector('[data-testid="library-search"]', { timeout: UI_TIMEOUT_MS });
  const figures = await page.evaluate<FirstQueryFigures>(`(async ({ word, id }) => {
    const field = document.querySelector('[data-testid="library-search"]');
    const section = () => document.querySelector('[data-testid="library"]');
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    ${ANSWERED}
    const until = (ok) => new Promise((resolve) => {
      if (ok()) return resolve(true);
      const mo = new MutationObserver(() => { if (ok()) { mo.disconnect(); resolve(true); } });
      mo.observe(document.body, { attributes: true, childList: true, subtree: true, characterData: true });
      setTimeout(() => { mo.disconnect(); resolve(false); }, ${UI_TIMEOUT_MS});
    });
    const t0 = performance.now();
    const answer = answered();
    field.value = word;
    field.dispatchEvent(new Event('input', { bubbles: true }));
    await answer;
    await frame();
    const firstResultsMs = performance.now() - t0;
    const note = document.querySelector('.library-search-note')?.textContent ?? null;
    await until(() => section().getAttribute('aria-busy') !== 'true' && !document.querySelector('.library-search-note'));
    await frame();
    const completeMs = performance.now() - t0;
    await until(() => (document.querySelector('[data-testid="library-count"]')?.textContent ?? '') !== '');
    await frame();
    const countMs = performance.now() - t0;
    ${FIND_ROW}
    return { firstResultsMs, completeMs, countMs, note, found: await findRow(id) };
  })(${JSON.stringify(word)})`);
  return { ...figures, page };
}

/**
 * One action through the row's own controls in the real UI, timed until the UI shows it and the
 * next frame is painted: `archive` clicks the first row's Archive button (until its label says
 * Move to inbox); `tag` opens the first row's tag editor, types a tag and submits (until the row
 * shows the tag), then closes the editor.
 */
export async function rowAction(page: Page, action: 'archive' | 'tag', tag = 'bench-tag'): Promise<{ ms: number; shown: boolean }> {
  return page.evaluate<{ ms: number; shown: boolean }>(`(async ({ action, tag }) => {
    document.scrollingElement.scrollTop = 0;
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const row = document.querySelector('[data-testid="library-item"]');
    const id = row.getAttribute('data-entry-id');
    const rowNow = () => document.querySelector('[data-entry-id="' + id + '"]');
    const until = (ok) => new Promise((resolve) => {
      if (ok()) return resolve(true);
      const mo = new MutationObserver(() => { if (ok()) { mo.disconnect(); resolve(true); } });
      mo.observe(document.body, { attributes: true, childList: true, subtree: true, characterData: true });
      setTimeout(() => { mo.disconnect(); resolve(false); }, ${UI_TIMEOUT_MS});
    });
    let t0, ok;
    if (action === 'archive') {
      const button = row.querySelector('[data-testid="library-item-archive"]');
      const before = button.getAttribute('title');
      t0 = performance.now();
      button.click();
      ok = () => rowNow()?.querySelector('[data-testid="library-item-archive"]')?.getAttribute('title') !== before;
    } else {
      row.querySelector('[data-testid="library-item-tags"]').click();
      const input = await until(() => document.querySelector('[data-testid="tag-input"]')).then(() => document.querySelector('[data-testid="tag-input"]'));
      input.value = tag;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((r) => setTimeout(r, 0));
      t0 = performance.now();
      input.form.requestSubmit(document.querySelector('[data-testid="tag-add"]'));
      ok = () => [...(rowNow()?.querySelectorAll('.library-item-tags .tag-chip') ?? [])].some((c) => c.textContent.trim() === tag);
    }
    const shown = await until(ok);
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const ms = performance.now() - t0;
    if (action === 'tag') document.querySelector('[data-testid="tag-editor-done"]')?.click();
    await new Promise((r) => setTimeout(r, 100));
    return { ms, shown };
  })(${JSON.stringify({ action, tag })})`);
}

/** The stored ids of articles by their URL (the writer gives ids at import), read from the page's IndexedDB. */
export async function idsByUrl(page: Page, urls: readonly string[]): Promise<Array<string | null>> {
  return page.evaluate<Array<string | null>>(`(async (urls) => {
    const db = await new Promise((resolve, reject) => { const r = indexedDB.open('reader-library'); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    const index = db.transaction('entries').objectStore('entries').index('canonicalUrl');
    const out = await Promise.all(urls.map((url) => new Promise((resolve) => { const r = index.get(url); r.onsuccess = () => resolve(r.result ? r.result.id : null); r.onerror = () => resolve(null); })));
    db.close();
    return out;
  })(${JSON.stringify(urls)})`);
}
