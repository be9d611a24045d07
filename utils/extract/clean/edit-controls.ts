/**
 * The "[edit]" control a wiki puts in each section heading (MediaWiki's span.mw-editsection, its
 * brackets included, or a link that opens the section in an editor).
 * Motivated by: Wikipedia and other MediaWiki sites, whose headings read "History[edit]".
 * Runs after the rules that judge a heading by its text (rails, boilerplate, labels): a heading
 * with an edit control is a section of the document, never a rail, so a wiki's "See also" keeps its
 * list, as Readability keeps it.
 */
import { all, removeNode } from '../dom';
import type { CleanRule } from '../rule';
import { isEditControl } from '../vocabulary';

/** Removes edit controls from headings; the headings stay, with their own text. */
export function removeEditControls(root: Element): void {
  for (const heading of all(root, 'h1, h2, h3, h4, h5, h6')) {
    // Outermost first: a control's inner link goes with it.
    for (const el of all(heading, '*')) if (heading.contains(el) && isEditControl(el)) removeNode(el);
  }
}

/** This file's rule, as clean/index.ts lists it. */
export const rule: CleanRule = { name: 'edit-controls', run: (root) => removeEditControls(root) };
