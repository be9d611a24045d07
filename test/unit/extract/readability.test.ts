import { describe, expect, it } from 'vitest';
import { checkReaderable, contentFromArticleBody, largestTextBlock, runReadability } from '../../../utils/extract/readability';
import { page, prose } from './helpers';

describe('readability step', () => {
  it('returns the content element and metadata', () => {
    const doc = page(`<article><h1>T</h1><p>${prose('a', 6)}</p><p>${prose('b', 6)}</p></article>`, '<title>Title of it</title>');
    const r = runReadability(doc);
    expect(r?.source).toBe('readability');
    expect(r?.content.textContent).toContain('b sentence 6');
  });
  it('gates on isProbablyReaderable', () => {
    expect(checkReaderable(page(`<p>${prose('a', 6)}</p><p>${prose('b', 6)}</p>`))).toBe(true);
    expect(checkReaderable(page('<ul><li><a href="/a">Home</a></li></ul>'))).toBe(false);
  });
  it('builds content from a JSON-LD articleBody', () => {
    const el = contentFromArticleBody(page(''), `${prose('a')}\n\n${prose('b')}`);
    expect(el?.querySelectorAll('p').length).toBe(2);
    expect(contentFromArticleBody(page(''), 'too short')).toBeNull();
  });
  it('finds the largest text block', () => {
    const doc = page(`<div id="small"><p>tiny</p></div><div id="big"><p>${prose('a')}</p><p>${prose('b')}</p></div>`);
    expect(largestTextBlock(doc)?.getAttribute('id')).toBe('big');
  });
});
