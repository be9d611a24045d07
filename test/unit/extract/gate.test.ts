/**
 * The article gate (utils/extract/gate.ts): its measures on small synthetic inputs, then the real
 * pipeline in Node (parseHtml, as the CLI and the benchmarks run it) on every gate fixture.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractArticle, NOT_ARTICLE_MESSAGE, type GateDecision } from '../../../utils/extract';
import {
  declaredTypes,
  declaresNonArticle,
  DENSE_CHAR_RE,
  judgeArticle,
  judgeFigures,
  measureContent,
  measureListing,
  MIN_PARAGRAPH_CHARS,
  weightedLength,
} from '../../../utils/extract/gate';
import { isConsentText } from '../../../utils/extract/vocabulary';
import { parseHtml } from '../../../utils/extract/node';
import { page, parse, prose } from './helpers';

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures');

/** The body of a synthetic page as the gate sees extracted content. */
function content(html: string): Element {
  return page(`<div id="c">${html}</div>`).getElementById('c')!;
}

/** Latin text of exactly `n` non-space characters, in words of five letters. */
function latin(n: number): string {
  const words: string[] = [];
  for (let left = n; left > 0; left -= 5) words.push('abcde'.slice(0, Math.min(5, left)));
  return words.join(' ');
}

describe('gate measures', () => {
  it('weighs CJK and Thai characters three times, spaces not at all', () => {
    expect(weightedLength('ab cd')).toEqual({ chars: 4, weighted: 4 });
    expect(weightedLength('科研团队')).toEqual({ chars: 4, weighted: 12 });
    expect(weightedLength('ひらがな カタカナ')).toEqual({ chars: 8, weighted: 24 });
    expect(weightedLength('한국어 기사')).toEqual({ chars: 5, weighted: 15 });
    expect(weightedLength('ข่าว')).toEqual({ chars: 4, weighted: 12 });
    expect(weightedLength('Новости дня')).toEqual({ chars: 10, weighted: 10 });
    expect(weightedLength('أخبار اليوم')).toEqual({ chars: 10, weighted: 10 });
  });

  it('counts characters as the regex definition does (white space out, dense scripts ×3), on any text', () => {
    const dense = new RegExp(DENSE_CHAR_RE.source, 'g');
    const byRegex = (t: string): { chars: number; weighted: number } => {
      const chars = t.replace(/\s+/g, '').length;
      return { chars, weighted: chars + (t.match(dense)?.length ?? 0) * 2 };
    };
    const sample = fc
      .array(
        fc.oneof(
          fc.constantFrom(' ', '\n', '\u00a0', '\u3000', '\u2009', '\ufeff', 'a', 'é', '中', 'ก', '한', 'カ', '\u0600'),
          fc.string({ unit: 'grapheme' }),
        ),
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(sample, (t) => {
        expect(weightedLength(t)).toEqual(byRegex(t));
      }),
    );
  });

  it('accepts a Chinese brief a third as long as the shortest Latin article it accepts', () => {
    const zh = '东江大桥将于三月二十日零时起全封闭施工，预计工期为四十五天，期间途经大桥的公交线路将临时调整。';
    const chars = Math.ceil(MIN_PARAGRAPH_CHARS / 3 / zh.length);
    const brief = content(`<p>${zh.repeat(chars)}</p><p>${zh}</p>`);
    expect(judgeArticle(brief).accept).toBe(true);
    // The same number of Latin characters is far too little.
    expect(judgeArticle(content(`<p>${latin(zh.length * chars)}</p><p>${latin(zh.length)}</p>`)).accept).toBe(false);
    expect(measureContent(brief).scriptWeight).toBeGreaterThan(2.5);
  });

  it('counts text in links apart, and refuses content that is mostly links', () => {
    const links = Array.from({ length: 12 }, (_, i) => `<li><a href="/s/${i}">${prose(`headline ${i}`, 1)}</a></li>`).join('');
    const f = measureContent(content(`<p>${prose('intro', 2)}</p><ul>${links}</ul>`));
    expect(f.linkDensity).toBeGreaterThan(0.8);
    expect(f.linkBlocks).toBe(12);
    const d = judgeFigures(f);
    expect(d.accept).toBe(false);
    expect(d.reason).toMatch(/mostly links/);
    // A paragraph citing a source in a link is still prose.
    const cited = measureContent(content(`<p>${prose('a')} <a href="/src">the report</a> ${prose('b')}</p>`));
    expect(cited.paragraphs).toBe(1);
    expect(cited.linkDensity).toBeLessThan(0.1);
  });

  it('accepts one long paragraph, refuses one short one', () => {
    expect(judgeArticle(content(`<p>${prose('long', 4)}</p>`))).toMatchObject({ accept: true });
    const short = judgeArticle(content(`<p>${prose('short', 1)}</p>`));
    expect(short.accept).toBe(false);
    expect(short.reason).toMatch(/too little prose/);
  });

  it('does not count headings, labels and prices as paragraphs', () => {
    const cells = Array.from({ length: 40 }, (_, i) => `<tr><td>Item ${i}</td><td>$${i}.99</td><td>In stock, ships today</td></tr>`).join('');
    const f = measureContent(content(`<h2>${prose('heading', 2)}</h2><table>${cells}</table>`));
    expect(f.proseChars).toBeGreaterThan(800);
    expect(f.paragraphs).toBe(0);
    expect(judgeFigures(f).accept).toBe(false);
  });

  it('refuses many short teasers: headline links with one-line blurbs', () => {
    const teasers = Array.from(
      { length: 10 },
      (_, i) =>
        `<h3><a href="/story/${i}">Council votes on budget ${i}</a></h3><p>The vote follows months of debate about bus routes, school buses and the cost of the harbour wall ${i}.</p><a href="/story/${i}">Read more</a>`,
    ).join('');
    const f = measureContent(content(teasers));
    expect(f.paragraphChars).toBeGreaterThan(MIN_PARAGRAPH_CHARS);
    const d = judgeFigures(f);
    expect(d.accept).toBe(false);
    expect(d.reason).toMatch(/teasers/);
  });

  it('refuses a list of excerpts cut short with an ellipsis', () => {
    const excerpts = [1, 2, 3, 4].map((i) => `<article><p>${prose(`post ${i}`, 2)} … <a href="/p/${i}">Continue reading</a></p></article>`).join('');
    const d = judgeArticle(content(excerpts));
    expect(d.figures.truncatedParagraphs).toBe(4);
    expect(d).toMatchObject({ accept: false });
    expect(d.reason).toMatch(/excerpts/);
  });

  it('uses a declared listing, product or video type only as a tie-breaker', () => {
    const short = content(`<p>${prose('desc', 3)}</p>`);
    expect(judgeArticle(short).accept).toBe(true);
    expect(judgeArticle(short, { types: ['product', 'Product'] }).accept).toBe(false);
    // An article type anywhere on the page cancels it; a long text passes anyway.
    expect(judgeArticle(short, { types: ['Product', 'Review'] }).accept).toBe(true);
    expect(judgeArticle(content(`<p>${prose('a', 6)}</p><p>${prose('b', 6)}</p>`), { types: ['CollectionPage'] }).accept).toBe(true);
    expect(declaresNonArticle(['website', 'WebPage'])).toBe(false);
    expect(declaresNonArticle(['SoftwareApplication'])).toBe(true);
    expect(declaresNonArticle(['SingleFamilyResidence', 'PostalAddress'])).toBe(true);
    expect(declaresNonArticle(['NewsArticle', 'Event'])).toBe(false);
    expect(declaresNonArticle(['article'])).toBe(false);
  });

  it('refuses a listing: look-alike items, each a short blurb with a link line to another page of the site', () => {
    const site = { pageUrl: 'https://news.example/tags/housing' };
    const item = (i: number, title: string, more: string): string =>
      `<article><h2>${title}</h2><p>Councillors approved ${i * 20} homes on the old depot site after a long debate about traffic, height and the share of social rent.</p>${more}</article>`;
    // Linked titles, or a "Continue reading" line of its own: a listing, wherever the title went.
    const linked = content(Array.from({ length: 5 }, (_, i) => item(i, `<a href="/news/story-${i}">Story ${i}</a>`, '')).join(''));
    expect(measureListing(linked, site).items).toBe(5);
    expect(judgeArticle(linked, site)).toMatchObject({ accept: false, reason: expect.stringMatching(/a listing/) });
    const more = content(Array.from({ length: 4 }, (_, i) => item(i, `Story ${i}`, `<p><a href="/2024/03/${i}/post/">Continue reading</a></p>`)).join(''));
    expect(judgeArticle(more, site).reason).toMatch(/a listing/);
    // The same items linking to shops are a round-up, not a listing of the site's own pages.
    const shops = content(
      Array.from({ length: 5 }, (_, i) => item(i, `Boot ${i}`, `<p><a href="https://shop${i}.example/boot">£190 at Shop ${i}</a></p>`)).join(''),
    );
    expect(measureListing(shops, site).items).toBe(0);
    // A briefing whose items cite the site's stories inside their sentences is an article.
    const briefing = content(
      `<p>${prose('intro', 1)}</p><ol>${Array.from(
        { length: 8 },
        (_, i) =>
          `<li>The council approved ${i} new bus routes after months of debate, <a href="/news/buses-${i}">officials said on Tuesday</a>, and the first will run in May.</li>`,
      ).join('')}</ol>`,
    );
    expect(measureListing(briefing, site).items).toBe(0);
    expect(judgeArticle(briefing, site).accept).toBe(true);
    // Sections of an article are longer than a blurb.
    const sections = content(
      Array.from({ length: 4 }, (_, i) => `<section><h2><a href="/s/${i}">Part ${i}</a></h2><p>${prose(`part ${i}`, 6)}</p></section>`).join(''),
    );
    expect(judgeArticle(sections, site).accept).toBe(true);
  });

  it('refuses a consent notice standing where the page should be, in any language, not a story about cookies', () => {
    const de = content(
      '<h2>Willkommen</h2><p>Wir und unsere 187 Partner speichern und/oder greifen auf Informationen auf Ihrem Gerät zu, etwa Cookies, und verarbeiten personenbezogene Daten für personalisierte Werbung und Inhalte.</p><p>Mit Ihrer Zustimmung können wir und unsere Partner genaue Standortdaten verwenden. Sie können Ihre Auswahl jederzeit ändern.</p>',
    );
    expect(judgeArticle(de)).toMatchObject({ accept: false, reason: expect.stringMatching(/consent notice/) });
    expect(isConsentText('Pour continuer, nous et nos 214 partenaires utilisons des cookies et des traceurs sur votre appareil.')).toBe(true);
    expect(isConsentText('当サイトではクッキーを使用しています。')).toBe(true);
    const story = content(
      `<p>The regulator fined the publisher €2m for setting advertising cookies without consent, saying its banner made refusing harder than accepting.</p><p>${prose('ruling', 3)}</p><p>Users must be able to refuse tracking cookies with one click, the ruling says, and sites have three months to change their banners.</p>`,
    );
    expect(judgeArticle(story).accept).toBe(true);
    expect(isConsentText('Fortune cookies are our favourite.')).toBe(false);
  });

  it('refuses labels around a line or two of prose, not a brief that carries a table', () => {
    const labels = Array.from({ length: 24 }, (_, i) => `<div><p>Component ${i}</p><p>Operational</p></div>`).join('');
    const status = content(`<p>${prose('update', 2)}</p><p>${prose('fix', 1)}</p>${labels}`);
    expect(judgeArticle(status)).toMatchObject({ accept: false, reason: expect.stringMatching(/labels/) });
    const rows = Array.from({ length: 20 }, (_, i) => `<tr><td>Party ${i}</td><td>${i * 3}%</td><td>${i} seats</td></tr>`).join('');
    expect(judgeArticle(content(`<p>${prose('result', 2)}</p><p>${prose('turnout', 1)}</p><table>${rows}</table>`)).accept).toBe(true);
  });

  it('reads og:type and every JSON-LD @type, even from broken JSON', () => {
    const doc = parse(`<html><head><meta property="og:type" content="video.other">
      <script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":["Product","Thing"]}]}</script>
      <script type="application/ld+json">{"@type": "NewsArticle", broken</script></head><body></body></html>`);
    expect(declaredTypes(doc)).toEqual(['video.other', 'WebPage', 'Product', 'Thing', 'NewsArticle']);
  });
});

