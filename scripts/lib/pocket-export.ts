/**
 * A generated Pocket export, as Pocket e-mailed it (a zip of part_NNNNNN.csv files with the
 * `title,url,time_added,cursor,tags,status` header): titles with commas and quotes, `|` tags, both
 * statuses, tracking parameters and the odd repeated URL, from a fixed seed. Shared by the import
 * benchmarks and the e2e suite.
 */
import { strToU8, zipSync } from 'fflate';
import { mulberry32 as seeded } from '../bench/score';

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

/** What to generate: how many rows, in how many parts, whether some rows repeat an earlier URL. */
export interface PocketExportOptions {
  rows: number;
  parts?: number;
  seed?: number;
  /** One row in fifty repeats an earlier URL, as real exports do (default true). */
  repeats?: boolean;
}

/** A Pocket zip of `rows` rows in `parts` parts. */
export function makePocketZip({ rows, parts = 2, seed = 11, repeats = true }: PocketExportOptions): Uint8Array {
  const random = seeded(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const header = 'title,url,time_added,cursor,tags,status';
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const words = Array.from({ length: 3 + Math.floor(random() * 9) }, () => pick(WORDS));
    if (random() < 0.2) words.splice(2, 0, 'and, also,');
    if (random() < 0.05) words.push('"quoted"');
    const title = words.join(' ');
    const id = repeats && random() < 0.02 && i > 0 ? Math.floor(random() * i) : i;
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
