/**
 * Where the library view's time goes, at the size a kept bench profile holds: runs one measured
 * action of bench:library (open, save, tag, scroll, article, search: --words a,b typed) under the CDP CPU profiler in the
 * real library tab and prints the functions with the most self time, and the long tasks.
 *
 *   npx tsx scripts/bench/library/profile.ts --profile /tmp/bench-profile --action save [--no-build]
 *
 * The profile must have been filled by `npm run bench:library -- --profile <dir>` first.
 */
import { execSync } from 'node:child_process';
import { resolve } from 'node:path';
import { extensionDirFor, launchWithExtension } from '../../lib/browser';
import { loadBaseArticlesCached, makeRecords } from './corpus';
import type { Page } from 'playwright-core';
import { ANSWERED, INIT_SCRIPT, changeAndWait, openFirstArticle, openLibrary, rowAction, scrollWholeList, visibleCount, UI_TIMEOUT_MS } from './ui';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..');
const argv = process.argv.slice(2);
const arg = (name: string): string | null => {
  const i = argv.indexOf(name);
  return i === -1 ? null : (argv[i + 1] ?? null);
};
const profileDir = arg('--profile');
const action = arg('--action') ?? 'save';
if (!profileDir) throw new Error('--profile <dir> (a profile bench:library --profile filled) is needed');

/** Self time per function (ms), summed over the profile's samples. */
function selfTimes(profile: CpuProfile): Array<{ name: string; ms: number }> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const ms = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i]!)!;
    const f = node.callFrame;
    const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    ms.set(name, (ms.get(name) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  }
  return [...ms].map(([name, v]) => ({ name, ms: v })).sort((a, b) => b.ms - a.ms);
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  args?: { data?: { url?: string; functionName?: string } };
  tid: number;
  pid: number;
}

