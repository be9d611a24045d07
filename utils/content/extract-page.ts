/**
 * The part of reading that runs inside the page, in the content script's isolated world.
 * The background injects the script once per document, then calls `extractPage` through
 * a global hook with the mode the user chose.
 */
import type { WindowLike } from 'dompurify';
import type { ExtractionResult } from '../model/article';
import { DEFAULT_MAX_ELEMENTS, exceedsElementBudget, extractArticle, extractSelection } from '../extract';
import { domGet } from '../extract/dom';
import type { ReadMode } from '../model/messaging';
import { snapshotLiveDocument } from './live-snapshot';

/** What the page side sends back to the background. */
export interface ExtractPageResult {
  result: ExtractionResult | null;
  /** Whether the user has text selected, so "Read selection" can be offered. */
  hasSelection: boolean;
  /** The document's MIME type: a PDF shown by the browser's viewer is a wrapper page, not text. */
  contentType: string;
}

/**
 * Serialises the current selection (all ranges) to an HTML fragment; empty when nothing is selected.
 * The selection is copied into an inert document, never cloned in the page's own: Firefox checks
 * every event-handler attribute of a clone made in the page against the page's CSP and sends the
 * site one report per handler, naming the extension (Range.cloneContents does exactly that).
 */
export function selectionHtml(win: Window): string {
  const selection = win.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return '';
  const inert = implementationOf(win.document).createHTMLDocument('');
  const container = inert.createElement('div');
  for (let i = 0; i < selection.rangeCount; i++) container.append(cloneRangeInto(selection.getRangeAt(i), inert));
  return container.textContent?.trim() ? container.innerHTML : '';
}

/**
 * What `range.cloneContents()` returns, but made in `doc`: the range's common ancestor is imported
 * into `doc` (a deep copy keeps every child index) and the copy is cut at the same boundaries.
 * It reads the page's nodes through Node.prototype only: a <form> in the page shadows any node
 * property with a control of that name.
 */
export function cloneRangeInto(range: Range, doc: Document): DocumentFragment {
  const common = range.commonAncestorContainer;
  // A range across the whole document: its element is the part worth copying.
  const top = node.type(common) === DOCUMENT_NODE ? documentElementOf(common as Document) : common;
  const fragment = doc.createDocumentFragment();
  if (!top) return fragment;
  const holder = doc.createElement('div');
  // A shadow root cannot be imported, its children can (in order, so their indexes hold).
  const isRoot = node.type(top) === FRAGMENT_NODE;
  const copyOfTop = isRoot ? doc.createElement('div') : doc.importNode(top, true);
  if (isRoot) for (const child of Array.from(node.children(top))) copyOfTop.appendChild(doc.importNode(child, true));
  holder.append(copyOfTop);
  const start = mapBoundary(top, copyOfTop, holder, range.startContainer, range.startOffset);
  const end = mapBoundary(top, copyOfTop, holder, range.endContainer, range.endOffset);
  // cloneContents returns what lies inside the common ancestor; a boundary outside <html> widens it.
  const container = isRoot || node.type(top) === ELEMENT_NODE;
  const within = start[0] !== holder && end[0] !== holder && container ? copyOfTop : holder;
  trimAfter(within, end[0], end[1]);
  trimBefore(within, start[0], start[1]);
  for (let child = node.first(within); child; child = node.first(within)) fragment.append(child);
  return fragment;
}

const ELEMENT_NODE = 1;
const DOCUMENT_NODE = 9;
const FRAGMENT_NODE = 11;

/** Node's own accessors, read through Node.prototype: never an element's (clobberable) property. */
const node = {
  get<T>(key: string, n: Node): T {
    return Object.getOwnPropertyDescriptor(Node.prototype, key)!.get!.call(n) as T;
  },
  type: (n: Node): number => node.get<number>('nodeType', n),
  parent: (n: Node): Node | null => node.get<Node | null>('parentNode', n),
  children: (n: Node): NodeListOf<ChildNode> => node.get<NodeListOf<ChildNode>>('childNodes', n),
  first: (n: Node): Node | null => node.get<Node | null>('firstChild', n),
  last: (n: Node): Node | null => node.get<Node | null>('lastChild', n),
  next: (n: Node): Node | null => node.get<Node | null>('nextSibling', n),
  prev: (n: Node): Node | null => node.get<Node | null>('previousSibling', n),
  remove: (parent: Node, child: Node): void => void Node.prototype.removeChild.call(parent, child),
  contains: (n: Node, other: Node): boolean => Node.prototype.contains.call(n, other),
  follows: (n: Node, other: Node): boolean => !!(Node.prototype.compareDocumentPosition.call(n, other) & 2 /* DOCUMENT_POSITION_PRECEDING */),
};

