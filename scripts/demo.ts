/**
 * The main job, for a person: build output → headless Chromium with the extension loaded →
 * the bundled sample news page served from 127.0.0.1 → toolbar click → popup → side panel →
 * save → library. Writes screenshots to demo-output/ and prints what the reader extracted.
 *
 *   npm run demo              headless, screenshots and a summary
 *   npm run demo -- --headed  leaves a real browser window open for a person (Ctrl+C to quit)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { extensionDirFor, launchWithExtension, type ExtensionView } from './lib/browser';
import { findChrome } from './lib/chrome';
import { startStaticServer } from './lib/server';
import { openPopup, openSidePanelFromPopup, waitForReader, waitUntil } from './lib/views';

const ROOT = resolve(import.meta.dirname, '..');
const OUTPUT = join(ROOT, 'demo-output');
const headed = process.argv.includes('--headed');

interface TimedRead {
  status: string;
  durationMs?: number;
}

async function shoot(view: ExtensionView, name: string): Promise<string> {
  const file = join(OUTPUT, name);
  await writeFile(file, await view.screenshot());
  return file;
}

async function main(): Promise<void> {
  try {
    findChrome();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  await mkdir(OUTPUT, { recursive: true });
  const server = await startStaticServer(join(ROOT, 'test', 'fixtures'));
  const browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome'), headless: !headed });
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    const url = server.url('/sample-news-page.html');
    await page.goto(url);
    console.log(`Sample page: ${url}`);

    // 1. The toolbar click: the real popup opens with the clean article.
    const { view: popup, shown: inPopup } = await openPopup(browser, page);
    if (!inPopup.title) throw new Error(`The popup shows no article: ${inPopup.notice}`);
    // The same request the popup made, timed by the pipeline inside the page (median of 5).
    const timings: number[] = [];
    for (let i = 0; i < 5; i++) {
      const read = await popup.evaluate(async () => {
        const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
        return (await chrome.runtime.sendMessage({ type: 'readTab', payload: { tabId: tab!.id!, mode: 'auto' } })) as TimedRead;
      });
      if (read.durationMs !== undefined) timings.push(read.durationMs);
    }
    const popupShot = await shoot(popup, 'popup.png');

    // 2. "Read in side panel": the real side panel opens and the popup closes.
    const { view: panel, shown: inPanel } = await openSidePanelFromPopup(browser, popup);
    const panelShot = await shoot(panel, 'sidepanel.png');

    // 3. Save, then the library.
    await panel.click('[data-testid="save-button"]');
    await waitForReader(panel, (s) => s.saveLabel?.includes('Saved') ?? false);
    const savedShot = await shoot(panel, 'sidepanel-saved.png');
    await panel.click('[data-testid="nav-library"]');
    await waitUntil(
      () => panel.evaluate(() => document.querySelectorAll('[data-testid="library-item"]').length),
      (n) => n === 1,
      'the library to list the article',
    );
    const libraryShot = await shoot(panel, 'library.png');
    await panel.click('[data-testid="nav-reader"]');
    await waitForReader(panel, (s) => s.paragraphs.length > 0);

    timings.sort((a, b) => a - b);
    console.log('');
    console.log(`Title:       ${inPanel.title}`);
    console.log(`Site:        ${inPanel.site}`);
    console.log(`Meta:        ${inPanel.meta}`);
    console.log(`Paragraphs:  ${inPanel.paragraphs.length} (popup: ${inPopup.paragraphs.length})`);
    if (timings.length) console.log(`Extraction in the page: median ${timings[Math.floor(timings.length / 2)]!.toFixed(1)} ms over ${timings.length} runs`);
    console.log('Saved:       yes (listed in the library)');
    console.log('Screenshots:');
    for (const shot of [popupShot, panelShot, savedShot, libraryShot]) console.log(`  ${shot}`);

    if (headed) {
      console.log('\nThe browser stays open: press Ctrl+C to quit.');
      await new Promise<void>((done) => process.once('SIGINT', () => done()));
    }
    await panel.detach();
  } finally {
    await browser.close();
    await server.close();
  }
}

declare const chrome: {
  tabs: { query(q: { active: boolean; currentWindow: boolean }): Promise<Array<{ id?: number }>> };
  runtime: { sendMessage(message: unknown): Promise<unknown> };
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
