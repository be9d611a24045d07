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

/** The body's text with runs of white space as one space, and where each of its characters is. */
function flatText(root: Node): { text: string; at: Array<{ node: Text; offset: number }> } {
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  let text = '';
  const at: Array<{ node: Text; offset: number }> = [];
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const data = node.data;
    for (let i = 0; i < data.length; i++) {
      const space = /\s/.test(data[i]!);
      if (space && (text === '' || text.endsWith(' '))) continue;
      text += space ? ' ' : data[i];
      at.push({ node, offset: i });
    }
  }
  return { text, at };
}

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
  const { text, at } = flatText(root);
  const doc = root.ownerDocument ?? (root as Document);
  const ranges: Range[] = [];
  for (const quote of wanted) {
    const start = text.indexOf(quote);
    if (start < 0) continue;
    const first = at[start]!;
    const last = at[start + quote.length - 1]!;
    const range = doc.createRange();
    range.setStart(first.node, first.offset);
    range.setEnd(last.node, last.offset + 1);
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
