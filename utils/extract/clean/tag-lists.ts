/**
 * Tag lists found by their rel="tag" links.
 * Motivated by: blog posts (WordPress and the like) that end with "Tags: a, b, c".
 */
import { all, linkDensity, normText, removeNode } from '../dom';
import { proseChars } from '../prose';
import { TAG_LIST_REST_RE } from '../vocabulary';
import type { CleanRule } from '../rule';

function textOutsideLinks(el: Element): string {
  let rest = '';
  const walker = el.ownerDocument.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement?.closest('a')) rest += ` ${node.nodeValue ?? ''}`;
  }
  return rest;
}

/** A tag list holds less text than this; above it, the block is more than tags. */
const TAG_LIST_MAX_CHARS = 500;

/**
 * Removes tag lists, found by their rel="tag" links (HTML's own marker for them), with their
 * "Tags:" label. A tag link inside a sentence stays: only a link-made block goes.
 */
export function removeTagLists(root: Element): void {
  for (const a of all(root, 'a[rel~="tag"]')) {
    if (!root.contains(a)) continue;
    let box: Element = a;
    for (let up = a.parentElement; up && up !== root; up = up.parentElement) {
      if (normText(up).length > TAG_LIST_MAX_CHARS || linkDensity(up) < 0.5 || proseChars(up) > 0) break;
      box = up;
    }
    const parent = box.parentElement;
    if (box === a && parent && normText(parent) !== normText(a)) continue;
    // Tag plugins also link words inside sentences: a tag list has nothing but links, separators and a label.
    if (!TAG_LIST_REST_RE.test(textOutsideLinks(box))) continue;
    removeNode(box);
  }
}

/** This file's rule, as clean/index.ts lists it. */
export const rule: CleanRule = { name: 'tag-lists', run: removeTagLists };
