import { describe, expect, it } from 'vitest';
import { removePermalinkAnchors } from '../../../utils/extract/clean/permalink-anchors';
import { samePageFragment } from '../../../utils/extract/sanitize';
import { page } from './helpers';

const PAGE = 'https://docs.example.org/guide/start.html';
const root = (html: string): Element => page(`<div id="r">${html}</div>`).getElementById('r')!;
const clean = (html: string): string => {
  const r = root(html);
  removePermalinkAnchors(r, [PAGE]);
  return r.innerHTML;
};

describe('removePermalinkAnchors', () => {
  it('removes a symbol-only self-link: ¶, #, §, 🔗, a zero-width space, an icon', () => {
    expect(clean('<h2 id="a">Install<a class="headerlink" href="#a">¶</a></h2>')).toBe('<h2 id="a">Install</h2>');
    expect(clean('<h2 id="a"><a class="anchor" aria-hidden="true" href="#a">#</a>Install</h2>')).toBe('<h2 id="a">Install</h2>');
    expect(clean('<h3 id="a">Install <a href="#a">§</a></h3>')).toBe('<h3 id="a">Install </h3>');
    expect(clean('<h3 id="a">Install<a href="#a">🔗</a></h3>')).toBe('<h3 id="a">Install</h3>');
    expect(clean('<h3 id="a">Install<a href="#a">&#8203;</a></h3>')).toBe('<h3 id="a">Install</h3>');
    expect(clean('<h2 id="a"><a href="#a"><svg viewBox="0 0 16 16"><path d="M0 0"></path></svg></a>Install</h2>')).toBe('<h2 id="a">Install</h2>');
  });
  it('recognises the page’s own URL with a fragment as a self-link', () => {
    expect(clean(`<h2 id="a">Install<a href="${PAGE}#a">¶</a></h2>`)).toBe('<h2 id="a">Install</h2>');
    expect(samePageFragment(`${PAGE}#a`, [PAGE])).toBe('a');
    expect(samePageFragment('#a', [])).toBe('a');
    expect(samePageFragment('https://docs.example.org/guide/other.html#a', [PAGE])).toBeNull();
    expect(samePageFragment('#', [PAGE])).toBeNull();
  });
  it('keeps the text of a heading whose only link is a link to itself', () => {
    expect(clean('<h3 id="search"><a href="#search">Search</a></h3>')).toBe('<h3 id="search">Search</h3>');
    // Sphinx puts the id on the section around the heading; GitHub on an anchor inside it.
    expect(clean('<section id="s"><h2><a href="#s">Run</a></h2></section>')).toBe('<section id="s"><h2>Run</h2></section>');
    expect(clean('<h2><a class="anchor" id="user-content-run" href="#run">Run</a></h2>')).toBe('<h2>Run</h2>');
  });
  it('removes a permalink classed as one with a hidden label', () => {
    expect(clean('<h2 id="a">Install<a class="anchor-link" href="#a"><span class="sr-only">Permalink</span></a></h2>')).toBe('<h2 id="a">Install</h2>');
  });
  it('leaves links to other places and link text that is part of the heading', () => {
    const other = '<h2 id="a">Install on <a href="https://example.com/windows">Windows</a></h2>';
    expect(clean(other)).toBe(other);
    const partOf = '<h2 id="a">Install, see <a href="#b">the notes</a></h2>';
    expect(clean(partOf)).toBe(partOf);
    const elsewhere = '<h2 id="a"><a href="/guide/other.html#a">Install</a></h2>';
    expect(clean(elsewhere)).toBe(elsewhere);
    // A link in a paragraph is never a heading's permalink.
    const para = '<p id="a">Text <a href="#a">¶</a></p>';
    expect(clean(para)).toBe(para);
  });
});
