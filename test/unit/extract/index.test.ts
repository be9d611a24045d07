import { describe, expect, it } from 'vitest';
import { extractArticle, extractSelection, NOT_ARTICLE_MESSAGE, resolveUrls } from '../../../utils/extract';
import { CLEAN_RULES } from '../../../utils/extract/clean';
import { PREPARE_RULES } from '../../../utils/extract/prepare';
import type { StepReport } from '../../../utils/extract';
import type { CleanRule } from '../../../utils/extract/rule';
import { page, parse, prose } from './helpers';

const ARTICLE = `<article><h1>A headline</h1><p>${prose('a', 6)}</p><p>${prose('b', 6)}</p><p>${prose('c', 6)}</p></article>`;

describe('extractArticle', () => {
  it('reports each step, in the order it runs, without changing the result', () => {
    const reports: StepReport[] = [];
    const withSteps = extractArticle(page(ARTICLE), { onStep: (r) => reports.push(r) });
    const without = extractArticle(page(ARTICLE));
    expect(withSteps.ok && without.ok && withSteps.article).toEqual(without.ok && without.article);
    expect(reports.map((r) => r.name)).toEqual([
      'budget',
      'clone',
      'metadata',
      'urls',
      ...PREPARE_RULES.map((r) => `prepare.${r.name}`),
      'readability',
      'headline',
      ...CLEAN_RULES.map((r) => `clean.${r.name}`),
      'sanitize',
      'text',
      'article',
      'gate',
    ]);
    expect(reports.every((r) => r.ms >= 0 && !!r.root)).toBe(true);
  });
  it('refuses a page that is not an article unless forced', () => {
    const doc = page('<nav><a href="/">Home</a></nav><p>Short.</p>');
    const r = extractArticle(doc);
    expect(r).toMatchObject({ ok: false, reason: 'no-article', message: NOT_ARTICLE_MESSAGE });
    const forced = extractArticle(page(`<div><p>${prose('x', 2)}</p></div>`), { force: true });
    expect(forced.ok).toBe(true);
    if (forced.ok) expect(forced.article.readerable).toBe(false);
  });
  it('when cleaning empties the article: a readerable page has none, any other gets Readability’s uncleaned read', () => {
    // A rule that removes everything stands for cleaning that found nothing but furniture.
    const rules = CLEAN_RULES as CleanRule[];
    rules.push({ name: 'empties-all', run: (root) => root.replaceChildren() });
    try {
      const reports: string[] = [];
      const readerable = extractArticle(page(ARTICLE), { force: true, onStep: (r) => reports.push(r.name) });
      expect(readerable).toMatchObject({ ok: false, reason: 'no-article' });
      expect(reports.filter((n) => n === 'readerable' || n === 'uncleaned-copy')).toEqual(['readerable']);
      // Short paragraphs: enough text for Readability, not readerable by its guess (none over 140 characters).
      const short = Array.from({ length: 8 }, (_, i) => `<p>Line ${i} of a notice that is short, plain and has no more than a hundred characters.</p>`).join(
        '',
      );
      const notReaderable = extractArticle(page(`<div>${short}</div>`), { force: true });
      expect(notReaderable.ok).toBe(true);
      if (notReaderable.ok) expect(notReaderable.article.text).toContain('Line 7 of a notice');
    } finally {
      rules.pop();
    }
  });
  it('refuses too large documents quickly', () => {
    const doc = page(`${'<span>x</span>'.repeat(2000)}${ARTICLE}`);
    const r = extractArticle(doc, { maxElements: 1000 });
    expect(r).toMatchObject({ ok: false, reason: 'too-large' });
    if (!r.ok) expect(r.message).toMatch(/too large/);
  });
  it('never throws and reports errors', () => {
    const broken = {
      cloneNode: () => {
        throw new Error('boom');
      },
      getElementsByTagName: () => [],
    } as unknown as Document;
    expect(extractArticle(broken)).toMatchObject({ ok: false, reason: 'error' });
  });
  it('makes URLs absolute against the given URL and keeps the text without the title', () => {
    const doc = page(
      ARTICLE.replace('</article>', '<p><a href="/more">a link</a> in a sentence that is long enough to be a real paragraph of the story.</p></article>'),
      '<title>A headline | Site</title>',
    );
    const r = extractArticle(doc, { url: 'https://site.example/news/1' });
    if (!r.ok) throw new Error(r.message);
    expect(r.article.title).toBe('A headline');
    expect(r.article.contentHtml).toContain('href="https://site.example/more"');
    expect(r.article.text.startsWith('a sentence 1')).toBe(true);
    expect(r.article.text.split('\n').length).toBe(4);
  });
  it('falls back to JSON-LD articleBody when there is no markup', () => {
    const body = `${prose('ld1')}\\n${prose('ld2')}`;
    const doc = parse(
      `<html><head><title>T</title><script type="application/ld+json">{"@type":"NewsArticle","headline":"T","articleBody":"${body}"}</script></head><body><div id="app"></div></body></html>`,
    );
    const r = extractArticle(doc, { force: true });
    if (!r.ok) throw new Error(r.message);
    expect(r.article.text).toContain('ld2 sentence 4');
  });
});

