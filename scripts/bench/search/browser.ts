/**
 * bench:search --browser: the same library and queries through the real search worker in the
 * built extension (the search-check build, scripts/lib/search-check.ts) in headless Chromium.
 * The page stores the articles in its own IndexedDB and streams them to the worker, as the
 * storage layer will; every query is timed in the page from postMessage to answer.
 */
import type { CDPSession, Page } from 'playwright-core';
import { launchWithExtension, openExtensionPage } from '../../lib/browser';
import { buildSearchCheck, checkPage, searchCheckDir } from '../../lib/search-check';
import type { BaseArticle } from '../library/corpus';
import { createWorkloadCollector, sourceBatches } from './workload';
import { boundBody } from '../../../utils/library/search/bounds';

const pct = (xs: readonly number[], p: number): number => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))]! : NaN;
};

async function pageHeapMB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize / 1e6;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** The dedicated worker's heap after GC, over a CDP session nested in the page's (auto-attach, not flattened). */
async function workerHeapMB(page: Page): Promise<number | null> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  try {
    const attached = new Promise<string>((resolve) =>
      cdp.on('Target.attachedToTarget', (e: { sessionId: string; targetInfo: { type: string } }) => {
        if (e.targetInfo.type === 'worker') resolve(e.sessionId);
      }),
    );
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    const sessionId = await Promise.race([attached, new Promise<null>((r) => setTimeout(() => r(null), 5_000))]);
    if (!sessionId) return null;
    let id = 0;
    const call = (method: string): Promise<unknown> =>
      new Promise((resolve) => {
        const mine = ++id;
        const onMessage = (e: { sessionId: string; message: string }): void => {
          const reply = JSON.parse(e.message) as { id?: number; result?: unknown };
          if (e.sessionId === sessionId && reply.id === mine) {
            cdp.off('Target.receivedMessageFromTarget', onMessage);
            resolve(reply.result);
          }
        };
        cdp.on('Target.receivedMessageFromTarget', onMessage);
        void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: mine, method }) });
      });
    await call('HeapProfiler.collectGarbage');
    const usage = (await call('Runtime.getHeapUsage')) as { usedSize: number };
    return usage.usedSize / 1e6;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** Runs the browser half of bench:search and prints its rows. */
