import { describe, expect, it } from 'vitest';
import { cleanContent } from '../../../utils/extract/clean';
import { removeBylineEcho } from '../../../utils/extract/clean/byline-echo';
import { removeDuplicates } from '../../../utils/extract/clean/duplicates';
import { removeEmpty } from '../../../utils/extract/clean/empty';
import { removeTagLists } from '../../../utils/extract/clean/tag-lists';
import { removeTeaserGroups } from '../../../utils/extract/clean/teaser-groups';
import { removeTitleHeading } from '../../../utils/extract/clean/title-heading';
import { removeTrailingLinkBlocks } from '../../../utils/extract/clean/trailing-link-blocks';
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
    const para = 'The same paragraph twice in a row is a copy of the text that the page meant for another screen size or device.';
    const r = root(`<p>${para}</p><p>${para}</p><img src="a.jpg"><figure><img src="a.jpg"></figure>`);
    removeDuplicates(r);
    expect(squash(r)).toBe(`<p>${para}</p><img src="a.jpg">`);
  });
  it('keeps a short line the author repeats (a refrain)', () => {
    const r = root('<p>And the river keeps on rising,</p><p>And the river keeps on rising,</p>');
    removeDuplicates(r);
    expect(r.querySelectorAll('p')).toHaveLength(2);
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
    const r = root(
      `<p>${prose('a')}</p><div class="related-stories"><a href="/x">Other</a></div><p>Read more: <a href="/y">Y</a></p><div class="author-bio"><p>Jane writes about things.</p></div>`,
    );
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
    const { markCaptions } = await import('../../../utils/extract/clean/captions');
    const r = root('<div class="image"><img src="a.jpg"><p class="image-caption">A photo of a cat.</p></div><p class="lead">Text</p>');
    markCaptions(r);
    expect(r.querySelector('figcaption')?.textContent).toBe('A photo of a cat.');
    expect(r.querySelector('p.lead')).not.toBeNull();
  });
});

describe('markCaptions in picture boxes', () => {
  it('treats the text beside the only image of a picture box as its caption', async () => {
    const { markCaptions } = await import('../../../utils/extract/clean/captions');
    const r = root('<div class="image top"><img src="a.jpg"><p>In this file photo, astronauts work.</p></div><p>Body text.</p>');
    markCaptions(r);
    expect(r.querySelector('figcaption')?.textContent).toBe('In this file photo, astronauts work.');
    expect(r.querySelectorAll('p').length).toBe(1);
  });
});

describe('removeLeadingLabels', () => {
  it('drops a standalone section link but keeps a link inside the first sentence', async () => {
    const { removeLeadingLabels } = await import('../../../utils/extract/clean/leading-labels');
    const r = root(`<div><a href="/music">Music</a></div><p>A half century on, <a href="/band">The Band</a> are still smoking.</p><p>${prose('a')}</p>`);
    removeLeadingLabels(r);
    expect(r.textContent).not.toContain('Music');
    expect(r.textContent).toContain('A half century on, The Band are still smoking.');
  });
});

describe('removeBylineEcho', () => {
  it('removes a block that only repeats the byline, with or without "By"', () => {
    const r = root(`<div>The Associated Press<br></div><h3>By <a href="/a">Scott Gordon</a></h3><p>${prose('a')}</p>`);
    removeBylineEcho(r, 'The Associated Press');
    removeBylineEcho(r, 'Scott Gordon');
    expect(r.textContent?.trim()).toBe(prose('a'));
  });
  it('keeps the name where a sentence mentions it', () => {
    const r = root('<p>Across the entire <span>AppleInsider</span> staff, one unit failed.</p>');
    removeBylineEcho(r, 'AppleInsider');
    expect(r.textContent).toBe('Across the entire AppleInsider staff, one unit failed.');
  });
});

describe('removeTagLists', () => {
  it('removes a rel="tag" list with its label', () => {
    const r = root(`<p>${prose('a')}</p><p><strong>Tags<br><a rel="tag" href="/t/1">stock car 2018</a>, <a rel="tag" href="/t/2">interlagos</a></strong></p>`);
    removeTagLists(r);
    expect(r.textContent).toBe(prose('a'));
  });
  it('keeps tag links that are most of a short sentence', () => {
    const r = root('<p>Tested on <a rel="tag" href="/t/w">Windows 11</a> and <a rel="tag" href="/t/m">macOS Sonoma</a>.</p>');
    removeTagLists(r);
    expect(r.textContent).toBe('Tested on Windows 11 and macOS Sonoma.');
  });
  it('keeps a tag link inside a sentence', () => {
    const r = root('<p>The race at <a rel="tag" href="/t/2">Interlagos</a> was the last of the season for the team.</p>');
    removeTagLists(r);
    expect(r.textContent).toBe('The race at Interlagos was the last of the season for the team.');
  });
});

describe('removeTeaserGroups', () => {
  const teaser = (href: string, n: number): string =>
    `<article class="story"><img src="https://news.example/${n}.jpg"><div class="kicker">KICKER ${n}</div><h2><a href="${href}">Headline number ${n} of the rail</a></h2><p>One line of dek for story ${n}.</p></article>`;
  it('removes three or more look-alike teasers that link to other stories of the same site', () => {
    const r = root(`<p>${prose('a')}</p><div class="grid">${[1, 2, 3].map((n) => teaser(`/2019/story-${n}`, n)).join('')}</div>`);
    removeTeaserGroups(r, 'https://news.example/2019/this-story');
    expect(r.textContent).toBe(prose('a'));
  });
  it('counts links to the canonical site when the page is served elsewhere', () => {
    const r = root(`<p>${prose('a')}</p><div>${[1, 2, 3].map((n) => teaser(`https://news.example/2019/story-${n}`, n)).join('')}</div>`);
    removeTeaserGroups(r, 'http://127.0.0.1:8080/copy.html', 'https://news.example/2019/this-story');
    expect(r.textContent).toBe(prose('a'));
  });
  it('keeps a round-up whose headlines link to shops, two teasers, a page of nothing but teasers, and headings in the text', () => {
    const shops = root(`<div>${[1, 2, 3].map((n) => teaser(`https://shop.example/item-${n}`, n)).join('')}</div>`);
    removeTeaserGroups(shops, 'https://news.example/2019/gift-guide');
    expect(shops.querySelectorAll('article')).toHaveLength(3);
    const two = root(`<div>${[1, 2].map((n) => teaser(`/2019/story-${n}`, n)).join('')}</div>`);
    removeTeaserGroups(two, 'https://news.example/2019/this-story');
    expect(two.querySelectorAll('article')).toHaveLength(2);
    const front = root(`<div>${[1, 2, 3, 4].map((n) => teaser(`/2019/story-${n}`, n)).join('')}</div>`);
    removeTeaserGroups(front, 'https://news.example/');
    expect(front.querySelectorAll('article')).toHaveLength(4);
    const recipes = root(`<p>${prose('intro', 2)}</p><div>${[1, 2, 3, 4, 5, 6, 7, 8].map((n) => teaser(`/recipes/dish-${n}`, n)).join('')}</div>`);
    removeTeaserGroups(recipes, 'https://news.example/recipes/best-curries');
    expect(recipes.querySelectorAll('article')).toHaveLength(8);
    const listicle = root([1, 2, 3].map((n) => `<h2><a href="/place-${n}">Place ${n}</a></h2><p>${prose(`p${n}`)}</p>`).join(''));
    removeTeaserGroups(listicle, 'https://news.example/2019/best-places');
    expect(listicle.querySelectorAll('h2')).toHaveLength(3);
  });
});