interface Entry {
  kind: 'article' | 'non-article';
  mustContain?: string[];
}

const manifest = JSON.parse(readFileSync(join(FIXTURES, 'gate/manifest.json'), 'utf8')) as Record<string, Entry>;
const articles = Object.entries(manifest).filter(([, e]) => e.kind === 'article');
const nonArticles = Object.entries(manifest).filter(([, e]) => e.kind === 'non-article');

/** The gated pipeline in Node, as the CLI runs it, with the gate's decision. */
async function gated(path: string): Promise<{ ok: boolean; text: string; message: string; gate: GateDecision | null }> {
  const url = `http://127.0.0.1/${path}`;
  const parsed = parseHtml(readFileSync(join(FIXTURES, path), 'utf8'), url);
  try {
    let gate: GateDecision | null = null;
    const r = extractArticle(parsed.document, { url, window: parsed.window, onGate: (d) => (gate = d) });
    // Captions are left out of `text`; a photo essay's words are in them, so phrases are looked up in the HTML's text too.
    const shown = r.ok ? `${r.article.text}\n${parse(r.article.contentHtml).body.textContent ?? ''}` : '';
    return { ok: r.ok, text: shown, message: r.ok ? '' : r.message, gate };
  } finally {
    await parsed.close();
  }
}

