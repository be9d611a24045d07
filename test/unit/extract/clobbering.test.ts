/**
 * DOM clobbering (issue 12): a form whose controls are named after DOM members (`<input
 * name=parentNode>`), or images named after document members (`<img name=cloneNode>`), must not
 * stop the reader nor change what it reads. happy-dom has no named properties, so the browser's
 * are emulated (support/clobber.ts) on the page and, through onStep, on the pipeline's clone as
 * Chromium has them there too.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { extractArticle } from '../../../utils/extract';
import { cloneDocument, domGet, hasShadowingNames } from '../../../utils/extract/dom';
import { parseHtml } from '../../../utils/extract/node';
import { snapshotLiveDocument } from '../../../utils/content/live-snapshot';
import { CLOBBERED_NAMES, DOCUMENT_CLOBBERED_NAMES, clobberedArticleHtml, emulateClobbering, undoClobbering } from '../support/clobber';
import { parse } from './helpers';

const URL = 'https://news.example/2026/budget';

function read(html: string, opts: { documentLevel?: boolean } = {}) {
  const page = parseHtml(html, URL);
  const onPage = emulateClobbering(page.document, { document: opts.documentLevel ?? false });
  const result = extractArticle(page.document, {
    url: URL,
    window: page.window,
    // What Chromium does to the copy: its forms have their controls' named properties too.
    onStep: (s) => {
      if (s.name === 'clone') emulateClobbering(s.root as Document, { document: false });
    },
  });
  undoClobbering();
  return { result, onPage, close: () => page.close() };
}

/**
 * Names happy-dom's own code calls on elements as JS properties (its cloneNode and selector
 * matching): emulated there, they break happy-dom itself, not the pipeline. Chromium's
 * internals never read them so, and the e2e suite (clobbering.e2e) covers them in Chromium.
 */
const HAPPY_DOM_INTERNAL = new Set(['cloneNode', 'getAttribute', 'querySelectorAll']);
const EMULATED = CLOBBERED_NAMES.filter((n) => !HAPPY_DOM_INTERNAL.has(n));

describe('DOM clobbering by form controls', () => {
  for (const name of EMULATED) {
    it(`reads the article when a form control is named ${name}`, async () => {
      const { result, onPage, close } = read(clobberedArticleHtml({ formNames: [name], ids: false }));
      await close();

      // The emulation really shadows the member on the page (else the test proves nothing).
      expect(onPage).toBeGreaterThan(0);
      expect(result.ok, result.ok ? '' : result.message).toBe(true);
      if (!result.ok) return;
      expect(result.article.title).toBe('Council argues over the budget');
      for (let n = 1; n <= 6; n++) expect(result.article.text).toContain(`Paragraph ${n}:`);
    });
  }

  it('the clone keeps no name that shadows a member, and keeps the others', () => {
    const doc = parse(clobberedArticleHtml({ formNames: ['parentNode', 'attributes', 'nodeName', 'q'], ids: false }));
    expect(hasShadowingNames(doc)).toBe(true);
    const clone = cloneDocument(doc);
    expect(hasShadowingNames(clone)).toBe(false);
    expect(emulateClobbering(clone)).toBe(0);
    expect(clone.querySelector('input[name="comment"]')).not.toBeNull();
    expect(clone.querySelector('input[name="q"]')).not.toBeNull();
    // The page itself is never changed.
    expect(doc.querySelector('input[name="parentNode"]')).not.toBeNull();
  });
});

describe('DOM clobbering of the document', () => {
  for (const name of DOCUMENT_CLOBBERED_NAMES) {
    it(`reads the article when an image, a form and an embed are named ${name}`, async () => {
      const { result, onPage, close } = read(clobberedArticleHtml({ documentNames: [name], ids: false }), { documentLevel: true });
      await close();

      expect(onPage).toBeGreaterThan(0);
      expect(result.ok, result.ok ? '' : result.message).toBe(true);
      if (!result.ok) return;
      expect(result.article.title).toBe('Council argues over the budget');
      for (let n = 1; n <= 6; n++) expect(result.article.text).toContain(`Paragraph ${n}:`);
    });
  }

  // DOMPurify handed the page's document (`<img name=createElement>` at its creation) is covered in
  // Chromium (clobbering.e2e): emulated on happy-dom's document, happy-dom's own parser meets it.
});

describe('the live snapshot on a clobbered page', () => {
  // On the test window's own document, the way the content script runs on the page's.
  afterEach(() => {
    undoClobbering();
    document.body.innerHTML = '';
  });

  it('walks a clobbered form by the built-in members and copies it whole, in order', () => {
    document.body.innerHTML = `<main><div id="host"></div><form id="f"><p>First</p><input name="firstChild"><input name="nextSibling"><input name="shadowRoot"><input name="localName"><p>Last</p></form><p>After the form</p></main>`;
    // A shadow host makes the snapshot walk the page.
    document.getElementById('host')!.attachShadow({ mode: 'open' }).innerHTML = '<p>From the shadow root</p>';
    expect(emulateClobbering(document, { document: false })).toBe(4);
    const snapshot = snapshotLiveDocument(window);
    expect(snapshot).not.toBeNull();
    const text = (snapshot!.body.textContent ?? '').replace(/\s+/g, ' ');
    expect(text).toMatch(/From the shadow root.*First.*Last.*After the form/);
    // A control named shadowRoot does not make the form a host (its content would be replaced).
    expect(snapshot!.querySelector('form p')?.textContent).toBe('First');
  });

  it('reads body past an image named body', () => {
    document.body.innerHTML = '<div id="host"></div><img name="body"><img name="getElementsByTagName"><p>Text</p>';
    document.getElementById('host')!.attachShadow({ mode: 'open' }).innerHTML = '<p>Shadow text</p>';
    expect(emulateClobbering(document)).toBe(2);
    const snapshot = snapshotLiveDocument(window);
    expect(snapshot).not.toBeNull();
    expect(domGet<HTMLElement>(snapshot!, 'body').textContent).toContain('Shadow text');
  });
});
