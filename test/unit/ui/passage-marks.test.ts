/** Finding a saved article's highlighted passages in its body (utils/ui/passage-marks). */
import { describe, expect, it } from 'vitest';
import { MIN_PASSAGE_CHARS, passageRanges } from '../../../utils/ui/passage-marks';

function body(html: string): HTMLElement {
  const el = document.createElement('div');
  el.innerHTML = html;
  return el;
}

describe('highlighted passages in the body', () => {
  it('finds a quote across elements and line breaks, as the page set it', () => {
    const root = body('<p>The answer, <em>I think</em>, is the\n   marginal user. Then more.</p><p>Another paragraph.</p>');
    const [range] = passageRanges(root, ['The answer, I think, is the marginal user']);
    expect(range?.toString()).toBe('The answer, I think, is the\n   marginal user');
  });

  it('trims the quote marks and ellipses a service puts around a quote', () => {
    const root = body('<p>Apps that were once simple and fast become bloated and slow over the years.</p>');
    expect(passageRanges(root, ['“…apps that were once simple'])).toEqual([]);
    expect(passageRanges(root, ['“Apps that were once simple…”']).map((r) => r.toString())).toEqual(['Apps that were once simple']);
  });

  it('leaves out quotes it cannot find and quotes too short to place', () => {
    const root = body('<p>A sentence that is in the article, and a word: it.</p>');
    expect(passageRanges(root, ['not in this article at all', 'it', 'x'.repeat(MIN_PASSAGE_CHARS - 1)])).toEqual([]);
    expect(passageRanges(root, ['a sentence that is in'])).toEqual([]); // case kept: a quote is verbatim
  });

  it('leaves the body’s DOM as it was', () => {
    const root = body('<p>First part of the <a href="#">linked passage</a> and the rest.</p>');
    const before = root.innerHTML;
    expect(passageRanges(root, ['part of the linked passage and'])).toHaveLength(1);
    expect(root.innerHTML).toBe(before);
  });
});
