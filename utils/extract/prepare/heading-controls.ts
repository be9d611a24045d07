/**
 * Headings that a small box holds together with their edit or permalink control: MediaWiki's
 * markup since 2024 (`<div class="mw-heading"><h2>History</h2><span class="mw-editsection">[edit]</span></div>`),
 * GitHub's README headings (`<div class="markdown-heading"><h2>Install</h2><a class="anchor" href="#install">`),
 * documentation generators that put the "#" beside the heading instead of inside it.
 * Readability weighs such a box as a short block that is half link and drops it, heading and all.
 * The box is replaced by its heading with the controls moved inside it, as older MediaWiki writes
 * them, where Readability keeps the heading; clean/permalink-anchors and clean/edit-controls then
 * remove the controls.
 */
import { all, normText, tagOf } from '../dom';
import type { PrepareRule } from '../rule';
import { hasPermalinkClass, isEditControl, PERMALINK_TEXT_RE } from '../vocabulary';

/** Boxes that may hold a heading and its controls: plain containers, never sections of text. */
const BOX_TAGS = new Set(['div', 'span', 'header', 'hgroup']);

/** A permalink beside its heading: a link (or a box holding only one) to a place on the page, a symbol or nothing as its text, or classed as one. */
function isPermalink(el: Element): boolean {
  const link = tagOf(el) === 'a' ? el : el.querySelector('a');
  if (!link || (tagOf(el) !== 'a' && normText(el) !== normText(link))) return false;
  const href = link.getAttribute('href') ?? '';
  return href.startsWith('#') && (PERMALINK_TEXT_RE.test(link.textContent ?? '') || hasPermalinkClass(link));
}

/** Whether a child of a heading's box is a control beside it: an edit control or a permalink. */
function isControl(el: Element): boolean {
  return isEditControl(el) || isPermalink(el);
}

/**
 * Replaces every box that holds one heading and nothing but its edit or permalink controls by the
 * heading, the controls moved to its end (and the box's id given to the heading when it has none).
 */
export function unboxHeadingControls(doc: Document): void {
  const body = doc.body;
  if (!body) return;
  for (const heading of all(body, 'h1, h2, h3, h4, h5, h6')) {
    const box = heading.parentElement;
    if (!box || box === body || !BOX_TAGS.has(tagOf(box))) continue;
    const controls: Element[] = [];
    let other = false;
    for (let n = box.firstChild; n && !other; n = n.nextSibling) {
      if (n === heading) continue;
      if (n.nodeType === 1) {
        if (isControl(n as Element)) controls.push(n as Element);
        else other = true;
      } else if (n.nodeType === 3 && /\S/.test(n.nodeValue ?? '')) other = true;
    }
    if (other || controls.length === 0) continue;
    for (const control of controls) heading.appendChild(control);
    const id = box.getAttribute('id');
    if (id && !heading.hasAttribute('id')) heading.setAttribute('id', id);
    box.replaceWith(heading);
  }
}

/** This file's rule, as prepare/index.ts lists it. */
export const rule: PrepareRule = { name: 'heading-controls', run: unboxHeadingControls };
