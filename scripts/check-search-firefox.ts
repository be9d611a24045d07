/**
 * The search worker in the Firefox build, in headless Firefox: builds the search-check variant for
 * Firefox (READER_SEARCH_CHECK=1 wxt build -b firefox), installs it as a temporary add-on over
 * WebDriver BiDi (spoken directly on a WebSocket: no geckodriver), opens its search-check page,
 * and checks what the Chromium e2e test checks: the worker starts under the extension page's CSP,
 * indexes, answers (prefix, typo, diacritics, Chinese, Japanese), and reopens from IndexedDB.
 *
 *   npx tsx scripts/check-search-firefox.ts [--no-build]     (FIREFOX_PATH, else /usr/bin/firefox-esr)
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { buildSearchCheck, searchCheckDir } from './lib/search-check';
import type { HitSnippet } from '../utils/library/search/index';
import type { SearchAnswer, SearchStatus } from '../utils/library/search/protocol';

const ADDON_ID = 'reader@reader-mode.example';
const UUID = '5e0a1c3e-2b9d-4c0e-9a51-7f3d2c1b0a99';

function findFirefox(): string {
  const found = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'].find((p): p is string => !!p && existsSync(p));
  if (!found) throw new Error('No Firefox: install firefox-esr (Debian) or set FIREFOX_PATH.');
  return found;
}

/** A minimal WebDriver BiDi client: commands by id, answers matched to them. */
async function connect(url: string) {
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let next = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  ws.on('message', (raw: WebSocket.RawData) => {
    const m = JSON.parse(String(raw)) as { id?: number; type: string; result?: unknown; error?: string; message?: string };
    if (m.id === undefined) return;
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.type === 'error') p?.reject(new Error(`${m.error}: ${m.message}`));
    else p?.resolve(m.result);
  });
  const send = <T>(method: string, params: object): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });
  return { send, close: () => ws.close() };
}

