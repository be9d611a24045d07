/**
 * Bad input in the real browser: a huge page, a PDF in Chrome's viewer, and a page that is not
 * an article but has text selected ("Read selection"). Each gets a clear message or a result,
 * quickly, and nothing hangs.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachToExtensionView, extensionDirFor, launchWithExtension, triggerExtensionAction, type ExtensionBrowser } from '../../scripts/lib/browser';
import { generateHugePage } from '../../scripts/lib/fixtures';
import { startStaticServer, type StaticServer } from '../../scripts/lib/server';
import { waitForReader } from '../../scripts/lib/views';

const FIXTURES = resolve(import.meta.dirname, '..', 'fixtures');

/** A minimal valid one-page PDF, so Chrome opens its PDF viewer. */
const TINY_PDF = `%PDF-1.4
1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj
2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj
3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj
trailer<</Root 1 0 R>>
%%EOF`;

describe('bad input, end to end', () => {
  let dir: string;
  let server: StaticServer;
  let fixtures: StaticServer;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reader-bad-input-'));
    await writeFile(join(dir, 'huge.html'), generateHugePage(160_000));
    await writeFile(join(dir, 'report.pdf'), TINY_PDF);
    server = await startStaticServer(dir);
    fixtures = await startStaticServer(FIXTURES);
    browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome') });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await fixtures?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a huge page with a clear message instead of freezing the tab', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url('/huge.html'), { timeout: 60_000 });
    await triggerExtensionAction(browser.context, browser.extensionId, page);
    const popup = await attachToExtensionView(browser.context, browser.extensionId, 'popup.html');
    const shown = await waitForReader(popup, (s) => s.notice !== null || s.title !== null);
    expect(shown.notice).toContain('too large');
    await popup.detach();
    await page.close();
  });

  it('explains that the PDF viewer cannot be read', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url('/report.pdf')).catch(() => undefined);
    await triggerExtensionAction(browser.context, browser.extensionId, page);
    const popup = await attachToExtensionView(browser.context, browser.extensionId, 'popup.html');
    const shown = await waitForReader(popup, (s) => s.notice !== null);
    expect(shown.notice).toMatch(/PDF/);
    await popup.detach();
    await page.close();
  });

  it('reads just the selection on a page that is not an article', async () => {
    const page = await browser.context.newPage();
    await page.goto(fixtures.url('/pages/no-article.html?selection'));
    // Select the first two teaser paragraphs of the home page.
    const selected = await page.evaluate(() => {
      const blocks = Array.from(document.querySelectorAll('main p'));
      const range = document.createRange();
      range.setStartBefore(blocks[0]!);
      range.setEndAfter(blocks[1]!);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
      return getSelection()!.toString().trim();
    });
    expect(selected.length).toBeGreaterThan(20);
    await triggerExtensionAction(browser.context, browser.extensionId, page);
    const popup = await attachToExtensionView(browser.context, browser.extensionId, 'popup.html');
    const shown = await waitForReader(popup, (s) => s.notice !== null);
    expect(shown.notice).toContain('Read selection');
    await popup.evaluate(() => {
      const button = Array.from(document.querySelectorAll('.notice button')).find((b) => b.textContent === 'Read selection');
      (button as HTMLButtonElement).click();
    });
    const read = await waitForReader(popup, (s) => s.paragraphs.length > 0);
    expect(read.bodyText.replace(/\s+/g, ' ').trim()).toContain(selected.split('\n')[0]!.trim().slice(0, 30));
    await popup.detach();
    await page.close();
  });
});
