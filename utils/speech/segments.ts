/**
 * Splits a rendered article body into what read-aloud speaks: paragraphs (runs of text owned by
 * one block) and sentences within them, each sentence keeping the text nodes and offsets it
 * covers so it can be highlighted without re-searching the DOM.
 *
 * Choices:
 * - Spoken blocks: paragraphs, list items, headings, quotes, captions, definition lists and any
 *   bare text in a container. A block owns only the text that is not inside a nested block, so
 *   `<li>Item<ul><li>Sub</li></ul></li>` gives "Item" then "Sub", in reading order.
 * - Skipped: code blocks (`pre`), tables (cell-by-cell speech is noise without the grid),
 *   scripts, styles, SVG/MathML, form controls, embeds, and elements marked `hidden` or
 *   `aria-hidden="true"`. Inline `code` inside a sentence is spoken:
 *   it is part of the sentence.
 * - Sentences come from Intl.Segmenter in the article's language; where it is missing (older
 *   engines) a punctuation rule is the fallback. Sentences longer than MAX_UTTERANCE_CHARS are
 *   cut at a clause or word boundary: short utterances keep Chrome under its ~15 s cutoff and
 *   make next/previous and highlighting fine-grained.
 */

/** A slice of one text node: [start, end) in UTF-16 code units. */
export interface TextPiece {
  node: Text;
  start: number;
  end: number;
}

/** One spoken unit: its text (whitespace collapsed) and the DOM text it covers. */
export interface SentenceUnit {
  text: string;
  pieces: TextPiece[];
}

/** One paragraph: the block that owns it and its sentences, in order. */
export interface ParagraphUnit {
  element: Element;
  sentences: SentenceUnit[];
}

/** Longest utterance we hand to the engine in one piece (about 12 s at 1×). */
export const MAX_UTTERANCE_CHARS = 220;

const BLOCKS = new Set([
  'P',
  'LI',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'BLOCKQUOTE',
  'FIGCAPTION',
  'DT',
  'DD',
  'DIV',
  'SECTION',
  'ARTICLE',
  'ASIDE',
  'HEADER',
  'FOOTER',
  'MAIN',
  'FIGURE',
  'DETAILS',
  'SUMMARY',
  'ADDRESS',
  'CAPTION',
  'UL',
  'OL',
  'DL',
]);
const SKIPPED = new Set(['PRE', 'TABLE', 'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'MATH', 'BUTTON', 'SELECT', 'TEXTAREA', 'IFRAME', 'OBJECT']);

function isSkipped(el: Element): boolean {
  return SKIPPED.has(el.tagName.toUpperCase()) || el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true';
}

/** The block that owns `node` under `root`, or null when the node sits in a skipped subtree. */
function ownerOf(node: Text, root: Element): Element | null {
  let owner: Element | null = null;
  for (let el = node.parentElement; el; el = el.parentElement) {
    if (isSkipped(el)) return null;
    if (owner === null && BLOCKS.has(el.tagName.toUpperCase())) owner = el;
    if (el === root) return owner ?? root;
  }
  return null;
}

/** Splits the paragraphs of a rendered article body into speakable sentences. */
export function segmentArticle(root: Element, lang: string | null): ParagraphUnit[] {
  const doc = root.ownerDocument;
  // 1 | 4 = NodeFilter.SHOW_ELEMENT | SHOW_TEXT (NodeFilter is not a global everywhere we run).
  const walker = doc.createTreeWalker(root, 1 | 4);
  const runs: Run[] = [];
  let lineBreak = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === 1) {
      // "one<br>two" is two lines, not "onetwo": a <br> counts as a space between text nodes.
      if ((node as Element).tagName.toUpperCase() === 'BR') lineBreak = true;
      continue;
    }
    const text = node as Text;
    const owner = ownerOf(text, root);
    if (!owner) continue;
    const last = runs[runs.length - 1];
    if (last && last.element === owner) last.nodes.push({ node: text, gapBefore: lineBreak });
    else runs.push({ element: owner, nodes: [{ node: text, gapBefore: false }] });
    lineBreak = false;
  }
  const splitter = sentenceSplitter(lang);
  const paragraphs: ParagraphUnit[] = [];
  for (const run of runs) {
    const sentences = sentencesOf(run.nodes, splitter);
    if (sentences.length > 0) paragraphs.push({ element: run.element, sentences });
  }
  return paragraphs;
}

interface Run {
  element: Element;
  nodes: Array<{ node: Text; gapBefore: boolean }>;
}

type Splitter = (text: string) => Array<[number, number]>;

