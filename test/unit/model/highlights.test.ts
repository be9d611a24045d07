/** Reading a saved article's highlights Markdown as quotes and notes (utils/ui/highlights). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { highlightBlocks } from '../../../utils/model/highlights';

const OMNIVORE = readFileSync(
  join(import.meta.dirname, '..', '..', 'fixtures', 'import', 'omnivore-export', 'highlights', 'the-tyranny-of-the-marginal-user-18c1ab2f3d4.md'),
  'utf8',
);

describe('highlights as quotes and notes', () => {
  it('reads an Omnivore highlights file: each quote, and the notes under it', () => {
    const blocks = highlightBlocks(OMNIVORE);
    expect(blocks[0]).toEqual({ kind: 'quote', text: 'The answer, I think, is the marginal user' });
    expect(blocks.filter((b) => b.kind === 'quote').map((b) => b.text)).toContain('apps that were once simple and fast become bloated and slow.');
    expect(blocks.filter((b) => b.kind === 'note').map((b) => b.text)).toEqual(
      expect.arrayContaining(['#insight', 'This explains so much about the apps I use.']),
    );
  });

  it('reads wallabag’s and Instapaper’s shapes, and Windows line ends', () => {
    expect(highlightBlocks('> All users must upgrade.\r\n\r\nupgrade everything today')).toEqual([
      { kind: 'quote', text: 'All users must upgrade.' },
      { kind: 'note', text: 'upgrade everything today' },
    ]);
    expect(highlightBlocks('> line one\n> line two')).toEqual([{ kind: 'quote', text: 'line one\nline two' }]);
  });

  it('keeps markup as text and drops blank blocks', () => {
    expect(highlightBlocks('\n\n> <img src=x onerror=alert(1)>\n\n   \n\n<script>x</script>\n')).toEqual([
      { kind: 'quote', text: '<img src=x onerror=alert(1)>' },
      { kind: 'note', text: '<script>x</script>' },
    ]);
    expect(highlightBlocks('')).toEqual([]);
    expect(highlightBlocks('>\n>')).toEqual([]);
  });
});
