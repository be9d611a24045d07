import { describe, expect, it } from 'vitest';
import {
  MAX_UTTERANCE_CHARS,
  chunkLong,
  fallbackSentences,
  segmentArticle,
  sentenceRange,
  sentenceSplitter,
  type ParagraphUnit,
} from '../../../utils/speech/segments';

function body(html: string): HTMLElement {
  const el = document.createElement('div');
  el.className = 'reader-body';
  el.innerHTML = html;
  document.body.replaceChildren(el);
  return el;
}

const texts = (paragraphs: ParagraphUnit[]) => paragraphs.map((p) => p.sentences.map((s) => s.text));

describe('segmentArticle', () => {
  it('speaks paragraphs, headings, list items, quotes and captions in reading order', () => {
    const root = body(`
      <h2>The river</h2>
      <p>It rose overnight. Nobody was surprised!</p>
      <ul><li>Sandbags <ul><li>Pumps</li></ul></li><li>Boats</li></ul>
      <blockquote><p>We are ready.</p></blockquote>
      <figure><img src="x.png" alt="A flooded street"><figcaption>Main Street at dawn.</figcaption></figure>`);
    const paragraphs = segmentArticle(root, 'en');
    expect(texts(paragraphs)).toEqual([
      ['The river'],
      ['It rose overnight.', 'Nobody was surprised!'],
      ['Sandbags'],
      ['Pumps'],
      ['Boats'],
      ['We are ready.'],
      ['Main Street at dawn.'],
    ]);
    expect(paragraphs.map((p) => p.element.tagName)).toEqual(['H2', 'P', 'LI', 'LI', 'LI', 'P', 'FIGCAPTION']);
  });

  it('skips code blocks, tables, hidden and aria-hidden content but speaks inline code', () => {
    const root = body(`
      <p>Run <code>npm test</code> first.</p>
      <pre><code>const x = 1;</code></pre>
      <table><tr><td>Cell text.</td></tr></table>
      <p hidden>Hidden text.</p>
      <p>Visible<span aria-hidden="true"> decoration</span> text.</p>`);
    expect(texts(segmentArticle(root, 'en'))).toEqual([['Run npm test first.'], ['Visible text.']]);
  });

  it('keeps each sentence mapped to exactly its DOM text, across inline elements', () => {
    const root = body('<p>Hello <b>bold</b> world. Next <a href="#">link</a>.\n   Last one?</p>');
    const [paragraph] = segmentArticle(root, 'en');
    const sentences = paragraph!.sentences;
    expect(sentences.map((s) => s.text)).toEqual(['Hello bold world.', 'Next link.', 'Last one?']);
    for (const s of sentences) expect(sentenceRange(s)!.toString().replace(/\s+/g, ' ')).toBe(s.text);
    expect(sentences[0]!.pieces).toHaveLength(3);
  });

  it('treats <br> as a space and collapses whitespace', () => {
    const root = body('<p>First line<br>second   line\n\nhere.</p>');
    expect(texts(segmentArticle(root, 'en'))).toEqual([['First line second line here.']]);
  });

  it('splits Arabic by its own question mark and survives a malformed lang', () => {
    const root = body('<p>هل ارتفع النهر؟ نعم، ارتفع كثيرا.</p>');
    expect(texts(segmentArticle(root, 'ar'))[0]).toHaveLength(2);
    expect(() => segmentArticle(root, 'not a language!!')).not.toThrow();
  });

  it('cuts very long sentences so no utterance exceeds the limit', () => {
    const long = Array.from({ length: 60 }, (_, i) => `clause number ${i}`).join(', ') + '.';
    const root = body(`<p>${long}</p>`);
    const sentences = segmentArticle(root, 'en')[0]!.sentences;
    expect(sentences.length).toBeGreaterThan(1);
    for (const s of sentences) expect(s.text.length).toBeLessThanOrEqual(MAX_UTTERANCE_CHARS);
    expect(sentences.map((s) => s.text).join(' ')).toBe(long);
  });

  it('skips punctuation-only fragments and empty blocks', () => {
    const root = body('<p>  </p><p>—</p><div><p>Real.</p></div>');
    expect(texts(segmentArticle(root, 'en'))).toEqual([['Real.']]);
  });
});

describe('sentence splitting', () => {
  it('falls back to punctuation rules without Intl.Segmenter', () => {
    const split = sentenceSplitter('en', {});
    const text = 'One. “Two?” he asked. Three';
    expect(split(text).map(([s, e]) => text.slice(s, e).trim())).toEqual(['One.', '“Two?” he asked.', 'Three']);
    expect(fallbackSentences('No terminal punctuation')).toEqual([[0, 23]]);
  });

  it('uses Intl.Segmenter when present', () => {
    const text = 'Dr. Smith arrived. He sat down.';
    const parts = sentenceSplitter('en')(text).map(([s, e]) => text.slice(s, e).trim());
    expect(parts.at(-1)).toBe('He sat down.');
  });

  it('chunkLong prefers clause breaks, then spaces', () => {
    const text = 'aaaa aaaa, bbbb bbbb cccc';
    const pieces = chunkLong(text, 0, text.length, 12).map(([s, e]) => text.slice(s, e));
    expect(pieces[0]).toBe('aaaa aaaa, ');
    expect(pieces.join('')).toBe(text);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(12);
  });
});
