/**
 * The library at scale, measured in the real extension: fills the library (IndexedDB, through the
 * writer's import path in a `wxt build --mode bench` build) with N realistic saved articles made
 * from pages the project's pipeline extracts, then measures
 * the real library UI and prints each target beside its figure, the growth from the smallest to the
 * largest size, and one summary line.
 *
 *   npm run bench:library -- --sizes 100,1000,10000 [--corpus ../shared/corpus/zyte-dev] [--repeat 3] [--no-build]
 *   npm run bench:library -- --spike storage|search|all [--spike-size 10000] [--cjk ../shared/corpus/readability-test-pages]
 *   npm run bench:library -- --only import [--import-rows 10000] [--no-build]
 *   npm run bench:library -- --sizes 10000 --rows open,changes,scroll,article [--profile /tmp/bench-profile]
 *
 * While iterating: --rows measures some groups only; --profile keeps the browser profile (and so
 * the filled library) in a folder, and a later run on it fills only what is missing (filling
 * 10,000 takes minutes on a loaded machine). A run on a kept profile has the earlier runs' tags.
 *   npm run bench:library -- --only search --sizes 1000,10000 [--no-build]   (the same as --rows open,search with one open per size)
 *   npm run bench:library -- --only export [--export-rows 10000] [--export-formats markdown,html] [--no-build] [--profile DIR] [--cpu-profile DIR]
 * --cpu-profile DIR also writes the library tab's CPU profile while the search row types (typing-N-*.cpuprofile; build with
 * BENCH_NO_MINIFY=1 for names, and quote no figure of such a run).
 *
 * The import row (a generated Pocket export through the Import dialog: file → parse → staging →
 * the background's batch writes) runs after the other rows, on the largest library; --only import
 * runs it alone on an empty library, without the corpus.
 *
 * The export rows (the whole library through the Export button: dialog → format → download, with
 * the page's JS heap) run on the largest library before the import row; --only export fills a
 * library of --export-rows articles and runs them alone.
 *
 * --spike runs the layout and search-library measurements behind docs/library-storage.md instead.
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { extensionDirFor, launchWithExtension } from './lib/browser';
import { loadBaseArticlesCached, makeRecords } from './bench/library/corpus';
import { canonicalArticleUrl } from '../utils/library/canonical-url';
import {
  changeAndWait,
  fillLibrary,
  firstQuery,
  heapOf,
  idsByUrl,
  visibleCount,
  openFirstArticle,
  openLibrary,
  rowAction,
  scrollWholeList,
  typeSearches,
  UI_TIMEOUT_MS,
  type OpenFigures,
} from './bench/library/ui';
import { runSearchSpike } from './bench/library/spike-search';
import { runStorageSpike } from './bench/library/spike-storage';
import { measurePocketImport, type ImportFigures } from './bench/library/import';
import { measureUiExport, type ExportFigures } from './bench/library/export';

const REPO_ROOT = resolve(import.meta.dirname, '..');
const TAB = { width: 1280, height: 800 };
/** The side panel's default width; the page is the same, opened as a tab at that size. */
const PANEL = { width: 360, height: 800 };

interface Args {
  sizes: number[];
  corpus: string;
  repeat: number;
  build: boolean;
  spike: 'storage' | 'search' | 'all' | null;
  spikeSize: number;
  cjk: string | null;
  only: 'import' | 'search' | 'export' | null;
  importRows: number;
  exportRows: number;
  exportFormats: string[];
  /** The groups of rows measured (--rows); every group when not given. */
  rows: ReadonlySet<RowGroup>;
  /** A browser profile kept between runs (--profile), or null for a fresh one. */
  profile: string | null;
  /** Where the export and typing rows write the page's CPU profile (--cpu-profile), or null for none. */
  cpuProfile: string | null;
}

/** The rows, in groups that can be measured alone (--rows): each group's figures need only what it measures. */
const ROW_GROUPS = ['open', 'search', 'heap', 'changes', 'scroll', 'article', 'export', 'import'] as const;
type RowGroup = (typeof ROW_GROUPS)[number];

