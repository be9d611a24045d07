/**
 * Pathological pages through the real extension in headless Chromium: a 100 kB title of one token
 * (in <title>, og:title, JSON-LD headline, <h1>, the only paragraph) beside the same size with
 * spaces, a 5 MB article (36,000 elements) and 5 MB in 500 long paragraphs, 200,000 elements,
 * 10,000 levels of nesting. For each: the time from the toolbar click to the popup showing its
 * title or notice, laid out and painted ("show"), the background's readTab alone asked again from
 * the popup ("read", message round trip included), and the pipeline's own time in the page
 * ("extract"); "cut" in the status says the page ran past the read's text budget
 * (utils/extract/budget.ts). Prints a table; asserts nothing.
 *
 * --profile instead reads each page outside the extension, with the bench bundle in a plain tab,
 * and prints the time of each step of the content script and the pipeline (first call on a fresh
 * page, as the extension makes it) and the size of the result the page sends back.
 *
 *   npm run bench:pathological [-- --chars 100000] [--only title-token,article] [--article-mb 1.25,2.5,5] [--no-build] [--repeat 1] [--profile]
 */
import { execSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildBenchBundle, launch } from './browser';
import { activeTabId, attachToExtensionView, extensionDirFor, launchWithExtension, triggerExtensionAction } from '../lib/browser';
import { generateHugePage } from '../lib/fixtures';
import { TITLE_PLACES, bigArticle, deepNesting, longParagraphs, pageWithTitle, singleToken, spacedWords } from '../lib/pathological';
import { startStaticServer } from '../lib/server';
import { waitUntil } from '../lib/views';

declare const chrome: {
  runtime: { sendMessage(m: unknown): Promise<unknown> };
};

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

interface Args {
  chars: number;
  only: string[] | null;
  build: boolean;
  repeat: number;
  /** Sizes of the plain big article, in MB (several show how its time grows). */
  articleMb: number[];
  /** Per-step profile of each page with the bench bundle, outside the extension. */
  profile: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { chars: 100_000, only: null, build: true, repeat: 1, articleMb: [5], profile: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--chars') args.chars = Number(argv[++i]);
    else if (a === '--only') args.only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (a === '--no-build') args.build = false;
    else if (a === '--profile') args.profile = true;
    else if (a === '--repeat') args.repeat = Math.max(1, Number(argv[++i]));
    else if (a === '--article-mb')
      args.articleMb = (argv[++i] ?? '')
        .split(',')
        .map(Number)
        .filter((n) => n > 0);
    else throw new Error(`Unknown argument ${a}`);
  }
  return args;
}

/** The cases, by name: a page's HTML. */
function cases(chars: number, articleMb: readonly number[]): Array<{ name: string; html: () => string }> {
  return [
    ...TITLE_PLACES.flatMap((place) => [
      { name: `title-token-${place}`, html: () => pageWithTitle(place, singleToken(chars)) },
      { name: `title-spaced-${place}`, html: () => pageWithTitle(place, spacedWords(chars)) },
    ]),
    ...articleMb.map((mb) => ({ name: `article-${mb}mb`, html: () => bigArticle(mb * 1_000_000) })),
    ...articleMb.map((mb) => ({ name: `paragraphs-${mb}mb`, html: () => longParagraphs(mb * 1_000_000) })),
    { name: 'elements-200k', html: () => generateHugePage(200_000) },
    { name: 'nesting-10k', html: () => deepNesting(10_000) },
  ];
}

