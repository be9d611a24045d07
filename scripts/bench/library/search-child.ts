/**
 * One search library on N generated articles, in its own Node process (so memory is its own and a
 * slow build can be stopped): build time, serialized size, heap, and query latency for prefix
 * (per keystroke), typo-tolerant and CJK queries. Prints one JSON line. Started by spike-search.ts:
 *
 *   tsx --expose-gc scripts/bench/library/search-child.ts <minisearch|flexsearch|orama> <N> <bases.json> <cjk-bases.json|->
 */
import { readFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import FlexSearch from 'flexsearch';
import { create, insertMultiple, save, search as oramaSearch } from '@orama/orama';
import { makeRecords, prng, type BaseArticle } from './corpus';

interface Doc {
  [field: string]: string;
  id: string;
  title: string;
  siteName: string;
  byline: string;
  text: string;
}

interface Engine {
  build(docs: Doc[]): Promise<void>;
  /** Ids of the top 20 matches. */
  query(q: string, typo: boolean): Promise<string[]>;
  serializedBytes(): Promise<number>;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

function engine(name: string): Engine {
  if (name === 'minisearch') {
    const ms = new MiniSearch<Doc>({ fields: ['title', 'siteName', 'byline', 'text'], idField: 'id' });
    return {
      build: async (docs) => ms.addAll(docs),
      query: async (q, typo) =>
        ms
          .search(q, { prefix: true, fuzzy: typo ? 0.2 : false, boost: { title: 2 } })
          .slice(0, 20)
          .map((r) => String(r.id)),
      serializedBytes: async () => Buffer.byteLength(JSON.stringify(ms)),
    };
  }
  if (name === 'flexsearch') {
    const idx = new FlexSearch.Document({
      document: { id: 'id', index: ['title', 'siteName', 'byline', 'text'] },
      tokenize: 'forward',
      encoder: FlexSearch.Charset.LatinBalance,
    });
    return {
      build: async (docs) => {
        for (const d of docs) idx.add(d);
      },
      query: async (q) => {
        const res = idx.search(q, { limit: 20, suggest: true }) as Array<{ result: Array<string | number> }>;
        return [...new Set(res.flatMap((r) => r.result.map(String)))].slice(0, 20);
      },
      serializedBytes: async () => {
        let bytes = 0;
        await idx.export((_key: string, data: string) => {
          bytes += Buffer.byteLength(data ?? '');
        });
        return bytes;
      },
    };
  }
  if (name === 'orama') {
    const db = create({ schema: { id: 'string', title: 'string', siteName: 'string', byline: 'string', text: 'string' } as const });
    return {
      build: async (docs) => {
        await insertMultiple(db, docs, 500);
      },
      query: async (q, typo) => {
        const res = await oramaSearch(db, { term: q, limit: 20, tolerance: typo ? 1 : 0 });
        return res.hits.map((h) => String(h.document.id));
      },
      serializedBytes: async () => Buffer.byteLength(JSON.stringify(save(db))),
    };
  }
  throw new Error(`unknown engine ${name}`);
}

const pct = (xs: number[], p: number): number => {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};

async function main(): Promise<void> {
  const [name, nArg, basesFile, cjkFile] = process.argv.slice(2);
  const n = Number(nArg);
  const bases = JSON.parse(readFileSync(basesFile!, 'utf8')) as BaseArticle[];
  const toDoc = (r: ReturnType<typeof makeRecords>['records'][number]): Doc => ({
    id: r.id,
    title: r.article.title,
    siteName: r.article.siteName ?? '',
    byline: r.article.byline ?? '',
    text: r.article.text,
  });
  const docs = makeRecords(bases, 0, n).records.map(toDoc);
  // Chinese bodies: a few records made from Chinese pages, among the N others.
  const cjkBases = cjkFile && cjkFile !== '-' ? (JSON.parse(readFileSync(cjkFile, 'utf8')) as BaseArticle[]) : [];
  const cjkDocs = cjkBases.length ? makeRecords(cjkBases, 0, cjkBases.length * 3, 7).records.map(toDoc) : [];
  const all = [...docs, ...cjkDocs];
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const e = engine(name!);
  const t0 = performance.now();
  await e.build(all);
  const buildMs = performance.now() - t0;
  gc?.();
  const heapMB = (process.memoryUsage().heapUsed - heap0) / 1e6;

  // Words people type: body words of 5+ letters, picked at random; prefixes of 2..len letters.
  const rand = prng(42);
  const words: string[] = [];
  while (words.length < 60) {
    const d = docs[Math.floor(rand() * docs.length)]!;
    const w = d.text.split(/[^\p{L}]+/u).filter((x) => x.length >= 5 && /^[a-z]+$/i.test(x));
    if (w.length) words.push(w[Math.floor(rand() * w.length)]!.toLowerCase());
  }
  const prefixMs: number[] = [];
  let first = 0;
  for (const [i, w] of words.entries()) {
    for (let k = 2; k <= Math.min(w.length, 8); k++) {
      const q0 = performance.now();
      await e.query(w.slice(0, k), false);
      const ms = performance.now() - q0;
      if (i === 0 && k === 2) first = ms;
      prefixMs.push(ms);
    }
  }
  // One letter changed in the middle of the word: a typo.
  const typoMs: number[] = [];
  let typoFound = 0;
  for (const w of words.slice(0, 30)) {
    const at = Math.floor(w.length / 2);
    const typo = w.slice(0, at) + (w[at] === 'e' ? 'a' : 'e') + w.slice(at + 1);
    const q0 = performance.now();
    const hits = await e.query(typo, true);
    typoMs.push(performance.now() - q0);
    if (hits.length) typoFound++;
  }
  // CJK: a two-character word taken from a Chinese body; found if that document is in the hits.
  const cjk: Array<{ q: string; found: boolean }> = [];
  for (const d of cjkDocs.slice(0, 6)) {
    const segs = [...segmenter.segment(d.text)].filter((s) => s.isWordLike && /^\p{Script=Han}{2,}$/u.test(s.segment));
    const q = segs[Math.floor(segs.length / 2)]?.segment;
    if (q) cjk.push({ q, found: (await e.query(q, false)).includes(d.id) });
  }
  const bytes = await e.serializedBytes();
  console.log(
    JSON.stringify({
      name,
      docs: all.length,
      textMB: all.reduce((s, d) => s + d.text.length, 0) / 1e6,
      buildMs,
      heapMB,
      serializedMB: bytes / 1e6,
      firstQueryMs: first,
      prefix: { n: prefixMs.length, p50: pct(prefixMs, 0.5), p95: pct(prefixMs, 0.95) },
      typo: { n: typoMs.length, p50: pct(typoMs, 0.5), p95: pct(typoMs, 0.95), found: typoFound },
      cjk,
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
