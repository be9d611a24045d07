/**
 * The search-check build (READER_SEARCH_CHECK=1, see wxt.config.ts and entrypoints/search-check)
 * and typed calls into its page: shared by the search worker's e2e test and bench:search --browser.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { HitSnippet } from '../../utils/library/search/index';
import type { SearchAnswer, SearchStatus } from '../../utils/library/search/protocol';
import type { SearchSource } from '../../utils/library/types';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where the search-check build of a browser lands. */
export function searchCheckDir(browser: 'chrome' | 'firefox'): string {
  return join(REPO_ROOT, '.output', browser === 'chrome' ? 'search-check-chrome-mv3' : 'search-check-firefox-mv2');
}

/** Builds the extension with the search-check page for `browser` (≈ 10 s); returns its folder. */
export function buildSearchCheck(browser: 'chrome' | 'firefox'): string {
  execFileSync('npx', ['wxt', 'build', ...(browser === 'firefox' ? ['-b', 'firefox'] : [])], {
    cwd: REPO_ROOT,
    env: { ...process.env, READER_SEARCH_CHECK: '1' },
    stdio: 'pipe',
  });
  const dir = searchCheckDir(browser);
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`The search-check build left no manifest in ${dir}`);
  return dir;
}

interface CheckApi {
  fill(docs: SearchSource[]): Promise<number>;
  remove(ids: string[]): Promise<void>;
  start(): void;
  stop(): void;
  status(): Promise<SearchStatus>;
  search(query: string, limit?: number): Promise<SearchAnswer & { ms: number }>;
  snippets(query: string, ids: string[]): Promise<HitSnippet[]>;
  changed(change: { changed?: string[]; removed?: string[] }): Promise<SearchStatus>;
  loads(): Array<string[] | null>;
  resident(): Promise<{ followsLibrary: boolean; status: SearchStatus }>;
}
declare const searchCheck: CheckApi;

/** Typed calls into an open search-check.html page. */
export function checkPage(page: Page) {
  return {
    ready: () => page.waitForFunction(() => document.getElementById('state')?.textContent === 'ready'),
    fill: (docs: SearchSource[]) => page.evaluate((d) => searchCheck.fill(d), docs),
    remove: (ids: string[]) => page.evaluate((i) => searchCheck.remove(i), ids),
    start: () => page.evaluate(() => searchCheck.start()),
    stop: () => page.evaluate(() => searchCheck.stop()),
    status: () => page.evaluate(() => searchCheck.status()),
    search: (query: string, limit?: number) => page.evaluate(([q, l]) => searchCheck.search(q, l), [query, limit] as [string, number | undefined]),
    snippets: (query: string, ids: string[]) => page.evaluate(([q, i]) => searchCheck.snippets(q, i), [query, ids] as [string, string[]]),
    changed: (change: { changed?: string[]; removed?: string[] }) => page.evaluate((c) => searchCheck.changed(c), change),
    loads: () => page.evaluate(() => searchCheck.loads()),
    resident: () => page.evaluate(() => searchCheck.resident()),
    /** Resolves once the worker reports a complete index (polling its status). */
    async untilComplete(timeoutMs = 60_000): Promise<SearchStatus> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const s = await page.evaluate(() => searchCheck.status());
        if (s.complete || s.phase === 'failed') return s;
        if (Date.now() > deadline) throw new Error(`search index not complete after ${timeoutMs} ms: ${JSON.stringify(s)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}
