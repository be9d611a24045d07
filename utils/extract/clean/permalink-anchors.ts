/**
 * Permalink anchors inside headings: the "¶", "#", "§", "🔗" or invisible link a documentation
 * or blog generator adds to every heading so that readers can copy a link to it.
 * Motivated by: Sphinx, MkDocs, GitHub READMEs, Docusaurus and WordPress recipe and review pages,
 * whose headings read "Install¶" in the text, or whose heading is nothing but a link to itself,
 * which the link-label and link-block rules then take for navigation and drop.
 * Runs first, so that every later rule sees these headings as plain headings.
 */
import { all, normText, removeNode, unwrap } from '../dom';
import type { CleanRule } from '../rule';
import { samePageFragment } from '../sanitize';
import { hasPermalinkClass, PERMALINK_TEXT_RE } from '../vocabulary';

/** Elements that carry permalink anchors: headings, and the terms and captions some generators also anchor. */
const ANCHORED = 'h1, h2, h3, h4, h5, h6, [role="heading"], dt, caption, figcaption';

/** A permalink's hidden label ("Permalink to this heading") is shorter than this. */
const PERMALINK_LABEL_MAX_CHARS = 40;

function safeDecode(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/** Ids and names an anchor inside `heading` may point at to be a link to that heading itself. */
function ownNames(heading: Element, root: Element): Set<string> {
  const names = new Set<string>();
  const add = (el: Element): void => {
    for (const attr of ['id', 'name']) {
      const v = el.getAttribute(attr);
      if (v) names.add(v);
    }
  };
  // The heading, the section boxes around it (Sphinx puts the id on the section), what it holds.
  for (let up: Element | null = heading; up && up !== root; up = up.parentElement) add(up);
  for (const el of all(heading, '[id], [name]')) add(el);
  return names;
}

/**
 * Removes permalink anchors from headings: a link to the heading itself (or classed as a permalink)
 * whose text is only a symbol or nothing goes; one that wraps the whole heading text is replaced by
 * that text. Links to other places, and link text that is part of a longer heading, stay.
 */
export function removePermalinkAnchors(root: Element, pageUrls: readonly string[] = []): void {
  for (const heading of all(root, ANCHORED)) {
    if (!root.contains(heading)) continue;
    const links = heading.getElementsByTagName('a');
    if (links.length === 0) continue;
    let names: Set<string> | null = null;
    for (const a of Array.from(links)) {
      const fragment = samePageFragment(a.getAttribute('href') ?? '', pageUrls);
      if (fragment === null) continue;
      const text = a.textContent ?? '';
      if (PERMALINK_TEXT_RE.test(text)) {
        removeNode(a);
        continue;
      }
      names ??= ownNames(heading, root);
      const self = names.has(fragment) || names.has(safeDecode(fragment));
      const classed = hasPermalinkClass(a);
      // The heading's only link, around its whole text: the heading stays, as text.
      if ((self || classed) && normText(a) === normText(heading)) unwrap(a);
      // A permalink with a visually hidden label ("Permalink", "Link to this heading").
      else if (self && classed && normText(a).length <= PERMALINK_LABEL_MAX_CHARS) removeNode(a);
    }
  }
}

/** This file's rule, as clean/index.ts lists it. */
export const rule: CleanRule = {
  name: 'permalink-anchors',
  run: (root, ctx) =>
    removePermalinkAnchors(
      root,
      [ctx.pageUrl, ctx.canonicalUrl].filter((u): u is string => !!u),
    ),
};
