// @vitest-environment jsdom
// The render-time sanitize on an article as the extraction pipeline stores it: jsdom parses like
// a browser (see render-html.test.ts), so this is what the reader shows.
import { describe, expect, it } from 'vitest';
import { ARTICLE_ID_PREFIX } from '../../../utils/extract/sanitize';
import { sanitizeForRender } from '../../../utils/ui/render-html';

const P = ARTICLE_ID_PREFIX;

describe('sanitizeForRender and links inside the article', () => {
  it('keeps footnote references and back-links as fragment links to their prefixed ids', () => {
    const stored = `<p>Text.<sup id="${P}fnref:1"><a href="#${P}fn:1">1</a></sup></p><ol><li id="${P}fn:1">Note. <a href="#${P}fnref:1">↩</a></li></ol>`;
    expect(sanitizeForRender(stored)).toBe(stored);
  });
  it('prefixes the ids of an article stored without prefixes, and drops those no link points at', () => {
    const html = sanitizeForRender('<p id="root">Text<sup id="r1"><a href="#n1">1</a></sup></p><ol><li id="n1">Note</li></ol>');
    expect(html).toBe(`<p>Text<sup><a href="#${P}n1">1</a></sup></p><ol><li id="${P}n1">Note</li></ol>`);
  });
  it('never lets an article id clobber a document property', () => {
    const html = sanitizeForRender('<p id="cookie"><a href="#cookie">c</a></p><img name="getElementById" src="x.png"><form id="location"><p>f</p></form>');
    const box = document.createElement('div');
    box.innerHTML = html;
    document.body.appendChild(box);
    expect(typeof document.getElementById).toBe('function');
    expect(typeof document.cookie).toBe('string');
    expect(html).toContain(`id="${P}cookie"`);
    expect(html).not.toMatch(/(?:id|name)="(?!reader-fn-)/);
    box.remove();
  });
});
