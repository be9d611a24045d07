/** The XSS suites' detector (support/dangerous-markup.ts): each rule reports what it must, and leaves safe markup alone. */
import { describe, expect, it } from 'vitest';
import { makeArticle } from '../support/article-factory';
import { clobbers, findDangerousInRecord, findDangerousMarkup, isScriptUrl } from '../support/dangerous-markup';

const rules = (html: string) => findDangerousMarkup(html).map((f) => f.rule);

describe('dangerous markup detector', () => {
  it.each([
    ['<script>alert(1)</script>', 'dangerous element'],
    ['<iframe srcdoc="<script>alert(1)</script>"></iframe>', 'dangerous element'],
    ['<object data="x"></object>', 'dangerous element'],
    ['<embed src="x">', 'dangerous element'],
    ['<base href="https://evil.example/">', 'dangerous element'],
    ['<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', 'meta http-equiv'],
    ['<form action="https://evil.example/"><p>x</p></form>', 'form action'],
    ['<button formaction="javascript:alert(1)">x</button>', 'form action'],
    ['<img src=x onerror=alert(1)>', 'event handler'],
    ['<svg><g ONLOAD="alert(1)"></g></svg>', 'event handler'],
    ['<a href="javascript:alert(1)">x</a>', 'script URL'],
    ['<a href=" &#x0A;java&#x09;script:alert(1)">x</a>', 'script URL'],
    ['<a href="\u2028javascript:alert(1)">x</a>', 'script URL'],
    ['<a href="VBScript:msgbox(1)">x</a>', 'script URL'],
    ['<a href="data:text/html,<script>alert(1)</script>">x</a>', 'script URL'],
    ['<video poster="javascript:alert(1)"></video>', 'script URL'],
    ['<table background="javascript:alert(1)"></table>', 'script URL'],
    ['<img src="data:text/html;base64,PHNjcmlwdD4=">', 'script URL'],
    ['<img srcset="https://a.example/1.jpg 1x, javascript:alert(1) 2x">', 'script URL in srcset'],
    ['<p style="background:url(javascript:alert(1))">x</p>', 'style that runs or loads'],
    ['<p style="width:expression(alert(1))">x</p>', 'style that runs or loads'],
    ['<style>@import "https://evil.example/x.css";</style>', 'style sheet that runs or loads'],
    ['<svg><use href="https://evil.example/sprite.svg#a"></use></svg>', 'svg use of an outside document'],
    ['<svg><set attributeName="onmouseover" to="alert(1)"></set></svg>', 'dangerous element'],
    ['<svg><foreignObject><p>x</p></foreignObject></svg>', 'dangerous element'],
    ['<img name="createElement" src="https://a.example/1.jpg">', 'DOM clobbering'],
    ['<a id="location" href="#x">x</a>', 'DOM clobbering'],
    ['<p id="browser">x</p>', 'DOM clobbering'],
  ])('reports %s', (html, rule) => {
    expect(rules(html)).toContain(rule);
  });

  it.each([
    '<p>Plain <b>text</b> with <a href="https://example.com/a" rel="noopener noreferrer" target="_blank">a link</a>.</p>',
    '<p>Text that mentions javascript:alert(1) and onerror=alert(1) as words.</p>',
    '<img src="https://a.example/1.jpg" srcset="https://a.example/1.jpg 1x, https://a.example/2.jpg 2x" alt="javascript:alert(1)">',
    '<img src="data:image/png;base64,iVBORw0KGgo=" alt="">',
    '<svg><use href="#shape"></use><g id="f1"></g></svg>',
    '<p id="reader-fn-location"><a href="#reader-fn-location">1</a></p>',
    '<pre><code class="language-js">&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>',
  ])('leaves %s alone', (html) => {
    expect(findDangerousMarkup(html)).toEqual([]);
  });

  it('judges URLs stricter than a browser and lets images have data: images only', () => {
    expect(isScriptUrl('java\u0000script:alert(1)', false)).toBe(true);
    expect(isScriptUrl('data:image/svg+xml,<svg onload=alert(1)>', true)).toBe(false);
    expect(isScriptUrl('data:image/svg+xml,<svg onload=alert(1)>', false)).toBe(true);
    expect(isScriptUrl('https://example.com/javascript:x', false)).toBe(false);
    expect(clobbers('cookie')).toBe(true);
    expect(clobbers('footnote-1')).toBe(false);
  });

  it('checks a stored record: its address, lead image, body and plain-text fields', () => {
    expect(findDangerousInRecord(makeArticle())).toEqual([]);
    expect(findDangerousInRecord(makeArticle({ url: 'javascript:alert(1)' })).map((f) => f.attr)).toEqual(['url']);
    expect(findDangerousInRecord(makeArticle({ leadImageUrl: 'data:text/html,x' })).map((f) => f.attr)).toEqual(['leadImageUrl']);
    expect(findDangerousInRecord(makeArticle({ contentHtml: '<p onclick="x()">a</p>' })).map((f) => f.rule)).toEqual(['event handler']);
    expect(findDangerousInRecord(makeArticle({ title: 42 as unknown as string })).map((f) => f.attr)).toEqual(['title']);
  });
});