function parseArgs(argv: string[]): Args {
  const args: Args = {
    sizes: [100, 1000, 10000],
    corpus: '../shared/corpus/zyte-dev',
    repeat: 3,
    build: true,
    spike: null,
    spikeSize: 10_000,
    cjk: null,
    only: null,
    importRows: 10_000,
    exportRows: 10_000,
    exportFormats: ['markdown', 'html'],
    rows: new Set(ROW_GROUPS),
    profile: null,
    cpuProfile: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => argv[++i] ?? '';
    if (a === '--sizes') args.sizes = next().split(',').map(Number);
    else if (a === '--corpus') args.corpus = next();
    else if (a === '--repeat') args.repeat = Number(next());
    else if (a === '--no-build') args.build = false;
    else if (a === '--spike') args.spike = next() as Args['spike'];
    else if (a === '--spike-size') args.spikeSize = Number(next());
    else if (a === '--cjk') args.cjk = next();
    else if (a === '--only') args.only = next() as Args['only'];
    else if (a === '--import-rows') args.importRows = Number(next());
    else if (a === '--export-rows') args.exportRows = Number(next());
    else if (a === '--export-formats') args.exportFormats = next().split(',');
    else if (a === '--profile') args.profile = resolve(next());
    else if (a === '--cpu-profile') args.cpuProfile = resolve(next());
    else if (a === '--rows') {
      const groups = next().split(',');
      const unknown = groups.filter((g) => !(ROW_GROUPS as readonly string[]).includes(g));
      if (unknown.length > 0) throw new Error(`--rows takes some of ${ROW_GROUPS.join(',')} (not ${unknown.join(',')})`);
      args.rows = new Set(groups as RowGroup[]);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (args.sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes takes positive integers, e.g. 100,1000,10000');
  if (args.spike && !['storage', 'search', 'all'].includes(args.spike)) throw new Error('--spike takes storage, search or all');
  if (args.only !== null && !['import', 'search', 'export'].includes(args.only)) throw new Error('--only takes import, search or export');
  if (!Number.isInteger(args.exportRows) || args.exportRows < 1) throw new Error('--export-rows takes a positive integer');
  if (!Number.isInteger(args.importRows) || args.importRows < 1) throw new Error('--import-rows takes a positive integer');
  if (args.only === 'search') args.rows = new Set<RowGroup>(['open', 'search']);
  args.sizes.sort((x, y) => x - y);
  return args;
}

const pct = (xs: readonly number[], p: number): number => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};
/** Words typed per size: one from each of this many articles spread over the library. */
const SEARCH_WORDS = 8;

const bodyWords = (text: string): string[] =>
  text
    .split(/[^\p{L}]+/u)
    .filter((w) => w.length >= 6 && w.length <= 12 && /^[a-z]+$/i.test(w))
    .map((w) => w.toLowerCase());

/**
 * Words to search for, each from one article's body (its first 2,500 characters: indexed whatever
 * the body bound) and the rarest there across the library (bodies are mixed from ~120 pages, so
 * most words are in hundreds of articles), with that article's URL to find its row: made again
 * from the same generator the fill used, so no state is kept between the two.
 */
function searchWords(bases: Parameters<typeof makeRecords>[0], size: number): Array<{ word: string; url: string; articles: number }> {
  const df = new Map<string, number>();
  for (let from = 0; from < size; from += 250)
    for (const r of makeRecords(bases, from, Math.min(size, from + 250)).records)
      for (const w of new Set(bodyWords(r.article.text))) df.set(w, (df.get(w) ?? 0) + 1);
  const out: Array<{ word: string; url: string; articles: number }> = [];
  for (let k = 0; k < SEARCH_WORDS; k++) {
    const i = Math.floor(((k + 0.5) * size) / SEARCH_WORDS);
    const record = makeRecords(bases, i, i + 1).records[0]!;
    const words = [...new Set(bodyWords(record.article.text.slice(0, 2500)))].sort((a, b) => df.get(a)! - df.get(b)! || (a < b ? -1 : 1));
    if (words[0]) out.push({ word: words[0], url: canonicalArticleUrl(record.article.url), articles: df.get(words[0])! });
  }
  return out;
}

const median = (xs: number[]): number => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor((s.length - 1) / 2)]!;
};

