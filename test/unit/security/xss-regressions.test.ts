/**
 * Vectors of the XSS suite (issue 12) that got through, each kept as the failing case it was,
 * at the level it failed (test/fixtures/xss/ ids in the names).
 */
import { describe, expect, it } from 'vitest';
import { enforcePolicy, sanitizeArticle } from '../../../utils/extract/sanitize';
import { parseHtml } from '../../../utils/extract/node';
import { describeFindings, findDangerousInRoot, findDangerousMarkup } from '../support/dangerous-markup';

const BASE = 'https://news.example/2026/budget';

/** Our policy alone, as on the path where DOMPurify returns its input unchanged (isSupported false). */
function policyOnly(html: string): Element {
  const { document } = parseHtml('<!DOCTYPE html><html><body></body></html>');
  const root = document.createElement('div');
  root.innerHTML = html;
  enforcePolicy(root, BASE);
  return root;
}

describe('XSS regressions', () => {
  // dompurify-071 (html5sec #32): DOMPurify drops it, our policy did not check `background`;
  // the same for the other legacy URL attributes.
  it.each([
    ['<div id="32"><table background="javascript:alert(32)"></table></div>', 'table', 'background'],
    ['<TABLE><TD BACKGROUND="javascript:alert(\'XSS\')">x</TD></TABLE>', 'td', 'background'],
    ['<BODY BACKGROUND="javascript:alert(\'XSS\')"><p>x</p>', 'p', null],
    ['<IMG LOWSRC="javascript:alert(\'XSS\')" src="https://a.example/1.jpg">', 'img', 'lowsrc'],
    // dompurify-075 (html5sec #36).
    ['<a style="behavior:url(#default#AnchorClick);" folder="javascript:alert(36)">XXX</a>', 'a', 'folder'],
    ['<IMG DYNSRC="javascript:alert(\'XSS\')" src="https://a.example/1.jpg">', 'img', 'dynsrc'],
  ])('policy alone removes a script URL in a legacy URL attribute: %s', (html, tag, attr) => {
    const root = policyOnly(html);
    expect(describeFindings(findDangerousInRoot(root))).toBe('');
    if (attr) expect(root.querySelector(tag)?.hasAttribute(attr)).toBe(false);
  });

  it('keeps an http(s) table background, made absolute', () => {
    expect(policyOnly('<table background="/bg.png"><tr><td>x</td></tr></table>').querySelector('table')?.getAttribute('background')).toBe(
      'https://news.example/bg.png',
    );
  });

  // dompurify-158 (html5sec #127): an SVG <handler> (XML Events script) survived the whole pipeline.
  it('drops SVG handler and listener elements', () => {
    const html =
      '<svg xmlns="http://www.w3.org/2000/svg" id="x"><listener event="load" handler="#y" xmlns="http://www.w3.org/2001/xml-events" observer="x"/><handler id="y">alert(127)</handler></svg>';
    expect(findDangerousInRoot(policyOnly(html))).toEqual([]);
    expect(findDangerousMarkup(sanitizeArticle(html, { window, baseUrl: BASE }).html)).toEqual([]);
  });

  it('the whole sanitizer removes them too', () => {
    const { html } = sanitizeArticle('<table background="javascript:alert(32)"><tr><td>x</td></tr></table>', { window, baseUrl: BASE });
    expect(findDangerousMarkup(html)).toEqual([]);
  });
});
