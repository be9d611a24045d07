/**
 * Marks a saved article's highlighted passages (its imported highlights' quotes) where they are in
 * the body, with the CSS Custom Highlight API: a Range painted by `::highlight(saved-highlight)`,
 * without touching the sanitized body's DOM (read aloud, reading positions and selection keep their
 * offsets). Engines without the API show the passages only in the list under the article.
 */

/** Name of the highlight; styled with `::highlight(saved-highlight)`. */
export const PASSAGE_HIGHLIGHT = 'saved-highlight';
/** Quotes shorter than this are not looked for: a word or two would match in the wrong places. */
export const MIN_PASSAGE_CHARS = 12;

/** The body's text with runs of white space as one space, and for each of its characters the text node and offset it came from. */
function flatText(root: Node): { text: string; nodes: Text[]; nodeOf: number[]; offsetOf: number[] } {
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  const chars: string[] = [];
  const nodes: Text[] = [];
  const nodeOf: number[] = [];
  const offsetOf: number[] = [];
  let lastWasSpace = true; // no leading space
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const data = node.data;
    const n = nodes.push(node) - 1;
    for (let i = 0; i < data.length; i++) {
      const space = WHITE_SPACE.test(data[i]!);
      if (space && lastWasSpace) continue;
      lastWasSpace = space;
      chars.push(space ? ' ' : data[i]!);
      nodeOf.push(n);
      offsetOf.push(i);
    }
  }
  return { text: chars.join(''), nodes, nodeOf, offsetOf };
}

const WHITE_SPACE = /\s/;

/** A quote as it is looked for: white space collapsed, the quote marks and ellipses a service adds trimmed. */
function normalizedQuote(quote: string): string {
  return quote
    .replace(/\s+/g, ' ')
    .replace(/^[\s"“”«»'‘’…]+|[\s"“”«»'‘’…]+$/g, '')
    .trim();
}

/** Ranges over each quote's first occurrence in `root`'s text (quotes not found, or too short, have none). */
export function passageRanges(root: Node, quotes: readonly string[]): Range[] {
  const wanted = quotes.map(normalizedQuote).filter((q) => q.length >= MIN_PASSAGE_CHARS);
  if (wanted.length === 0) return [];
  const { text, nodes, nodeOf, offsetOf } = flatText(root);
  const doc = root.ownerDocument ?? (root as Document);
  const ranges: Range[] = [];
  for (const quote of wanted) {
    const start = text.indexOf(quote);
    if (start < 0) continue;
    const end = start + quote.length - 1;
    const range = doc.createRange();
    range.setStart(nodes[nodeOf[start]!]!, offsetOf[start]!);
    range.setEnd(nodes[nodeOf[end]!]!, offsetOf[end]! + 1);
    ranges.push(range);
  }
  return ranges;
}

interface HighlightRegistryLike {
  set(name: string, highlight: unknown): unknown;
  delete(name: string): boolean;
}

/** Paints `quotes` where they are in `body`; answers the function that clears them (a no-op without the API). */
export function markPassages(body: Element, quotes: readonly string[]): () => void {
  // Feature-detected, not assumed (Firefox ESR before 140, test DOMs).
  const scope = body.ownerDocument.defaultView as unknown as {
    CSS?: { highlights?: HighlightRegistryLike };
    Highlight?: new (...ranges: Range[]) => unknown;
  } | null;
  const registry = scope?.CSS?.highlights;
  const Highlight = scope?.Highlight;
  if (!registry || typeof Highlight !== 'function') return () => undefined;
  const ranges = passageRanges(body, quotes);
  if (ranges.length === 0) return () => undefined;
  registry.set(PASSAGE_HIGHLIGHT, new Highlight(...ranges));
  return () => void registry.delete(PASSAGE_HIGHLIGHT);
}
