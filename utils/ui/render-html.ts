/**
 * The last gate before article HTML reaches the screen. Articles were already sanitized where
 * they were extracted, but stored copies and messages cross trust boundaries, so the views
 * sanitize again, with the extraction pipeline's own policy (one policy, not two), right before
 * rendering.
 */
import { sanitizeArticle } from '../extract/sanitize';

/**
 * Page landmarks that may survive inside an article body. Inside our reader they would be a
 * second <main>, stray banners and navigation regions for screen-reader users, so they become
 * plain blocks.
 */
const LANDMARK_TAGS = new Set(['MAIN', 'HEADER', 'FOOTER', 'NAV', 'ASIDE']);
const LANDMARK_ROLES = /^(main|banner|contentinfo|navigation|complementary|region|search|form|application)$/i;

function flattenLandmarks(root: Element): void {
  for (const el of Array.from(root.querySelectorAll('main, header, footer, nav, aside, [role]'))) {
    const role = el.getAttribute('role');
    if (role && LANDMARK_ROLES.test(role)) el.removeAttribute('role');
    if (!LANDMARK_TAGS.has(el.tagName.toUpperCase())) continue;
    const block = el.ownerDocument.createElement('div');
    while (el.firstChild) block.append(el.firstChild);
    el.replaceWith(block);
  }
}

/** Sanitizes article HTML for rendering in an extension page. */
export function sanitizeForRender(html: string): string {
  // The string path: DOMPurify parses into its own inert document, so nothing in the markup
  // loads or runs before it has been cleaned.
  const { root } = sanitizeArticle(html, { baseUrl: null });
  flattenLandmarks(root);
  return root.innerHTML;
}
