/**
 * The exporters at 10,000 articles, in Node: N realistic saved articles (bodies 20–60 kB, made
 * from pages the project's pipeline extracts from a corpus, as bench:library makes them) stream
 * one at a time into each exporter, and the output is written to a file with backpressure, as a
 * download would be. Each format runs in a child process of its own, so its peak RSS is its own.
 * Prints time, articles per second, output size and peak RSS / heap beside the baseline.
 *
 *   npx tsx scripts/bench/export.ts [--corpus ../shared/corpus/zyte-dev] [--count 10000] [--formats markdown,html] [--keep] [--browser]
 *
 * Node has no DOM: the HTML export re-sanitizes each body with happy-dom's window (DOMPurify), which
 * is far slower than a browser's DOM; the figure is an upper bound for the extension page.
 * --browser runs the same exporters in headless Chromium instead (a bundle in an about:blank page,
 * its own DOMParser and DOMPurify), on 500 generated records cycled to N, the output folded into a
 * Blob as a download would be; it prints time and the page's peak JS heap (CDP Runtime.getHeapUsage).
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { Unzip } from 'fflate';
import { EXPORT_FORMATS, exportLibrary, type ExportEntry, type ExportFormat } from '../../utils/export';
import { parseHtml } from '../../utils/extract/node';
import { launchChromium, restrictNetwork } from '../lib/browser';
import type { PageRun } from './export-page';
import { loadBaseArticlesCached, makeRecords, prng, type BaseArticle } from './library/corpus';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
const OUT_DIR = join(REPO_ROOT, 'bench-output', 'export');
const TARGET_SECONDS = 30;
const TAGS = ['world', 'politics', 'long read', 'science, health', 'to cite', 'a|b', 'say "hi"', 'عربي', '中文', 'work'];

interface Args {
  corpus: string;
  count: number;
  formats: ExportFormat[];
  keep: boolean;
  browser: boolean;
  profile: boolean;
  child: ExportFormat | null;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    corpus: '../shared/corpus/zyte-dev',
    count: 10_000,
    formats: ['markdown', 'html'],
    keep: false,
    browser: false,
    profile: false,
    child: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => argv[++i] ?? '';
    if (a === '--corpus') args.corpus = next();
    else if (a === '--count') args.count = Number(next());
    else if (a === '--formats') args.formats = next().split(',') as ExportFormat[];
    else if (a === '--keep') args.keep = true;
    else if (a === '--browser') args.browser = true;
    else if (a === '--profile') args.profile = true;
    else if (a === '--child') args.child = next() as ExportFormat;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(args.count) || args.count < 1) throw new Error('--count takes a positive integer');
  for (const f of [...args.formats, ...(args.child ? [args.child] : [])]) if (!(f in EXPORT_FORMATS)) throw new Error(`unknown format ${f}`);
  return args;
}

/** The library, one entry at a time: record i is made when the exporter asks for it. */
async function* library(bases: readonly BaseArticle[], count: number): AsyncGenerator<ExportEntry> {
  for (let i = 0; i < count; i++) {
    const record = makeRecords(bases, i, i + 1).records[0]!;
    const rand = prng(7_919 * (i + 1));
    const tags = TAGS.filter(() => rand() < 0.15);
    const archived = rand() < 0.4;
    yield {
      article: record.article,
      savedAt: record.savedAt,
      readAt: record.readAt,
      archivedAt: archived ? record.savedAt + 86_400_000 : null,
      favourite: rand() < 0.1,
      tags,
      progress: record.readAt === null ? null : Math.round(rand() * 100) / 100,
    };
  }
}

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);

/** Counts the files of a zip by reading its local headers as it streams (the bodies are not inflated). */
async function zipFileCount(path: string): Promise<number> {
  let files = 0;
  const unzip = new Unzip(() => files++);
  for await (const chunk of createReadStream(path)) unzip.push(chunk as Uint8Array);
  unzip.push(new Uint8Array(0), true);
  return files;
}

interface ChildResult {
  format: ExportFormat;
  count: number;
  bytes: number;
  seconds: number;
  /** User + system CPU time of the export: less sensitive than wall time to other processes on the machine. */
  cpuSeconds: number;
  baselineRss: number;
  peakRss: number;
  baselineHeap: number;
  peakHeap: number;
  files: number | null;
}

