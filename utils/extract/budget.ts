/**
 * The size budget of a read: how much of a page the pipeline takes in. A page over the element
 * budget is refused before anything is copied (index.ts); a page under it whose text runs far past
 * any real article (a whole book, a 5 MB log, a generated test page) is cut, in a copy, after its
 * first {@link DEFAULT_MAX_TEXT_CHARS} characters of text, so every later step, the message to the
 * view and the view's layout work on a bounded article. Motivated by a 5 MB, 36,000-element
 * article that took a minute to show.
 */
import { ELEMENT_NODE, TEXT_NODE } from './dom';

/**
 * Characters of page text a read takes in: about 85,000 words, five to six hours of reading. The
 * longest long-form articles hold a third of it at most, so only pages far beyond any article (a
 * whole book, a log) are cut; at this size the 5 MB test article is read and shown in a few
 * seconds on a busy two-core machine (`npm run bench:pathological`), at twice it in about ten.
 */
export const DEFAULT_MAX_TEXT_CHARS = 500_000;

/** Text that is never read as the page's words (scripts, styles, templates). */
const NOT_TEXT = new Set(['script', 'style', 'noscript', 'template', 'textarea']);

/**
 * Cuts `doc` (a copy: it is changed) after its first `max` characters of body text, and says
 * whether it cut. The cut keeps the text node that crosses the budget whole and removes
 * everything after it in document order, so no element is split and the page's structure above
 * the cut stays as it was. A page under budget is left untouched: its text length is one native
 * call, which counts script text too, so only a page over that bound is walked node by node.
 */
export function cutToTextBudget(doc: Document, max: number = DEFAULT_MAX_TEXT_CHARS): boolean {
  // The pipeline's own copy, whose shadowing names are gone (cloneDocument): plain members are safe.
  const body = doc.body;
  if (!body || (body.textContent ?? '').length <= max) return false;
  const walker = doc.createTreeWalker(body, 0x1 | 0x4 /* SHOW_ELEMENT | SHOW_TEXT */, {
    acceptNode: (n: Node) => (n.nodeType === ELEMENT_NODE && NOT_TEXT.has((n as Element).localName) ? 2 /* FILTER_REJECT */ : 1 /* FILTER_ACCEPT */),
  });
  let seen = 0;
  let last: Node | null = null;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.nodeType !== TEXT_NODE) continue;
    seen += (n as Text).data.length;
    if (seen > max) {
      last = n;
      break;
    }
  }
  if (!last) return false;
  // Everything after `last`: its following siblings, then those of each ancestor up to <body>.
  for (let n: Node = last; n !== body && n.parentNode; n = n.parentNode) {
    while (n.nextSibling) n.parentNode.removeChild(n.nextSibling);
  }
  return true;
}
