import { describe, expect, it } from 'vitest';
import { cleanContent, removeDuplicates, removeEmpty, removeTitleHeading, removeTrailingLinkBlocks } from '../../../utils/extract/clean';
import { page, prose } from './helpers';

const root = (html: string): Element => page(`<div id="r">${html}</div>`).getElementById('r')!;
const squash = (el: Element): string => el.innerHTML.replace(/\s+/g, ' ').trim();

describe('clean steps', () => {
  it('drops a first heading that repeats the title', () => {
    const r = root('<h1>The Big Story</h1><p>Text</p><h2>Part two</h2>');
    removeTitleHeading(r, 'The big story!');
    expect(squash(r)).toBe('<p>Text</p><h2>Part two</h2>');
  });
  it('removes empty nodes but keeps media', () => {
    const r = root('<p> </p><div><span></span></div><p><img src="a.jpg"></p><p>x</p>');
    removeEmpty(r);
    expect(squash(r)).toBe('<p><img src="a.jpg"></p><p>x</p>');
  });
  it('removes repeated paragraphs and images', () => {
    const r = root('<p>Same text here.</p><p>Same text here.</p><img src="a.jpg"><figure><img src="a.jpg"></figure>');
    removeDuplicates(r);
    expect(squash(r)).toBe('<p>Same text here.</p><img src="a.jpg">');
  });
  it('removes link-only lines at the end', () => {
    const r = root(`<p>${prose('a')}</p><p><a href="/1">More on this</a> · <a href="/2">And this</a></p>`);
    removeTrailingLinkBlocks(r);
    expect(r.querySelectorAll('p').length).toBe(1);
  });
  it('keeps figures, tables, code, lists, quotes', () => {
    const html = `<p>${prose('a')}</p><figure><img src="a.jpg"><figcaption>Caption</figcaption></figure><table><tbody><tr><td>1</td></tr></tbody></table><pre><code class="language-js">x()</code></pre><ul><li>item one</li></ul><blockquote><p>quote</p></blockquote><p>${prose('b')}</p>`;
    const r = root(html);
    cleanContent(r, 'Title');
    for (const sel of ['figure figcaption', 'table td', 'pre code.language-js', 'ul li', 'blockquote p']) expect(r.querySelector(sel)).not.toBeNull();
  });
  it('removes furniture that slipped through Readability', () => {
    const r = root(`<p>${prose('a')}</p><div class="related-stories"><a href="/x">Other</a></div><p>Read more: <a href="/y">Y</a></p><div class="author-bio"><p>Jane writes about things.</p></div>`);
    cleanContent(r, 'Title');
    expect(r.textContent).not.toMatch(/Other|Read more|Jane/);
  });
});

describe('removeDuplicates and nesting', () => {
  it('keeps a paragraph inside a quote of the same text', () => {
    const r = root('<blockquote><p>Quoted words from a review.</p></blockquote><p>After.</p>');
    removeDuplicates(r);
    expect(r.querySelector('blockquote p')).not.toBeNull();
  });
});

describe('markCaptions', () => {
  it('turns caption-classed blocks into figcaption', async () => {
    const { markCaptions } = await import('../../../utils/extract/clean');
    const r = root('<div class="image"><img src="a.jpg"><p class="image-caption">A photo of a cat.</p></div><p class="lead">Text</p>');
    markCaptions(r);
    expect(r.querySelector('figcaption')?.textContent).toBe('A photo of a cat.');
    expect(r.querySelector('p.lead')).not.toBeNull();
  });
});

describe('markCaptions in picture boxes', () => {
  it('treats the text beside the only image of a picture box as its caption', async () => {
    const { markCaptions } = await import('../../../utils/extract/clean');
    const r = root('<div class="image top"><img src="a.jpg"><p>In this file photo, astronauts work.</p></div><p>Body text.</p>');
    markCaptions(r);
    expect(r.querySelector('figcaption')?.textContent).toBe('In this file photo, astronauts work.');
    expect(r.querySelectorAll('p').length).toBe(1);
  });
});

describe('removeLeadingLabels', () => {
  it('drops a standalone section link but keeps a link inside the first sentence', async () => {
    const { removeLeadingLabels } = await import('../../../utils/extract/clean');
    const r = root(`<div><a href="/music">Music</a></div><p>A half century on, <a href="/band">The Band</a> are still smoking.</p><p>${prose('a')}</p>`);
    removeLeadingLabels(r);
    expect(r.textContent).not.toContain('Music');
    expect(r.textContent).toContain('A half century on, The Band are still smoking.');
  });
});