/** A Document property through Document.prototype: `<img name="implementation">` shadows the page's own. */
function documentGet<K extends 'implementation' | 'documentElement'>(doc: Document, key: K): Document[K] {
  const get = Object.getOwnPropertyDescriptor(Document.prototype, key)?.get;
  return get ? (get.call(doc) as Document[K]) : doc[key];
}
const implementationOf = (doc: Document): DOMImplementation => documentGet(doc, 'implementation');
const documentElementOf = (doc: Document): HTMLElement | null => documentGet(doc, 'documentElement');

/** The boundary (node, offset) in the page, as the same point in the copy of `top` (or in `holder`, beside it). */
function mapBoundary(top: Node, copyOfTop: Node, holder: Node, at: Node, offset: number): [Node, number] {
  if (node.contains(top, at)) {
    const path: number[] = [];
    for (let n = at; n !== top;) {
      const parent = node.parent(n)!;
      path.unshift(Array.prototype.indexOf.call(node.children(parent), n));
      n = parent;
    }
    let target: Node = copyOfTop;
    for (const index of path) target = node.children(target)[index]!;
    return [target, offset];
  }
  // Outside the copied element (the document itself, a doctype or comment beside <html>): before or after it.
  const after = node.type(at) === DOCUMENT_NODE ? offset > Array.prototype.indexOf.call(node.children(at), top) : node.follows(at, top);
  return [holder, after ? 1 : 0];
}

/** Removes what lies after (node, offset) inside `container` (a copy in the inert document). */
function trimAfter(container: Node, at: Node, offset: number): void {
  if (isCharacterData(at)) at.data = at.data.slice(0, offset);
  else for (let last = node.last(at); node.children(at).length > offset && last; last = node.last(at)) node.remove(at, last);
  for (let n = at, parent = node.parent(n); n !== container && parent; n = parent, parent = node.parent(n)) {
    for (let next = node.next(n); next; next = node.next(n)) node.remove(parent, next);
  }
}

/** Removes what lies before (node, offset) inside `container` (a copy in the inert document). */
function trimBefore(container: Node, at: Node, offset: number): void {
  if (isCharacterData(at)) at.data = at.data.slice(offset);
  else for (let i = 0, first = node.first(at); i < offset && first; i++, first = node.first(at)) node.remove(at, first);
  for (let n = at, parent = node.parent(n); n !== container && parent; n = parent, parent = node.parent(n)) {
    for (let prev = node.prev(n); prev; prev = node.prev(n)) node.remove(parent, prev);
  }
}

/** Text, comments and processing instructions: their boundary offsets count characters. */
function isCharacterData(n: Node): n is CharacterData {
  const type = node.type(n);
  return type === 3 || type === 4 || type === 7 || type === 8;
}

/** Reads the page the script runs in: the whole article, or only the user's selection. */
export function extractPage(win: Window, mode: ReadMode): ExtractPageResult {
  // A named <img> or <form> shadows any document property (DOM clobbering): read the built-in one.
  const contentType = domGet<string>(win.document, 'contentType');
  if (contentType === 'application/pdf') return { result: null, hasSelection: false, contentType };
  const selected = selectionHtml(win);
  const url = win.location.href;
  if (mode === 'selection') {
    return { result: selected ? extractSelection(win.document, selected, { url }) : null, hasSelection: !!selected, contentType };
  }
  return {
    result: extractArticle(liveSource(win), { url, force: mode === 'force', window: win as unknown as WindowLike }),
    hasSelection: !!selected,
    contentType,
  };
}

/**
 * What the pipeline reads: the live-page snapshot (shadow roots, frames, lazy stand-ins, the story
 * in view; see live-snapshot.ts) when the page needs one, else the document itself. A page over
 * the element budget is left to the pipeline, which refuses it before any walk; a snapshot that
 * fails for any reason falls back to the document, so reading never fails because of it.
 */
function liveSource(win: Window): Document {
  const doc = win.document;
  if (exceedsElementBudget(doc, DEFAULT_MAX_ELEMENTS)) return doc;
  try {
    return snapshotLiveDocument(win) ?? doc;
  } catch {
    return doc;
  }
}