/** One measured figure per size, or why there is none. */
type Figure = { value: number; note?: string } | { missing: string };

interface TargetRow {
  label: string;
  target: string;
  unit: 'ms' | 'MB' | 'count' | '';
  /** Whether a figure meets the target; null for rows with nothing to measure yet. */
  meets: ((value: number, size: number) => boolean) | null;
  bySize: Map<number, Figure>;
}

const fmt = (f: Figure | undefined, unit: TargetRow['unit']): string => {
  if (!f) return '—';
  if ('missing' in f) return f.missing;
  const v = unit === 'MB' ? f.value.toFixed(1) : unit === 'ms' ? String(Math.round(f.value)) : String(f.value);
  return `${v}${unit === 'ms' ? ' ms' : unit === 'MB' ? ' MB' : ''}${f.note ? ` ${f.note}` : ''}`;
};

/** The import target: 10,000 Pocket rows in at most 10 s. */
const IMPORT_TARGET_MS = 10_000;

function importLine(rows: number, f: ImportFigures, library: string): string {
  const verdict = f.ms <= IMPORT_TARGET_MS ? 'met' : 'NOT met';
  return (
    `import ${rows.toLocaleString('en')} Pocket rows (file → parse → writes, ${library}): ${(f.ms / 1000).toFixed(1)} s  (target ≤ 10 s: ${verdict}); ` +
    `parsed and staged by the page in ${(f.stagedMs / 1000).toFixed(1)} s, committed by the background in ${((f.ms - f.stagedMs) / 1000).toFixed(1)} s; ` +
    `${f.added} added, ${f.merged} merged (the file's own repeats are merged by the parser); longest task of the library page meanwhile ${Math.round(f.longestTaskMs)} ms`
  );
}

/** The export target: 10,000 articles in at most 30 s. */
const EXPORT_TARGET_MS = 30_000;

function exportLine(format: string, rows: number, f: ExportFigures): string {
  return (
    `export ${rows.toLocaleString('en')} articles as ${format} (Export button → download): ${(f.ms / 1000).toFixed(1)} s  (target ≤ 30 s: ${f.ms <= EXPORT_TARGET_MS ? 'met' : 'NOT met'}); ` +
    `${(f.bytes / 1e6).toFixed(0)} MB file; page JS heap ${(f.heapBefore / 1e6).toFixed(0)} → peak ${(f.heapPeak / 1e6).toFixed(0)} MB (garbage included) → ${(f.heapAfter / 1e6).toFixed(0)} MB after GC`
  );
}

/** --only export: a library of --export-rows articles, then each format through the Export button. */
async function exportOnly(args: Args): Promise<void> {
  const corpus = resolve(args.corpus);
  const bases = await loadBaseArticlesCached(corpus);
  if (args.build) execSync('npx wxt build --mode bench', { cwd: REPO_ROOT, stdio: 'ignore' });
  if (args.profile) mkdirSync(args.profile, { recursive: true });
  const browser = await launchWithExtension({
    extensionDir: extensionDirFor('chrome', 'bench'),
    serviceWorkerTimeoutMs: 30_000,
    ...(args.profile ? { userDataDir: args.profile } : {}),
  });
  try {
    // On a kept profile (--profile) only the missing articles are filled: the export is timed, not the fill.
    const held = args.profile ? await visibleCount(browser.serviceWorker) : 0;
    if (held > args.exportRows) throw new Error(`the kept profile holds ${held} articles, more than --export-rows ${args.exportRows}`);
    const fill = await fillLibrary(browser.serviceWorker, bases, held, args.exportRows);
    console.log(
      `filled ${args.exportRows.toLocaleString('en')} articles in ${(fill.ms / 1000).toFixed(1)} s (${(fill.bytes / 1e6).toFixed(0)} MB); load ${loadavg()[0]!.toFixed(1)}`,
    );
    for (const format of args.exportFormats) {
      const figures = await measureUiExport(browser.context, browser.extensionId, format, args.cpuProfile ?? undefined);
      console.log(`${exportLine(format, args.exportRows, figures)}; load ${loadavg()[0]!.toFixed(1)}`);
    }
  } finally {
    await browser.close();
  }
}