export async function runBrowserSearchBench(bases: readonly BaseArticle[], cjkBases: readonly BaseArticle[], size: number, build: boolean): Promise<void> {
  const dir = build ? buildSearchCheck('chrome') : searchCheckDir('chrome');
  const browser = await launchWithExtension({ extensionDir: dir });
  try {
    const page = await openExtensionPage(browser.context, browser.extensionId, 'search-check.html');
    const check = checkPage(page);
    await check.ready();

    // The library, into the page's IndexedDB (bodies bounded here: the page would cut them anyway).
    const collector = createWorkloadCollector(size);
    const f0 = performance.now();
    for (const batch of sourceBatches(bases, size, cjkBases)) {
      for (const s of batch) collector.visit(s);
      const bounded = batch.map((s) => ({ ...s, text: boundBody(s.text) }));
      for (let i = 0; i < bounded.length; i += 250) await check.fill(bounded.slice(i, i + 250));
    }
    const fillMs = performance.now() - f0;
    const work = collector.result();

    // First open: no snapshot, the worker indexes everything (queries answered meanwhile).
    const b0 = performance.now();
    await check.start();
    await new Promise((r) => setTimeout(r, 200));
    const during = await check.search(work.typing[0]!.keystrokes[2] ?? work.typing[0]!.keystrokes[0]!);
    const built = await check.untilComplete(30 * 60_000);
    const buildMs = performance.now() - b0;
    const w0 = performance.now();
    for (;;) {
      const s = await check.status();
      if (!s.unsaved) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const writeMs = performance.now() - w0;
    const persisted = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);

    // Reopen, as when the library view opens again: the first query goes out at once.
    await check.stop();
    await check.loads();
    await new Promise((r) => setTimeout(r, 500));
    const r0 = performance.now();
    await check.start();
    const firstQuery = work.typing[0]!.keystrokes[0]!;
    const first = await check.search(firstQuery);
    const firstAtMs = performance.now() - r0;
    // Then the same query again and again until it finds the article it was typed from (the first shard has loaded).
    const probe = work.typing.at(-1)!;
    let foundAtMs = NaN;
    for (;;) {
      const a = await check.search(probe.keystrokes.at(-1)!, 10_000);
      if (a.hits.some((h) => h.id === probe.id)) {
        foundAtMs = performance.now() - r0;
        break;
      }
      if (a.complete) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const reopened = await check.untilComplete(10 * 60_000);
    const reopenMs = performance.now() - r0;
    const reread = (await check.loads()).reduce((n, ids) => n + (ids?.length ?? Infinity), 0);
    const afterOpen = await check.search(work.typing[1]!.keystrokes[0]!);

    const keystrokes: number[] = [];
    for (const t of work.typing) for (const q of t.keystrokes) keystrokes.push((await check.search(q)).ms);
    let typoFound = 0;
    for (const t of work.typos) if ((await check.search(t.query, 10_000)).hits.some((h) => h.id === t.id)) typoFound++;
    let cjkFound = 0;
    for (const c of work.cjk) if ((await check.search(c.query, 10_000)).hits.some((h) => h.id === c.id)) cjkFound++;

    const viewHeap = await pageHeapMB(page);
    const workerHeap = await workerHeapMB(page);
    const rows: Array<[string, string, string]> = [
      ['library into the page’s IndexedDB', `${size + cjkBases.length * 3} articles in ${(fillMs / 1000).toFixed(0)} s`, 'setup'],
      [
        'first open: index built in the worker',
        `${(buildMs / 1000).toFixed(1)} s for ${built.indexed} (written as it went; the last write ${(writeMs / 1000).toFixed(1)} s after); origin storage ${(persisted / 1e6).toFixed(0)} MB`,
        '',
      ],
      ['a query while it builds', `${during.ms.toFixed(0)} ms, complete: ${during.complete}, ${during.hits.length} hits`, 'answered meanwhile'],
      [
        'reopen: first query, sent at once',
        `${first.ms.toFixed(0)} ms (answered ${firstAtMs.toFixed(0)} ms after start), complete: ${first.complete}, ${first.hits.length} hits`,
        '≤ 100 ms',
      ],
      ['reopen: a query finds its article', `${foundAtMs.toFixed(0)} ms after start (the newest articles load first)`, ''],
      ['reopen: snapshot loaded and reconciled', `${(reopenMs / 1000).toFixed(1)} s (${reopened.indexed} articles, ${reread} read again)`, ''],
      ['first query once loaded', `${afterOpen.ms.toFixed(1)} ms`, '≤ 100 ms'],
      [
        'per keystroke p50 / p95 / max, in the page',
        `${pct(keystrokes, 0.5).toFixed(1)} / ${pct(keystrokes, 0.95).toFixed(1)} / ${pct(keystrokes, 1).toFixed(1)} ms (${keystrokes.length}, limit 20, with snippets and postMessage)`,
        '≤ 30 ms p95',
      ],
      ['typo finds its article', `${typoFound}/${work.typos.length}`, ''],
      ['CJK word finds its article', `${cjkFound}/${work.cjk.length}`, ''],
      ['JS heap of the page (after GC)', `${viewHeap.toFixed(1)} MB`, '≤ 60 MB (the view; a bare page here)'],
      ['JS heap of the worker (after GC)', workerHeap === null ? 'not measured (worker target not found)' : `${workerHeap.toFixed(0)} MB`, 'not the view’s'],
    ];
    const w = Math.max(...rows.map((r) => r[0].length));
    const w1 = Math.max(...rows.map((r) => r[1].length));
    console.log(`\nthrough the worker in the built extension (headless Chromium), ${size} articles:\n`);
    for (const [label, figure, target] of rows) console.log(`${label.padEnd(w)}  ${figure.padEnd(w1)}  ${target}`);
    const met = [pct(keystrokes, 0.95) <= 30, first.ms <= 100, afterOpen.ms <= 100, viewHeap <= 60].filter(Boolean).length;
    console.log(`\nbench:search --browser: ${met}/4 targets met at ${size} (p95 per keystroke, first query on reopen, first query once loaded, view heap)`);
  } finally {
    await browser.close();
  }
}
