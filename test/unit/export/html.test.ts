import { afterAll, describe, expect, it } from 'vitest';
import { parseHtml } from '../../../utils/extract/node';
import { EXPORT_CSP, EXPORT_CSS, articlePage, exportHtml, exportHtmlSingle } from '../../../utils/export/html';
import { collect } from './collect';
import { SAMPLE, entry } from './entries';

const HOSTILE_BODY =
  '<p onclick="alert(1)" style="color:red">Hi<script>alert(2)</script></p><img src="x.jpg" onerror="alert(3)"><a href="javascript:alert(4)">j</a><iframe src="https://evil.example"></iframe><link rel="stylesheet" href="https://evil.example/x.css"><form action="https://evil.example"><input name="q"></form>';

// The pipeline's own Node window for the hostile body: its loading is off and quiet (the test
// environment's window logs each iframe and style sheet it refuses to load).
const quiet = parseHtml('<!doctype html><html><body></body></html>');
afterAll(() => quiet.close());

function doc(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

/** Everything in a page that would load something, run something, or leave the page styled from elsewhere. */
function loads(d: Document): string[] {
  const found: string[] = [];
  for (const el of Array.from(d.querySelectorAll('script, link, iframe, frame, object, embed, base, form, video, audio, source'))) found.push(el.tagName);
  for (const el of Array.from(d.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) if (/^on/i.test(attr.name) || attr.name === 'style') found.push(`${el.tagName}@${attr.name}`);
  }
  for (const img of Array.from(d.querySelectorAll('img')))
    if (!/^(?:https?:|data:image\/)/.test(img.getAttribute('src') ?? '')) found.push(`img ${img.getAttribute('src')}`);
  for (const a of Array.from(d.querySelectorAll('a[href]'))) if (/^\s*javascript:/i.test(a.getAttribute('href')!)) found.push('javascript: link');
  return found;
}

describe('articlePage', () => {
  it('is a self-contained page: charset, then the strict CSP, inline style, no script', () => {
    const page = articlePage(SAMPLE[0]!);
    expect(
      page.startsWith('<!DOCTYPE html>\n<html lang="en" dir="ltr">\n<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="'),
    ).toBe(true);
    expect(EXPORT_CSP.startsWith("default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'")).toBe(true);
    const d = doc(page);
    expect(d.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')).toBe(EXPORT_CSP);
    expect(loads(d)).toEqual([]);
    expect(EXPORT_CSS).not.toMatch(/@import|url\(|@font-face/);
    expect(d.querySelector('h1')!.textContent).toBe('Putin in China to meet ‘dear friend’ Xi');
    expect(d.querySelector('.site')!.textContent).toBe('Daily Ledger');
    expect(d.querySelector('.meta')!.textContent).toBe('By Jane Reporter · 2024-04-19 · 2 min read');
    expect(d.querySelector('.source a')!.getAttribute('href')).toBe('https://news.example/world/putin-xi');
    expect(Array.from(d.querySelectorAll('.tags li'), (li) => li.textContent)).toEqual(['world', 'china, russia', 'a|b', 'say "hi"']);
    expect(d.querySelector('.body table')).not.toBeNull();
    expect(d.querySelector('.body pre code.language-python')).not.toBeNull();
    expect(d.querySelector('footer time')!.getAttribute('datetime')).toBe('2024-04-19T09:30:00Z');
  });
  it('ends with the article’s highlights and notes, every word escaped', () => {
    const d = doc(
      articlePage(entry({ highlights: '> A quoted passage\n\n<img src=x onerror=alert(1)> my note' }), { labels: { highlights: 'Markierungen und Notizen' } }),
    );
    const section = d.querySelector('article > section.highlights')!;
    expect(section.querySelector('h2')!.textContent).toBe('Markierungen und Notizen');
    expect(section.querySelector('blockquote')!.textContent).toBe('A quoted passage');
    expect(section.querySelector('p.note')!.textContent).toBe('<img src=x onerror=alert(1)> my note');
    expect(loads(d)).toEqual([]);
    expect(doc(articlePage(SAMPLE[0]!)).querySelector('section.highlights')).toBeNull();
  });

  it('sanitizes the body again, whatever the stored body holds', () => {
    const d = doc(articlePage(entry({ article: { contentHtml: HOSTILE_BODY } }), { window: quiet.window }));
    expect(loads(d)).toEqual([]);
    expect(d.querySelector('.body')!.textContent).toContain('Hi');
    expect(d.querySelector('.body img')!.getAttribute('src')).toBe('https://news.example/world/x.jpg');
  });
  it('escapes every metadata value', () => {
    const evil = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
    const page = articlePage(
      entry({
        article: {
          title: evil,
          byline: evil,
          siteName: evil,
          lang: 'en" onload="x',
          url: 'javascript:alert(1)',
          leadImageUrl: 'javascript:alert(1)',
          publishedTime: evil,
        },
        tags: [evil],
      }),
    );
    const d = doc(page);
    expect(loads(d)).toEqual([]);
    expect(d.querySelector('h1')!.textContent).toBe(evil);
    expect(d.title).toBe(evil);
    expect(d.documentElement.hasAttribute('lang')).toBe(false);
    expect(d.querySelector('.source')).toBeNull();
  });
  it('sets lang and dir for RTL and CJK articles, and leaves out what is missing', () => {
    const ar = doc(articlePage(SAMPLE[1]!));
    expect(ar.documentElement.getAttribute('lang')).toBe('ar');
    expect(ar.documentElement.getAttribute('dir')).toBe('rtl');
    expect(ar.querySelector('article')!.getAttribute('dir')).toBe('rtl');
    expect(doc(articlePage(SAMPLE[2]!)).documentElement.getAttribute('lang')).toBe('zh-CN');
    const bare = doc(articlePage(SAMPLE[3]!));
    expect(bare.documentElement.hasAttribute('lang')).toBe(false);
    expect(bare.querySelector('.site')).toBeNull();
    expect(bare.querySelector('.meta')!.textContent).toBe('2 min read');
    expect(bare.querySelector('.tags')).toBeNull();
  });
  it('shows the lead image when the body does not already have it', () => {
    const withLead = doc(articlePage(entry({ article: { leadImageUrl: 'https://news.example/lead.jpg' } })));
    expect(withLead.querySelector('.lead img')!.getAttribute('src')).toBe('https://news.example/lead.jpg');
    const inBody = doc(
      articlePage(entry({ article: { leadImageUrl: 'https://news.example/lead.jpg', contentHtml: '<img src="https://cdn.example/lead.jpg">' } })),
    );
    expect(inBody.querySelector('.lead')).toBeNull();
  });
  it('takes the frame words from the caller', () => {
    const d = doc(articlePage(SAMPLE[0]!, { labels: { by: 'Von', minutes: '{n} Min. Lesezeit', original: 'Originalseite' } }));
    expect(d.querySelector('.meta')!.textContent).toBe('Von Jane Reporter · 2024-04-19 · 2 Min. Lesezeit');
    expect(d.querySelector('.source a')!.textContent).toBe('Originalseite');
  });
});

describe('exportHtml', () => {
  it('writes one page per article and an index linking to each', async () => {
    const out = collect();
    const result = await exportHtml([...SAMPLE, entry({ article: { title: 'index' } })], out.sink, { now: Date.UTC(2025, 0, 1) });
    expect(result.count).toBe(6);
    const files = out.files();
    const names = Object.keys(files);
    expect(names).toEqual([
      'Putin in China to meet ‘dear friend’ Xi.html',
      'بوتين يصل إلى بكين صديق عزيز.html',
      '普京抵达北京：会见“亲爱的朋友”习近平.html',
      '- 1 CON script alert(1) script = yes.html',
      'CON_.html',
      'index (2).html',
      'index.html',
    ]);
    const index = doc(files['index.html']!);
    expect(loads(index)).toEqual([]);
    const hrefs = Array.from(index.querySelectorAll('nav a'), (a) => decodeURIComponent(a.getAttribute('href')!));
    expect(hrefs).toEqual(names.slice(0, -1));
    for (const name of names) expect(loads(doc(files[name]!)), name).toEqual([]);
  });
});

describe('exportHtmlSingle', () => {
  it('puts the articles in one page with a table of contents, ids unique across articles', async () => {
    const out = collect();
    const twice = [SAMPLE[0]!, SAMPLE[1]!, SAMPLE[0]!];
    expect((await exportHtmlSingle(twice, out.sink)).count).toBe(3);
    const d = doc(out.text());
    expect(loads(d)).toEqual([]);
    expect(d.querySelectorAll('article.reader')).toHaveLength(3);
    const ids = Array.from(d.querySelectorAll('[id]'), (el) => el.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Every in-page link (contents, footnotes) has its target, in its own article.
    for (const a of Array.from(d.querySelectorAll('a[href^="#"]')))
      expect(d.getElementById(a.getAttribute('href')!.slice(1)), a.getAttribute('href')!).not.toBeNull();
    expect(d.querySelector('a[href="#a3-reader-fn-1"]')!.closest('article')!.id).toBe('article-3');
    expect(Array.from(d.querySelectorAll('#contents li a'), (a) => a.getAttribute('href'))).toEqual(['#article-1', '#article-2', '#article-3']);
    expect(d.querySelector('#contents li[dir="rtl"]')).not.toBeNull();
    expect(d.querySelector('.top a')!.getAttribute('href')).toBe('#contents');
  });
});