async function main(): Promise<void> {
  const build = !process.argv.includes('--no-build');
  const dir = build ? buildSearchCheck('firefox') : searchCheckDir('firefox');
  const profile = await mkdtemp(join(tmpdir(), 'reader-ff-search-'));
  // The add-on's moz-extension UUID is fixed in advance, so its page's URL is known.
  await writeFile(join(profile, 'user.js'), `user_pref("extensions.webextensions.uuids", ${JSON.stringify(JSON.stringify({ [ADDON_ID]: UUID }))});\n`);
  const ff = spawn(
    findFirefox(),
    ['--headless', '--remote-debugging-port=0', '--remote-allow-system-access', '--profile', profile, '--no-remote', 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const t0 = performance.now();
  try {
    const wsUrl = await new Promise<string>((resolve, reject) => {
      let err = '';
      const timer = setTimeout(() => reject(new Error(`Firefox did not start BiDi:\n${err}`)), 60_000);
      ff.stderr.on('data', (chunk: Buffer) => {
        err += String(chunk);
        const m = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(err);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      ff.once('exit', (code) => reject(new Error(`Firefox exited (${code}):\n${err}`)));
    });
    const bidi = await connect(`${wsUrl}/session`);
    await bidi.send('session.new', { capabilities: {} });
    const installed = await bidi.send<{ extension: string }>('webExtension.install', { extensionData: { type: 'path', path: dir } });
    // A new tab: the first one, made at startup, may not navigate to an add-on's page.
    const { context } = await bidi.send<{ context: string }>('browsingContext.create', { type: 'tab' });
    await bidi.send('browsingContext.navigate', { context, url: `moz-extension://${UUID}/search-check.html`, wait: 'complete' });

    /** Runs `expr` (an async expression over `searchCheck`) in the page; returns its JSON value. */
    const run = async <T>(expr: string): Promise<T> => {
      const r = await bidi.send<{ type: string; result?: { value?: string }; exceptionDetails?: { text: string } }>('script.evaluate', {
        expression: `(async () => JSON.stringify(await (${expr})))()`,
        target: { context },
        awaitPromise: true,
      });
      if (r.type === 'exception') throw new Error(`in the page: ${r.exceptionDetails?.text}`);
      const v = r.result?.value;
      return (v === undefined ? undefined : JSON.parse(v)) as T;
    };
    const untilComplete = async (): Promise<SearchStatus> => {
      for (let i = 0; i < 600; i++) {
        const s = await run<SearchStatus>('searchCheck.status()');
        if (s.complete || s.phase === 'failed') return s;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('index not complete after 60 s');
    };
    const ids = async (q: string): Promise<string[]> => (await run<SearchAnswer>(`searchCheck.search(${JSON.stringify(q)})`)).hits.map((h) => h.id);
    const checks: Array<[string, boolean]> = [];
    const expectEq = (label: string, got: unknown, want: unknown): void => {
      const ok = JSON.stringify(got) === JSON.stringify(want);
      checks.push([`${label}: ${JSON.stringify(got)}${ok ? '' : ` (expected ${JSON.stringify(want)})`}`, ok]);
    };

    const doc = (id: string, title: string, text: string, lang = 'en') => ({
      id,
      updatedAt: 1,
      title,
      siteName: 'Example',
      byline: null,
      tags: [],
      excerpt: null,
      text,
      lang,
    });
    const library = [
      doc('aurora', 'Aurora over Tromsø', 'The northern lights painted the fjord green for an hour.'),
      doc('bread', 'Sourdough at home', 'A starter needs flour, water and patience. Café owners swear by rye.'),
      doc('zh', '旅行日记', '去年夏天我们在北京大学附近住了一个月，每天早上去图书馆学习。', 'zh'),
      doc('ja', '日本の旅', '京都の古いお寺を見に行きました。形態素解析の本も買いました。', 'ja'),
    ];
    await run(`searchCheck.fill(${JSON.stringify(library)})`);
    await run('searchCheck.start()');
    const status = await untilComplete();
    expectEq(
      'status after opening',
      { phase: status.phase, complete: status.complete, indexed: status.indexed, persisted: status.persisted },
      { phase: 'ready', complete: true, indexed: 4, persisted: true },
    );
    expectEq('prefix "north"', await ids('north'), ['aurora']);
    expectEq('typo "patienec "', await ids('patienec '), ['bread']);
    expectEq('diacritics "cafe"', await ids('cafe'), ['bread']);
    expectEq('Chinese 图书馆', await ids('图书馆'), ['zh']);
    expectEq('Japanese お寺', await ids('お寺'), ['ja']);
    const snippet = (await run<HitSnippet[]>('searchCheck.snippets("north", ["aurora"])'))[0]?.snippet.filter((p) => p.match).map((p) => p.text);
    expectEq('snippet marks', snippet, ['northern']);

    await run(`searchCheck.fill(${JSON.stringify([doc('glacier', 'Glaciers retreat', 'Ice loss measured by satellite.')])})`);
    await run('searchCheck.changed({ changed: ["glacier"] })');
    await new Promise((r) => setTimeout(r, 2_500));
    await run('searchCheck.stop()');
    await run('searchCheck.start()');
    const reopened = await untilComplete();
    expectEq('reopened from IndexedDB', { complete: reopened.complete, indexed: reopened.indexed }, { complete: true, indexed: 5 });
    expectEq('saved article found after reopen', await ids('satellite'), ['glacier']);

    // The library view's own worker: the shared one the background page keeps, over the (empty) library.
    const resident = await run<{ followsLibrary: boolean; status: SearchStatus }>('searchCheck.resident()');
    expectEq(
      'resident shared worker',
      { followsLibrary: resident.followsLibrary, phase: resident.status.phase, complete: resident.status.complete },
      { followsLibrary: true, phase: 'ready', complete: true },
    );

    console.log(`Firefox (${findFirefox()}), add-on ${installed.extension} from ${dir}:`);
    for (const [line, ok] of checks) console.log(`  ${ok ? '✓' : '✗'} ${line}`);
    const failed = checks.filter(([, ok]) => !ok).length;
    console.log(`check-search-firefox: ${checks.length - failed} passed, ${failed} failed (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    bidi.close();
    if (failed) process.exitCode = 1;
  } finally {
    ff.kill();
    await new Promise((r) => setTimeout(r, 500));
    await rm(profile, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