const norm = (s: string): string => s.replace(/\s+/g, ' ');

// Written after the gate by someone who had not seen it (gate-holdout), and again before the gate
// was changed for that set's misses (gate-holdout-2): the fairer estimate of unseen pages.
for (const set of ['gate-holdout', 'gate-holdout-2']) {
  const holdout = JSON.parse(readFileSync(join(FIXTURES, set, 'manifest.json'), 'utf8')) as Record<string, Entry>;

  describe(`the gate on held-out pages it was not tuned on (${set})`, () => {
    it.each(Object.entries(holdout).filter(([, e]) => e.kind === 'article'))('shows the article %s with its phrases', async (path, entry) => {
      const r = await gated(`${set}/${path}`);
      expect(r.ok, `${path} refused: ${r.gate?.reason ?? r.message}`).toBe(true);
      for (const phrase of entry.mustContain ?? []) expect(norm(r.text)).toContain(norm(phrase));
    });

    it('answers "no article" on at least 90% of the non-articles', async () => {
      const pages = Object.entries(holdout).filter(([, e]) => e.kind === 'non-article');
      const accepted: string[] = [];
      for (const [path] of pages) {
        const r = await gated(`${set}/${path}`);
        if (r.ok) accepted.push(`${path} (${r.gate?.reason ?? ''})`);
      }
      if (accepted.length) console.log(`${set} non-articles accepted by the gate:\n  ${accepted.join('\n  ')}`);
      expect(1 - accepted.length / pages.length).toBeGreaterThanOrEqual(0.9);
    }, 120_000);
  });
}