/** Time per trace event name (complete events), on the thread that ran the most RunTask time: the page's main thread. */
function printTrace(events: TraceEvent[]): void {
  const run = new Map<string, number>();
  for (const e of events) if (e.ph === 'X' && e.name === 'RunTask') run.set(`${e.pid}:${e.tid}`, (run.get(`${e.pid}:${e.tid}`) ?? 0) + (e.dur ?? 0));
  const main = [...run].sort((a, b) => b[1] - a[1])[0]?.[0];
  const by = new Map<string, number>();
  for (const e of events) if (e.ph === 'X' && `${e.pid}:${e.tid}` === main) by.set(e.name, (by.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
  if (argv.includes('--timeline')) {
    const own = events.filter((e) => e.ph === 'X' && `${e.pid}:${e.tid}` === main && (e.dur ?? 0) > 8000 && e.name !== 'ThreadControllerImpl::RunTask');
    const t0 = Math.min(...events.filter((e) => e.ts > 0).map((e) => e.ts));
    for (const e of own.sort((a, b) => a.ts - b.ts))
      console.log(
        `${((e.ts - t0) / 1000).toFixed(0).padStart(6)} +${((e.dur ?? 0) / 1000).toFixed(0).padStart(4)} ms  ${e.name} ${e.args?.data?.functionName ?? ''} ${(e.args?.data?.url ?? '').split('/').pop()}`,
      );
  }
  console.log('trace, main thread (inclusive ms per event name):');
  for (const [name, ms] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${ms.toFixed(1).padStart(9)} ms  ${name}`);
}

/** Types each word a letter at a time (from two) into the search field, each keystroke until its results are painted; returns the keystrokes' ms. */
async function typeWords(page: Page, words: readonly string[]): Promise<{ keystrokeMs: number[]; p50: number; p95: number }> {
  const keystrokeMs = await page.evaluate<number[]>(`(async (words) => {
    const field = document.querySelector('[data-testid="library-search"]');
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    ${ANSWERED}
    const out = [];
    field.focus();
    for (const word of words) {
      for (let n = 2; n <= word.length; n++) {
        const t0 = performance.now();
        const answer = answered();
        field.value = word.slice(0, n);
        field.dispatchEvent(new Event('input', { bubbles: true }));
        await answer;
        await frame();
        out.push(performance.now() - t0);
      }
      field.value = '';
      field.dispatchEvent(new Event('input', { bubbles: true }));
      await frame();
    }
    return out;
  })(${JSON.stringify(words)})`);
  const sorted = keystrokeMs.slice().sort((a, b) => a - b);
  const at = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN);
  return { keystrokeMs: keystrokeMs.map(Math.round), p50: at(0.5), p95: at(0.95) };
}

async function main(): Promise<void> {
  if (!argv.includes('--no-build')) execSync('npx wxt build --mode bench', { cwd: REPO_ROOT, stdio: 'ignore' });
  const browser = await launchWithExtension({
    extensionDir: extensionDirFor('chrome', 'bench'),
    serviceWorkerTimeoutMs: 30_000,
    userDataDir: resolve(profileDir!),
  });
  try {
    const size = await visibleCount(browser.serviceWorker);
    if (action === 'open') {
      // A new library tab under the profiler from its navigation: until its first rows are painted.
      const fresh = await browser.context.newPage();
      await fresh.setViewportSize({ width: 1280, height: 800 });
      await fresh.addInitScript(INIT_SCRIPT);
      const cdp = await browser.context.newCDPSession(fresh);
      const events: TraceEvent[] = [];
      (cdp as unknown as { on(name: string, f: (e: { value: TraceEvent[] }) => void): void }).on('Tracing.dataCollected', (e) => events.push(...e.value));
      await cdp.send('Tracing.start', { categories: 'toplevel,devtools.timeline,disabled-by-default-devtools.timeline,v8', transferMode: 'ReportEvents' });
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
      await fresh.goto(`chrome-extension://${browser.extensionId}/sidepanel.html#library?view=all`);
      await fresh.waitForFunction(() => (window as unknown as { __bench?: { firstPaintAt: number | null } }).__bench?.firstPaintAt != null, undefined, {
        timeout: UI_TIMEOUT_MS,
      });
      const { profile: openProfile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
      for (const t of selfTimes(openProfile).slice(0, Number(arg('--top') ?? 25))) console.log(`${t.ms.toFixed(1).padStart(8)} ms  ${t.name}`);
      console.log('open: first rows painted at', await fresh.evaluate('Math.round(window.__bench.firstPaintAt)'), 'ms');
      const done = new Promise((r) => (cdp as unknown as { once(name: string, f: () => void): void }).once('Tracing.tracingComplete', () => r(null)));
      await cdp.send('Tracing.end');
      await done;
      printTrace(events);
      return;
    }
    const { page } = await openLibrary(browser.context, browser.extensionId, { width: 1280, height: 800 });
    await page.waitForFunction((n) => Number((document.querySelector('.library-count')?.textContent ?? '').replace(/\D/g, '')) === n, size, {
      timeout: UI_TIMEOUT_MS,
    });
    await page.waitForTimeout(3000);
    const cdp = await page.context().newCDPSession(page);
    const tracing = argv.includes('--trace');
    const events: TraceEvent[] = [];
    if (tracing) {
      (cdp as unknown as { on(name: string, f: (e: { value: TraceEvent[] }) => void): void }).on('Tracing.dataCollected', (e) => events.push(...e.value));
      await cdp.send('Tracing.start', { categories: 'toplevel,devtools.timeline,disabled-by-default-devtools.timeline,v8', transferMode: 'ReportEvents' });
    }
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    let result: unknown;
    if (action === 'save' || action === 'delete') {
      const bases = await loadBaseArticlesCached(resolve(REPO_ROOT, '../shared/corpus/zyte-dev'));
      const fresh = makeRecords(bases, 200_000 + (Date.now() % 1000), 200_001 + (Date.now() % 1000)).records[0]!.article;
      result = await changeAndWait(page, { type: 'saveArticle', payload: { article: fresh } }, { count: size + 1, title: fresh.title, first: true });
      const id = (result as { response: { value?: { id?: string } } }).response.value?.id;
      if (id) result = [result, await changeAndWait(page, { type: 'deleteArticle', payload: { id } }, { count: size, title: fresh.title, first: false })];
    } else if (action === 'tag') result = await rowAction(page, 'tag', `profile-${Date.now().toString(36)}`);
    else if (action === 'archive') result = await rowAction(page, 'archive');
    else if (action === 'scroll') result = await scrollWholeList(page, Number(arg('--ms') ?? 30_000));
    else if (action === 'article') result = await openFirstArticle(page);
    else if (action === 'search') result = await typeWords(page, (arg('--words') ?? 'climate,government,economy,research,football').split(','));
    else throw new Error(`unknown --action ${action}`);
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
    if (tracing) {
      const done = new Promise((r) => (cdp as unknown as { once(name: string, f: () => void): void }).once('Tracing.tracingComplete', () => r(null)));
      await cdp.send('Tracing.end');
      await done;
      printTrace(events);
    }
    console.log(
      action,
      JSON.stringify(result, (k, v) => (k === 'response' ? undefined : v)),
    );
    const times = selfTimes(profile);
    const total = times.reduce((s, t) => s + t.ms, 0);
    console.log(`profile ${Math.round((profile.endTime - profile.startTime) / 1000)} ms, samples ${Math.round(total)} ms`);
    for (const t of times.slice(0, Number(arg('--top') ?? 25))) console.log(`${t.ms.toFixed(1).padStart(8)} ms  ${t.name}`);
    const tasks = await page.evaluate<Array<[number, number]>>('window.__bench.longTasks');
    console.log('long tasks (start, ms):', JSON.stringify(tasks.slice(-15).map(([s, d]) => [Math.round(s), Math.round(d)])));
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