describe('extractArticle fallbacks', () => {
  it('retries Readability on the untouched page when clutter removal starved it (relaxed pass)', () => {
    // The only text is short lines in a box whose class reads as furniture: prepare removes it,
    // Readability finds nothing on the prepared clone, and the relaxed pass on a fresh clone reads it.
    const lines = Array.from({ length: 8 }, (_, i) => `<p>Short line number ${i} of a small note.</p>`).join('');
    const r = extractArticle(page(`<div class="sidebar">${lines}</div>`), { force: true });
    if (!r.ok) throw new Error(r.message);
    expect(r.article.text.split('\n')).toHaveLength(8);
  });
  it('falls back to the largest text block when Readability sees nothing (page hidden behind a modal)', () => {
    // Sites set aria-hidden on the whole page while a dialog is open; Readability skips it, we do
    // not drop that much prose, and the largest block is the article.
    const doc = page(`<div aria-hidden="true"><p>${prose('block', 4)}</p><p>${prose('more', 4)}</p></div>`);
    const r = extractArticle(doc, { force: true });
    if (!r.ok) throw new Error(r.message);
    expect(r.article.text).toContain('block sentence 1');
    expect(r.article.text).toContain('more sentence 4');
  });
});

describe('embedded posts', () => {
  it('keeps an embedded tweet as a quote, without its widget script', () => {
    const tweet =
      '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">The river is over the second step of the gauge.</p>&mdash; Flood Watch (@floodwatch) <a href="https://twitter.com/floodwatch/status/1">November 2, 2026</a></blockquote><script>window.twttr = 1;</script>';
    const doc = page(`<article><p>${prose('a', 4)}</p>${tweet}<p>${prose('b', 4)}</p></article>`);
    const r = extractArticle(doc, { url: 'https://news.example/flood' });
    if (!r.ok) throw new Error(r.message);
    expect(r.article.contentHtml).toMatch(/<blockquote>[\s\S]*second step of the gauge/);
    expect(r.article.contentHtml).not.toContain('<script');
    expect(r.article.text).toContain('The river is over the second step of the gauge.');
  });
});

describe('extractSelection', () => {
  it('sanitizes the selected fragment', () => {
    const doc = page(ARTICLE, '<title>Sel | Site</title><meta property="og:site_name" content="Site">');
    const r = extractSelection(doc, '<p onclick="x()">Chosen <a href="/a">words</a><script>bad()</script></p>', { url: 'https://site.example/x' });
    if (!r.ok) throw new Error(r.message);
    expect(r.article.text).toBe('Chosen words');
    expect(r.article.contentHtml).toBe('<p>Chosen <a href="https://site.example/a" target="_blank" rel="noopener noreferrer">words</a></p>');
    expect(r.article.siteName).toBe('Site');
  });
  it('fails clearly on an empty selection', () => {
    expect(extractSelection(page(ARTICLE), '   ')).toMatchObject({ ok: false, reason: 'no-article' });
  });
});

describe('resolveUrls', () => {
  it('prefers the option, resolves <base> against it, then canonical', () => {
    const doc = page('', '<base href="/sub/">');
    expect(resolveUrls(doc, 'https://a.example/x/y', null)).toEqual({ pageUrl: 'https://a.example/x/y', baseUrl: 'https://a.example/sub/' });
    const plain = page('');
    expect(resolveUrls(plain, undefined, 'https://c.example/p').pageUrl).toMatch(/^https?:/);
  });
});
