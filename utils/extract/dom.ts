/**
 * Small DOM helpers shared by the extraction steps. They avoid `instanceof` checks because the
 * pipeline runs against several DOM implementations (the page's, happy-dom's) whose classes differ.
 */

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;

/** True when the node is an element (works across DOM implementations). */
export function isElement(node: Node | null | undefined): node is Element {
  return !!node && node.nodeType === ELEMENT_NODE;
}

/** Lower-case tag name of an element. */
export function tagOf(el: Element): string {
  return el.localName || el.tagName.toLowerCase();
}

/** Text content with runs of whitespace collapsed and trimmed. */
export function normText(node: Node | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** True when the node holds any non-whitespace text (cheaper than normText for big subtrees). */
export function hasText(node: Node): boolean {
  return /\S/.test(node.textContent ?? '');
}

/** Memoizes a thunk: expensive page-wide measures are only taken when a decision needs them. */
export function lazy<T>(fn: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = fn();
      done = true;
    }
    return value;
  };
}

/** Removes a node from its parent, if any. */
export function removeNode(node: Node): void {
  node.parentNode?.removeChild(node);
}

/** Replaces an element by its children. */
export function unwrap(el: Element): void {
  const parent = el.parentNode;
  if (!parent) return;
  while (el.firstChild) parent.insertBefore(el.firstChild, el);
  parent.removeChild(el);
}

/** Share of an element's text that sits inside links (0..1). */
export function linkDensity(el: Element): number {
  const total = normText(el).length;
  if (total === 0) return 0;
  let linked = 0;
  for (const a of Array.from(el.getElementsByTagName('a'))) linked += normText(a).length;
  return Math.min(1, linked / total);
}

/** The class and id of an element joined, for vocabulary matching. */
export function classAndId(el: Element): string {
  const cls = el.getAttribute('class') ?? '';
  const id = el.getAttribute('id') ?? '';
  return `${cls} ${id}`;
}

/** A static list of elements: indexable and iterable, and unaffected by later changes to the tree. */
export type ElementList = ArrayLike<Element> & Iterable<Element>;

/**
 * Elements matching a selector. querySelectorAll's list is static, so the tree may change while
 * iterating it; it is returned as is because copying it into an array on every pass of every
 * step showed up in profiles (allocation and garbage collection).
 */
export function all(root: ParentNode, selector: string): ElementList {
  return root.querySelectorAll(selector);
}

/** Element tags that start a new line of text. */
export const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'br',
  'caption',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
  'math',
  'picture',
  'video',
  'audio',
]);

/**
 * A deep copy of a document that the pipeline may mutate freely. Uses `cloneNode(true)`; falls
 * back to importing into a fresh document where a DOM's clone leaves descendants owned by the
 * original (happy-dom 21), which breaks selector matching.
 */
export function cloneDocument(doc: Document): Document {
  const clone = doc.cloneNode(true) as Document;
  if (clone.documentElement && clone.documentElement.ownerDocument === clone) return clone;
  const fresh = doc.implementation.createHTMLDocument('');
  if (fresh.documentElement) fresh.removeChild(fresh.documentElement);
  if (doc.documentElement) fresh.appendChild(fresh.importNode(doc.documentElement, true));
  return fresh;
}

/** Removes an element, and its block parent when that parent held nothing else. */
export function removeBlockOf(el: Element): void {
  let target = el;
  // The box goes with the line only when it holds nothing else: pictures and charts add no text.
  while (
    target.parentElement &&
    normText(target.parentElement) === normText(target) &&
    !/^(?:body|article|main|section|figure)$/.test(tagOf(target.parentElement)) &&
    !hasContentMedia(target.parentElement)
  ) {
    target = target.parentElement;
  }
  removeNode(target);
}

/** Largest width and height (px, from attributes) of an image that is an avatar or icon, not content. */
const AVATAR_MAX_PX = 120;

/**
 * Whether an element holds media worth keeping. An author's avatar beside the byline is not:
 * an image counts as content unless its declared size is avatar-sized (no size → content, to be safe).
 */
export function hasContentMedia(el: Element): boolean {
  if (el.querySelector('picture, video, figure, table, pre')) return true;
  return Array.from(all(el, 'img')).some((img) => {
    const width = Number(img.getAttribute('width'));
    const height = Number(img.getAttribute('height'));
    return !(width > 0 && width <= AVATAR_MAX_PX && height > 0 && height <= AVATAR_MAX_PX);
  });
}
