import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../utils/extract';
import { absolutize, ARTICLE_ID_PREFIX, dropPolicyAttributes, enforcePolicy, sanitizeArticle } from '../../../utils/extract/sanitize';
import { page, prose } from './helpers';

const BASE = 'https://news.example/world/story.html';
const clean = (html: string): string => sanitizeArticle(page(`<div id="root">${html}</div>`).getElementById('root')!, { baseUrl: BASE }).html;

describe('sanitizeArticle', () => {
  it('removes scripts, handlers, styles and forms', () => {
    const out = clean('<p onclick="x()" style="color:red">Hi<script>alert(1)</script></p><form><input name="q"><button>Go</button></form><style>p{}</style>');
    expect(out).toBe('<p>Hi</p>');
  });
  it('drops javascript: and non-image data: URLs but keeps data: images', () => {
    const out = clean('<a href="javascript:alert(1)">a</a><a href="data:text/html,x">b</a><img src="data:image/png;base64,iVBORw0KGgo=">');
    expect(out).not.toContain('javascript:');
    expect(out).not.toContain('data:text');
    expect(out).toContain('src="data:image/png;base64,iVBORw0KGgo="');
  });
  it('makes URLs absolute and opens links safely', () => {
    const out = clean('<a href="../politics/x.html">x</a><img src="/i.jpg" srcset="a.jpg 1x, /b.jpg 2x">');
    expect(out).toContain('href="https://news.example/politics/x.html"');
    expect(out).toContain('target="_blank"');
    expect(out).toContain('rel="noopener noreferrer"');
    expect(out).toContain('src="https://news.example/i.jpg"');
    expect(out).toContain('srcset="https://news.example/world/a.jpg 1x, https://news.example/b.jpg 2x"');
  });
  it('drops each unsafe srcset candidate, not only a first one', () => {
    const out = clean(
      '<img src="/i.jpg" srcset="a.jpg 1x, javascript:alert(1) 2x"><img src="/j.jpg" srcset="b.jpg 1x,  VBScript:x 2x, data:text/html,x 3x"><img src="/k.jpg" srcset="javascript:alert(1) 1x">',
    );
    expect(out).not.toMatch(/javascript:|vbscript:|data:text/i);
    expect(out).toContain('srcset="https://news.example/world/a.jpg 1x"');
    expect(out).toContain('srcset="https://news.example/world/b.jpg 1x"');
    expect(out).toContain('<img src="https://news.example/k.jpg">');
  });
  it('keeps a javascript: candidate of a lazy data-srcset out of the article', () => {
    const body = `<article><h1>Lazy images</h1>${[1, 2, 3, 4, 5].map((i) => `<p>${prose(`lazy ${i}`, 5)}</p>`).join('')}
      <figure><img data-src="/real.jpg" data-srcset="/real.jpg 1x, javascript:alert(document.domain) 2x" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><figcaption>A caption</figcaption></figure>
      <picture><source data-srcset="javascript:alert(2) 1x"><img src="/p.jpg" alt="p"></picture></article>`;
    const result = extractArticle(page(body), { url: BASE });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.article.contentHtml).toContain('real.jpg');
    expect(result.article.contentHtml).not.toMatch(/javascript:/i);
  });
  it('drops SVG animation that sets handlers or URLs, foreign objects and outside <use> references (Node fallback)', () => {
    const out = clean(
      '<p>Chart</p><svg><a><rect id="bar" width="10" height="10"/><set attributeName="onmouseover" to="alert(1)"/><animate attributeName="xlink:href" values="javascript:alert(1)"/><animateTransform attributeName="href" values="javascript:x"/><animateMotion/><foreignObject><p>x</p></foreignObject><use href="https://evil.example/x.svg#a"/><use xlink:href="//evil.example/y.svg#b"/><use href="#bar"/></a></svg>',
    );
    expect(out).not.toMatch(/<(?:set|animate|animateMotion|animateTransform|foreignObject)\b/i);
    expect(out).not.toMatch(/javascript:|evil\.example|onmouseover/i);
    expect(out).toContain('<use href="#bar">');
  });
  it('turns vetted video frames into links and drops other frames', () => {
    const out = clean(
      '<iframe src="https://www.youtube.com/embed/abc"></iframe><iframe src="https://evil.example/x"></iframe><iframe src="//player.vimeo.com/video/1"></iframe>',
    );
    expect(out).toContain('<a href="https://www.youtube.com/embed/abc" target="_blank" rel="noopener noreferrer">Watch the video on YouTube</a>');
    expect(out).toContain('https://player.vimeo.com/video/1');
    expect(out).not.toContain('iframe');
    expect(out).not.toContain('evil');
  });
  it('keeps code language classes and nothing else', () => {
    const out = clean('<pre class="x"><code class="language-ts hl">let a = 1;</code></pre><p class="lead">p</p>');
    expect(out).toBe('<pre><code class="language-ts">let a = 1;</code></pre><p>p</p>');
  });
  it('keeps tables, lists, quotes, figures and math', () => {
    const html =
      '<table><tbody><tr><td>1</td></tr></tbody></table><ul><li>a</li></ul><blockquote>q</blockquote><figure><img src="https://news.example/a.jpg"><figcaption>c</figcaption></figure><math><mi>x</mi></math>';
    const out = clean(html);
    for (const tag of ['<table>', '<li>', '<blockquote>', '<figure>', '<figcaption>']) expect(out).toContain(tag);
  });
  it('accepts a string', () => {
    expect(sanitizeArticle('<p>a<img src=x onerror=alert(1)></p>', { baseUrl: null }).html).toBe('<p>a<img src="x"></p>');
  });
});

