/**
 * A saved article's highlights and notes as the views show them: the Markdown another service
 * exported (Omnivore's highlights/<slug>.md, wallabag's annotations, Instapaper's selection) read as
 * a list of quotes and notes. Only its two shapes are read — blocks of `>` lines are quotes, other
 * blocks are the user's notes — and everything stays text: nothing in it becomes markup.
 */

/** One block of a highlights text: a passage quoted from the article, or the user's note. */
export interface HighlightBlock {
  kind: 'quote' | 'note';
  text: string;
}

/** A Markdown quote marker at the start of a line (`>`, `> `, nested `> >`). */
const QUOTE_MARK = /^(?:\s{0,3}>\s?)+/;

/** The quotes and notes of a highlights text, in order; blank blocks dropped. */
export function highlightBlocks(markdown: string): HighlightBlock[] {
  const blocks: HighlightBlock[] = [];
  for (const chunk of markdown.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/)) {
    const lines = chunk.split('\n').filter((line) => line.trim() !== '');
    if (lines.length === 0) continue;
    const quote = lines.every((line) => QUOTE_MARK.test(line));
    const text = (quote ? lines.map((line) => line.replace(QUOTE_MARK, '')) : lines.map((line) => line.trim())).join('\n').trim();
    if (text === '') continue;
    blocks.push({ kind: quote ? 'quote' : 'note', text });
  }
  return blocks;
}