/** One format in this process: generate, export to a file, measure. */
async function runChild(args: Args, format: ExportFormat): Promise<ChildResult> {
  const bases = await loadBaseArticlesCached(args.corpus);
  const page = parseHtml('<!doctype html><html><body></body></html>');
  mkdirSync(OUT_DIR, { recursive: true });
  const path = join(OUT_DIR, `library-${args.count}.${format}.${EXPORT_FORMATS[format].extension}`);
  const file = createWriteStream(path);
  // Sampled as the export runs: the export is synchronous work between awaits, so a timer alone
  // would miss the peaks; each progress report samples too.
  let peakRss = 0;
  let peakHeap = 0;
  const sample = (): void => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    peakHeap = Math.max(peakHeap, getHeapStatistics().used_heap_size);
  };
  globalThis.gc?.();
  const baselineRss = process.memoryUsage.rss();
  const baselineHeap = getHeapStatistics().used_heap_size;
  const timer = setInterval(sample, 50);
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const result = await exportLibrary(
    format,
    library(bases, args.count),
    async (chunk, final) => {
      // A write stream's backpressure, as a download or a file handle would apply it.
      if (!file.write(chunk)) await once(file, 'drain');
      if (final) {
        file.end();
        await once(file, 'finish');
      }
    },
    {
      window: page.window,
      onProgress: (done) => {
        if (done % 25 === 0) sample();
        if (done % 1000 === 0) process.stderr.write(`  ${format}: ${done}/${args.count}\n`);
      },
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  clearInterval(timer);
  sample();
  await page.close();
  const files = EXPORT_FORMATS[format].mimeType === 'application/zip' ? await zipFileCount(path) : null;
  if (statSync(path).size !== result.bytes) throw new Error(`${path}: ${statSync(path).size} bytes on disk, ${result.bytes} reported`);
  if (!args.keep) rmSync(path);
  return { format, count: result.count, bytes: result.bytes, seconds, cpuSeconds, baselineRss, peakRss, baselineHeap, peakHeap, files };
}

const BROWSER_BUNDLE = join(REPO_ROOT, 'bench-output', 'export-bundle.js');
/** Distinct records handed to the page (about 20 MB); the page cycles them up to --count. */
const BROWSER_RECORDS = 500;

/** The exporters as one IIFE for a page, built with vite (browser builds: Turndown on DOMParser). */
async function buildPageBundle(): Promise<string> {
  const { build } = await import('vite');
  await build({
    configFile: false,
    logLevel: 'warn',
    root: REPO_ROOT,
    build: {
      outDir: dirname(BROWSER_BUNDLE),
      emptyOutDir: false,
      // BENCH_NO_MINIFY=1 keeps function names for a profile.
      minify: !process.env.BENCH_NO_MINIFY,
      lib: { entry: join(REPO_ROOT, 'scripts/bench/export-page.ts'), formats: ['iife'], name: 'ReaderExportBench', fileName: () => 'export-bundle.js' },
    },
  });
  return readFileSync(BROWSER_BUNDLE, 'utf8');
}

interface BrowserRow {
  format: ExportFormat;
  count: number;
  bytes: number;
  seconds: number;
  /** CPU time of Chromium's renderer processes during the run (CDP SystemInfo.getProcessInfo). */
  cpuSeconds: number;
  baselineHeap: number;
  peakHeap: number;
}

/** Each format in a fresh page of headless Chromium; the page's JS heap polled over CDP while it runs. */
async function runBrowser(args: Args, bases: readonly BaseArticle[]): Promise<BrowserRow[]> {
  const bundle = await buildPageBundle();
  const records = makeRecords(bases, 0, Math.min(BROWSER_RECORDS, args.count)).records;
  const browser = await launchChromium();
  const system = await browser.newBrowserCDPSession();
  const rendererCpu = async (): Promise<number> => {
    const { processInfo } = (await system.send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ type: string; cpuTime: number }> };
    return processInfo.filter((p) => p.type === 'renderer').reduce((sum, p) => sum + p.cpuTime, 0);
  };
  const rows: BrowserRow[] = [];
  try {
    const context = await browser.newContext();
    // Nothing leaves the machine: the article images are never requested (no page shows them).
    await restrictNetwork(context, () => false);
    for (const format of args.formats) {
      const page = await context.newPage();
      await page.evaluate(bundle);
      await page.evaluate((recs) => ((globalThis as unknown as { __records: unknown }).__records = recs), records);
      const cdp = await context.newCDPSession(page);
      await cdp.send('HeapProfiler.collectGarbage');
      const baselineHeap = (await cdp.send('Runtime.getHeapUsage')).usedSize;
      let peakHeap = baselineHeap;
      let polling = true;
      const poll = (async () => {
        while (polling) {
          peakHeap = Math.max(peakHeap, (await cdp.send('Runtime.getHeapUsage')).usedSize);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })();
      process.stderr.write(`  ${format}: running ${args.count} in Chromium…\n`);
      if (args.profile) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
        await cdp.send('Profiler.start');
      }
      const cpuBefore = await rendererCpu();
      const run = (await page.evaluate(
        ([f, n]) => {
          const g = globalThis as unknown as { __exportBench: { run: (f: string, r: unknown, n: number) => Promise<PageRun> }; __records: unknown };
          return g.__exportBench.run(f, g.__records, n);
        },
        [format, args.count] as const,
      )) as PageRun;
      const cpuSeconds = (await rendererCpu()) - cpuBefore;
      if (args.profile) printProfile(format, ((await cdp.send('Profiler.stop')) as { profile: CpuProfile }).profile);
      polling = false;
      await poll;
      if (run.blobBytes !== run.bytes) throw new Error(`${format}: Blob holds ${run.blobBytes} bytes, ${run.bytes} reported`);
      rows.push({ format, count: run.count, bytes: run.bytes, seconds: run.seconds, cpuSeconds, baselineHeap, peakHeap });
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return rows;
}

/** The part of a CDP CPU profile the summary reads. */
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

/**
 * Prints where a --profile run spent its time: self time per function, and total time (self plus
 * callees, each function counted once per stack) for the functions with the most.
 */
function printProfile(format: string, profile: CpuProfile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (id: number): string => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    return `${functionName || '(anonymous)'} ${url ? `${url.split('/').pop()}:${lineNumber + 1}` : ''}`.trim();
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    all += dt;
    self.set(label(id), (self.get(label(id)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = label(at);
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + dt);
    }
  });
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => `    ${((us / all) * 100).toFixed(1).padStart(5)} %  ${(us / 1e6).toFixed(2).padStart(7)} s  ${name}`)
      .join('\n');
  console.log(`\n${format}: profile of ${(all / 1e6).toFixed(1)} s sampled\n  self time:\n${top(self, 25)}\n  total time:\n${top(total, 30)}`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.child) {
    process.stdout.write(`${JSON.stringify(await runChild(args, args.child))}\n`);
    return;
  }
  // Extract the corpus once (cached in bench-output/), so no child pays for it.
  process.stderr.write(`Loading base articles from ${args.corpus}…\n`);
  const bases = await loadBaseArticlesCached(args.corpus);
  process.stderr.write(`${bases.length} base articles; exporting ${args.count} articles per format, each format in its own process\n`);
  if (args.browser) {
    const rows = await runBrowser(args, bases);
    console.log(`\nExport of ${args.count} articles in headless Chromium (${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)})`);
    console.log('format      | wall     | CPU      | articles/s | output  | JS heap baseline → peak | target (wall)');
    for (const r of rows) {
      console.log(
        [
          r.format.padEnd(11),
          `${r.seconds.toFixed(1)} s`.padStart(8),
          `${r.cpuSeconds.toFixed(1)} s`.padStart(8),
          String(Math.round(r.count / r.seconds)).padStart(10),
          `${mb(r.bytes)} MB`.padStart(7),
          `${mb(r.baselineHeap)} → ${mb(r.peakHeap)} MB`.padStart(23),
          `${r.seconds <= TARGET_SECONDS ? 'ok' : 'MISSED'} (≤ ${TARGET_SECONDS} s)`,
        ].join(' | '),
      );
    }
    return;
  }
  const self = fileURLToPath(import.meta.url);
  const rows: ChildResult[] = [];
  for (const format of args.formats) {
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, '--expose-gc', self, '--child', format, '--corpus', args.corpus, '--count', String(args.count), ...(args.keep ? ['--keep'] : [])],
      { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
    );
    if (child.status !== 0) throw new Error(`${format}: child exited with ${child.status}`);
    rows.push(JSON.parse(child.stdout.trim().split('\n').pop()!) as ChildResult);
  }
  console.log(`\nExport of ${args.count} articles (Node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)})`);
  console.log('format      | wall     | CPU      | articles/s | output  | files  | RSS baseline → peak | heap baseline → peak | target (wall)');
  for (const r of rows) {
    console.log(
      [
        r.format.padEnd(11),
        `${r.seconds.toFixed(1)} s`.padStart(8),
        `${r.cpuSeconds.toFixed(1)} s`.padStart(8),
        String(Math.round(r.count / r.seconds)).padStart(10),
        `${mb(r.bytes)} MB`.padStart(7),
        String(r.files ?? '—').padStart(6),
        `${mb(r.baselineRss)} → ${mb(r.peakRss)} MB`.padStart(19),
        `${mb(r.baselineHeap)} → ${mb(r.peakHeap)} MB`.padStart(20),
        `${r.seconds <= TARGET_SECONDS ? 'ok' : 'MISSED'} (≤ ${TARGET_SECONDS} s)`,
      ].join(' | '),
    );
  }
}

await main();