describe('the policy without DOMPurify (what the in-place path relies on after it)', () => {
  it('drops handlers, styles, data-* and class names except a code block’s language, and keeps ids, hrefs and alt text', () => {
    const root = page(
      '<div id="r" class="story-body" data-track="1"><p class="lead" style="color:red" onclick="x()" id="note-1">a <a href="/x" data-id="2" onmouseover="y()">b</a></p><pre class="hl language-js"><code class="language-js x">1</code></pre><img src="/i.jpg" alt="i" class="w-100"></div>',
    ).getElementById('r')!;
    dropPolicyAttributes(root);
    expect(root.outerHTML).toBe(
      '<div id="r"><p id="note-1">a <a href="/x">b</a></p><pre class="language-js"><code class="language-js">1</code></pre><img src="/i.jpg" alt="i"></div>',
    );
  });
  it('prefixes the ids and names of HTML elements (trimmed) when asked, as the string purifier’s hook does, and leaves SVG ids alone', () => {
    const root = page(
      '<div id="r"><p id=" method ">a</p><img name="cookie" src="/i.png"><a name="">e</a><svg><linearGradient id="g"></linearGradient></svg></div>',
    ).getElementById('r')!;
    dropPolicyAttributes(root, true);
    expect(root.outerHTML).toBe(
      `<div id="${ARTICLE_ID_PREFIX}r"><p id="${ARTICLE_ID_PREFIX}method">a</p><img name="${ARTICLE_ID_PREFIX}cookie" src="/i.png"><a name="">e</a><svg><linearGradient id="g"></linearGradient></svg></div>`,
    );
  });
  it('removes forbidden tags and unsafe URLs even where DOMPurify did nothing', () => {
    const root = page(
      '<div id="r"><p>a<script>x()</script><object data="/f"></object></p><form><label>l</label></form><a href="javascript:x()">j</a></div>',
    ).getElementById('r')!;
    enforcePolicy(root, BASE, true);
    expect(root.innerHTML).toBe('<p>a</p>l<a>j</a>');
  });
});

describe('absolutize', () => {
  it('resolves against a base and leaves bad input alone', () => {
    expect(absolutize('x', 'https://a.example/b/')).toBe('https://a.example/b/x');
    expect(absolutize('x', null)).toBe('x');
  });
});
