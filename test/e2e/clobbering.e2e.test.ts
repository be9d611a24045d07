/**
 * DOM clobbering in the real browser (issue 12): pages whose forms have controls named (and ids)
 * after DOM members, and images, forms and embeds named after document members, read through the
 * toolbar and the popup. Each must show the whole article, not "Something went wrong".
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionDirFor, launchWithExtension, type ExtensionBrowser } from '../../scripts/lib/browser';
import { startStaticServer, type StaticServer } from '../../scripts/lib/server';
import { openPopup } from '../../scripts/lib/views';
import { CLOBBERED_NAMES, DOCUMENT_CLOBBERED_NAMES, clobberedArticleHtml } from '../unit/support/clobber';

const CASES: Record<string, { formNames?: readonly string[]; documentNames?: readonly string[] }> = {
  'form-controls': { formNames: CLOBBERED_NAMES },
  'form-parent-node': { formNames: ['parentNode'] },
  'form-attributes-node-name': { formNames: ['attributes', 'nodeName'] },
  document: { documentNames: DOCUMENT_CLOBBERED_NAMES },
  'document-create-element': { documentNames: ['createElement'] },
  both: { formNames: CLOBBERED_NAMES, documentNames: DOCUMENT_CLOBBERED_NAMES },
};
const PAGES = Object.fromEntries(Object.entries(CASES).map(([name, c]) => [name, clobberedArticleHtml(c)]));

describe('DOM clobbering, end to end', () => {
  let dir: string;
  let server: StaticServer;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reader-clobber-'));
    for (const [name, html] of Object.entries(PAGES)) await writeFile(join(dir, `${name}.html`), html);
    server = await startStaticServer(dir);
    browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome') });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  for (const name of Object.keys(PAGES)) {
    it(`${name}: the popup shows the whole article`, async () => {
      const page = await browser.context.newPage();
      await page.goto(server.url(`/${name}.html`));
      // The markup really shadows the members in this browser (else the page proves nothing).
      const shadowed = await page.evaluate(
        ({ formNames, documentNames }) => {
          const form = Document.prototype.querySelector.call(document, 'form') as unknown as Record<string, unknown>;
          const doc = document as unknown as Record<string, unknown>;
          // One control answers with itself, several of one name with a collection of them.
          const markup = (v: unknown) => v instanceof Element || v instanceof RadioNodeList || v instanceof HTMLCollection;
          return [...formNames.filter((n) => markup(form[n])), ...documentNames.filter((n) => markup(doc[n]))].length;
        },
        { formNames: [...(CASES[name]!.formNames ?? [])], documentNames: [...(CASES[name]!.documentNames ?? [])] },
      );
      expect(shadowed).toBe((CASES[name]!.formNames?.length ?? 0) + (CASES[name]!.documentNames?.length ?? 0));
      const { view, shown } = await openPopup(browser, page);
      expect(shown.notice).toBeNull();
      expect(shown.title).toBe('Council argues over the budget');
      for (let n = 1; n <= 6; n++) expect(shown.paragraphs.some((p) => p.startsWith(`Paragraph ${n}:`))).toBe(true);
      await view.detach();
      await page.close();
    });
  }
});
