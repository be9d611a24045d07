import { afterEach, describe, expect, it, vi } from 'vitest';
import { FALLBACK_MARK_CLASS, HIGHLIGHT_NAME, USER_SCROLL_GRACE_MS, createHighlighter, wrapInMarks } from '../../../utils/speech/highlight';
import { segmentArticle, sentenceRange } from '../../../utils/speech/segments';

const HTML = '<p>Alpha one. Beta <b>two</b> here. Gamma.</p><p>Delta <i>four</i>.</p>';

function mount() {
  const root = document.createElement('div');
  root.innerHTML = HTML;
  document.body.replaceChildren(root);
  const sentences = segmentArticle(root, 'en').flatMap((p) => p.sentences);
  return { root, sentences };
}

afterEach(() => {
  vi.restoreAllMocks();
  const w = window as unknown as Record<string, unknown>;
  delete w.Highlight;
  delete w.CSS; // drops our own-property stand-in (happy-dom's CSS is a fresh object per read)
});

describe('mark fallback', () => {
  it('wraps the sentence, then restores the DOM exactly so other sentences stay valid', () => {
    const { root, sentences } = mount();
    const highlighter = createHighlighter({ root, mode: 'mark' });
    expect(highlighter.mode).toBe('mark');
    for (const sentence of sentences) {
      highlighter.show(sentence);
      const marks = Array.from(root.querySelectorAll(`mark.${FALLBACK_MARK_CLASS}`));
      expect(marks.map((m) => m.textContent).join('')).toBe(sentence.text);
    }
    // Every sentence still maps to its text after all that splitting and merging.
    for (const sentence of sentences) expect(sentenceRange(sentence)!.toString().replace(/\s+/g, ' ')).toBe(sentence.text);
    highlighter.show(null);
    expect(root.innerHTML).toBe(HTML);
    expect(root.querySelector('p')!.childNodes).toHaveLength(3); // no stray split text nodes
    highlighter.dispose();
  });

  it('wrapInMarks handles a sentence that covers a whole text node', () => {
    const { root, sentences } = mount();
    const last = sentences.at(-1)!; // "Delta four." over three nodes, one of them whole
    const { undo, marks } = wrapInMarks(last.pieces);
    expect(marks.map((m) => m.textContent)).toEqual(['Delta ', 'four', '.']);
    expect(root.querySelectorAll('mark')).toHaveLength(3);
    undo();
    expect(root.innerHTML).toBe(HTML);
  });

  it('is what "auto" uses when the Custom Highlight API is missing', () => {
    const { root } = mount();
    expect(createHighlighter({ root }).mode).toBe('mark');
  });
});

describe('Custom Highlight API', () => {
  function installFakeApi(): Map<string, { ranges: Range[] }> {
    const registry = new Map<string, { ranges: Range[] }>();
    const w = window as unknown as Record<string, unknown>;
    w.Highlight = class {
      ranges: Range[];
      constructor(...ranges: Range[]) {
        this.ranges = ranges;
      }
    };
    Object.defineProperty(window, 'CSS', { value: { highlights: registry }, configurable: true });
    return registry;
  }

  it('registers the sentence range without touching the DOM', () => {
    const registry = installFakeApi();
    const { root, sentences } = mount();
    const highlighter = createHighlighter({ root });
    expect(highlighter.mode).toBe('highlight-api');
    highlighter.show(sentences[1]!);
    expect(registry.get(HIGHLIGHT_NAME)!.ranges[0]!.toString()).toBe('Beta two here.');
    expect(root.innerHTML).toBe(HTML);
    highlighter.show(null);
    expect(registry.has(HIGHLIGHT_NAME)).toBe(false);
    highlighter.show(sentences[0]!);
    highlighter.dispose();
    expect(registry.has(HIGHLIGHT_NAME)).toBe(false);
  });
});

describe('keeping the sentence in view', () => {
  function rectAt(top: number): DOMRect {
    return { top, bottom: top + 20, left: 0, right: 100, width: 100, height: 20, x: 0, y: top, toJSON: () => ({}) } as DOMRect;
  }

  function setupScroll(top: number, reduced = false) {
    const { root, sentences } = mount();
    vi.spyOn(Range.prototype, 'getBoundingClientRect').mockReturnValue(rectAt(top));
    const scroller = document.scrollingElement!;
    const scrollBy = vi.fn();
    (scroller as unknown as { scrollBy: unknown }).scrollBy = scrollBy;
    vi.spyOn(window, 'matchMedia').mockImplementation((query: string) => ({ matches: reduced && query.includes('reduce') }) as MediaQueryList);
    let clock = 100_000;
    const highlighter = createHighlighter({ root, mode: 'mark', now: () => clock, insets: () => ({ top: 50, bottom: 0 }) });
    return { highlighter, sentences, scrollBy, advance: (ms: number) => (clock += ms) };
  }

  it('does nothing while the sentence is visible', () => {
    const { highlighter, sentences, scrollBy } = setupScroll(200);
    highlighter.show(sentences[0]!);
    expect(scrollBy).not.toHaveBeenCalled();
  });

  it('scrolls smoothly when it leaves the view, or instantly under reduced motion', () => {
    const off = setupScroll(window.innerHeight + 300);
    off.highlighter.show(off.sentences[0]!);
    expect(off.scrollBy).toHaveBeenCalledTimes(1);
    expect(off.scrollBy.mock.calls[0]![0]).toMatchObject({ behavior: 'smooth' });
    expect(off.scrollBy.mock.calls[0]![0].top).toBeGreaterThan(0);
    off.highlighter.dispose();
    vi.restoreAllMocks();

    const reduced = setupScroll(10, true); // under the 50 px sticky bar: hidden
    reduced.highlighter.show(reduced.sentences[0]!);
    expect(reduced.scrollBy.mock.calls[0]![0]).toMatchObject({ behavior: 'auto' });
    expect(reduced.scrollBy.mock.calls[0]![0].top).toBeLessThan(0);
  });

  it('does not fight a user who is scrolling', () => {
    const { highlighter, sentences, scrollBy, advance } = setupScroll(window.innerHeight + 300);
    document.dispatchEvent(new Event('wheel'));
    highlighter.show(sentences[0]!);
    advance(USER_SCROLL_GRACE_MS - 500);
    highlighter.show(sentences[1]!);
    expect(scrollBy).not.toHaveBeenCalled();
    advance(1000);
    highlighter.show(sentences[2]!);
    expect(scrollBy).toHaveBeenCalledTimes(1);
    // A scroll event right after our own scrollBy is ours, not the user's.
    document.dispatchEvent(new Event('scroll'));
    highlighter.show(sentences[3]!);
    expect(scrollBy).toHaveBeenCalledTimes(2);
    // A scroll key counts as the user; one typed in a form control does not.
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'PageDown' }));
    highlighter.show(sentences[0]!);
    expect(scrollBy).toHaveBeenCalledTimes(2);
    highlighter.dispose();
  });
});
