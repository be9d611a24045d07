/**
 * bench:library's export rows: the whole library exported through the real Export button of a
 * library tab (dialog → scope "whole library" → format → Export), timed from the click until the
 * browser has the download, with the page's JS heap polled meanwhile (the export streams into a
 * Blob: the heap must stay bounded whatever the library's size), and optionally its CPU profile.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { UI_TIMEOUT_MS } from './ui';

/** What one export through the UI measured. */
export interface ExportFigures {
  ms: number;
  /** The downloaded file's size. */
  bytes: number;
  /** The library page's JS heap before the export and its peak during it (CDP Runtime.getHeapUsage). */
  heapBefore: number;
  heapPeak: number;
  /** The heap once the file is downloaded, after GC: what the export left behind. */
  heapAfter: number;
}

/** An export of 10,000 articles may take minutes on a loaded machine; the wait is bounded all the same. */
const EXPORT_TIMEOUT_MS = 10 * 60_000;

/** Exports the whole library in `format` ('markdown', 'html', …) through the Export dialog of a fresh library tab. */
export async function measureUiExport(context: BrowserContext, extensionId: string, format: string, cpuProfileDir?: string): Promise<ExportFigures> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`chrome-extension://${extensionId}/sidepanel.html#library`);
    await page.getByTestId('library-item').first().waitFor({ timeout: UI_TIMEOUT_MS });
    const button = page.getByTestId('library-export-button');
    await page.waitForFunction(() => !(document.querySelector('[data-testid="library-export-button"]') as HTMLButtonElement | null)?.disabled, undefined, {
      timeout: UI_TIMEOUT_MS,
    });
    await button.click();
    await page.getByTestId('export-scope-library').check();
    await page.getByTestId(`export-format-${format}`).check();
    await cdp.send('HeapProfiler.collectGarbage');
    const heapBefore = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    let heapPeak = heapBefore;
    let polling = true;
    const poll = (async () => {
      while (polling) {
        heapPeak = Math.max(heapPeak, (await cdp.send('Runtime.getHeapUsage').catch(() => ({ usedSize: 0 }))).usedSize);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    // The page's CPU profile from the click to the download (--cpu-profile): what the export spends its time on.
    if (cpuProfileDir) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    const start = performance.now();
    const downloaded = page.waitForEvent('download', { timeout: EXPORT_TIMEOUT_MS });
    await page.getByTestId('export-dialog-start').click();
    // A failed export shows its sentence instead of downloading: stop there, with the sentence.
    const failed = page
      .locator('[data-testid="library-export-outcome"].inline-error')
      .waitFor({ timeout: EXPORT_TIMEOUT_MS })
      .then(async () => {
        throw new Error(`The export failed: ${await page.getByTestId('library-export-outcome').textContent()}`);
      });
    failed.catch(() => undefined);
    const download = await Promise.race([downloaded, failed]);
    const ms = performance.now() - start;
    polling = false;
    await poll;
    if (cpuProfileDir) {
      const { profile } = await cdp.send('Profiler.stop');
      await mkdir(cpuProfileDir, { recursive: true });
      await writeFile(join(cpuProfileDir, `export-${format}-${Date.now()}.cpuprofile`), JSON.stringify(profile));
    }
    await cdp.send('HeapProfiler.collectGarbage');
    const heapAfter = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    const path = await download.path();
    return { ms, bytes: (await stat(path)).size, heapBefore, heapPeak, heapAfter };
  } finally {
    await cdp.detach().catch(() => undefined);
    await page.close();
  }
}
