/**
 * The HTML export checks a stored body against the sanitize policy instead of sanitizing it again
 * (stored-body.ts): a body the sanitizer wrote passes as it is, anything else is sanitized in full.
 * Every XSS vector of test/fixtures/xss/, stored raw as a tampered library would hold it, leaves
 * nothing dangerous in the exported page.
 */
import { describe, expect, it } from 'vitest';
import { articlePageWithImages } from '../../../utils/export/html';
import { isPolicyClean, parseStoredBody } from '../../../utils/export/stored-body';
import { patchHappyDomForDomPurify } from '../../../utils/extract/node';
import { ARTICLE_ID_PREFIX, sanitizeArticle } from '../../../utils/extract/sanitize';
import { describeFindings, findDangerousMarkup } from '../support/dangerous-markup';
import { loadVectors } from '../security/xss-support';
import { SAMPLE } from './entries';

patchHappyDomForDomPurify(window);

const URL_ = 'https://news.example/2026/story';
const clean = (html: string) => {
  const root = parseStoredBody(html);
  return root !== null && isPolicyClean(root);
};

describe('a stored body in the HTML export', () => {
  it('passes as it is when the sanitizer wrote it', () => {
    const rich =
      '<h2 id="top">Heading</h2><p class="lead x">A <a href="/about">link</a>, <a href="#n1">note</a> and <em>words</em>.</p>' +
      '<figure><picture><source srcset="/a.webp 2x"><img src="/a.png" srcset="/a.png 1x, /b.png 2x" alt="A" width="10"></picture><figcaption>Cap</figcaption></figure>' +
      '<pre><code class="language-js">x()</code></pre><table><tbody><tr><td colspan="2">1</td></tr></tbody></table><ol><li id="n1">The note</li></ol>';
    const stored = sanitizeArticle(rich, { baseUrl: URL_ }).html;
    expect(stored).toContain(`id="${ARTICLE_ID_PREFIX}n1"`);
    expect(clean(stored)).toBe(true);
    for (const entry of SAMPLE) expect(clean(sanitizeArticle(entry.article.contentHtml, { baseUrl: entry.article.url }).html)).toBe(true);
  });

  it('drops comments, which the sanitizer keeps but whose serialization could read differently elsewhere', () => {
    const root = parseStoredBody('<p>x</p><!-- note --><!-- --!><img src=x onerror=alert(1)> --></ x><?x><p>y</p>')!;
    expect(root.innerHTML).not.toContain('<!--');
    expect(isPolicyClean(root)).toBe(false);
    expect(parseStoredBody('<p>x</p><!-- a plain note --><p>y</p>')!.innerHTML).toBe('<p>x</p><p>y</p>');
  });

  it.each([
    ['a script', '<p>x</p><script>alert(1)</script>'],
    ['an event handler', '<img src="https://a.example/x.png" onerror="alert(1)">'],
    ['a script URL', '<a href="javascript:alert(1)">x</a>'],
    ['a script URL with a tab in it', '<a href="java\tscript:alert(1)">x</a>'],
    ['a data: URL outside an image', '<a href="data:text/html,<script>alert(1)</script>">x</a>'],
    ['a relative URL (not made absolute)', '<a href="/x">x</a>'],
    ['a style', '<p style="background:url(javascript:x)">x</p>'],
    ['SVG', '<svg><a href="https://a.example/">x</a></svg>'],
    ['MathML', '<math><mi>x</mi></math>'],
    ['a raw-text element', '<xmp><img src=x onerror=alert(1)></xmp>'],
    ['a data attribute', '<p data-x="1">x</p>'],
    ['an id that clobbers', '<img name="getElementById" src="https://a.example/x.png">'],
    ['a class the sanitizer drops', '<p class="hidden">x</p>'],
    ['a srcset with a script URL', '<img src="https://a.example/x.png" srcset="javascript:alert(1) 2x">'],
    ['a form', '<form action="https://evil.example/"><p>x</p></form>'],
    ['a link target other than the policy’s', '<a href="https://a.example/" target="_top">x</a>'],
  ])('is sanitized in full when it holds %s', (_, html) => {
    expect(clean(html)).toBe(false);
  });

  it('leaves nothing dangerous in the exported page, whatever a tampered library stored', async () => {
    const vectors = loadVectors();
    expect(vectors.length).toBeGreaterThan(100);
    for (const vector of vectors) {
      const entry = { ...SAMPLE[0]!, article: { ...SAMPLE[0]!.article, contentHtml: `<p>Before</p>${vector.payload}<p>After</p>` } };
      const page = await articlePageWithImages(entry);
      const body = page.slice(page.indexOf('<div class="body">'), page.lastIndexOf('</article>'));
      const findings = findDangerousMarkup(body);
      expect(findings, `${vector.id}: ${describeFindings(findings)}`).toEqual([]);
    }
  });
});
