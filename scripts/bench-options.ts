/**
 * Readability's options, measured: runs the whole pipeline in Node on the zyte-dev corpus once per
 * combination of charThreshold and nbTopCandidates and prints F1, precision and recall for each,
 * scored exactly as bench:quality scores (../shared/corpus/README.md).
 *
 *   npm run bench:options -- --corpus ../shared/corpus/zyte-dev [--limit N]
 *
 * Node only: the browser and Node give the same F1 (bench:quality checks it), and quality, not
 * time, is what this compares.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { extractArticle } from '../utils/extract';
import { parseHtml } from '../utils/extract/node';
import { READABILITY_OPTIONS, type ReadabilityTuning } from '../utils/extract/readability';
import { scorePage, summarize } from './bench/score';

const CHAR_THRESHOLDS = [250, 500, 1000];
const TOP_CANDIDATES = [3, 5, 10];

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let corpus = '';
  let limit = Infinity;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--corpus') corpus = argv[++i] ?? '';
    else if (argv[i] === '--limit') limit = Number(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!corpus) throw new Error('usage: bench-options --corpus <zyte-dev folder> [--limit N]');
  const root = resolve(corpus);
  const truth = JSON.parse(readFileSync(join(root, 'ground-truth.json'), 'utf8')) as Record<string, { articleBody: string }>;
  const ids = Object.keys(truth).sort().slice(0, limit);
  const pages = ids.map((id) => ({ id, html: readFileSync(join(root, 'html', `${id}.html`), 'utf8') }));
  console.log(
    `bench:options — ${ids.length} pages from ${root}; current: charThreshold ${READABILITY_OPTIONS.charThreshold}, nbTopCandidates ${READABILITY_OPTIONS.nbTopCandidates}\n`,
  );
  console.log('charThreshold  nbTopCandidates      f1  precision  recall');
  for (const charThreshold of CHAR_THRESHOLDS) {
    for (const nbTopCandidates of TOP_CANDIDATES) {
      const tuning: ReadabilityTuning = { charThreshold, nbTopCandidates };
      const scores = [];
      for (const { id, html } of pages) {
        const url = `http://127.0.0.1/${id}.html`;
        const page = parseHtml(html, url);
        const r = extractArticle(page.document, { url, force: true, window: page.window, readability: tuning });
        scores.push(scorePage(truth[id]!.articleBody, r.ok ? r.article.text : ''));
        await page.close();
      }
      const s = summarize(scores);
      const current = charThreshold === READABILITY_OPTIONS.charThreshold && nbTopCandidates === READABILITY_OPTIONS.nbTopCandidates;
      console.log(
        `${String(charThreshold).padStart(13)}  ${String(nbTopCandidates).padStart(15)}   ${s.f1.toFixed(4)}     ${s.precision.toFixed(4)}  ${s.recall.toFixed(4)}${current ? '   ← used' : ''}`,
      );
    }
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
