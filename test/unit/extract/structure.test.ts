/**
 * Structure kept: headings of documentation, recipe and review pages, photo-essay captions, and
 * footnotes with their references, on fixtures under test/fixtures/structure/.
 */
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../utils/extract';
import { ARTICLE_ID_PREFIX } from '../../../utils/extract/sanitize';
import type { Article } from '../../../utils/model/article';
import { unboxHeadingControls } from '../../../utils/extract/prepare/heading-controls';
import { fixture, parse, prose } from './helpers';

const URL_OF = (name: string): string => `https://example.org/structure/${name}`;

function extract(name: string): Article {
  const result = extractArticle(parse(fixture(`structure/${name}`)), { url: URL_OF(name) });
  if (!result.ok) throw new Error(result.message);
  return result.article;
}

function body(article: Article): Document {
  return parse(`<!DOCTYPE html><html><body>${article.contentHtml}</body></html>`);
}

function headings(doc: Document): string[] {
  return Array.from(doc.querySelectorAll('h2, h3')).map((h) => `${h.tagName.toLowerCase()} ${(h.textContent ?? '').trim()}`);
}

/** Links inside headings that point back into the page: permalinks, which must all be gone. */
function headingSelfLinks(doc: Document, name: string): Element[] {
  return Array.from(doc.querySelectorAll('h1 a, h2 a, h3 a, h4 a')).filter((a) => {
    const href = a.getAttribute('href') ?? '';
    return href.startsWith('#') || href.startsWith(`${URL_OF(name)}#`);
  });
}

