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
import { zipSync, strToU8 } from 'fflate';
import { parseImport } from '../../utils/import';
import { mulberry32 } from './score';

function argValue(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a positive whole number`);
  return value;
}

const rows = argValue('rows', 10_000);
const parts = argValue('parts', 2);
const repeat = argValue('repeat', 5);

const WORDS = [
  'climate',
  'the',
  'city',
  'budget',
  'why',
  'how',
  'a',
  'new',
  'history',
  'of',
  'design',
  'privacy',
  'Ökonomie',
  'café',
  '東京',
  'election',
  'data',
];
const TAGS = ['news', 'long reads', 'tech', 'science', 'to share', 'recipes', 'politique', '日本'];
const HOSTS = ['www.theguardian.com', 'www.nytimes.com', 'arstechnica.com', 'www.lemonde.fr', 'blog.example.org', 'www.zeit.de'];

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A Pocket zip of `rows` rows in `parts` parts, from a fixed seed. */
function makePocketZip(): Uint8Array {
  const random = mulberry32(11);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const header = 'title,url,time_added,cursor,tags,status';
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const words = Array.from({ length: 3 + Math.floor(random() * 9) }, () => pick(WORDS));
    if (random() < 0.2) words.splice(2, 0, 'and, also,');
    if (random() < 0.05) words.push('"quoted"');
    const title = words.join(' ');
    // One row in fifty repeats an earlier URL (Pocket exports do hold the odd repeat).
    const id = random() < 0.02 && i > 0 ? Math.floor(random() * i) : i;
    const url = `https://${HOSTS[id % HOSTS.length]}/${2015 + (id % 10)}/${id}/story${random() < 0.3 ? '?utm_source=pocket_saves&utm_medium=web' : ''}`;
    const tags = Array.from({ length: Math.floor(random() * 3) }, () => pick(TAGS)).join('|');
    lines.push(
      [csvField(title), url, String(1_500_000_000 + i * 3600), String(7_000_000_000 + i), csvField(tags), random() < 0.6 ? 'unread' : 'archive'].join(','),
    );
  }
  const perPart = Math.ceil(rows / parts);
  const files: Record<string, Uint8Array> = {};
  for (let p = 0; p < parts; p++) {
    files[`part_${String(p).padStart(6, '0')}.csv`] = strToU8([header, ...lines.slice(p * perPart, (p + 1) * perPart)].join('\n') + '\n');
  }
  return zipSync(files, { level: 6 });
}

const zip = makePocketZip();
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
