import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../utils/extract';
import { cutToTextBudget } from '../../../utils/extract/budget';
import { page, prose } from './helpers';

/** An article of `count` distinct paragraphs (the duplicates rule drops repeated ones). */
function longArticle(count: number): string {
  return `<article><h1>A very long report</h1>${Array.from({ length: count }, (_, i) => `<p>Part ${i}: ${prose(`p${i}`, 3)}</p>`).join('')}</article>`;
}

describe('cutToTextBudget', () => {
  it('leaves a page under the budget untouched', () => {
    const doc = page(longArticle(5));
    const before = doc.body.innerHTML;
    expect(cutToTextBudget(doc, 100_000)).toBe(false);
    expect(doc.body.innerHTML).toBe(before);
  });

  it('cuts after the text node that crosses the budget, keeping the structure above it', () => {
    const doc = page(
      `<main><article><h1>Title</h1><p>one ${'a'.repeat(40)}</p><p>two ${'b'.repeat(40)}</p><p>three</p></article><aside><p>rail</p></aside></main><footer>end</footer>`,
    );
    expect(cutToTextBudget(doc, 60)).toBe(true);
    const paragraphs = Array.from(doc.querySelectorAll('p')).map((p) => p.textContent);
    // "Title" and the first paragraph fit; the second crosses the budget and is kept whole.
    expect(paragraphs).toEqual([`one ${'a'.repeat(40)}`, `two ${'b'.repeat(40)}`]);
    expect(doc.querySelector('aside')).toBeNull();
    expect(doc.querySelector('footer')).toBeNull();
    expect(doc.querySelector('main > article > h1')?.textContent).toBe('Title');
  });

  it('does not count script and style text as the page text', () => {
    const doc = page(`<script>var data = "${'x'.repeat(500)}";</script><style>.a{}</style><article><p>${'w '.repeat(20)}</p><p>last</p></article>`);
    expect(cutToTextBudget(doc, 100)).toBe(false);
    expect(doc.querySelectorAll('p')).toHaveLength(2);
  });
});

describe('extractArticle with a text budget', () => {
  it('shows the first part of a page far past the budget and says it was cut', () => {
    const doc = page(longArticle(400));
    const whole = (doc.body.textContent ?? '').length;
    const r = extractArticle(doc, { maxTextChars: Math.round(whole / 4) });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.article.truncated).toBe(true);
    expect(r.article.text).toContain('Part 0:');
    expect(r.article.text).toContain('Part 50:');
    expect(r.article.text).not.toContain('Part 399:');
    expect(r.article.text.length).toBeLessThan(whole / 3);
    // The page itself is never changed.
    expect(doc.querySelectorAll('article p')).toHaveLength(400);
  });

  it('reads a page under the budget whole, with no truncated flag', () => {
    const r = extractArticle(page(longArticle(40)));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.article.truncated).toBeUndefined();
      expect(r.article.text).toContain('Part 39:');
    }
  });
});
