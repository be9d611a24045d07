/**
 * Regression check on Mozilla Readability's own test pages: no crash on any page, and agreement
 * of the metadata we report with the expected-metadata.json of each case.
 *
 *   npm run bench:regress -- --corpus ../shared/corpus/readability-test-pages [--show N]
 *
 * expected.html is Readability's past output, not human truth: we report how much of its text we
 * keep (shingle recall) to catch lost content, not as a quality score.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { extractArticle } from '../utils/extract';
import { isDateline } from '../utils/extract/metadata';
import { parseHtml } from '../utils/extract/node';
import { blockText } from '../utils/extract/text';
import { quantile, scorePage } from './bench/score';

const FIELDS = ['title', 'byline', 'lang', 'dir', 'siteName', 'publishedTime', 'readerable'] as const;
type Field = (typeof FIELDS)[number];
/** The URL Readability's test suite gives every page. */
const TEST_URL = 'http://fakehost/test/page.html';

function norm(v: unknown): string {
  if (v === null || v === undefined) return '';
  return String(v).replace(/\s+/g, ' ').trim();
}

/** The page's source with the common character references decoded, to find stated values in it. */
function decodedSource(html: string): string {
  return html.replace(
    /&(?:amp|quot|#39|#x27|apos|lt|gt|nbsp);/g,
    (m) => ({ '&amp;': '&', '&quot;': '"', '&#39;': "'", '&#x27;': "'", '&apos;': "'", '&lt;': '<', '&gt;': '>', '&nbsp;': ' ' })[m] ?? m,
  );
}

/**
 * Differences the spec asks for: a value where Readability had none (counted only when the page
 * states that very value, and for a date only when it parses), a title without the site suffix,
 * and no date passed off as the author (Readability's byline is sometimes a dateline).
 */
function isDeliberate(f: Field, got: unknown, expected: unknown, source: string): boolean {
  if (norm(expected) === '' && norm(got) !== '') {
    const value = norm(got);
    if (f === 'readerable' || f === 'dir') return true;
    if (f === 'publishedTime' && Number.isNaN(Date.parse(value))) return false;
    // og:locale writes en_GB where a language tag is en-GB.
    const forms = f === 'lang' ? [value, value.replace('-', '_')] : [value];
    return forms.some((v) => source.includes(v) || norm(source).includes(v));
  }
  if (f === 'byline' && isDateline(norm(expected)) && !isDateline(norm(got))) return true;
  if (f === 'title') {
    const g = norm(got);
    const e = norm(expected);
    return g.length > 0 && e.startsWith(g) && /^\s*[|\-–—:·•»/\\]\s+\S/.test(e.slice(g.length));
  }
  return false;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let corpus = '';
  let show = 5;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--corpus') corpus = argv[++i] ?? '';
    else if (argv[i] === '--show') show = Number(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!corpus) throw new Error('usage: bench-regress --corpus <readability-test-pages folder> [--show N]');
  const root = resolve(corpus);
  const cases = readdirSync(root)
    .filter((d) => existsSync(join(root, d, 'source.html')))
    .sort();
  const agree: Record<Field, number> = { title: 0, byline: 0, lang: 0, dir: 0, siteName: 0, publishedTime: 0, readerable: 0 };
  const deliberate: Record<Field, number> = { title: 0, byline: 0, lang: 0, dir: 0, siteName: 0, publishedTime: 0, readerable: 0 };
  const misses: Record<Field, string[]> = { title: [], byline: [], lang: [], dir: [], siteName: [], publishedTime: [], readerable: [] };
  const crashes: string[] = [];
  const noArticle: string[] = [];
  const recalls: number[] = [];
  const keptBy: Array<[string, number]> = [];
  const times: number[] = [];
  const timed: Array<[string, number]> = [];
  for (const name of cases) {
    const dir = join(root, name);
    const expected = JSON.parse(readFileSync(join(dir, 'expected-metadata.json'), 'utf8')) as Record<Field, unknown>;
    const html = readFileSync(join(dir, 'source.html'), 'utf8');
    const source = decodedSource(html);
    const page = parseHtml(html, TEST_URL);
    try {
      const t0 = performance.now();
      const result = extractArticle(page.document, { url: TEST_URL, force: true, window: page.window });
      times.push(performance.now() - t0);
      timed.push([name, performance.now() - t0]);
      if (!result.ok) {
        if (result.reason === 'error') crashes.push(`${name}: ${result.message}`);
        else noArticle.push(`${name}: ${result.message}`);
        for (const f of FIELDS) misses[f].push(`${name}: no article`);
        continue;
      }
      const a = result.article;
      for (const f of FIELDS) {
        const got = f === 'readerable' ? a.readerable : a[f];
        if (norm(got) === norm(expected[f])) agree[f] += 1;
        else if (isDeliberate(f, got, expected[f], source)) deliberate[f] += 1;
        if (norm(got) !== norm(expected[f])) misses[f].push(`${name}: expected ${JSON.stringify(expected[f])}, got ${JSON.stringify(got)}`);
      }
      if (existsSync(join(dir, 'expected.html'))) {
        const exp = parseHtml(readFileSync(join(dir, 'expected.html'), 'utf8'), TEST_URL);
        const s = scorePage(blockText(exp.document.body, { skipCaptions: true }), a.text);
        recalls.push(s.tp + s.fn > 0 ? s.tp / (s.tp + s.fn) : 1);
        keptBy.push([name, recalls[recalls.length - 1]!]);
        await exp.close();
      }
    } catch (err) {
      crashes.push(`${name}: threw ${String(err)}`);
    } finally {
      await page.close();
    }
  }
  const n = cases.length;
  console.log(`\nRegression — readability-test-pages, ${n} pages (Node, happy-dom, url ${TEST_URL}, force on)\n`);
  console.log(`crashes: ${crashes.length} (target 0)${crashes.length ? `\n  ${crashes.join('\n  ')}` : ''}`);
  console.log(`no article returned: ${noArticle.length}${noArticle.length ? ` — ${noArticle.map((s) => s.split(':')[0]).join(', ')}` : ''}`);
  console.log('\nfield           agreement   target   | + deliberate differences (see below)');
  console.log('----------------------------------------------------------------------------');
  for (const f of FIELDS) {
    const both = agree[f] + deliberate[f];
    console.log(
      `${f.padEnd(15)} ${`${((agree[f] / n) * 100).toFixed(1)}%`.padStart(9)}   ≥ 95%    | ${`${((both / n) * 100).toFixed(1)}%`.padStart(6)}   (${agree[f]}/${n} equal, ${deliberate[f]} deliberate)`,
    );
  }
  console.log(
    'deliberate = Readability had no value and we state one the page states (JSON-LD/meta/<time>/<html lang>; a date must parse), our title drops a " | Site" suffix Readability kept, or Readability\'s byline is a date and ours is not.',
  );
  if (recalls.length) {
    const mean = recalls.reduce((x, y) => x + y, 0) / recalls.length;
    console.log(`\ntext kept from expected.html (4-shingle recall): mean ${mean.toFixed(3)}, pages below 0.8: ${recalls.filter((r) => r < 0.8).length}`);
    const low = keptBy.filter(([, r]) => r < 0.8).sort((x, y) => x[1] - y[1]);
    if (low.length) console.log(`  below 0.8: ${low.map(([n, r]) => `${n} ${r.toFixed(2)}`).join(', ')}`);
  }
  console.log(
    `time per page: median ${quantile(times, 0.5).toFixed(1)} ms, p95 ${quantile(times, 0.95).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`,
  );
  console.log(
    `slowest: ${[...timed]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([c, ms]) => `${c} ${ms.toFixed(0)} ms`)
      .join(', ')}`,
  );
  if (show > 0) {
    for (const f of FIELDS) {
      if (!misses[f].length) continue;
      console.log(`\n${f} mismatches (${misses[f].length}):`);
      for (const m of misses[f].slice(0, show)) console.log(`  ${m.slice(0, 220)}`);
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
