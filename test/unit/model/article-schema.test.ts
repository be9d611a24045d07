import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../utils/extract';
import { ArticleSchema, safeImageUrl } from '../../../utils/model/article-schema';
import { page, prose } from '../extract/helpers';
import { makeArticle } from '../support/article-factory';

describe('ArticleSchema checks every URL field at the boundary', () => {
  it('refuses an article whose page URL is not http(s) or file', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,<script>x()</script>', 'vbscript:x', 'chrome://settings']) {
      expect(v.safeParse(ArticleSchema, makeArticle({ url })).success, url).toBe(false);
    }
    for (const url of ['https://news.example/a', 'http://127.0.0.1:8080/x', 'file:///home/me/page.html']) {
      expect(v.safeParse(ArticleSchema, makeArticle({ url })).success, url).toBe(true);
    }
  });

  it('drops an unsafe lead image rather than storing it', () => {
    for (const leadImageUrl of [
      'javascript:alert(1)',
      'data:text/html,<svg onload=x()>',
      'data:image/svg+xml,<svg onload=x()>',
      ' JaVaScRiPt:x',
      'relative.jpg',
    ]) {
      const parsed = v.safeParse(ArticleSchema, makeArticle({ leadImageUrl }));
      expect(parsed.success).toBe(true);
      if (parsed.success) expect(parsed.output.leadImageUrl, leadImageUrl).toBeNull();
    }
    expect(safeImageUrl('https://cdn.example/a.jpg')).toBe('https://cdn.example/a.jpg');
  });

  it('never takes a javascript: og:image as the extracted lead image', () => {
    const body = `<article><h1>Story</h1>${[1, 2, 3, 4, 5].map((i) => `<p>${prose(`og ${i}`, 5)}</p>`).join('')}<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><img src="/photo.jpg" alt=""></article>`;
    const doc = page(body, '<title>Story</title><meta property="og:image" content="javascript:alert(document.cookie)">');
    const result = extractArticle(doc, { url: 'https://news.example/story' });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.article.leadImageUrl).toBe('https://news.example/photo.jpg');
  });
});
