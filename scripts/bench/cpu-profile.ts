/**
 * Where the cold first extraction spends its time, function by function: a V8 CPU profile (CDP
 * Profiler, 50 µs sampling) of the first call on each fresh page, for our pipeline and, on another
 * fresh page, for Readability alone, summed over the corpus. A diagnostic beside `bench:quality
 * --profile` (which times steps, not functions); the bench bundle is built unminified for names.
 *
 *   BENCH_NO_MINIFY=1 npx tsx scripts/bench/cpu-profile.ts --corpus ../shared/corpus/zyte-dev [--limit N] [--top N] [--warm]
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildBenchBundle, launch, serveFolder } from './browser';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Adds the profile's self and inclusive time (ms) per function to the two maps. */
function accumulate(profile: Profile, self: Map<string, number>, inclusive: Map<string, number>): number {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: ProfileNode): string => {
    const f = n.callFrame;
    const where = f.url ? `${f.url.split('/').pop()}:${f.lineNumber + 1}` : '';
    return `${f.functionName || '(anonymous)'} ${where}`.trim();
  };
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    let id: number | undefined = profile.samples[i];
    const node = byId.get(id!)!;
    if (['(idle)', '(program)'].includes(node.callFrame.functionName)) continue;
    total += ms;
    self.set(label(node), (self.get(label(node)) ?? 0) + ms);
    const seen = new Set<string>();
    while (id !== undefined) {
      const l = label(byId.get(id)!);
      if (!seen.has(l)) {
        seen.add(l);
        inclusive.set(l, (inclusive.get(l) ?? 0) + ms);
      }
      id = parent.get(id);
    }
  }
  return total;
}

function print(title: string, map: Map<string, number>, pages: number, top: number): void {
  console.log(`\n${title} (ms per page, mean over ${pages} pages):`);
  for (const [k, v] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${(v / pages).toFixed(3).padStart(8)}  ${k}`);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const get = (k: string): string | undefined => {
    const i = argv.indexOf(k);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const corpus = resolve(get('--corpus') ?? '');
  const limit = Number(get('--limit') ?? Infinity);
  const top = Number(get('--top') ?? 60);
  const warm = argv.includes('--warm');
  const truth = JSON.parse(readFileSync(join(corpus, 'ground-truth.json'), 'utf8')) as Record<string, unknown>;
  const ids = Object.keys(truth).sort().slice(0, limit);
  const bundle = `${await buildBenchBundle()}\n//# sourceURL=bench-bundle.js`;
  const { origin, server } = await serveFolder(join(corpus, 'html'));
  const { browser, context } = await launch();
  const sides = {
    ours: { self: new Map<string, number>(), inclusive: new Map<string, number>(), total: 0 },
    readability: { self: new Map<string, number>(), inclusive: new Map<string, number>(), total: 0 },
  };
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    for (const id of ids) {
      for (const side of ['ours', 'readability'] as const) {
        await page.goto(`${origin}/${id}.html`, { waitUntil: 'domcontentloaded' });
        await page.evaluate(bundle);
        const call = side === 'ours' ? '__readerBench.profileColdSteps(window, location.href)' : '__readerBench.readabilityAlone(document)';
        if (warm) for (let k = 0; k < 3; k++) await page.evaluate(call);
        await cdp.send('Profiler.start');
        await page.evaluate(call);
        const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
        sides[side].total += accumulate(profile, sides[side].self, sides[side].inclusive);
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  for (const side of ['ours', 'readability'] as const) {
    const s = sides[side];
    console.log(`\n=== ${side}: ${(s.total / ids.length).toFixed(2)} ms of samples per page (${warm ? 'warm' : 'cold'})`);
    print('self time', s.self, ids.length, top);
    print('inclusive time', s.inclusive, ids.length, top);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
