import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import TurndownService from 'turndown';
import { articleFrontMatter, articleMarkdown, bodyMarkdown, escapeText, exportMarkdown } from '../../../utils/export/markdown';
import { yamlString } from '../../../utils/export/yaml';
import { collect } from './collect';
import { SAMPLE, entry } from './entries';

/** The front matter of a note, parsed by a real YAML parser. */
function frontMatterOf(note: string): Record<string, unknown> {
  const m = /^---\n([\s\S]*?\n)---\n/.exec(note);
  if (!m) throw new Error('no front matter');
  return parse(m[1]!) as Record<string, unknown>;
}

describe('Markdown notes', () => {
  it('ends with the article’s highlights and notes: quotes as quotes, notes as text that stays text', () => {
    const note = articleMarkdown(entry({ article: { contentHtml: '<p>Body.</p>' }, highlights: '> First line\n> second line\n\n#insight <b>bold</b> $5' }));
    expect(note.endsWith('Body.\n\n## Highlights and notes\n\n> First line\n> second line\n\n\\#insight \\<b>bold\\</b> \\$5\n')).toBe(true);
    expect(articleMarkdown(entry({ highlights: '> q' }), 'Markierungen')).toContain('\n## Markierungen\n\n> q\n');
    expect(articleMarkdown(SAMPLE[0]!)).not.toContain('## Highlights');
  });

  it('writes the front matter fields in order, with exactly the stored values', () => {
    const fm = frontMatterOf(articleMarkdown(SAMPLE[0]!));
    expect(fm).toEqual({
      title: 'Putin in China to meet ‘dear friend’ Xi',
      url: 'https://news.example/world/putin-xi',
      author: 'Jane Reporter',
      site: 'Daily Ledger',
      published: '2024-04-19T08:00:00Z',
      saved: '2024-04-19T09:30:00Z',
      tags: ['world', 'china, russia', 'a|b', 'say "hi"'],
      archived: false,
      favourite: true,
      read: false,
    });
    expect(Object.keys(fm)).toEqual(['title', 'url', 'author', 'site', 'published', 'saved', 'tags', 'archived', 'favourite', 'read']);
  });
  it('leaves out missing fields and quotes values YAML would misread', () => {
    const note = articleMarkdown(SAMPLE[3]!);
    expect(frontMatterOf(note)).toEqual({
      title: '- #1: "CON" <script>alert(1)</script> = yes',
      url: 'https://edge.example/x?a=1&b=2',
      saved: '2024-04-19T09:30:00Z',
      tags: [],
      archived: false,
      favourite: false,
      read: false,
    });
    expect(note).toContain('title: "- #1: \\"CON\\" <script>alert(1)</script> = yes"\n');
  });
  it('keeps RTL and CJK values as they are', () => {
    expect(frontMatterOf(articleMarkdown(SAMPLE[1]!))).toMatchObject({ title: 'بوتين يصل إلى بكين: "صديق عزيز"', tags: ['سياسة'], archived: true, read: true });
    expect(articleFrontMatter(SAMPLE[2]!)).toContain('title: "普京抵达北京：会见“亲爱的朋友”习近平"\n');
  });
  it('converts headings, lists, links, images, quotes, code with its language and tables', () => {
    const md = bodyMarkdown(SAMPLE[0]!.article.contentHtml);
    expect(md).toContain('## What happened');
    expect(md).toContain('**Vladimir Putin**');
    expect(md).toContain('[Beijing](https://news.example/beijing)');
    expect(md).toContain('![Putin and Xi shake hands](https://news.example/img/putin-xi.jpg)');
    // Turndown's list markers: the marker, then the item aligned on four columns.
    expect(md).toMatch(/^- {3}Trade\n- {3}Energy$/m);
    expect(md).toMatch(/^1\. {2}First\n2\. {2}Second$/m);
    expect(md).toContain('> A dear friend.');
    expect(md).toContain('```python\nprint("hi")\n```');
    expect(md).toContain('| Year | Trade (bn \\$) |');
    expect(md).toMatch(/^\| -+ \| -+ \|$/m);
    expect(md).toContain('| 2022 | 190 \\| est. |');
  });
  it('takes a language from the pre as well, and a fence longer than any inside the code', () => {
    const md = bodyMarkdown('<pre class="lang-js"><code>a = "```";\n````\n</code></pre>');
    expect(md).toBe('`````js\na = "```";\n````\n`````');
  });
  it('keeps a table GFM cannot hold as HTML, without script or handlers', () => {
    const md = bodyMarkdown('<table><tr><td><ul><li>x</li></ul></td><td onclick="alert(1)">y<script>z</script></td></tr></table>');
    expect(md).toContain('<table>');
    expect(md).toContain('<li>x</li>');
    expect(md).not.toMatch(/onclick|<script|joplin/);
  });
  it('writes text as text: no raw HTML, math, Obsidian tags or comments from the article', () => {
    const md = bodyMarkdown(SAMPLE[3]!.article.contentHtml);
    expect(md).toBe('\\=cmd|calc \\<b> \\$5 and \\$10 \\#MeToo \\%\\%hidden\\%\\%');
    expect(bodyMarkdown('<p>C# and issue #12 and &amp;amp; and &lt;3</p>')).toBe('C# and issue #12 and \\&amp; and <3');
  });
  it('drops unsafe links and images even if the stored body had them', () => {
    const md = bodyMarkdown('<p><a href="javascript:alert(1)">click</a> <img src="javascript:x" alt="a"><img src="data:text/html,x" alt="b"></p>');
    expect(md).toBe('click');
  });
  it('puts the title as a heading, escaped', () => {
    const note = articleMarkdown(entry({ article: { title: '# Not *bold*\nreally', contentHtml: '<p>x</p>' } }));
    expect(note).toContain('\n# \\# Not \\*bold\\* really\n\nx\n');
  });
});