describe('headings of documentation, recipe and review pages', () => {
  it('docs: every section heading stays a heading with its text, without its permalink', () => {
    const article = extract('docs.html');
    const doc = body(article);
    expect(headings(doc)).toEqual(['h2 Overview', 'h2 Install', 'h2 Configure', 'h3 Themes', 'h3 Search', 'h2 Run', 'h2 Upgrade', 'h2 Troubleshooting']);
    expect(headingSelfLinks(doc, 'docs.html')).toEqual([]);
    for (const mark of ['¶', '🔗', '§', '\u200b']) {
      expect(article.text).not.toContain(mark);
      expect(article.contentHtml).not.toContain(mark);
    }
    const lines = article.text.split('\n');
    for (const h of ['Overview', 'Install', 'Configure', 'Themes', 'Search', 'Run', 'Upgrade', 'Troubleshooting']) expect(lines).toContain(h);
  });
  it('recipe: "Ingredients", "Method" and "Tips" stay h2s, the lists under them stay lists', () => {
    const article = extract('recipe.html');
    const doc = body(article);
    expect(headings(doc)).toEqual(['h2 Ingredients', 'h2 Method', 'h2 Tips']);
    expect(headingSelfLinks(doc, 'recipe.html')).toEqual([]);
    expect(doc.querySelectorAll('ul li')).toHaveLength(6);
    expect(doc.querySelectorAll('ol li')).toHaveLength(4);
    expect(article.text.split('\n')).toContain('Method');
    // Readability turns the box around "Tips" into a <p>; the reader must not show empty paragraphs around it.
    expect(article.contentHtml).not.toMatch(/<p>\s*<\/p>|<p><h2/);
  });
  it('review: "Pros", "Cons" and "Verdict" stay h3s', () => {
    const article = extract('review.html');
    const doc = body(article);
    expect(headings(doc)).toEqual(['h3 Pros', 'h3 Cons', 'h3 Verdict']);
    expect(headingSelfLinks(doc, 'review.html')).toEqual([]);
    expect(article.text).not.toContain('¶');
    expect(article.text).not.toContain('More reviews');
  });
  it('Wikipedia: section headings beside an "[edit]" link stay, the edit link goes', () => {
    // MediaWiki's markup since 2024: <div class="mw-heading"><h2>History</h2><span class="mw-editsection">[edit]</span></div>.
    const article = extract('wikipedia-headings.html');
    const doc = body(article);
    expect(headings(doc)).toEqual(['h2 History', 'h3 Planning', 'h3 Construction', 'h2 Route', 'h2 Locks', 'h2 Present day', 'h2 See also', 'h2 References']);
    expect(article.contentHtml).not.toMatch(/action=edit|\[edit\]|>edit</);
    const lines = article.text.split('\n');
    for (const h of ['History', 'Planning', 'Construction', 'Route', 'Locks', 'Present day', 'See also', 'References']) expect(lines).toContain(h);
    // The sections' text and lists stay under their headings: a wiki's "See also" is a section, not a rail.
    expect(article.text).toContain('Work began in the spring of 1886');
    expect(doc.querySelectorAll('h2 + ul li')).toHaveLength(3);
    expect(doc.querySelectorAll('ol > li')).toHaveLength(4);
  });
  it('older MediaWiki markup: the "[edit]" inside the heading goes, the heading and its text stay', () => {
    const section = (id: string, title: string, text: string): string =>
      `<h2><span class="mw-headline" id="${id}">${title}</span><span class="mw-editsection"><span class="mw-editsection-bracket">[</span><a href="/w/index.php?title=Tide_mill&amp;action=edit&amp;section=1" title="Edit section: ${title}">edit</a><span class="mw-editsection-bracket">]</span></span></h2><p>${text}</p>`;
    const html = `<html lang="en"><head><title>Tide mill - Wikipedia</title></head><body><div id="mw-content-text"><div class="mw-parser-output">
      <p>${prose('A tide mill is a water mill driven by tidal rise and fall', 4)}</p>
      ${section('History', 'History', prose('Tide mills were built along the coasts of Europe from the eleventh century', 5))}
      ${section('Operation', 'Operation', prose('A dam with a sluice is built across a tidal inlet and the water is held at high tide', 5))}</div></div></body></html>`;
    const result = extractArticle(parse(html), { url: 'https://en.wikipedia.org/wiki/Tide_mill' });
    if (!result.ok) throw new Error(result.message);
    expect(headings(body(result.article))).toEqual(['h2 History', 'h2 Operation']);
    expect(result.article.text).not.toContain('[edit]');
  });
  it('GitHub READMEs: a heading boxed with its permalink icon stays a heading, the icon link goes; a box with a real link is left alone', () => {
    const heading = (id: string, title: string): string =>
      `<div class="markdown-heading"><h2 class="heading-element">${title}</h2><a id="user-content-${id}" class="anchor" aria-label="Permalink: ${title}" href="#${id}"><svg class="octicon octicon-link" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true"><path d="M7.775 3.275"></path></svg></a></div>`;
    const html = `<html lang="en"><head><title>acme/tidewater: Tide tables in the terminal</title></head><body><article class="markdown-body entry-content">
      <p>${prose('Tidewater prints tide tables for any harbour', 4)}</p>
      ${heading('install', 'Install')}<p>${prose('Install it with your package manager of choice', 4)}</p>
      ${heading('usage', 'Usage')}<p>${prose('Run it with the name of a harbour and a date', 4)}</p></article></body></html>`;
    const result = extractArticle(parse(html), { url: 'https://github.com/acme/tidewater' });
    if (!result.ok) throw new Error(result.message);
    const doc = body(result.article);
    expect(headings(doc)).toEqual(['h2 Install', 'h2 Usage']);
    expect(headingSelfLinks(doc, 'tidewater')).toEqual([]);
    expect(doc.querySelector('h2 a')).toBeNull();
    const boxed = parse('<body><div class="section-head"><h2>Latest news</h2><a href="/news">See all</a></div></body>');
    unboxHeadingControls(boxed);
    expect(boxed.querySelector('div.section-head > h2')).not.toBeNull();
  });
});

