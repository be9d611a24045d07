/**
 * Rails of look-alike story teasers linking to the same site.
 * Motivated by: "more stories" grids after the text that carry no furniture class names.
 */
import { all, linkDensity, normText, removeNode, tagOf } from '../dom';
import type { CleanRule } from '../rule';
import { isSitePageLink, siteHosts } from '../site';

/** A teaser (picture, kicker, linked headline, a line of dek) holds less text than this. */
const TEASER_MAX_CHARS = 400;
/** Fewer look-alike teasers than this in one place are not a rail. */
const MIN_TEASERS = 3;
/** Text that must remain beside the teasers for them to count as a rail rather than the page. */
const MIN_ARTICLE_CHARS = 250;
/** A rail is beside the article: teasers holding more than this share of the text are the article. */
const MAX_RAIL_SHARE = 0.5;

/**
 * Removes rails of story teasers that Readability kept ("more stories" grids after the text):
 * three or more look-alike boxes side by side (same tag and class), each short and each led by a
 * headline that links to another page of the same site. Product round-ups, whose headlines link
 * to shops, and headings standing in the text itself are left alone.
 */
export function removeTeaserGroups(root: Element, pageUrl: string | null, canonicalUrl: string | null = null): void {
  // The canonical URL names the site too: a copy served elsewhere (a cache, a mirror) links home.
  const hosts = siteHosts(pageUrl, canonicalUrl);
  if (!pageUrl || hosts.size === 0) return;
  const groups = new Map<Element, Map<string, Element[]>>();
  for (const link of all(root, 'h2 a[href], h3 a[href], h4 a[href], h5 a[href]')) {
    const heading = link.closest('h2, h3, h4, h5')!;
    if (linkDensity(heading) < 0.8 || !isSitePageLink(link.getAttribute('href') ?? '', hosts, pageUrl, canonicalUrl)) continue;
    // The teaser is the largest box around the headline that is still short and holds no other headline.
    let box: Element = heading;
    for (let up = heading.parentElement; up && up !== root; up = up.parentElement) {
      if ((up.textContent ?? '').length > TEASER_MAX_CHARS * 2 || normText(up).length > TEASER_MAX_CHARS) break;
      if (up.querySelectorAll('h2, h3, h4, h5').length > 1) break;
      box = up;
    }
    const parent = box.parentElement;
    if (box === heading || !parent) continue;
    const signature = `${tagOf(box)}.${box.getAttribute('class') ?? ''}`;
    const byParent = groups.get(parent) ?? new Map<string, Element[]>();
    groups.set(parent, byParent);
    const members = byParent.get(signature) ?? [];
    if (!members.includes(box)) members.push(box);
    byParent.set(signature, members);
  }
  const rails: Element[] = [];
  for (const byParent of groups.values()) {
    for (const members of byParent.values()) if (members.length >= MIN_TEASERS) rails.push(...members);
  }
  if (rails.length === 0) return;
  // A rail sits beside an article; a page that is nothing but teasers (a front page read anyway) keeps them.
  const railChars = rails.reduce((sum, box) => sum + normText(box).length, 0);
  const total = normText(root).length;
  // A list that is most of the text is the article (a round-up of the site's own recipes).
  if (total - railChars < MIN_ARTICLE_CHARS || railChars > total * MAX_RAIL_SHARE) return;
  for (const box of rails) removeNode(box);
}

/** This file's rule, as clean/index.ts lists it. */
export const rule: CleanRule = { name: 'teaser-groups', run: (root, ctx) => removeTeaserGroups(root, ctx.pageUrl, ctx.canonicalUrl) };