describe('escapeText', () => {
  it("answers what escaping every text would: Turndown's escapes, then the extra ones (its shortcut for plain text changes nothing)", () => {
    const turndown = new TurndownService();
    const extra = (t: string) =>
      t.replace(/<(?=[A-Za-z!/?])|&(?=#?\w+;)|\$|(?<=^|\s)#(?=[^\s#\d])|%%|==|~~/gu, (m) => (m.length === 2 ? `\\${m[0]}\\${m[1]}` : `\\${m}`));
    // Texts made mostly of the characters either escape acts on, and any text at all.
    const special = fc.string({ unit: fc.constantFrom(...'\\*-+=#`~[]>_0123456789. <&$%;abc\n'.split('')), maxLength: 24 });
    fc.assert(
      fc.property(fc.oneof(special, fc.string({ maxLength: 40 })), (text) => {
        expect(escapeText(text)).toBe(extra(turndown.escape(text)));
      }),
      { numRuns: 3000 },
    );
    expect(escapeText('Plain words, nothing to escape.')).toBe('Plain words, nothing to escape.');
    expect(escapeText('1. not a list *or* #tag $5')).toBe('1\\. not a list \\*or\\* \\#tag \\$5');
  });
});

describe('yamlString', () => {
  it('escapes controls, quotes, backslashes and separators, and replaces lone surrogates', () => {
    expect(yamlString('a"b\\c\nd\te\u0000\u0085\u2028\ufeff\u007f')).toBe('"a\\"b\\\\c\\nd\\te\\0\\x85\\u2028\\uFEFF\\x7F"');
    expect(parse(`k: ${yamlString('x\ud800y')}`)).toEqual({ k: 'x\ufffdy' });
  });
  it('reads back exactly, for any title, tag and URL (property)', () => {
    const text = fc.string({ unit: 'binary', maxLength: 60 }).map((s) => s.toWellFormed());
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 5 }), fc.webUrl(), fc.option(text, { nil: null }), (title, tags, url, byline) => {
        const e = entry({ article: { title, url, byline }, tags });
        const fm = frontMatterOf(articleFrontMatter(e));
        expect(fm.title).toBe(title);
        expect(fm.url).toBe(url);
        expect(fm.tags).toEqual(tags);
        expect(fm.author).toBe(byline && byline.trim() ? byline : undefined);
      }),
      { numRuns: 300 },
    );
  });
});

describe('exportMarkdown', () => {
  it('writes a zip of notes with safe, unique names, and reports progress', async () => {
    const out = collect();
    const progress: number[] = [];
    const all = [...SAMPLE, entry({ article: { title: 'Putin in China to meet ‘dear friend’ Xi' } })];
    const result = await exportMarkdown(all, out.sink, { onProgress: (n) => progress.push(n) });
    expect(result.count).toBe(6);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
    const files = out.files();
    expect(Object.keys(files)).toEqual([
      'Putin in China to meet ‘dear friend’ Xi.md',
      'بوتين يصل إلى بكين صديق عزيز.md',
      '普京抵达北京：会见“亲爱的朋友”习近平.md',
      '- 1 CON script alert(1) script = yes.md',
      'CON_.md',
      'Putin in China to meet ‘dear friend’ Xi (2).md',
    ]);
    expect(result.bytes).toBe(out.bytes().length);
    for (const [name, note] of Object.entries(files)) {
      expect(note.startsWith('---\ntitle: ')).toBe(true);
      expect(frontMatterOf(note).title, name).toBeTypeOf('string');
    }
    expect(files['CON_.md']).toBe(
      '---\ntitle: "CON"\nurl: "https://news.example/world/putin-xi"\nauthor: "Jane Reporter"\nsite: "Daily Ledger"\npublished: "2024-04-19T08:00:00Z"\nsaved: "1970-01-01T00:00:00Z"\ntags: []\narchived: false\nfavourite: false\nread: false\n---\n\n# CON\n\n',
    );
  });
  it('writes an empty but valid zip for no articles, and takes an async iterable', async () => {
    const out = collect();
    async function* none(): AsyncGenerator<never> {}
    expect((await exportMarkdown(none(), out.sink)).count).toBe(0);
    expect(out.files()).toEqual({});
  });
  it('stops between articles when aborted', async () => {
    const out = collect();
    const abort = new AbortController();
    const run = exportMarkdown(SAMPLE, out.sink, { signal: abort.signal, onProgress: (n) => n === 2 && abort.abort(new Error('stop')) });
    await expect(run).rejects.toThrow('stop');
  });
});
