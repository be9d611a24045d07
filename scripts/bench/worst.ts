/** Debug aid: pages ranked by precision loss, with their clutter lines. */
import { readFileSync } from 'node:fs';
import { scorePage, shingles } from './score';
const [runsFile, corpus, n = '12'] = process.argv.slice(2);
const runs = JSON.parse(readFileSync(runsFile!, 'utf8')) as { browser: Array<{ id: string; ours: { text: string } }> };
const truth = JSON.parse(readFileSync(`${corpus}/ground-truth.json`, 'utf8')) as Record<string, { articleBody: string; url: string }>;
const rows = runs.browser.map((r) => ({ r, s: scorePage(truth[r.id]!.articleBody, r.ours.text) })).map(({ r, s }) => ({ r, s, p: s.tp / (s.tp + s.fp || 1) }));
for (const { r, p } of rows.sort((a, b) => a.p - b.p).slice(0, Number(n))) {
  const t = shingles(truth[r.id]!.articleBody);
  console.log(`\n${r.id.slice(0, 8)} P=${p.toFixed(2)} ${truth[r.id]!.url}`);
  for (const line of r.ours.text.split('\n')) {
    const b = shingles(line);
    if ([...b.keys()].filter((k) => !t.has(k)).length / Math.max(1, b.size) > 0.5) console.log(`   - ${line.slice(0, 130)}`);
  }
}
