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
 * DOM members read as their interface defines them, past anything the page's markup put on the
 * object. A form has a property for each of its controls' names and ids (`<input name=parentNode>`
 * makes `form.parentNode` that input) and a browsing context's document one for each named
 * img, form, embed, object and iframe (`<img name=cloneNode>`), and both win over the built-in
 * members (WebIDL's [LegacyOverrideBuiltIns]): DOM clobbering. Named properties live on the
 * object, never on its prototypes, so the member is taken from the nearest prototype that has it
 * (the nearest, not the base: happy-dom overrides some in subclasses). Cached per prototype.
 */
const builtinMembers = new WeakMap<object, Map<string, PropertyDescriptor | null>>();

function builtinDescriptor(obj: object, key: string): PropertyDescriptor | null {
  const proto = Object.getPrototypeOf(obj) as object | null;
  if (!proto) return null;
  let members = builtinMembers.get(proto);
  if (!members) builtinMembers.set(proto, (members = new Map()));
  let found = members.get(key);
  if (found === undefined) {
    found = null;
    for (let p: object | null = proto; p && !found; p = Object.getPrototypeOf(p) as object | null) found = Object.getOwnPropertyDescriptor(p, key) ?? null;
    members.set(key, found);
  }
  return found;
}

/** A built-in DOM property of `obj` (a getter or a value), never a named property shadowing it. */
export function domGet<T>(obj: object, key: string): T {
  const d = builtinDescriptor(obj, key);
  return (d?.get ? d.get.call(obj) : d?.value) as T;
}

/**
 * The built-in getter of `key` as `obj`'s prototypes define it, to read the same member of many
 * objects of that kind without looking it up each time (`getter.call(other)`); undefined when
 * `key` is no accessor there.
 */
export function domGetter<T>(obj: object, key: string): ((this: object) => T) | undefined {
  return builtinDescriptor(obj, key)?.get as ((this: object) => T) | undefined;
}

/** Calls a built-in DOM method of `obj`, never a named property shadowing it. */
export function domCall<T>(obj: object, key: string, ...args: unknown[]): T {
  const fn = domGet<((...a: unknown[]) => T) | undefined>(obj, key);
  if (typeof fn !== 'function') throw new TypeError(`${key} is not a DOM method here`);
  return fn.apply(obj, args);
}

/**
 * Elements whose name or id become named properties of their form (the listed controls and img)
 * or of their document (named embed, form, iframe, img, object; object and img by id too). Only
 * those that have a name or an id: the selector leaves out, natively, the hundreds of bare images
 * a page holds, each of which the walk below would ask for both attributes.
 */
const NAMED_PROPERTY_CARRIERS = ['input', 'button', 'select', 'textarea', 'output', 'fieldset', 'object', 'img', 'embed', 'form', 'iframe']
  .flatMap((tag) => [`${tag}[name]`, `${tag}[id]`])
  .join(', ');

/** True when `value` names a member of a form or a document, which a named property would shadow. */
function shadowsBuiltin(value: string, formProto: object, docProto: object): boolean {
  return value in formProto || value in docProto;
}

function carriersOf(doc: Document): ArrayLike<Element> {
  return domCall<ArrayLike<Element>>(doc, 'querySelectorAll', NAMED_PROPERTY_CARRIERS);
}

/** The prototypes a named property can shadow members of: a form's and the document's. */
function clobberTargets(doc: Document): { formProto: object; docProto: object } {
  const form = domCall<Element>(doc, 'createElement', 'form');
  return { formProto: Object.getPrototypeOf(form) as object, docProto: Object.getPrototypeOf(doc) as object };
}

/** Calls `fn` for each name or id attribute in `doc` that would shadow a built-in DOM member; stops when it returns true. */
function eachShadowingName(doc: Document, fn: (el: Element, attr: 'name' | 'id') => boolean | void): void {
  const carriers = carriersOf(doc);
  if (carriers.length === 0) return;
  const { formProto, docProto } = clobberTargets(doc);
  for (let i = 0; i < carriers.length; i++) {
    const el = carriers[i]!;
    for (const attr of ['name', 'id'] as const) {
      const value = domCall<string | null>(el, 'getAttribute', attr);
      if (value && shadowsBuiltin(value, formProto, docProto) && fn(el, attr)) return;
    }
  }
}

/** True when some form control, image or embed of `doc` is named after a built-in DOM member (DOM clobbering). */
export function hasShadowingNames(doc: Document): boolean {
  let found = false;
  eachShadowingName(doc, () => (found = true));
  return found;
}

/**
 * Removes every name and id that would shadow a built-in DOM member, so that the pipeline's steps
 * and Readability (which read `node.parentNode`, `node.attributes`… directly) see the real tree.
 * Forms and their controls never reach the reader (the policy unwraps and drops them), so their
 * names serve nothing; an id named after a DOM member is no footnote target either.
 */
export function removeShadowingNames(doc: Document): void {
  const found: Array<[Element, 'name' | 'id']> = [];
  eachShadowingName(doc, (el, attr) => void found.push([el, attr]));
  for (const [el, attr] of found) domCall(el, 'removeAttribute', attr);
}

/**
 * A deep copy of a document that the pipeline may mutate freely, with no name that shadows a DOM
 * member (removeShadowingNames). Uses `cloneNode(true)`; falls back to importing into a fresh
 * document where a DOM's clone leaves descendants owned by the original (happy-dom 21), which
 * breaks selector matching. Reads `doc` through its built-in members only (domGet): the page's
 * markup may shadow any of them. With `namesChecked`, the caller knows `doc` holds no such name
 * (it asked hasShadowingNames, or `doc` is itself such a copy): a copy holds the same attributes,
 * so it is not searched again (a query over every form control and image of the page).
 */
export function cloneDocument(doc: Document, namesChecked = false): Document {
  let clone = domCall<Document>(doc, 'cloneNode', true);
  const root = domGet<HTMLElement | null>(clone, 'documentElement');
  if (!root || domGet<Document>(root, 'ownerDocument') !== clone) {
    const fresh = domGet<DOMImplementation>(doc, 'implementation').createHTMLDocument('');
    const freshRoot = domGet<HTMLElement | null>(fresh, 'documentElement');
    if (freshRoot) domCall(fresh, 'removeChild', freshRoot);
    const source = domGet<HTMLElement | null>(doc, 'documentElement');
    if (source) domCall(fresh, 'appendChild', domCall<Node>(fresh, 'importNode', source, true));
    clone = fresh;
  }
  if (!namesChecked) removeShadowingNames(clone);
  return clone;
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
