/** Debug aid: which lines of our text are clutter (fp) and which truth lines we miss (fn), for one page. */
import { readFileSync } from 'node:fs';
import { shingles } from './score';
const [runsFile, corpus, prefix, side = 'ours'] = process.argv.slice(2);
const runs = JSON.parse(readFileSync(runsFile!, 'utf8')) as {
  browser: Array<{ id: string; ours: { text: string; error?: string }; readability: { text: string } }>;
};
const truth = JSON.parse(readFileSync(`${corpus}/ground-truth.json`, 'utf8')) as Record<string, { articleBody: string; url: string }>;
const run = runs.browser.find((r) => r.id.startsWith(prefix!))!;
const t = truth[run.id]!;
const pred = side === 'ours' ? run.ours.text : run.readability.text;
if (side === 'ours' && run.ours.error) console.log('ERROR', run.ours.error);
const tBag = shingles(t.articleBody);
const pBag = shingles(pred);
console.log(t.url);
console.log('--- predicted lines not in truth (fp):');
for (const line of pred.split('\n')) {
  const b = shingles(line);
  const miss = [...b.keys()].filter((k) => !tBag.has(k)).length;
  if (miss / Math.max(1, b.size) > 0.5) console.log(`  - ${line.slice(0, 160)}`);
}
console.log('--- truth lines missing (fn):');
for (const line of t.articleBody.split('\n')) {
  const b = shingles(line);
  const miss = [...b.keys()].filter((k) => !pBag.has(k)).length;
  if (miss / Math.max(1, b.size) > 0.5) console.log(`  + ${line.slice(0, 160)}`);
}