/** --only import: the import row alone, on an empty library, without the corpus. */
async function importOnly(args: Args): Promise<void> {
  if (args.build) execSync('npx wxt build --mode bench', { cwd: REPO_ROOT, stdio: 'ignore' });
  const browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome', 'bench'), serviceWorkerTimeoutMs: 30_000 });
  try {
    const figures = await measurePocketImport(browser.context, browser.extensionId, args.importRows);
    console.log(importLine(args.importRows, figures, 'into an empty library'));
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.only === 'import') return importOnly(args);
  if (args.only === 'export') return exportOnly(args);
  const corpus = resolve(args.corpus);
  if (!existsSync(join(corpus, 'html'))) throw new Error(`No corpus at ${corpus} (expected html/*.html; see ../shared/corpus/README.md)`);
  const t0 = performance.now();
  const bases = await loadBaseArticlesCached(corpus);
  console.log(`bench:library — ${bases.length} base articles extracted from ${corpus} (${Math.round(performance.now() - t0)} ms, cached in bench-output/)`);

  if (args.spike) {
    if (args.spike !== 'search') await runStorageSpike(bases, args.spikeSize, args.build);
    if (args.spike !== 'storage') {
      const cjk = args.cjk ?? join(corpus, '..', 'readability-test-pages');
      await runSearchSpike(bases, args.spikeSize, existsSync(cjk) ? cjk : null);
    }
    return;
  }

  // The bench build is the production build plus the hook fillLibrary uses (in its own folder).
  if (args.build) execSync('npx wxt build --mode bench', { cwd: REPO_ROOT, stdio: 'ignore' });
  if (args.profile) mkdirSync(args.profile, { recursive: true });
  const browser = await launchWithExtension({
    extensionDir: extensionDirFor('chrome', 'bench'),
    serviceWorkerTimeoutMs: 30_000,
    ...(args.profile ? { userDataDir: args.profile } : {}),
  });
  const rows: TargetRow[] = [];
  const row = (label: string, target: string, unit: TargetRow['unit'], meets: TargetRow['meets']): TargetRow => {
    const r: TargetRow = { label, target, unit, meets, bySize: new Map() };
    rows.push(r);
    return r;
  };
  const le = (limit: number) => (v: number) => v <= limit;
  const openPanel = row('library opened, side panel (360 px): first rows painted', '≤ 150 ms', 'ms', le(150));
  const openTab = row('library opened, full tab: first rows painted', '≤ 150 ms', 'ms', le(150));
  const count = row('count shown (side panel and tab)', '= N', 'count', (v, n) => v === n);
  const searchKey = row('search typed: results painted per keystroke, p95', '≤ 30 ms', 'ms', le(30));
  const searchFirst = row('search: first query after the library opens, complete answer painted', '≤ 100 ms', 'ms', le(100));
  const save = row('save one article (from another view): until the list shows it', '≤ 100 ms', 'ms', le(100));
  const del = row('delete one article (from another view): until the list shows it', '≤ 100 ms', 'ms', le(100));
  const tag = row('tag one article (tag editor): until the row shows it', '≤ 100 ms', 'ms', le(100));
  const archive = row('archive one article (row button): until the row shows it', '≤ 100 ms', 'ms', le(100));
  const heap = row('library view JS heap (retained, after GC)', '≤ 60 MB', 'MB', le(60));
  const scroll = row('longest task while scrolling the whole list', '≤ 100 ms', 'ms', le(100));
  const openArticle = row('saved article opened: body painted', '≤ 150 ms', 'ms', le(150));
  const exportRows = args.exportFormats.map((format) => ({
    format,
    row: row(`export the whole library as ${format} (Export button → download)`, '≤ 30 s', 'ms', le(EXPORT_TARGET_MS)),
  }));
  const importRow = row(`import ${args.importRows.toLocaleString('en')} Pocket rows (file → parse → writes)`, '≤ 10 s', 'ms', le(IMPORT_TARGET_MS));
  const extra: string[] = [];

  let filled = args.profile ? await visibleCount(browser.serviceWorker) : 0;
  if (filled > 0) process.stderr.write(`  the kept profile holds ${filled} articles\n`);
  try {
    for (const size of args.sizes) {
      if (filled > size) {
        extra.push(`${size}: skipped, the kept profile holds ${filled} articles`);
        continue;
      }
      const fill = await fillLibrary(browser.serviceWorker, bases, filled, size);
      filled = size;
      extra.push(
        `${size}: filled in ${(fill.ms / 1000).toFixed(1)} s through the writer's import (batch transactions); IndexedDB holds ${(fill.bytes / 1e6).toFixed(0)} MB`,
      );
      process.stderr.write(`  ${size}: filled in ${(fill.ms / 1000).toFixed(1)} s (${(fill.bytes / 1e6).toFixed(0)} MB); measuring…\n`);

      const opens = async (viewport: typeof TAB): Promise<{ figures: OpenFigures[]; last: Awaited<ReturnType<typeof openLibrary>> }> => {
        const figures: OpenFigures[] = [];
        let last: Awaited<ReturnType<typeof openLibrary>> | null = null;
        for (let i = 0; i < (args.only === 'search' ? 1 : args.repeat); i++) {
          if (last) await last.page.close();
          last = await openLibrary(browser.context, browser.extensionId, viewport);
          figures.push(last.figures);
        }
        return { figures, last: last! };
      };
      const want = args.rows;
      let page: Awaited<ReturnType<typeof openLibrary>>['page'];
      if (want.has('open')) {
        const panel = await opens(PANEL);
        await panel.last.page.close();
        openPanel.bySize.set(size, { value: median(panel.figures.map((f) => f.paintMs)), note: `(median of ${args.repeat})` });
        const tab = await opens(TAB);
        openTab.bySize.set(size, { value: median(tab.figures.map((f) => f.paintMs)), note: `(median of ${args.repeat})` });
        const shown = [...panel.figures, ...tab.figures].map((f) => f.countShown);
        const wrong = shown.find((c) => c !== size);
        count.bySize.set(size, { value: wrong ?? size, note: `(rows in DOM: ${tab.figures.at(-1)!.rows})` });
        page = tab.last.page;
      } else page = (await openLibrary(browser.context, browser.extensionId, TAB)).page;

      if (want.has('search')) {
        const words = searchWords(bases, size);
        const ids = await idsByUrl(
          page,
          words.map((w) => w.url),
        );
        // No other library view stays open: the first query is timed as when the user opens the library.
        await page.close();
        const probes = words.flatMap((w, i) => (ids[i] ? [{ word: w.word, id: ids[i]! }] : []));
        const inArticles = words.map((w) => w.articles).sort((a, b) => a - b);
        extra.push(`${size}: search words typed: ${words.map((w) => w.word).join(', ')} (each in ${inArticles[0]}–${inArticles.at(-1)} articles' bodies)`);

        // The index complete and written (as after earlier sessions), before the first query is timed on a reopen.
        const ready = await firstQuery(browser.context, browser.extensionId, TAB, probes[0]!);
        await ready.page.waitForTimeout(6_000);
        await ready.page.close();
        extra.push(
          `${size}: first library open with no search snapshot: a query answered (partial) in ${Math.round(ready.firstResultsMs)} ms, complete in ${Math.round(ready.completeMs)} ms`,
        );

        // The first query: a new library tab (its worker loads the snapshot the earlier opens wrote), a word typed at once.
        const first = await firstQuery(browser.context, browser.extensionId, TAB, probes[0]!);
        // The rest runs in this tab: its answer was complete, so its index is too.
        page = first.page;
        searchFirst.bySize.set(size, {
          value: first.completeMs,
          note: `(first results ${Math.round(first.firstResultsMs)} ms${first.note ? `, partial: "${first.note}"` : ', complete'}; count shown at ${Math.round(first.countMs)} ms; ${first.found ? 'found' : 'NOT found'})`,
        });

        // Typing, once the index is complete (the tab opened above has waited for it too) and the
        // whole list is read (the first query no longer waits for it; its read is not a keystroke's work).
        // (A build from before data-loaded waited for the whole list in its first query already.)
        await page.waitForFunction(
          () => {
            const section = document.querySelector('[data-testid="library"]');
            return section !== null && (!section.hasAttribute('data-loaded') || section.getAttribute('data-loaded') === 'full');
          },
          undefined,
          { timeout: UI_TIMEOUT_MS, polling: 50 },
        );
        const typingCdp = args.cpuProfile ? await page.context().newCDPSession(page) : null;
        if (typingCdp) {
          await typingCdp.send('Profiler.enable');
          await typingCdp.send('Profiler.start');
        }
        const typing = await typeSearches(page, probes);
        if (typingCdp) {
          const { profile } = await typingCdp.send('Profiler.stop');
          await mkdir(args.cpuProfile!, { recursive: true });
          await writeFile(join(args.cpuProfile!, `typing-${size}-${Date.now()}.cpuprofile`), JSON.stringify(profile));
          await typingCdp.detach();
        }
        searchKey.bySize.set(size, {
          value: pct(typing.keystrokeMs, 0.95),
          note: `(p50 ${Math.round(pct(typing.keystrokeMs, 0.5))}, max ${Math.round(pct(typing.keystrokeMs, 1))}; ${typing.keystrokeMs.length} keystrokes, ${typing.partial} partial; ${typing.found}/${typing.typed} words found)`,
        });
      }

      if (want.has('heap')) {
        const h = await heapOf(page);
        heap.bySize.set(size, { value: h.retained / 1e6, note: `(${(h.beforeGc / 1e6).toFixed(0)} before GC)` });
      }

      if (want.has('changes')) {
        // The whole list held (the count is N), as after any open: the change is timed, not the load.
        await page.waitForFunction((n) => Number((document.querySelector('.library-count')?.textContent ?? '').replace(/\D/g, '')) === n, size, {
          timeout: UI_TIMEOUT_MS,
        });
        const fresh = makeRecords(bases, 100_000 + size, 100_001 + size).records[0]!.article;
        const saved = await changeAndWait(page, { type: 'saveArticle', payload: { article: fresh } }, { count: size + 1, title: fresh.title, first: true });
        const answered = (f: { replyMs: number }) => ({ note: `(background answered in ${Math.round(f.replyMs)} ms)` });
        save.bySize.set(size, saved.shown ? { value: saved.ms, ...answered(saved) } : { missing: `not shown in ${Math.round(saved.ms)} ms` });
        const savedId = (saved.response as { ok?: boolean; value?: { id?: string } }).value?.id;
        if (savedId) {
          // Deleted, it waits out its undo window hidden: the next size's count is right without it.
          const deleted = await changeAndWait(page, { type: 'deleteArticle', payload: { id: savedId } }, { count: size, title: fresh.title, first: false });
          del.bySize.set(size, deleted.shown ? { value: deleted.ms, ...answered(deleted) } : { missing: `not shown in ${Math.round(deleted.ms)} ms` });
        } else del.bySize.set(size, { missing: `save failed: ${JSON.stringify(saved.response).slice(0, 80)}` });

        // A tag no earlier run on a kept profile added.
        const tagged = await rowAction(page, 'tag', `bench-${size}-${Date.now().toString(36)}`);
        tag.bySize.set(size, tagged.shown ? { value: tagged.ms } : { missing: `not shown in ${Math.round(tagged.ms)} ms` });
        const archived = await rowAction(page, 'archive');
        archive.bySize.set(size, archived.shown ? { value: archived.ms } : { missing: `not shown in ${Math.round(archived.ms)} ms` });
      }

      if (want.has('scroll')) {
        const sc = await scrollWholeList(page);
        scroll.bySize.set(size, {
          value: sc.longestTaskMs,
          note: `(${sc.longTasks} long tasks, longest frame ${Math.round(sc.longestFrameMs)} ms, ${sc.steps} screens${sc.timedOut ? ', STOPPED at the time limit' : ''})`,
        });
      }
      if (want.has('article')) {
        const opened = await openFirstArticle(page);
        openArticle.bySize.set(size, opened.shown ? { value: opened.ms } : { missing: 'not shown' });
      }
      await page.close();
      if (!want.has('export')) for (const { row: exportRow } of exportRows) exportRow.bySize.set(size, { missing: 'not run (--rows)' });
      else if (size === args.sizes.at(-1)) {
        // Before the import adds its links: the library of `size` articles, each format once.
        for (const { format, row: exportRow } of exportRows) {
          const exported = await measureUiExport(browser.context, browser.extensionId, format, args.cpuProfile ?? undefined);
          exportRow.bySize.set(size, {
            value: exported.ms,
            note: `(${(exported.bytes / 1e6).toFixed(0)} MB, heap peak ${(exported.heapPeak / 1e6).toFixed(0)} MB)`,
          });
          extra.push(exportLine(format, size, exported));
        }
      } else for (const { row: exportRow } of exportRows) exportRow.bySize.set(size, { missing: 'run at the largest size' });
      if (!want.has('import')) importRow.bySize.set(size, { missing: 'not run (--rows)' });
      else if (size === args.sizes.at(-1)) {
        // Once, on the largest library (each import deduplicates against every saved article).
        const imported = await measurePocketImport(browser.context, browser.extensionId, args.importRows);
        importRow.bySize.set(size, { value: imported.ms, note: `(longest page task ${Math.round(imported.longestTaskMs)} ms)` });
        extra.push(importLine(args.importRows, imported, `into the library of ${size}`));
      } else importRow.bySize.set(size, { missing: 'run at the largest size' });
    }
  } finally {
    await browser.close();
  }

  const sizes = args.sizes;
  const largest = sizes.at(-1)!;
  const smallest = sizes[0]!;
  const header = ['target', 'goal', ...sizes.map(String), `growth ${smallest}→${largest}`, `met at ${largest}`];
  // Rows left out by --rows are not printed.
  const measured = rows.filter((r) => [...r.bySize.values()].some((f) => 'value' in f));
  const table = measured.map((r) => {
    const lo = r.bySize.get(smallest);
    const hi = r.bySize.get(largest);
    const growth = lo && hi && 'value' in lo && 'value' in hi && r.unit !== 'count' && lo.value > 0 ? `×${(hi.value / lo.value).toFixed(1)}` : '—';
    const met = r.meets === null ? 'no (not implemented)' : hi && 'value' in hi && r.meets(hi.value, largest) ? 'yes' : 'no';
    return [r.label, r.target, ...sizes.map((s) => fmt(r.bySize.get(s), r.unit)), growth, met];
  });
  const widths = header.map((_, c) => Math.max(header[c]!.length, ...table.map((t) => t[c]!.length)));
  const line = (cells: string[]): string => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  console.log('');
  console.log(line(header));
  for (const t of table) console.log(line(t));
  console.log('');
  for (const e of extra) console.log(e);
  const met = table.filter((t) => t.at(-1) === 'yes').length;
  console.log(`bench:library: ${met}/${measured.length} targets met at ${largest}${args.only ? ` (--only ${args.only})` : ''}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
