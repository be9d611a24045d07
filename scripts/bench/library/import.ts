/**
 * bench:library's import row: a generated Pocket export (scripts/lib/pocket-export.ts) imported
 * through the real path in the real extension — the library page's file input, parse, sanitize and
 * staging in the page, the background's batch commits — timed from picking the file until the job
 * is done, with the page's longest task meanwhile (is the library still usable?).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { makePocketZip } from '../../lib/pocket-export';
import { UI_TIMEOUT_MS } from './ui';

/** What importing one file measured. */
export interface ImportFigures {
  ms: number;
  /** Items the file held and the job added or merged. */
  items: number;
  added: number;
  merged: number;
  /** Longest main-thread task of the library page during the import. */
  longestTaskMs: number;
  /** From picking the file until the page had staged every batch (parse, sanitize, staging writes). */
  stagedMs: number;
}

const OBSERVE_TASKS = `(() => {
  window.__benchTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__benchTasks.push(e.duration); }).observe({ type: 'longtask' });
})()`;

/** Imports a `rows`-row Pocket zip through the Import dialog of a fresh library tab. */
export async function measurePocketImport(context: BrowserContext, extensionId: string, rows: number): Promise<ImportFigures> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-import-'));
  const file = join(dir, `pocket-${rows}.zip`);
  await writeFile(file, makePocketZip({ rows }));
  const page = await context.newPage();
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.addInitScript(OBSERVE_TASKS);
    await page.goto(`chrome-extension://${extensionId}/sidepanel.html#library`);
    await page.getByTestId('import-button').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId('import-button').click();
    const start = performance.now();
    await page.getByTestId('import-file').setInputFiles(file);
    await page.locator('[data-testid="import-button"]:is([data-state="committing"], [data-state="done"])').waitFor({ timeout: UI_TIMEOUT_MS });
    const stagedMs = performance.now() - start;
    await page.locator('[data-testid="import-report"][data-state="done"]').waitFor({ timeout: UI_TIMEOUT_MS });
    const ms = performance.now() - start;
    const count = async (id: string) =>
      Number(
        (await page
          .getByTestId(id)
          .getAttribute('data-count')
          .catch(() => '0')) ?? 0,
      );
    const [added, merged] = await Promise.all([
      count('import-added'),
      page
        .getByTestId('import-merged')
        .count()
        .then((n) => (n > 0 ? count('import-merged') : 0)),
    ]);
    const tasks = await page.evaluate<number[]>('window.__benchTasks');
    return { ms, items: added + merged, added, merged, longestTaskMs: Math.max(0, ...tasks), stagedMs };
  } finally {
    await page.close();
    await rm(dir, { recursive: true, force: true });
  }
}
