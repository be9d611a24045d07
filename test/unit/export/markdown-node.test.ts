// @vitest-environment node
// No DOM here, as in the CLI and the benchmarks: Turndown parses with domino, whose NodeLists are
// not iterable. The rules must work on it as on a browser's DOM (they run on both).
import { describe, expect, it } from 'vitest';
import { bodyMarkdown } from '../../../utils/export/markdown';
import { SAMPLE } from './entries';

describe('Markdown in Node (domino)', () => {
  it('runs without a global DOM', () => {
    expect((globalThis as { DOMParser?: unknown }).DOMParser).toBeUndefined();
  });
  it('converts the rich body as in the browser', () => {
    const md = bodyMarkdown(SAMPLE[0]!.article.contentHtml);
    expect(md).toContain('```python\nprint("hi")\n```');
    expect(md).toContain('| 2022 | 190 \\| est. |');
  });
  it('keeps a complex table as scrubbed HTML', () => {
    const md = bodyMarkdown(
      '<table><tr><td><ul><li>x</li></ul></td><td onclick="alert(1)" style="color:red">y<script>z</script><a href="javascript:x">j</a><img src="https://i.example/a.png" srcset="javascript:x 2x"></td></tr></table>',
    );
    expect(md).toContain('<li>x</li>');
    expect(md).toContain('<img src="https://i.example/a.png">');
    expect(md).not.toMatch(/onclick|style=|<script|javascript:|srcset/);
  });
});
