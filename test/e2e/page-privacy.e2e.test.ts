/**
 * What a page can learn about us: reading it must not announce the extension (WXT's content-script
 * context posts "<id>:…:content-script-started" to the page) nor make the page's Content Security
 * Policy report anything, nor make it load anything, nor change its DOM where its MutationObserver would see it. Each would
 * tell the site that a reader extension processed it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionDirFor, launchWithExtension, type ExtensionBrowser } from '../../scripts/lib/browser';
import { startStaticServer, type StaticServer } from '../../scripts/lib/server';
import { openPopup } from '../../scripts/lib/views';

const FIXTURES = resolve(import.meta.dirname, '..', 'fixtures');
const PAGE = readFileSync(resolve(FIXTURES, 'sample-news-page.html'), 'utf8');
/** The page's own inline scripts, allowed by hash as a strict site allows its own. */
const PAGE_SCRIPT_HASHES = [...PAGE.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`);
/** A strict policy with a report endpoint, as news sites deploy them: no inline handlers, no eval. */
const STRICT_CSP = `default-src 'self'; script-src 'self' ${PAGE_SCRIPT_HASHES.join(' ')}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; report-uri /csp-report`;

describe('what the page sees when it is read', () => {
  let server: StaticServer;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    server = await startStaticServer(FIXTURES, { headers: { 'Content-Security-Policy': STRICT_CSP } });
    browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome') });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  // The handlers page is the sample article with inline onclick/onerror/onload inside its text, as
  // many CMSes emit them: the page's own violations happen at load, ours would follow the read.
  for (const path of ['/sample-news-page.html', '/pages/handlers-article.html']) {
    it(`${path}: no message, no DOM mutation, no CSP violation and no report while the reader extracts it`, async () => {
      const page = await browser.context.newPage();
      const reports: string[] = [];
      const requests: string[] = [];
      page.on('request', (request) => {
        if (request.url().includes('/csp-report')) reports.push(request.postData() ?? '');
        else requests.push(request.url());
      });
      // The page's own listeners, installed before its scripts run (in its main world).
      await page.addInitScript(() => {
        const seen: string[] = [];
        (window as unknown as { __seen: string[] }).__seen = seen;
        window.addEventListener('message', (event) => seen.push(`message:${JSON.stringify(event.data)}`), true);
        // Every change to its DOM it can observe (a page that logs them to learn who reads it).
        new MutationObserver((records) => {
          for (const r of records) seen.push(`mutation:${r.type}:${(r.target as Element).nodeName ?? ''}:${r.attributeName ?? ''}`);
        }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
        document.addEventListener(
          'securitypolicyviolation',
          (event) => seen.push(`csp:${event.violatedDirective}:${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`),
          true,
        );
      });
      await page.goto(server.url(path));
      await page.waitForTimeout(300);
      const before = await page.evaluate(() => (window as unknown as { __seen: string[] }).__seen.length);
      const reportsBefore = reports.length;
      const requestsBefore = requests.length;
      const { view, shown } = await openPopup(browser, page, (s) => s.paragraphs.length > 0);
      expect(shown.title).not.toBeNull();
      expect(shown.paragraphs.length).toBeGreaterThanOrEqual(7);
      // Reports are sent asynchronously; give them the time a real page would have.
      await page.waitForTimeout(500);
      const seen = await page.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
      expect(seen.slice(before)).toEqual([]);
      expect(reports.slice(reportsBefore)).toEqual([]);
      // The page itself loads nothing more: the reader shows images from its own view.
      expect(requests.slice(requestsBefore)).toEqual([]);
      await view.detach();
      await page.close();
    });
  }
});
