/**
 * Rail headings ("Trending", "Most popular", "Read next") with the teaser lists under them.
 * Motivated by: news pages that end the story with a "Most Popular Articles" heading over a list of links.
 * Run after Readability only: removing a list from inside the article body before it can flip
 * which block Readability picks and cost whole sections of text.
 */
import { all, lazy, linkDensity, normText, removeNode, tagOf } from '../dom';
import { isProtected, proseChars } from '../prose';
import { CLUTTER_HEADING_FULL_RE } from '../vocabulary';
import type { CleanRule } from '../rule';

/** A rail heading is a short title; a longer line that matches the vocabulary is a sentence. */
const RAIL_HEADING_MAX_CHARS = 60;
/** A block with more of its text in links than this is a list of links (a rail), not text. */
const LINK_LIST_DENSITY = 0.5;

/** Removes "Trending / Related / Most popular…" headings together with the teaser lists they introduce. */
export function removeRailSections(root: Element, pageProse: number | (() => number) = lazy(() => proseChars(root))): void {
  for (const h of all(root, 'h1, h2, h3, h4, h5, h6, [role="heading"], p, div, span, strong, b')) {
    if (!root.contains(h)) continue;
    const tag = tagOf(h);
    const headingTag = /^h[1-6]$/.test(tag) || h.getAttribute('role') === 'heading';
    // A bare block that reads like a rail title counts as a heading when it is short and alone.
    if (
      !headingTag &&
      (h.children.length > 1 ||
        (tag === 'div' && h.firstElementChild && h.querySelector('p, div, ul, ol')) ||
        (h.textContent ?? '').length > RAIL_HEADING_MAX_CHARS)
    )
      continue;
    const text = normText(h);
    if (!text || text.length > RAIL_HEADING_MAX_CHARS || !CLUTTER_HEADING_FULL_RE.test(text)) continue;
    // A bold "More" opening a sentence is text; a bold "DON'T MISS" over a line of links is a rail.
    const parent = h.parentElement;
    if (!headingTag && tag !== 'p' && tag !== 'div' && parent && normText(parent) !== text && linkDensity(parent) < LINK_LIST_DENSITY) continue;
    // The heading's own box (section/aside/div whose first child it is) goes if it holds no prose.
    let box: Element = h;
    let up = h.parentElement;
    while (up && up !== root && tagOf(up) !== 'article' && tagOf(up) !== 'main' && firstElementIs(up, box) && !isProtected(up, pageProse)) {
      box = up;
      up = up.parentElement;
    }
    if (box !== h) {
      removeNode(box);
      continue;
    }
    // Otherwise drop the heading and the link-heavy or teaser siblings that follow it.
    let next = h.nextElementSibling;
    removeNode(h);
    while (next && !/^h[1-6]$/.test(tagOf(next))) {
      const after: Element | null = next.nextElementSibling;
      if (linkDensity(next) > LINK_LIST_DENSITY || proseChars(next) === 0) removeNode(next);
      else break;
      next = after;
    }
  }
}

function firstElementIs(parent: Element, child: Element): boolean {
  return parent.firstElementChild === child;
}

/** This file's rule, as clean/index.ts lists it. */
export const rule: CleanRule = { name: 'rail-sections', run: (root, ctx) => removeRailSections(root, ctx.articleProse) };