/** Every in-article link and the element it points at, checked both ways for footnotes. */
function checkFootnotes(doc: Document, refCount: number, noteCount: number): void {
  const refs = Array.from(doc.querySelectorAll('sup a[href^="#"]'));
  expect(refs).toHaveLength(refCount);
  const notes = new Set<Element>();
  for (const ref of refs) {
    expect(ref.getAttribute('href')!.startsWith(`#${ARTICLE_ID_PREFIX}`)).toBe(true);
    expect(ref.hasAttribute('target')).toBe(false);
    const note = doc.getElementById(ref.getAttribute('href')!.slice(1));
    expect(note?.tagName).toBe('LI');
    notes.add(note!);
    // The note links back to the reference's own marker.
    const refId = ref.closest('[id]')!.getAttribute('id');
    const back = Array.from(note!.querySelectorAll('a[href^="#"]')).find((a) => a.getAttribute('href') === `#${refId}`);
    expect(back, `back-link to ${refId}`).toBeDefined();
    expect(back!.hasAttribute('target')).toBe(false);
  }
  expect(notes.size).toBe(noteCount);
  // Nothing but those targets keeps an id, and every kept id is prefixed.
  for (const el of Array.from(doc.querySelectorAll('[id]'))) expect(el.id.startsWith(ARTICLE_ID_PREFIX)).toBe(true);
}

describe('footnotes and their references', () => {
  it('Wikipedia: [1] links to its note in the references list, ^ links back; the note text stays', () => {
    const article = extract('footnotes-wikipedia.html');
    const doc = body(article);
    checkFootnotes(doc, 4, 3);
    expect(doc.querySelectorAll('ol > li')).toHaveLength(3);
    expect(article.text).toContain('Hydraulics of Spillways and Energy Dissipators');
    expect(article.text).toContain('Monticello Dam');
    // "[2]" is cited twice: both back-links (a, b) of its note lead to the right place.
    const note2 = doc.getElementById(`${ARTICLE_ID_PREFIX}cite_note-usbr-2`)!;
    const backs = Array.from(note2.querySelectorAll('a[href^="#"]')).map((a) => doc.getElementById(a.getAttribute('href')!.slice(1))?.tagName);
    expect(backs).toEqual(['SUP', 'SUP']);
    // A link to another site still opens in a new tab.
    expect(doc.querySelector('a[href^="https://www.usbr.gov"]')?.getAttribute('target')).toBe('_blank');
  });
  it('WordPress and Markdown: fnref/fn ids survive prefixed, the notes list stays', () => {
    const article = extract('footnotes-wordpress.html');
    const doc = body(article);
    checkFootnotes(doc, 2, 2);
    expect(article.text).toContain("Journey times from the operator's published running-time data");
    expect(article.text).toContain('Night services run every thirty minutes');
  });
});

describe('photo essays', () => {
  it('keep their captions as the article’s text (8 figures, a two-sentence intro)', () => {
    const article = extract('photo-essay.html');
    const doc = body(article);
    expect(doc.querySelectorAll('figure img')).toHaveLength(8);
    expect(doc.querySelectorAll('figure > figcaption')).toHaveLength(8);
    expect(doc.querySelectorAll('figcaption figcaption')).toHaveLength(0);
    const lines = article.text.split('\n');
    expect(lines).toHaveLength(9);
    expect(lines[0]).toMatch(/^The small port of Cangas/);
    expect(lines[1]).toMatch(/^In the grey hour before dawn/);
    expect(lines[8]).toMatch(/^In the evening the boats go out again/);
    expect(article.wordCount).toBeGreaterThan(400);
  });
  it('keep captions even where every picture has the same source (the gate fixture)', () => {
    const result = extractArticle(parse(fixture('gate/articles/photo-essay.html')), { url: 'https://example.org/gate/photo-essay.html' });
    if (!result.ok) throw new Error(result.message);
    const { article } = result;
    expect(parse(`<body>${article.contentHtml}</body>`).querySelectorAll('figure figcaption')).toHaveLength(5);
    expect(article.text).toContain('Manuel Couto, 71, walks the dyke');
    expect(article.text).toContain('Tiago, 26, left a job in a Lisbon call centre');
    expect(article.wordCount).toBeGreaterThan(200);
  });
});
