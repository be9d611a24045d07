// @vitest-environment jsdom
// DOMPurify parses strings through DOMParser, which happy-dom implements loosely (it drops the
// first element's tag); jsdom parses like a browser, so these tests see what the reader sees.
import { describe, expect, it } from 'vitest';
import { sanitizeForRender } from '../../../utils/ui/render-html';

describe('sanitizeForRender', () => {
  it('removes scripts, handlers, javascript: links, forms, styles and iframes', () => {
    const html = sanitizeForRender(
      '<p onclick="x()" style="color:red">Hi <a href="javascript:alert(1)">js</a><img src="x.png" onerror="alert(1)"></p><script>x()</script><form><p>in form</p></form><iframe src="https://e.x"></iframe><style>p{}</style>',
    );
    expect(html).not.toMatch(/onclick|onerror|javascript:|<script|<style|<iframe|<form|style=/);
    expect(html).toContain('<p>Hi <a>js</a><img src="x.png"></p>');
    expect(html).toContain('<p>in form</p>');
  });

  it('opens links in a new tab without access to the reader', () => {
    expect(sanitizeForRender('<p><a href="https://news.example/a">a</a></p>')).toBe(
      '<p><a href="https://news.example/a" target="_blank" rel="noopener noreferrer">a</a></p>',
    );
  });

  it('keeps article structure, code language and data: images', () => {
    const html =
      '<figure><img src="data:image/png;base64,AAAA" alt="x"><figcaption>c</figcaption></figure><table><thead><tr><th>h</th></tr></thead></table><pre><code class="language-js">1</code></pre>';
    expect(sanitizeForRender(html)).toBe(html);
  });

  it('turns page landmarks inside the article into plain blocks', () => {
    const html = sanitizeForRender(
      '<main><header><p>Standfirst</p></header><nav role="navigation"><p>n</p></nav><section role="region"><p>Body</p></section></main>',
    );
    expect(html).toBe('<div><div><p>Standfirst</p></div><div><p>n</p></div><section><p>Body</p></section></div>');
  });
});
