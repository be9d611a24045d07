import { describe, expect, it } from 'vitest';
import { ARTICLE_ID_PREFIX, sanitizeArticle } from '../../../utils/extract/sanitize';
import { page, parse } from './helpers';

const BASE = 'https://news.example/world/story.html';
const clean = (html: string, baseUrl: string | null = BASE): string =>
  sanitizeArticle(page(`<div id="root">${html}</div>`).getElementById('root')!, { baseUrl }).html;
const cleanString = (html: string, baseUrl: string | null = BASE): string => sanitizeArticle(html, { baseUrl }).html;

describe('links to places inside the article', () => {
  it('keep a footnote reference and its back-link as fragment links to prefixed ids', () => {
    const out = clean('<p>Text.<sup id="fnref:1"><a href="#fn:1">1</a></sup></p><ol><li id="fn:1">Note. <a href="#fnref:1">↩</a></li></ol>');
    expect(out).toBe(
      `<p>Text.<sup id="${ARTICLE_ID_PREFIX}fnref:1"><a href="#${ARTICLE_ID_PREFIX}fn:1">1</a></sup></p><ol><li id="${ARTICLE_ID_PREFIX}fn:1">Note. <a href="#${ARTICLE_ID_PREFIX}fnref:1">↩</a></li></ol>`,
    );
  });
  it('recognise the page’s own URL with a fragment (a page with <base>, or Readability’s absolute links)', () => {
    const out = clean(`<p><a href="${BASE}#cite_note-1">[1]</a></p><ol><li id="cite_note-1">Note</li></ol>`);
    expect(out).toContain(`<a href="#${ARTICLE_ID_PREFIX}cite_note-1">[1]</a>`);
    expect(out).not.toContain('target=');
  });
  it('match a percent-encoded fragment to its id', () => {
    const out = clean('<p><a href="#K%C3%B6ln">Köln</a></p><h2 id="Köln">Köln</h2>');
    expect(out).toContain(`id="${ARTICLE_ID_PREFIX}Köln"`);
    expect(out).toMatch(new RegExp(`href="#${ARTICLE_ID_PREFIX}(?:Köln|K%C3%B6ln)"`));
  });
  it('keep an old-style <a name> target', () => {
    const out = clean('<p>Text<a href="#n1">*</a></p><p><a name="n1"></a>* The note.</p>');
    expect(out).toContain(`<a href="#${ARTICLE_ID_PREFIX}n1">*</a>`);
    expect(out).toContain(`<a name="${ARTICLE_ID_PREFIX}n1"></a>`);
  });
  it('drop every id no link points at, and leave a link whose target is not in the article pointing at the page', () => {
    const out = clean('<div id="main"><h2 id="intro">Intro</h2><p><a href="#comments">Comments</a></p></div>');
    expect(out).not.toContain('id=');
    expect(out).toContain(`href="${BASE}#comments"`);
    expect(out).toContain('target="_blank"');
  });
  it('are not made absolute or opened in a new tab when there is no base (render time)', () => {
    const out = cleanString('<p><a href="#fn1">1</a></p><p id="fn1">Note</p>', null);
    expect(out).toBe(`<p><a href="#${ARTICLE_ID_PREFIX}fn1">1</a></p><p id="${ARTICLE_ID_PREFIX}fn1">Note</p>`);
  });
  it('are stable: sanitizing the result again changes nothing (render time sanitizes stored articles again)', () => {
    const once = clean('<p>T<sup id="r1"><a href="#n1">1</a></sup></p><ol><li id="n1">N <a href="#r1">↩</a></li></ol>');
    expect(cleanString(once, null)).toBe(once);
    expect(cleanString(once, BASE)).toBe(once);
  });
  it('cannot clobber the document: ids and names such as "cookie", "location" or "getElementById" are prefixed or dropped', () => {
    const names = ['cookie', 'location', 'getElementById', 'method', 'action', 'submit', 'body', 'forms', '__proto__'];
    const html = names.map((n) => `<p id="${n}">x <a href="#${n}">${n}</a></p><img name="${n}" src="/i.png">`).join('');
    for (const out of [clean(html), cleanString(html)]) {
      const doc = parse(`<body>${out}</body>`);
      for (const el of Array.from(doc.querySelectorAll('[id], [name]'))) {
        for (const attr of ['id', 'name']) {
          const v = el.getAttribute(attr);
          if (v !== null) expect(v.startsWith(ARTICLE_ID_PREFIX)).toBe(true);
        }
      }
      // Each paragraph is targeted, so it keeps its (prefixed) id; the images' names, untargeted, go.
      expect(doc.querySelectorAll('p[id]')).toHaveLength(names.length);
      expect(doc.querySelectorAll('img[name]')).toHaveLength(0);
    }
  });
  it('leave SVG ids alone (gradients and clip paths refer to them)', () => {
    const out = clean('<p>x</p><svg viewBox="0 0 1 1"><defs><linearGradient id="g"></linearGradient></defs><rect fill="url(#g)"></rect></svg>');
    expect(out).toContain('id="g"');
  });
});
