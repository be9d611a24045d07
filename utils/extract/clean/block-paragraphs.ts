/**
 * Paragraphs that hold a heading, a list or another block become plain boxes.
 * Motivated by: recipe, documentation and wiki pages that wrap each heading in a box of its own
 * ("recipe-notes-heading", MediaWiki's "mw-heading"), which Readability turns into a <p>: a <p>
 * cannot hold a heading, so the reader's parser would split it into two empty paragraphs around
 * the heading, blank space in the text.
 */
import { all } from '../dom';
import type { CleanRule } from '../rule';

/** Blocks a <p> cannot hold: an HTML parser closes the paragraph before each of them. */
const BLOCKS_IN_P = 'h1, h2, h3, h4, h5, h6, ul, ol, dl, table, pre, blockquote, figure, div, section, article, aside, header, footer, hr, p';

/** Turns each <p> that holds a block into a <div> with the same children. */
export function fixBlockParagraphs(root: Element): void {
  for (const p of all(root, 'p')) {
    if (p.childElementCount === 0 || !root.contains(p) || !p.querySelector(BLOCKS_IN_P)) continue;
    const box = p.ownerDocument.createElement('div');
    while (p.firstChild) box.appendChild(p.firstChild);
    p.replaceWith(box);
  }
}

/** This file's rule, as clean/index.ts lists it. */
export const rule: CleanRule = { name: 'block-paragraphs', run: fixBlockParagraphs };
