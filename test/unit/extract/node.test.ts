import { describe, expect, it } from 'vitest';
import { neutralisePreloadLinks, parseHtml } from '../../../utils/extract/node';

describe('parseHtml (Node)', () => {
  it('does not lose the page after a style sheet inside an SVG sprite', async () => {
    const page =
      parseHtml(`<html><body><svg xmlns="http://www.w3.org/2000/svg"><symbol id="i"><style type="text/css">.c{opacity:.3}</style><circle r="1"/></symbol></svg>
      <article><p>First paragraph.</p><p>Second paragraph.</p></article></body></html>`);
    expect(page.document.querySelectorAll('article p')).toHaveLength(2);
    await page.close();
  });
  it('keeps other style sheets, whose text counts as it does in a browser', async () => {
    const page = parseHtml('<html><body><div id="d"><style>.x{}</style>Text</div></body></html>');
    expect(page.document.getElementById('d')?.textContent).toBe('.x{}Text');
    await page.close();
  });
  it('parses a page with a protocol-relative preload against about:blank without throwing', async () => {
    const page = parseHtml('<html><head><link rel="preload" as="fetch" href="//cdn.example.invalid/x.json"></head><body><p>Text</p></body></html>');
    expect(page.document.querySelector('p')?.textContent).toBe('Text');
    expect(page.document.querySelector('link')?.getAttribute('href')).toBe('//cdn.example.invalid/x.json');
    await page.close();
  });
  it('renames only preload and modulepreload rels', () => {
    expect(neutralisePreloadLinks('<link rel=preload as=fetch href=//c/x>')).toBe('<link rel=x-reader-preload as=fetch href=//c/x>');
    expect(neutralisePreloadLinks('<LINK REL = "modulepreload" href="//c/x.js"/>')).toBe('<LINK REL = "x-reader-modulepreload" href="//c/x.js"/>');
    expect(neutralisePreloadLinks('<link rel="canonical" href="//c/x">')).toBe('<link rel="canonical" href="//c/x">');
    expect(neutralisePreloadLinks('<p rel="preload">')).toBe('<p rel="preload">');
  });
});
