/**
 * Pathological pages through the real extension in headless Chromium: a 100 kB title of one token
 * (in <title>, og:title, JSON-LD headline, <h1>, the only paragraph) beside the same size with
 * spaces, a 5 MB article (36,000 elements) and 5 MB in 500 long paragraphs, 200,000 elements, 10,000 levels of nesting. For each: the time from the
 * toolbar click to the popup showing its title or notice ("show"), the background's readTab alone
 * asked again from the popup ("read", message round trip included), the pipeline's own time in the
 * page ("extract"), and the time the popup's page spent rendering what it got (the reader store
 * setting the result until the next frame: "render"). Prints a table; asserts nothing.
 *
 *   npm run bench:pathological [-- --chars 100000] [--only title-token,article] [--article-mb 1.25,2.5,5] [--no-build] [--repeat 1]
 */
import { execSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { activeTabId, attachToExtensionView, extensionDirFor, launchWithExtension, triggerExtensionAction } from '../lib/browser';
import { generateHugePage } from '../lib/fixtures';
import { TITLE_PLACES, bigArticle, deepNesting, longParagraphs, pageWithTitle, singleToken, spacedWords } from '../lib/pathological';
import { startStaticServer } from '../lib/server';
import { readReaderDom, waitUntil } from '../lib/views';

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
}

function parseArgs(argv: string[]): Args {
  const args: Args = { chars: 100_000, only: null, build: true, repeat: 1, articleMb: [5] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--chars') args.chars = Number(argv[++i]);
    else if (a === '--only') args.only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (a === '--no-build') args.build = false;
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
  const browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome') });
  const rows: Figures[] = [];
  try {
    for (let round = 0; round < args.repeat; round++) {
      for (const c of chosen) {
        const page = await browser.context.newPage();
        await page.goto(server.url(`/${c.name}.html?round=${round}`), { timeout: 120_000 });
        const t0 = performance.now();
        await triggerExtensionAction(browser.context, browser.extensionId, page);
        const popup = await attachToExtensionView(browser.context, browser.extensionId, 'popup.html', { timeoutMs: 30_000 });
        const shown = await waitUntil(
          () => popup.evaluate(readReaderDom),
          (s) => s.title !== null || s.notice !== null,
          `the popup on ${c.name}`,
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
          name: c.name,
          bytes: sizes.get(c.name) ?? 0,
          showMs,
          readMs: read.ms,
          extractMs: read.durationMs,
          status: shown.title !== null ? 'article' : read.status,
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
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
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

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
