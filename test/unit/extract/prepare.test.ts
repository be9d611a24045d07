import { describe, expect, it } from 'vitest';
import { prepareDocument } from '../../../utils/extract/prepare';
import { removeClutter } from '../../../utils/extract/prepare/clutter';
import { removeHidden } from '../../../utils/extract/prepare/hidden';
import { resolveLazyImages } from '../../../utils/extract/prepare/lazy-images';
import { normalizeMath } from '../../../utils/extract/prepare/math';
import { removeSignupBoxes } from '../../../utils/extract/prepare/signup-boxes';
import { removeArticleMeta } from '../../../utils/extract/clean/article-meta';
import { removeBoilerplateParagraphs } from '../../../utils/extract/clean/boilerplate-paragraphs';
import { removeDatelines } from '../../../utils/extract/clean/datelines';
import { removeRailSections } from '../../../utils/extract/clean/rail-sections';
import { promoTailStart, trimTrailingPromos } from '../../../utils/extract/clean/trailing-promos';
import { classTokens, looksLikeClutter } from '../../../utils/extract/vocabulary';
import { page, prose } from './helpers';

const text = (doc: Document): string => (doc.body.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('resolveLazyImages', () => {
  it('copies data-src and data-srcset over a placeholder', () => {
    const doc = page('<img src="data:image/gif;base64,R0lGOD" data-src="/real.jpg" data-srcset="/real-2x.jpg 2x">');
    resolveLazyImages(doc);
    const img = doc.querySelector('img')!;
    expect(img.getAttribute('src')).toBe('/real.jpg');
    expect(img.getAttribute('srcset')).toBe('/real-2x.jpg 2x');
  });
  it('uses data-lazy-src when src is missing', () => {
    const doc = page('<img data-lazy-src="/a.png">');
    resolveLazyImages(doc);
    expect(doc.querySelector('img')!.getAttribute('src')).toBe('/a.png');
  });
  it('replaces a placeholder by its <noscript> fallback without duplicating it', () => {
    const doc = page('<figure><img src="/spacer.gif" class="lazy"><noscript><img src="/photo.jpg" alt="A photo"></noscript></figure>');
    resolveLazyImages(doc);
    const imgs = doc.querySelectorAll('img');
    expect(imgs.length).toBe(1);
    expect(imgs[0]!.getAttribute('src')).toBe('/photo.jpg');
    expect(doc.querySelector('noscript')).toBeNull();
  });
  it('takes the first <picture><source> candidate for an image without src', () => {
    const doc = page('<picture><source data-srcset="/p-800.webp 800w, /p-400.webp 400w"><img alt="p"></picture>');
    resolveLazyImages(doc);
    expect(doc.querySelector('img')!.getAttribute('src')).toBe('/p-800.webp');
  });
  it('reads any other data-lazy-* attribute that holds an image URL', () => {
    const doc = page('<img src="/blank.gif" data-lazy-original="https://cdn.example/photo.jpg" data-lazy-sizes="auto">');
    resolveLazyImages(doc);
    expect(doc.querySelector('img')!.getAttribute('src')).toBe('https://cdn.example/photo.jpg');
  });
  it('keeps a real src', () => {
    const doc = page('<img src="/real.jpg" data-src="/other.jpg">');
    resolveLazyImages(doc);
    expect(doc.querySelector('img')!.getAttribute('src')).toBe('/real.jpg');
  });
});

describe('removeHidden', () => {
  it('drops hidden, aria-hidden and display:none elements', () => {
    const doc = page(
      '<p>visible</p><p hidden>h1</p><div aria-hidden="true">h2</div><span style="color:red; display: none">h3</span><p style="visibility:hidden">h4</p>',
    );
    removeHidden(doc);
    expect(text(doc)).toBe('visible');
  });
  it('keeps an aria-hidden wrapper that holds the article (modal open on top)', () => {
    const doc = page(`<div aria-hidden="true"><p>${prose('a', 6)}</p><p>${prose('b', 6)}</p></div>`);
    removeHidden(doc);
    expect(text(doc)).toContain('a sentence 1');
  });
});

describe('looksLikeClutter', () => {
  const el = (html: string): Element => page(html).body.firstElementChild!;
  it('splits class names into tokens', () => {
    expect(classTokens(el('<div class="relatedArticles share_bar" id="x-Promo"></div>'))).toEqual(['related', 'articles', 'share', 'bar', 'x', 'promo']);
  });
  it.each([
    '<div class="share-bar"></div>',
    '<div class="newsletter-signup"></div>',
    '<div id="comments"></div>',
    '<section class="trending-rail"></section>',
    '<div class="ad-slot"></div>',
    '<div class="cookie-banner"></div>',
    '<div class="author-bio"></div>',
    '<nav></nav>',
    '<div role="complementary"></div>',
    '<aside></aside>',
    '<div class="most-popular"></div>',
    '<div aria-label="Share this story"></div>',
  ])('flags %s', (html) => expect(looksLikeClutter(el(html))).toBe(true));
  it.each([
    '<div class="article-body"></div>',
    '<div class="shared-content"></div>',
    '<div class="header"></div>',
    '<div class="adaptive-layout"></div>',
    '<p></p>',
    '<div class="post-content"></div>',
  ])('does not flag %s', (html) => expect(looksLikeClutter(el(html))).toBe(false));
});

describe('removeClutter', () => {
  it('removes furniture but never a box full of prose', () => {
    const doc = page(
      `<div class="widget"><p>${prose('kept', 8)}</p><p>${prose('kept2', 8)}</p></div><div class="share-bar"><a href="#">Share</a></div><div class="ad"><span>Advertisement</span></div>`,
    );
    removeClutter(doc);
    expect(text(doc)).toContain('kept sentence 1');
    expect(text(doc)).not.toContain('Share');
    expect(text(doc)).not.toContain('Advertisement');
  });
  it('removes standalone ad labels in any language', () => {
    const doc = page('<p>Story.</p><div>Anzeige</div><div>ADVERTISEMENT</div><p>Advert</p>');
    removeBoilerplateParagraphs(doc.body);
    expect(text(doc)).toBe('Story.');
  });
});

describe('removeRailSections', () => {
  it('removes a rail heading with its teaser list', () => {
    const doc = page(
      `<div class="x"><p>${prose('body')}</p><h2>Most Popular Articles</h2><ol><li><a href="/1">One</a></li><li><a href="/2">Two</a></li></ol></div>`,
    );
    removeRailSections(doc.body);
    expect(text(doc)).not.toContain('Most Popular');
    expect(text(doc)).not.toContain('One');
    expect(text(doc)).toContain('body sentence 1');
  });
  it('removes the whole box a rail heading starts', () => {
    const doc = page(`<p>${prose('body')}</p><section><h3>Read next</h3><p><a href="/x">A story</a></p></section>`);
    removeRailSections(doc.body);
    expect(text(doc)).not.toContain('A story');
  });
  it('leaves ordinary headings alone', () => {
    const doc = page(`<h2>The vote</h2><p>${prose('body')}</p>`);
    removeRailSections(doc.body);
    expect(text(doc)).toContain('The vote');
  });
});

describe('removeBoilerplateParagraphs', () => {
  it.each([
    '<p><strong>Read more:</strong> <a href="/x">Another story</a></p>',
    '<p>Related: <a href="/x">Another story</a></p>',
    '<p>Lesen Sie auch: <a href="/x">Noch eine Geschichte</a></p>',
    '<p>À lire aussi : <a href="/x">Une autre histoire</a></p>',
    '<p><a href="/nl">Sign up for our free morning newsletter</a> to get the news first.</p>',
    '<p><em>Follow us on Twitter for more updates.</em></p>',
  ])('removes %s', (html) => {
    const doc = page(`<p>Real text.</p>${html}`);
    removeBoilerplateParagraphs(doc.body);
    expect(text(doc)).toBe('Real text.');
  });
  it('keeps a long paragraph that merely starts like a cross-link', () => {
    const long = `<p>Related: ${prose('x', 5)}</p>`;
    const doc = page(long);
    removeBoilerplateParagraphs(doc.body);
    expect(text(doc)).toContain('x sentence 5');
  });
});

describe('trimTrailingPromos', () => {
  it('cuts the appended newsletter sentence and nothing else', () => {
    const doc = page(
      '<p>He spoke in Beijing. They met twice. <strong><a href="/nl">Sign up for CNN’s Meanwhile in China newsletter</a>, which explores how the Chinese leadership shapes the world.</strong></p>',
    );
    trimTrailingPromos(doc.body);
    expect(text(doc)).toBe('He spoke in Beijing. They met twice.');
    expect(doc.querySelector('a, strong')).toBeNull();
  });
  it('finds the promo tail index', () => {
    expect(promoTailStart('A fact. Another fact. Subscribe to our newsletter for more.')).toBe(22);
    expect(promoTailStart('A fact about newsletters. Another fact.')).toBe(-1);
  });
});

describe('removeArticleMeta', () => {
  it('removes byline, dateline and section label but keeps prose', () => {
    const doc = page(
      `<article><a class="article__kicker" href="/w">World</a><div class="byline">By Jane Doe</div><div class="date">Updated <time datetime="2024-01-01">Jan 1</time></div><p>${prose('body')}</p></article>`,
    );
    removeArticleMeta(doc.body);
    expect(text(doc).startsWith('body sentence 1')).toBe(true);
  });
  it('removes a byline with its avatar whole, leaving no "By ," fragment', () => {
    const doc = page(
      `<article><p class="byline"><img src="/a.png" alt="" width="48" height="48"> By <a rel="author" href="/ruth">Ruth Okafor</a>, Environment correspondent · <time datetime="2026-11-27">27 November 2026</time></p><p>${prose('body')}</p></article>`,
    );
    removeArticleMeta(doc.body);
    expect(text(doc)).toBe(prose('body'));
    expect(doc.querySelector('img')).toBeNull();
  });
  it('keeps a meta-named block whose image is content-sized or unsized', () => {
    const doc = page(
      `<article><div class="credit">Photo <img src="/big.jpg" width="800" height="450"></div><div class="meta"><img src="/chart.png"> Chart</div><p>${prose('body')}</p></article>`,
    );
    removeArticleMeta(doc.body);
    expect(doc.querySelectorAll('img')).toHaveLength(2);
  });
});

describe('prepareDocument', () => {
  it('runs all steps', () => {
    const doc = page(
      `<header role="banner">Site</header><article><p>${prose('body')}</p><div class="newsletter">Sign up</div></article><footer class="footer">Footer</footer>`,
    );
    prepareDocument(doc);
    expect(text(doc)).toBe(prose('body'));
  });
});

describe('removeDatelines', () => {
  it.each([
    'By Scott Gordon',
    'By Justine Coleman -',
    'PUBLISHED: 10:48, Tue, Nov 19, 2019',
    '| UPDATED: 11:05, Tue, Nov 19, 2019',
    'Published Nov 18, 2019 at 4:07 PM | Updated at 5:36 PM CST on Nov 18, 2019',
    '05/10/2018 - Publicado por: Clarissa Borba - Categoria: Saúde',
  ])('removes %s', (line) => {
    const doc = page(`<p>Real text.</p><p>${line}</p>`);
    removeDatelines(doc.body);
    expect(text(doc)).toBe('Real text.');
  });
  it('removes a dated heading but keeps a heading that starts with "By"', () => {
    const doc = page('<h3 class="byline">By The Numbers</h3><h3 class="dateline">Published Nov 18, 2019 at 4:07 PM</h3><p>Real text.</p>');
    removeDatelines(doc.body);
    expect(doc.body.querySelectorAll('h3')).toHaveLength(1);
    expect(text(doc)).toBe('By The NumbersReal text.');
  });
  it.each(['By the time they arrived, the fire was out.', 'Published research shows that sleep matters.'])('keeps %s', (line) => {
    const doc = page(`<p>${line}</p>`);
    removeDatelines(doc.body);
    expect(text(doc)).toBe(line);
  });
});

describe('standalone boilerplate', () => {
  it.each([
    '© Aaron Schwartz',
    'GET FOX BUSINESS ON THE GO BY CLICKING HERE',
    'Photo: Jane Smith/Getty Images',
    '<a href="/x">CO-FOUNDER PROUD OF HOME DEPOT EMPLOYEES</a>',
    'Image 2 of 5',
    '1 of 6',
    '(Image credit: Blue Origin)',
    'ATENÇÃO: Comentários com textos ininteligíveis não serão aprovados.',
    'Join our Space Forums to keep talking space on the latest missions!',
    'Every day we send an email with the top stories from Digg.',
    'SOURCE: News agencies',
  ])('removes %s', (line) => {
    const doc = page(`<p>Real text.</p><p>${line}</p>`);
    removeBoilerplateParagraphs(doc.body);
    expect(text(doc)).toBe('Real text.');
  });
  it.each(['Latest figures show growth', 'Popular culture', 'Related work'])('keeps a subheading that only starts like a rail: %s', (heading) => {
    const doc = page(`<p>${prose('body')}</p><h3>${heading}</h3><p>Short paragraph after it.</p>`);
    removeRailSections(doc.body);
    expect(text(doc)).toContain(heading);
    expect(text(doc)).toContain('Short paragraph after it.');
  });
  it.each(['More:', 'Самые популярные статьи'])('removes a "%s" rail with its links', (heading) => {
    const doc = page(
      `<p>${prose('body')}</p><h4>${heading}</h4><ul><li><h4><a href="/a">Story A</a></h4></li></ul><ul><li><h4><a href="/b">Story B</a></h4></li></ul>`,
    );
    removeRailSections(doc.body);
    expect(text(doc)).toBe(prose('body'));
  });
  it('treats a bare rail title block like a heading', () => {
    const doc = page(`<p>${prose('body')}</p><div>DON'T MISS</div><ul><li><a href="/a">Story A</a></li><li><a href="/b">Story B</a></li></ul>`);
    removeRailSections(doc.body);
    expect(text(doc)).toBe(prose('body'));
  });
});

describe('removeSignupBoxes', () => {
  it('removes the box around an e-mail field with its pitch, whatever its class names', () => {
    const doc =
      page(`<article><p>${prose('body')}</p><div class="cta-x"><div class="inner"><h3>Want more stories like this?</h3><p>Every day we send the top stories.</p>
      <form action="/s"><input type="email" name="e"><button>Go</button></form></div></div><p>${prose('tail')}</p></article>`);
    removeSignupBoxes(doc);
    expect(text(doc)).toBe(`${prose('body')}${prose('tail')}`);
  });
  it('stops at the article: a page-wide form is not a sign-up box', () => {
    const doc = page(`<form id="aspnetForm"><article><p>${prose('body')}</p></article><input type="text" name="email_footer"></form>`);
    removeSignupBoxes(doc);
    expect(text(doc)).toBe(prose('body'));
    expect(doc.getElementById('aspnetForm')).not.toBeNull();
  });
});

describe('normalizeMath', () => {
  it('keeps the MathML of MathJax 3 and KaTeX output, not the rendering', () => {
    const doc = page(`<p>When</p><mjx-container class="MathJax CtxtMenu_Attached_0" jax="CHTML"><mjx-math aria-hidden="true"><mjx-mi>a</mjx-mi></mjx-math>
      <mjx-assistive-mml display="inline"><math xmlns="http://www.w3.org/1998/Math/MathML"><mi>a</mi><mo>≠</mo><mn>0</mn></math></mjx-assistive-mml></mjx-container>
      <p>and <span class="katex"><span class="katex-mathml"><math><mi>x</mi></math></span><span class="katex-html" aria-hidden="true"><span>x</span></span></span> too.</p>`);
    normalizeMath(doc);
    expect(doc.querySelectorAll('mjx-container, .katex')).toHaveLength(0);
    expect(Array.from(doc.querySelectorAll('math')).map((m) => m.textContent)).toEqual(['a≠0', 'x']);
  });
  it('is not taken for a menu by the clutter step ("CtxtMenu" class)', () => {
    const doc = page(`<article><p>${prose('a')}</p><mjx-container class="MathJax CtxtMenu_Attached_0"><math><mi>y</mi></math></mjx-container></article>`);
    removeClutter(doc);
    expect(doc.querySelectorAll('math')).toHaveLength(1);
  });
});

describe('rules that must not eat the text (reviewed false positives)', () => {
  it('keeps a bold word that reads like a rail title inside a sentence', () => {
    const doc = page(`<p>${prose('a')}</p><p><strong>More</strong> than rent, officials said, is what families now pay for heating.</p>`);
    removeRailSections(doc.body);
    expect(text(doc)).toContain('than rent, officials said');
  });
  it('keeps a heading about the most popular things, with its list', () => {
    const doc = page(`<p>${prose('a')}</p><h2>Самые популярные языки программирования</h2><ol><li>Python</li><li>JavaScript</li></ol>`);
    removeRailSections(doc.body);
    expect(text(doc)).toContain('Python');
  });
  it.each(['<li><strong>1/2</strong> cup sugar</li>', '<p>Rating: <strong>4/5</strong></p>', '<p>Open <em>24/7</em> since 2019.</p>'])(
    'keeps numbers in %s',
    (html) => {
      const doc = page(`<p>Real text.</p>${html.startsWith('<li>') ? `<ul>${html}</ul>` : html}`);
      removeBoilerplateParagraphs(doc.body);
      expect(text(doc)).toMatch(/1\/2 cup sugar|4\/5|24\/7/);
    },
  );
  it('removes a credit line but keeps the chart beside it', () => {
    const doc = page('<p>Real text.</p><div><img src="/chart.png" width="600" height="400"><div>Source: Bureau of Labor Statistics</div></div>');
    removeBoilerplateParagraphs(doc.body);
    expect(doc.querySelector('img')).not.toBeNull();
    expect(text(doc)).not.toContain('Bureau of Labor Statistics');
  });
  it.each(['Published works (1990–2010)', 'Updated guidance for 2025'])('keeps the section heading "%s"', (heading) => {
    const doc = page(`<h2>${heading}</h2><p>Real text.</p>`);
    removeDatelines(doc.body);
    expect(text(doc)).toContain(heading);
  });
  it('keeps a photo post that has an e-mail field under it', () => {
    const doc = page(
      '<div class="post"><img src="/photo.jpg" width="800" height="600"><p>A short caption-like post about the flood.</p><div><input type="email" name="email"></div></div>',
    );
    removeSignupBoxes(doc);
    expect(doc.querySelector('img')).not.toBeNull();
  });
});