describe('the gate on the fixtures (real pipeline, Node)', () => {
  it.each(articles)('shows the article %s', async (path) => {
    const r = await gated(`gate/${path}`);
    expect(r.ok, `${path} refused: ${r.gate?.reason ?? r.message}`).toBe(true);
  });

  for (const [path, entry] of articles) {
    it(`keeps the phrases of ${path}`, async () => {
      const r = await gated(`gate/${path}`);
      for (const phrase of entry.mustContain ?? []) expect(norm(r.text)).toContain(norm(phrase));
    });
  }

  it('answers "no article" on at least 90% of the non-articles', async () => {
    const accepted: string[] = [];
    for (const [path] of nonArticles) {
      const r = await gated(`gate/${path}`);
      if (r.ok) accepted.push(`${path} (${r.gate?.reason ?? ''})`);
      else expect(r.message).toBe(NOT_ARTICLE_MESSAGE);
    }
    if (accepted.length) console.log(`non-articles accepted by the gate:\n  ${accepted.join('\n  ')}`);
    expect(1 - accepted.length / nonArticles.length).toBeGreaterThanOrEqual(0.9);
  }, 120_000); // one test over every page: generous on a loaded two-core machine

  it('refuses the home page the e2e suite uses, accepts the sample news page', async () => {
    expect(await gated('pages/no-article.html')).toMatchObject({ ok: false, message: NOT_ARTICLE_MESSAGE });
    const sample = await gated('sample-news-page.html');
    expect(sample.ok).toBe(true);
    expect(sample.gate?.accept).toBe(true);
  });

  it('"Read anyway" still shows what a refused page holds, with readerable false', async () => {
    const url = 'http://127.0.0.1/x.html';
    const parsed = parseHtml(readFileSync(join(FIXTURES, 'gate/non-articles/tag-page.html'), 'utf8'), url);
    const r = extractArticle(parsed.document, { url, window: parsed.window, force: true });
    await parsed.close();
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.article.readerable).toBe(false);
  });
});
