/**
 * The last gate before article HTML reaches the screen. Articles were already sanitized where
 * they were extracted, but stored copies and messages cross trust boundaries, so the views
 * sanitize again with the same rules right before rendering.
 */
import DOMPurify from 'dompurify';

const FORBIDDEN_TAGS = ['style', 'form', 'input', 'button', 'select', 'textarea', 'iframe', 'frame', 'object', 'embed', 'link', 'meta', 'base'];

let hooked = false;

function ensureLinkHook(): void {
  if (hooked) return;
  hooked = true;
  // Article links leave the reader: always in a new tab, never with access to our window.
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A' && node.hasAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
}

/** Sanitizes article HTML for rendering in an extension page. */
export function sanitizeForRender(html: string): string {
  ensureLinkHook();
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true, mathMl: true },
    FORBID_TAGS: FORBIDDEN_TAGS,
    FORBID_ATTR: ['style', 'srcdoc', 'formaction'],
    ADD_ATTR: ['target'],
  });
}
