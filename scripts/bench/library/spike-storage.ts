/**
 * The storage-layout spike behind docs/library-storage.md: the same N generated records written to
 * three layouts in the real extension's service worker (see sw-spike.js), then the library's
 * operations on each, timed in the worker. Prints one table.
 */
import { execSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extensionDirFor, launchWithExtension } from '../../lib/browser';
import { makeRecords, type BaseArticle } from './corpus';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(HERE, '..', '..', '..');
const BATCH = 100;
const ROUNDS = 5;

type Ops = Record<string, number>;
interface Spike {
  stage(batch: unknown): number;
  writeA(): Promise<number>;
  finishA(): Promise<number>;
  writeB(): Promise<number>;
  writeC(): Promise<number>;
  aOps(fresh: unknown): Promise<Ops>;
  bOps(fresh: unknown): Promise<Ops>;
  cOps(fresh: unknown): Promise<Ops>;
  sizes(): Promise<{ storageLocalAll: number; aIndex: number; bIndex: number; idbUsage: number | null }>;
}
/** The worker's global, where sw-spike.js put its functions (each evaluate() must name it itself). */
type SpikeGlobal = { __spike: Spike };

function du(path: string): number {
  let total = 0;
  try {
    for (const d of readdirSync(path, { withFileTypes: true })) {
      const p = join(path, d.name);
      total += d.isDirectory() ? du(p) : statSync(p).size;
    }
  } catch {
    return 0;
  }
  return total;
}

const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

/** Runs the storage spike at `size` records and prints its table. */
export async function runStorageSpike(bases: readonly BaseArticle[], size: number, build: boolean): Promise<void> {
  if (build) execSync('npm run build', { cwd: REPO_ROOT, stdio: 'ignore' });
  const browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome'), serviceWorkerTimeoutMs: 30_000 });
  const sw = browser.serviceWorker;
  try {
    const require = createRequire(import.meta.url);
    const idbUmd = readFileSync(join(dirname(require.resolve('idb')), 'umd.js'), 'utf8');
    await sw.evaluate(idbUmd);
    await sw.evaluate(readFileSync(join(HERE, 'sw-spike.js'), 'utf8'));
    const write = { a: 0, b: 0, c: 0 };
    const t0 = performance.now();
    for (let from = 0; from < size; from += BATCH) {
      const batch = makeRecords(bases, from, Math.min(size, from + BATCH));
      await sw.evaluate((b) => (self as unknown as SpikeGlobal).__spike.stage(b), batch);
      write.a += await sw.evaluate(() => (self as unknown as SpikeGlobal).__spike.writeA());
      write.b += await sw.evaluate(() => (self as unknown as SpikeGlobal).__spike.writeB());
      write.c += await sw.evaluate(() => (self as unknown as SpikeGlobal).__spike.writeC());
      if ((from / BATCH) % 20 === 0) process.stderr.write(`  spike: ${from + BATCH}/${size} records written\n`);
    }
    write.a += await sw.evaluate(() => (self as unknown as SpikeGlobal).__spike.finishA());
    const wallMs = performance.now() - t0;

    const rounds: Record<'a' | 'b' | 'c', Ops[]> = { a: [], b: [], c: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const made = makeRecords(bases, 200_000 + round, 200_001 + round);
      const fresh = { record: made.records[0], entry: made.entries[0] };
      rounds.a.push(await sw.evaluate((f) => (self as unknown as SpikeGlobal).__spike.aOps(f), fresh));
      rounds.b.push(await sw.evaluate((f) => (self as unknown as SpikeGlobal).__spike.bOps(f), fresh));
      rounds.c.push(await sw.evaluate((f) => (self as unknown as SpikeGlobal).__spike.cOps(f), fresh));
    }
    const sizes = await sw.evaluate(() => (self as unknown as SpikeGlobal).__spike.sizes());
    const profile = join(browser.userDataDir, 'Default');
    const disk = {
      storageLocal: du(join(profile, 'Local Extension Settings', browser.extensionId)),
      idb: du(join(profile, 'IndexedDB')),
    };

    const ops = ['readIndex', 'firstPage', 'count', 'save', 'delete', 'open'] as const;
    const label: Record<(typeof ops)[number], string> = {
      readIndex: 'read every entry (the whole index)',
      firstPage: 'first page: 50 newest entries',
      count: 'count',
      save: 'save one (record + its entry)',
      delete: 'delete one (record + its entry)',
      open: 'open one record',
    };
    const cell = (xs: Ops[], op: string): string => `${median(xs.map((o) => o[op]!)).toFixed(1)} ms`;
    const rows: string[][] = [
      ['operation', 'a: storage.local, one index key', 'b: storage.local, index in chunks of 500', 'c: IndexedDB (idb), records + entries'],
      [
        'batch write of all records (import), in the worker',
        `${(write.a / 1000).toFixed(1)} s`,
        `${(write.b / 1000).toFixed(1)} s (index only; records = a's)`,
        `${(write.c / 1000).toFixed(1)} s`,
      ],
      ...ops.map((op) => [label[op], cell(rounds.a, op), cell(rounds.b, op), cell(rounds.c, op)]),
      ['open the database (first call in a context)', '—', '—', cell(rounds.c, 'openDb')],
      [
        'stored size',
        `${(sizes.storageLocalAll / 1e6).toFixed(0)} MB in storage.local (index ${(sizes.aIndex / 1e6).toFixed(1)} MB), ${(disk.storageLocal / 1e6).toFixed(0)} MB on disk (with b's chunks)`,
        `index ${(sizes.bIndex / 1e6).toFixed(1)} MB`,
        `${((sizes.idbUsage ?? 0) / 1e6).toFixed(0)} MB (storage.estimate), ${(disk.idb / 1e6).toFixed(0)} MB on disk`,
      ],
    ];
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    console.log(`\nstorage spike — ${size} records, bodies 20–60 kB, medians of ${ROUNDS} rounds; writes timed in the service worker`);
    console.log(`(whole fill including generation and transfer from Node: ${(wallMs / 1000).toFixed(0)} s)\n`);
    for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  } finally {
    await browser.close();
  }
}
