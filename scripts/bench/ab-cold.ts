/**
 * Two builds of the extension's content script side by side, each beside Readability alone, on
 * fresh pages: the first (cold) call and the mean of a few warm calls, page by page, in an order
 * that rotates from page to page, as thread CPU time (Chromium's trace). For trying a change under
 * load: CPU time does not count the waits for a core, and every figure is paired per page.
 *
 *   npx tsx scripts/bench/ab-cold.ts --corpus ../shared/corpus/zyte-dev --a old/extract.js --b .output/chrome-mv3/extract.js [--limit N] [--warm N]
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildBenchBundle, EXTENSION_STUB, launch, serveFolder } from './browser';
import { quantile } from './score';

const median = (xs: number[]): number => quantile(xs, 0.5);
const geo = (xs: number[]): number => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);

const RUN_EXT = `(n) => { const out = []; for (let i = 0; i < n; i++) { const t0 = performance.now(); globalThis.__readerExtract('auto'); out.push(performance.now() - t0); } return out; }`;
const RUN_RDB = `(n) => { const out = []; for (let i = 0; i < n; i++) out.push(globalThis.__readerBench.readabilityAlone(document).ms); return out; }`;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const get = (k: string): string | undefined => {
    const i = argv.indexOf(k);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const corpus = resolve(get('--corpus') ?? '');
  const limit = Number(get('--limit') ?? Infinity);
  const warm = Number(get('--warm') ?? 5);
  const sources = { a: readFileSync(resolve(get('--a') ?? ''), 'utf8'), b: readFileSync(resolve(get('--b') ?? ''), 'utf8') };
  const truth = JSON.parse(readFileSync(join(corpus, 'ground-truth.json'), 'utf8')) as Record<string, unknown>;
  const ids = Object.keys(truth).sort().slice(0, limit);
  const bench = await buildBenchBundle();
  const { origin, server } = await serveFolder(join(corpus, 'html'));
  const { browser, context } = await launch();
  type Side = 'a' | 'b' | 'r';
  const cold: Record<Side, number[]> = { a: [], b: [], r: [] };
  const hot: Record<Side, number[]> = { a: [], b: [], r: [] };
  try {
    const page = await context.newPage();
    for (const [n, id] of ids.entries()) {
      const order: Side[] = (['a', 'b', 'r'] as Side[]).map((_, i, arr) => arr[(i + n) % 3]!);
      for (const side of order) {
        await page.goto(`${origin}/${id}.html`, { waitUntil: 'domcontentloaded' });
        if (side === 'r') await page.evaluate(bench);
        else {
          await page.evaluate(`${EXTENSION_STUB}\n${sources[side]}`);
          await page.waitForFunction("typeof globalThis.__readerExtract === 'function'");
        }
        const run = side === 'r' ? RUN_RDB : RUN_EXT;
        // Thread CPU time of the task that ran the calls (trace `tdur`): what the other helpers'
        // load does to wall time (the thread waiting for a core) stays out of it.
        const cpu = async (n: number): Promise<number> => {
          await browser.startTracing(page, { categories: ['toplevel'] });
          await page.evaluate(`(${run})(${n})`);
          const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents as Array<{ name: string; tdur?: number }>;
          return Math.max(...events.filter((e) => e.name.endsWith('RunTask')).map((e) => e.tdur ?? 0)) / 1000 / n;
        };
        cold[side].push(await cpu(1));
        hot[side].push(await cpu(warm));
      }
      if ((n + 1) % 20 === 0) process.stderr.write(`  ${n + 1}/${ids.length}\n`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const line = (label: string, t: Record<Side, number[]>): void => {
    const [a, b, r] = [median(t.a), median(t.b), median(t.r)];
    const pa = geo(t.a.map((x, i) => x / t.r[i]!));
    const pb = geo(t.b.map((x, i) => x / t.r[i]!));
    const ab = geo(t.b.map((x, i) => x / t.a[i]!));
    console.log(
      `${label}: A ${a.toFixed(1)} ms (${(a / r).toFixed(2)}×, paired geo ${pa.toFixed(2)}×)  B ${b.toFixed(1)} ms (${(b / r).toFixed(2)}×, paired geo ${pb.toFixed(2)}×)  Readability ${r.toFixed(1)} ms;  B/A paired geo ${ab.toFixed(3)}`,
    );
  };
  console.log(`${ids.length} pages`);
  line('cold', cold);
  line('warm', hot);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
