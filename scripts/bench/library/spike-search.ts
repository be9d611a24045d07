/**
 * The search-library spike behind docs/library-storage.md: MiniSearch, FlexSearch and Orama, each
 * in its own Node process (search-child.ts) on the same N generated articles (title, site, byline,
 * body text), with a few Chinese articles among them. Prints one table.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBaseArticlesCached, type BaseArticle } from './corpus';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(HERE, '..', '..', '..');
/** One library's whole run (build + queries) may take this long before it is stopped. */
const CHILD_TIMEOUT_MS = 8 * 60_000;
const ENGINES = ['minisearch', 'flexsearch', 'orama'] as const;

interface ChildResult {
  name: string;
  docs: number;
  textMB: number;
  buildMs: number;
  heapMB: number;
  serializedMB: number;
  firstQueryMs: number;
  prefix: { n: number; p50: number; p95: number };
  typo: { n: number; p50: number; p95: number; found: number };
  cjk: Array<{ q: string; found: boolean }>;
}

/** Runs every search library on `size` articles (plus Chinese ones when `cjkCorpus` is given) and prints the table. */
export async function runSearchSpike(bases: readonly BaseArticle[], size: number, cjkCorpus: string | null): Promise<void> {
  const dir = join(REPO_ROOT, 'bench-output', 'library');
  mkdirSync(dir, { recursive: true });
  const basesFile = join(dir, 'search-bases.json');
  writeFileSync(basesFile, JSON.stringify(bases));
  let cjkFile = '-';
  if (cjkCorpus) {
    const chinese = (await loadBaseArticlesCached(cjkCorpus, { htmlGlob: 'readability' })).filter((b) => (b.article.lang ?? '').toLowerCase().startsWith('zh'));
    if (chinese.length) {
      cjkFile = join(dir, 'search-cjk-bases.json');
      writeFileSync(cjkFile, JSON.stringify(chinese));
    }
    console.log(`search spike: ${chinese.length} Chinese articles from ${cjkCorpus} (${chinese.map((c) => c.source).join(', ')}), 3 records each`);
  }
  const results: Array<ChildResult | { name: string; error: string }> = [];
  for (const name of ENGINES) {
    process.stderr.write(`  search spike: ${name}…\n`);
    const run = spawnSync(
      process.execPath,
      ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', join(HERE, 'search-child.ts'), name, String(size), basesFile, cjkFile],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        timeout: CHILD_TIMEOUT_MS,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    const line = run.stdout.trim().split('\n').at(-1) ?? '';
    if (run.status === 0 && line.startsWith('{')) results.push(JSON.parse(line) as ChildResult);
    else results.push({ name, error: run.error ? `${run.error.message}` : run.stderr.trim().split('\n').slice(0, 3).join(' ') || `exit ${run.status}` });
  }
  const rows: string[][] = [['', ...results.map((r) => r.name)]];
  const add = (label: string, f: (r: ChildResult) => string): void => {
    rows.push([label, ...results.map((r) => ('error' in r ? (rows.length === 1 ? `failed: ${r.error.slice(0, 60)}` : '—') : f(r)))]);
  };
  add('documents (text MB)', (r) => `${r.docs} (${r.textMB.toFixed(0)} MB)`);
  add('build', (r) => `${(r.buildMs / 1000).toFixed(1)} s`);
  add('heap after build (GC)', (r) => `${r.heapMB.toFixed(0)} MB`);
  add('serialized index', (r) => `${r.serializedMB.toFixed(0)} MB`);
  add('first query', (r) => `${r.firstQueryMs.toFixed(1)} ms`);
  add('prefix per keystroke p50 / p95', (r) => `${r.prefix.p50.toFixed(1)} / ${r.prefix.p95.toFixed(1)} ms (${r.prefix.n})`);
  add('typo (1 letter) p50 / p95', (r) => `${r.typo.p50.toFixed(1)} / ${r.typo.p95.toFixed(1)} ms`);
  add('typo queries with hits', (r) => `${r.typo.found}/${r.typo.n}`);
  add('Chinese word finds its article', (r) =>
    r.cjk.length ? `${r.cjk.filter((c) => c.found).length}/${r.cjk.length} (${r.cjk.map((c) => c.q).join(' ')})` : 'no Chinese corpus',
  );
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  console.log(`\nsearch spike — ${size} articles + Chinese ones, Node ${process.version}, default tokenizers, fields title/site/byline/body\n`);
  for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
}
