/**
 * Headless Chromium for the benchmarks: corpus pages served from 127.0.0.1, every other host
 * aborted, page scripts blocked by CSP (the corpus pages were saved with JavaScript off), and the
 * extractors injected as bundles.
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium, restrictNetwork } from '../lib/browser';
import { startStaticServer, type StaticServer } from '../lib/server';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The content script the extension injects (WXT's output for entrypoints/extract.ts). */
export const EXTENSION_BUNDLE = join(REPO_ROOT, '.output/chrome-mv3/extract.js');
export const BENCH_BUNDLE = join(REPO_ROOT, 'bench-output/bench-bundle.js');

/** Builds the benchmark bundle (our pipeline + Readability alone) as one IIFE with vite. */
export async function buildBenchBundle(): Promise<string> {
  const { build } = await import('vite');
  await mkdir(dirname(BENCH_BUNDLE), { recursive: true });
  await build({
    configFile: false,
    logLevel: 'warn',
    root: REPO_ROOT,
    build: {
      outDir: dirname(BENCH_BUNDLE),
      emptyOutDir: false,
      minify: process.env.BENCH_NO_MINIFY ? false : true,
      lib: { entry: join(REPO_ROOT, 'scripts/bench/bundle-entry.ts'), formats: ['iife'], name: 'ReaderBenchBundle', fileName: () => 'bench-bundle.js' },
    },
  });
  return readFileSync(BENCH_BUNDLE, 'utf8');
}

// CSP instead of turning JavaScript off: page scripts must not run (the corpus was saved with
// JavaScript off), yet the injected extractor needs a scripting-enabled page, as in real use.
const CORPUS_HEADERS = { 'Content-Security-Policy': "script-src 'none'; object-src 'none'" };

/** Serves the corpus pages (.html only) of one folder on 127.0.0.1, with page scripts blocked by CSP. */
export async function serveFolder(root: string): Promise<{ origin: string; server: StaticServer }> {
  const server = await startStaticServer(root, { headers: CORPUS_HEADERS, extensions: ['.html'] });
  return { origin: server.origin, server };
}

/** A browser and a context with no extension, service workers off and every request but a 127.0.0.1 document aborted. */
export async function launch(): Promise<{ browser: Browser; context: BrowserContext }> {
  const browser = await launchChromium();
  const context = await browser.newContext({ serviceWorkers: 'block' });
  await restrictNetwork(context, (request) => new URL(request.url()).hostname === '127.0.0.1' && request.resourceType() === 'document');
  return { browser, context };
}

/**
 * Makes the WXT content script runnable in the page's main world: it expects an extension
 * runtime (webextension-polyfill checks chrome.runtime.id). Nothing else of the API is used.
 */
export const EXTENSION_STUB =
  "globalThis.chrome = globalThis.chrome || {}; if (!globalThis.chrome.runtime) globalThis.chrome.runtime = { id: 'reader-bench' };";