interface Figures {
  name: string;
  bytes: number;
  showMs: number;
  readMs: number;
  extractMs: number | null;
  status: string;
  titleChars: number;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.build) execSync('npx wxt build', { cwd: REPO_ROOT, stdio: 'inherit' });
  const dir = await mkdtemp(join(tmpdir(), 'reader-bench-pathological-'));
  const chosen = cases(args.chars, args.articleMb).filter((c) => !args.only || args.only.some((o) => c.name.startsWith(o)));
  const sizes = new Map<string, number>();
  for (const c of chosen) {
    const html = c.html();
    sizes.set(c.name, Buffer.byteLength(html));
    await writeFile(join(dir, `${c.name}.html`), html);
  }
  const server = await startStaticServer(dir);
  try {
    if (args.profile) {
      await profile(
        chosen.map((c) => c.name),
        (path) => server.url(path),
      );
      return;
    }
    printTable(
      args,
      await throughExtension(
        chosen.map((c) => c.name),
        args.repeat,
        sizes,
        (path) => server.url(path),
      ),
    );
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * What the popup shows, read after its next frame (so a title counts once the view is laid out
 * and painted, not only in the DOM), and only the title and notice: the whole body (readReaderDom)
 * is megabytes over CDP on these pages, which the user never waits for.
 */
async function shownOnScreen(): Promise<{ title: string | null; notice: string | null; cut: boolean }> {
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  return {
    title: document.querySelector('[data-testid="article-title"]')?.textContent ?? null,
    notice: document.querySelector('.notice')?.textContent ?? null,
    cut: document.querySelector('[data-testid="article-cut"]') !== null,
  };
}

/** Each case read through the real extension, from the toolbar click to the popup showing it. */
async function throughExtension(names: string[], repeat: number, sizes: Map<string, number>, url: (path: string) => string): Promise<Figures[]> {
  const browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome') });
  const rows: Figures[] = [];
  try {
    for (let round = 0; round < repeat; round++) {
      for (const name of names) {
        const page = await browser.context.newPage();
        await page.goto(url(`/${name}.html?round=${round}`), { timeout: 120_000 });
        const t0 = performance.now();
        await triggerExtensionAction(browser.context, browser.extensionId, page);
        const popup = await attachToExtensionView(browser.context, browser.extensionId, 'popup.html', { timeoutMs: 30_000 });
        const shown = await waitUntil(
          () => popup.evaluate(shownOnScreen),
          (s) => s.title !== null || s.notice !== null,
          `the popup on ${name}`,
          600_000,
        );
        const showMs = performance.now() - t0;
        // The same request again, without rendering: what reading costs by itself.
        const tabId = await activeTabId(browser.serviceWorker);
        const read = await popup.evaluate(async (id: number) => {
          const start = performance.now();
          const result = (await chrome.runtime.sendMessage({ type: 'readTab', payload: { tabId: id, mode: 'force' } })) as {
            status: string;
            durationMs?: number;
          };
          return { ms: performance.now() - start, status: result.status, durationMs: result.durationMs ?? null };
        }, tabId);
        rows.push({
          name,
          bytes: sizes.get(name) ?? 0,
          showMs,
          readMs: read.ms,
          extractMs: read.durationMs,
          status: shown.title !== null ? (shown.cut ? 'article, cut' : 'article') : read.status,
          titleChars: shown.title?.length ?? 0,
        });
        await popup.detach();
        await page.close();
        const last = rows[rows.length - 1]!;
        console.error(`${last.name}: show ${last.showMs.toFixed(0)} ms`);
      }
    }
  } finally {
    await browser.close();
  }
  return rows;
}

function printTable(args: Args, rows: Figures[]): void {
  const pad = (s: string, n: number) => s.padEnd(n);
  const num = (n: number | null) => (n === null ? '—' : n.toFixed(0)).padStart(8);
  console.log(`\nPathological pages, ${args.chars.toLocaleString('en')}-character titles, Chromium headless (ms; show = click to popup showing it)`);
  console.log(`${pad('case', 22)}${'bytes'.padStart(10)}${'show'.padStart(8)}${'read'.padStart(8)}${'extract'.padStart(8)}  status (title chars)`);
  for (const r of rows) {
    console.log(
      `${pad(r.name, 22)}${String(r.bytes).padStart(10)}${num(r.showMs)}${num(r.readMs)}${num(r.extractMs)}  ${r.status}${r.titleChars ? ` (${r.titleChars})` : ''}`,
    );
  }
}

/**
 * Each page read once on a fresh tab by the bench bundle (the content script's steps, then the
 * pipeline's, as the extension's first read makes them), in a browser without the extension.
 */
async function profile(names: string[], url: (path: string) => string): Promise<void> {
  const bundle = await buildBenchBundle();
  const { browser, context } = await launch();
  try {
    for (const name of names) {
      const page = await context.newPage();
      await page.goto(url(`/${name}.html?profile`), { timeout: 120_000 });
      await page.evaluate(bundle);
      const steps = (await page.evaluate('__readerBench.profileColdSteps(window, location.href)')) as Record<string, number>;
      const size = (await page.evaluate('__readerBench.resultSize(document, location.href, window)')) as { json: number; html: number; text: number };
      await page.close();
      const top = Object.entries(steps)
        .filter(([k]) => !k.startsWith('total') && !k.startsWith('pipeline'))
        .sort((a, b) => b[1] - a[1]);
      console.log(
        `\n${name}: ${steps['total (ours)']!.toFixed(0)} ms in all (pipeline ${steps['pipeline (extractArticle)']!.toFixed(0)} ms); result ${size.json.toLocaleString('en')} chars of JSON (html ${size.html.toLocaleString('en')}, text ${size.text.toLocaleString('en')})`,
      );
      for (const [k, ms] of top.slice(0, 12)) console.log(`  ${k.padEnd(34)}${ms.toFixed(1).padStart(10)}`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
