/**
 * Headless Chromium for the benchmarks: corpus pages served from 127.0.0.1, every other host
 * aborted, page scripts blocked by CSP (the corpus pages were saved with JavaScript off), and the
 * extractors injected as bundles.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The content script the extension injects (WXT's output for entrypoints/extract.content.ts). */
export const EXTENSION_BUNDLE = join(REPO_ROOT, '.output/chrome-mv3/content-scripts/extract.js');
export const BENCH_BUNDLE = join(REPO_ROOT, 'bench-output/bench-bundle.js');

export const CHROME_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

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

/** Serves files of one folder on 127.0.0.1 (random port). */
export async function serveFolder(root: string): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    const file = resolve(root, `.${path}`);
    if (!file.startsWith(resolve(root)) || !existsSync(file) || !file.endsWith('.html')) {
      res.writeHead(404).end();
      return;
    }
    // CSP instead of turning JavaScript off: page scripts must not run (the corpus was saved with
    // JavaScript off), yet the injected extractor needs a scripting-enabled page, as in real use.
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "script-src 'none'; object-src 'none'" }).end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, server };
}

export function chromePath(): string {
  const p = process.env.CHROME_PATH?.trim() || '/usr/bin/chromium';
  if (!existsSync(p)) throw new Error(`No Chromium at ${p}; install it (apt-get install chromium) or set CHROME_PATH`);
  return p;
}

/** A browser and a context with page scripts off and every non-127.0.0.1 request aborted. */
export async function launch(): Promise<{ browser: Browser; context: BrowserContext }> {
  const browser = await chromium.launch({ executablePath: chromePath(), headless: true, args: CHROME_ARGS });
  const context = await browser.newContext({ serviceWorkers: 'block' });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    return url.hostname === '127.0.0.1' && route.request().resourceType() === 'document' ? route.continue() : route.abort();
  });
  return { browser, context };
}

/**
 * Makes the WXT content script runnable in the page's main world: it expects an extension
 * runtime (webextension-polyfill checks chrome.runtime.id). Nothing else of the API is used.
 */
export const EXTENSION_STUB = "globalThis.chrome = globalThis.chrome || {}; if (!globalThis.chrome.runtime) globalThis.chrome.runtime = { id: 'reader-bench' };";
