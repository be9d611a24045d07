/**
 * How long the import parsers take on a large Pocket export, in Node: generates a Pocket zip of
 * `--rows` rows split into `--parts` part_NNNNNN.csv files (titles with commas and quotes, `|`
 * tags, both statuses, tracking parameters, a few repeats), then times detectFormat + parse.
 *
 *   npx tsx scripts/bench/import-parse.ts [--rows 10000] [--parts 2] [--repeat 5]
 *
 * The first run includes the JIT's warm-up (what a user's one import costs); the median of the
 * following runs is the steady figure.
 */
import { parseImport } from '../../utils/import';
import { makePocketZip } from '../lib/pocket-export';

function argValue(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a positive whole number`);
  return value;
}

const rows = argValue('rows', 10_000);
const parts = argValue('parts', 2);
const repeat = argValue('repeat', 5);

const zip = makePocketZip({ rows, parts });
const times: number[] = [];
let summary = '';
for (let run = 0; run < repeat; run++) {
  const start = performance.now();
  const result = parseImport({ name: 'pocket.zip', bytes: zip });
  times.push(performance.now() - start);
  if (!result.ok) throw new Error(`parse failed: ${result.error.message}`);
  const { items, skipped, duplicates } = result.report;
  summary = `${items.length} items, ${duplicates.length} repeats merged, ${skipped.length} skipped`;
}
const steady = times.slice(1).sort((a, b) => a - b);
const median = steady.length > 0 ? steady[Math.floor(steady.length / 2)]! : times[0]!;
console.log(`import-parse: Pocket zip, ${rows} rows in ${parts} parts, ${(zip.length / 1024).toFixed(0)} kB → ${summary}`);
console.log(`import-parse: first run ${times[0]!.toFixed(0)} ms, median of the next ${steady.length} ${median.toFixed(0)} ms (node ${process.version})`);