/** Sentence boundaries for `lang`: Intl.Segmenter when present, else a punctuation rule. */
export function sentenceSplitter(lang: string | null, intl: { Segmenter?: typeof Intl.Segmenter } = Intl): Splitter {
  if (typeof intl.Segmenter === 'function') {
    let segmenter: Intl.Segmenter;
    try {
      segmenter = new intl.Segmenter(lang ?? undefined, { granularity: 'sentence' });
    } catch {
      // A malformed lang attribute from the page must not cost the user the feature.
      segmenter = new intl.Segmenter(undefined, { granularity: 'sentence' });
    }
    return (text) => Array.from(segmenter.segment(text), (s) => [s.index, s.index + s.segment.length] as [number, number]);
  }
  return fallbackSentences;
}

// Terminal punctuation (Latin, Arabic, Devanagari), closing quotes/brackets, then space.
// A lower-case letter after the break means it was not one ("“Why?” he asked."). CJK full
// stops need no following space.
const SENTENCE_END = /[.!?…؟।]+["'”’»)\]]*\s+(?!\p{Ll})|[。！？]+[」』”’)）]*\s*/gu;

/** Punctuation-based sentence boundaries, for engines without Intl.Segmenter. */
export function fallbackSentences(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  for (const match of text.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].length;
    out.push([start, end]);
    start = end;
  }
  if (start < text.length) out.push([start, text.length]);
  return out;
}

/** Cuts [start, end) of `text` into pieces of at most `max` chars, at a clause or word break. */
export function chunkLong(text: string, start: number, end: number, max = MAX_UTTERANCE_CHARS): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let from = start;
  while (end - from > max) {
    const window = text.slice(from, from + max);
    // Prefer a clause break in the second half, then any space; else a hard cut.
    const clause = Math.max(window.lastIndexOf(', '), window.lastIndexOf('; '), window.lastIndexOf(': '), window.lastIndexOf('، '), window.lastIndexOf(' — '));
    const space = window.lastIndexOf(' ');
    const cut = clause > max / 2 ? clause + 2 : space > max / 3 ? space + 1 : max;
    out.push([from, from + cut]);
    from += cut;
  }
  out.push([from, end]);
  return out;
}

function sentencesOf(run: Run['nodes'], split: Splitter): SentenceUnit[] {
  // One string for the run, with each node's offset in it.
  const nodes = run.map((r) => r.node);
  const starts: number[] = [];
  let text = '';
  for (const { node, gapBefore } of run) {
    if (gapBefore) text += '\n';
    starts.push(text.length);
    text += node.data;
  }
  const locate = (offset: number, preferNext: boolean): { index: number; offset: number } => {
    // Last node starting at or before offset; at a node's end, `preferNext` moves to the next one.
    let i = 0;
    while (i + 1 < nodes.length && (starts[i + 1]! < offset || (preferNext && starts[i + 1] === offset))) i++;
    return { index: i, offset: offset - starts[i]! };
  };
  const out: SentenceUnit[] = [];
  // HTML collapses source newlines to spaces, but the segmenter reads "\n" as a hard break:
  // give it the text as displayed (same length, so offsets still line up).
  for (const [segStart, segEnd] of split(text.replace(/\s/g, ' '))) {
    for (const [rawStart, rawEnd] of chunkLong(text, segStart, segEnd)) {
      let s = rawStart;
      let e = rawEnd;
      while (s < e && /\s/.test(text[s]!)) s++;
      while (e > s && /\s/.test(text[e - 1]!)) e--;
      if (s === e) continue;
      const spoken = text.slice(s, e).replace(/\s+/g, ' ');
      // Punctuation-only fragments ("—", "•") say nothing; skip them.
      if (!/[\p{L}\p{N}]/u.test(spoken)) continue;
      const first = locate(s, true);
      const last = locate(e, false);
      const pieces: TextPiece[] = [];
      for (let i = first.index; i <= last.index; i++) {
        const node = nodes[i]!;
        const pieceStart = i === first.index ? first.offset : 0;
        const pieceEnd = i === last.index ? last.offset : node.data.length;
        if (pieceEnd > pieceStart) pieces.push({ node, start: pieceStart, end: pieceEnd });
      }
      out.push({ text: spoken, pieces });
    }
  }
  return out;
}

/** A DOM Range over a sentence (from its first piece to its last). */
export function sentenceRange(sentence: SentenceUnit): Range | null {
  const first = sentence.pieces[0];
  const last = sentence.pieces[sentence.pieces.length - 1];
  if (!first || !last || !first.node.isConnected) return null;
  const range = first.node.ownerDocument.createRange();
  range.setStart(first.node, first.start);
  range.setEnd(last.node, last.end);
  return range;
}
