/**
 * DOMPurify with a strict profile, then absolute URLs and safe link targets (see index.ts for the order);
 * links to a place inside the article stay fragment links to prefixed ids (keepFragmentLinks).
 * Works wherever a DOM window exists: the page's window in a content script, happy-dom's in Node.
 */
import DOMPurify, { type DOMPurify as Purifier, type WindowLike } from 'dompurify';
import { all, domGet, removeNode, tagOf, unwrap } from './dom';

/** Embeds we turn into plain links (never frames): host pattern → label. */
export const VETTED_VIDEO_HOSTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(?:www\.|m\.)?(?:youtube(?:-nocookie)?\.com|youtu\.be)$/i, 'YouTube'],
  [/^(?:www\.|player\.)?vimeo\.com$/i, 'Vimeo'],
];

/** Tags that never reach the reader, content included. */
export const DROPPED_TAGS = [
  'script',
  'style',
  'link',
  'meta',
  'base',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'input',
  'button',
  'select',
  'option',
  'optgroup',
  'textarea',
  'noscript',
  'template',
  'slot',
  'dialog',
  'portal',
  // SVG animation can set any attribute later (an onmouseover, an href to javascript:), and a
  // foreignObject nests HTML inside SVG (namespace confusion). Both case forms: DOMPurify compares
  // lowercased names, selectors match SVG names case-sensitively.
  'set',
  'animate',
  'animateMotion',
  'animatemotion',
  'animateTransform',
  'animatetransform',
  'discard',
  'foreignObject',
  'foreignobject',
  // SVG Tiny 1.2 / XML Events script elements (html5sec #94, #127): no browser runs them now, and
  // the reader has no use for them.
  'handler',
  'listener',
];
/**
 * Tags replaced by their content: some sites (ASP.NET) wrap the whole page in a <form>, so
 * dropping a form with its content could drop the article.
 */
export const UNWRAPPED_TAGS = ['form', 'fieldset', 'legend', 'label'];
export const FORBIDDEN_TAGS = [...DROPPED_TAGS, ...UNWRAPPED_TAGS];
/** Attributes that never reach the reader (event handlers are always removed by DOMPurify). */
export const FORBIDDEN_ATTRS = ['style', 'srcdoc', 'formaction', 'action', 'ping', 'target', 'autofocus', 'tabindex', 'contenteditable'];

/**
 * Attributes whose value a browser may load or navigate to. Beside the usual ones, the legacy
 * ones DOMPurify allows and resolves (`<table background>`, `<img lowsrc/dynsrc>`): our policy
 * must hold where DOMPurify did not run fully, and there a `background="javascript:…"` stayed.
 * The exporters' stored-body check (utils/export/stored-body.ts) reads the same list.
 */
export const URL_ATTRS: readonly string[] = [
  'href',
  'src',
  'poster',
  'cite',
  'longdesc',
  'xlink:href',
  'background',
  'lowsrc',
  'dynsrc',
  'action',
  'data',
  'codebase',
  'icon',
  'manifest',
  // IE's AnchorClick behaviour navigated to it (html5sec #36).
  'folder',
];
const URL_ATTR_NAMES = new Set(URL_ATTRS);
/** The URL attributes a selector can name (xlink:href cannot be: the string path visits every element). */
const URL_ATTR_SELECTOR = ['srcset', ...URL_ATTRS.filter((a) => !a.includes(':'))].map((a) => `[${a}]`).join(', ');
const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:', 'tel:']);
/** Classes worth keeping: the language hint of code blocks (for highlighting), nothing else. */
const KEEP_CLASS_RE = /^(?:language|lang)-[\w+#.-]+$/;

/**
 * Prefix of the ids (and `<a name>`s) an article keeps: only those its own links point at
 * (footnotes and their references, a table of contents), each link rewritten to match. Prefixed,
 * they cannot collide with the ids of the reader's own page, nor clobber a DOM property: a
 * hyphenated name is no JavaScript identifier, and DOMPurify's SANITIZE_DOM check, which drops
 * ids such as "method" or "cookie", sees the prefixed value.
 */
export const ARTICLE_ID_PREFIX = 'reader-fn-';

const HTML_NS = 'http://www.w3.org/1999/xhtml';

function prefixedId(value: string): string {
  return value.startsWith(ARTICLE_ID_PREFIX) ? value : ARTICLE_ID_PREFIX + value;
}

/** Ids and names of HTML elements (SVG and MathML keep theirs: their own references use them). */
function isNamedHtmlAttribute(el: Element, name: string): boolean {
  return (name === 'id' || name === 'name') && (el.namespaceURI ?? HTML_NS) === HTML_NS;
}

/** DOMPurify hook: ids and names are prefixed before its clobbering check sees them. */
function prefixNamedAttribute(node: Element, data: { attrName: string; attrValue: string }): void {
  if (data.attrValue && isNamedHtmlAttribute(node, data.attrName)) data.attrValue = prefixedId(data.attrValue);
}

const PURIFY_CONFIG = {
  FORBID_TAGS: FORBIDDEN_TAGS,
  FORBID_ATTR: FORBIDDEN_ATTRS,
  ALLOW_DATA_ATTR: false,
  // DOMPurify keeps the text of forbidden elements; a button's label is not article text.
  ADD_FORBID_CONTENTS: ['button', 'select', 'option', 'optgroup', 'textarea', 'dialog'],
};

/**
 * Purifiers per window, configured once (DOMPurify re-parses a config passed per call), each made
 * the first time it is needed. The string purifier prefixes ids and names in a hook; the element
 * ones (a DOM copy, or in place for the rare article whose copy does not keep its root: see
 * sanitizedCopy) have no hook, because their input was prefixed before (dropPolicyAttributes): a
 * hook costs a call per attribute and a copy of the attribute allowlist per sanitize, which on the
 * first, cold call of a page was a fifth of DOMPurify's time.
 */
const purifiers = new WeakMap<object, Partial<Record<PurifierMode, Purifier>>>();

type PurifierMode = 'string' | 'element' | 'inPlace';

/**
 * What DOMPurify is given for a window: its constructors, and an inert document of its own instead
 * of the window's. DOMPurify reads `document.createElement`, `.implementation`, `.nodeType`… off
 * the document it is given, and on a page that names an image after one of them (`<img
 * name=createElement>`: DOM clobbering) the page's document answers with that image, which breaks
 * DOMPurify or turns it off. An inert document of the same DOM has no such names and never will.
 */
function purifierWindow(win: WindowLike): WindowLike {
  const w = win as unknown as Record<string, unknown> & { document: Document };
  const inert = domGet<DOMImplementation>(w.document, 'implementation').createHTMLDocument('');
  const pick = (name: string): unknown => w[name];
  return {
    document: inert,
    Node: pick('Node'),
    Element: pick('Element'),
    NodeFilter: pick('NodeFilter'),
    DOMParser: pick('DOMParser'),
    HTMLTemplateElement: pick('HTMLTemplateElement'),
  } as unknown as WindowLike;
}

function newPurifier(win: WindowLike, mode: PurifierMode): Purifier {
  const purifier = DOMPurify(purifierWindow(win));
  purifier.setConfig({ ...PURIFY_CONFIG, ...(mode === 'inPlace' ? { IN_PLACE: true } : { RETURN_DOM_FRAGMENT: true }) });
  if (mode === 'string') purifier.addHook('uponSanitizeAttribute', prefixNamedAttribute);
  return purifier;
}

function purifierFor(win: WindowLike, mode: PurifierMode): Purifier {
  let p = purifiers.get(win);
  if (!p) {
    p = {};
    purifiers.set(win, p);
  }
  return (p[mode] ??= newPurifier(win, mode));
}

/**
 * Whether DOMPurify may take an element on this window's DOM (a copy, or in place): it may in
 * browsers; happy-dom loses nodes when DOMPurify works in place on big trees, so there the string
 * path is taken. Either way enforcePolicy applies the whole policy after it (tags, attributes,
 * URLs), so nothing rests on it.
 */
export function elementInputSupported(win: WindowLike): boolean {
  return !('happyDOM' in (win as object)) && purifierFor(win, 'element').isSupported;
}

/**
 * DOMPurify's self-test on this window's DOM: a style, a data attribute, a script URL, a form, a button
 * and a script go in, a bare paragraph and link must come out. A diagnostic for the benchmarks;
 * extraction does not depend on it.
 */
export function purifierSelfTest(win: WindowLike): boolean {
  try {
    // No event-handler attribute, and an inert document: Chrome checks a handler attribute against
    // the page's CSP as soon as it is parsed, in any document of the page, and the violation
    // report it sends the site names our extension.
    const live = (win as unknown as { document: Document }).document;
    const div = domGet<DOMImplementation>(live, 'implementation').createHTMLDocument('').createElement('div');
    div.innerHTML = '<p style="color:red" data-x="1"><a href="javascript:x()">a</a></p><form><input></form><button>b</button><script>x()</script>';
    newPurifier(win, 'inPlace').sanitize(div);
    return div.innerHTML === '<p><a>a</a></p>';
  } catch {
    return false;
  }
}

export interface SanitizeOptions {
  /** The window whose DOM DOMPurify uses; defaults to the global one (browser). */
  window?: WindowLike;
  /** Absolute base against which relative URLs are resolved; null leaves them as they are. */
  baseUrl: string | null;
}

export interface Sanitized {
  /** Sanitized HTML. */
  html: string;
  /** A detached element holding the sanitized nodes (for text extraction). */
  root: Element;
  /**
   * For an element input, what stands for that element from now on: its sanitized copy, or the
   * element itself where it was sanitized in place, or left as it was (the string path).
   */
  content?: Element;
}

/** Replaces vetted video embeds by a link to the video and removes every other embed. */
export function replaceEmbeds(root: Element, baseUrl: string | null): void {
  const doc = root.ownerDocument;
  for (const frame of all(root, 'iframe, embed, object, video[src*="youtube"]')) {
    const raw = frame.getAttribute('src') ?? frame.getAttribute('data') ?? frame.getAttribute('data-src') ?? '';
    const url = absolutize(raw.startsWith('//') ? `https:${raw}` : raw, baseUrl);
    const host = url ? safeHost(url) : null;
    const vetted = host ? VETTED_VIDEO_HOSTS.find(([re]) => re.test(host)) : undefined;
    if (!vetted || !url) {
      removeNode(frame);
      continue;
    }
    // A figure whose caption is the link: the reader shows it, the plain text (captions left
    // out) does not count it as article prose.
    const figure = doc.createElement('figure');
    const caption = doc.createElement('figcaption');
    const a = doc.createElement('a');
    a.setAttribute('href', url);
    a.textContent = `Watch the video on ${vetted[1]}`;
    caption.appendChild(a);
    figure.appendChild(caption);
    frame.replaceWith(figure);
  }
}

function safeHost(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

const ABSOLUTE_HTTP_RE = /^https?:\/\/[^\s]+$/i;

/** Resolves `value` against `base`; returns the input unchanged when it cannot. */
export function absolutize(value: string, base: string | null): string {
  const v = value.trim();
  if (!v || ABSOLUTE_HTTP_RE.test(v)) return v;
  try {
    return base ? new URL(v, base).href : new URL(v).href;
  } catch {
    return v;
  }
}

function absolutizeSrcset(value: string, base: string | null): string {
  return value
    .split(/,\s+/)
    .map((part) => {
      const [u, ...desc] = part.trim().split(/\s+/);
      return u ? [absolutize(u, base), ...desc].join(' ') : '';
    })
    .filter(Boolean)
    .join(', ');
}

/**
 * The absolute form of a URL attribute's value when it is safe to keep: http(s), mailto, tel…
 * (SAFE_PROTOCOLS), a relative reference, or a data: image where `image` allows one; else null.
 */
function safeUrl(raw: string, baseUrl: string | null, image: boolean): string | null {
  const abs = absolutize(raw, baseUrl);
  let protocol = '';
  if (ABSOLUTE_HTTP_RE.test(abs)) protocol = abs[4] === ':' ? 'http:' : 'https:';
  else {
    try {
      protocol = new URL(abs).protocol;
    } catch {
      protocol = '';
    }
  }
  const dataImage = image && protocol === 'data:' && /^data:image\//i.test(abs);
  if (dataImage || SAFE_PROTOCOLS.has(protocol) || (!protocol && !/^[a-z][\w+.-]*:/i.test(abs))) return abs;
  return null;
}

/** A srcset with only its http(s) or relative candidates, made absolute; empty when none is left. */
function safeSrcset(value: string, baseUrl: string | null): string {
  return value
    .split(/,\s+/)
    .map((part) => {
      const [u, ...desc] = part.trim().split(/\s+/);
      if (!u || /^data:/i.test(u)) return '';
      const safe = safeUrl(u, baseUrl, false);
      return safe === null ? '' : [safe, ...desc].join(' ');
    })
    .filter(Boolean)
    .join(', ');
}

/**
 * Makes every URL in a document absolute before Readability sees it: Readability resolves them
 * against the document's own base, which is wrong when the caller knows the real page URL.
 */
export function absolutizeDocumentUrls(doc: Document, baseUrl: string | null): void {
  if (!baseUrl) return;
  for (const el of all(doc.body ?? doc, '[href], [src], [srcset], [poster]')) {
    for (const attr of ['href', 'src', 'poster']) {
      const raw = el.getAttribute(attr);
      if (raw === null || raw.startsWith('#') || /^\s*(?:javascript|data|mailto|tel):/i.test(raw)) continue;
      el.setAttribute(attr, absolutize(raw, baseUrl));
    }
    const srcset = el.getAttribute('srcset');
    if (srcset && !/^\s*data:/i.test(srcset)) el.setAttribute('srcset', absolutizeSrcset(srcset, baseUrl));
  }
}

/** The fragment of a link to a place on this same page ("#install", or the page's URL with a hash), else null. */
export function samePageFragment(href: string, pageUrls: readonly (string | null)[]): string | null {
  const raw = href.trim();
  if (raw.startsWith('#')) return raw.length > 1 ? raw.slice(1) : null;
  // A URL has a fragment only after a "#": most links have none, and need no URL parsed per page URL.
  if (!raw.includes('#')) return null;
  for (const page of pageUrls) {
    if (!page) continue;
    try {
      const url = new URL(raw, page);
      if (url.hash.length > 1 && url.href.split('#')[0] === page.split('#')[0]) return url.hash.slice(1);
    } catch {
      // Not a URL: not a link to this page.
    }
  }
  return null;
}

function decodedFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/**
 * Keeps the article's links to places inside itself working in the reader: a link to the page's
 * own `#fragment` whose target is in the article points at the target's prefixed id (no new tab,
 * not made absolute); every id and name no such link points at is removed. Returns those links.
 * Motivated by: footnotes ([1] → the note, ↩ → back) in Wikipedia, WordPress and Markdown pages.
 */
export function keepFragmentLinks(root: Element, baseUrl: string | null): Set<Element> {
  const named: Element[] = [];
  const targets = new Set<string>();
  for (const el of all(root, '[id], [name]')) {
    for (const attr of ['id', 'name']) {
      const value = el.getAttribute(attr);
      if (value === null || !isNamedHtmlAttribute(el, attr)) continue;
      // DOMPurify's hook has prefixed them already; a DOM it did not fully run on is caught here.
      const id = prefixedId(value);
      if (id !== value) el.setAttribute(attr, id);
      if (attr === 'id' || tagOf(el) === 'a') targets.add(id);
    }
    named.push(el);
  }
  const internal = new Set<Element>();
  const used = new Set<string>();
  if (targets.size > 0) {
    for (const a of all(root, 'a[href]')) {
      const fragment = samePageFragment(a.getAttribute('href') ?? '', [baseUrl]);
      if (fragment === null) continue;
      const id = [fragment, decodedFragment(fragment)].map(prefixedId).find((candidate) => targets.has(candidate));
      if (!id) continue;
      a.setAttribute('href', `#${id}`);
      internal.add(a);
      used.add(id);
    }
  }
  for (const el of named) {
    for (const attr of ['id', 'name']) {
      const value = el.getAttribute(attr);
      if (value === null || !isNamedHtmlAttribute(el, attr)) continue;
      // Only an <a name> is a link target; any other element's name serves nothing in the reader.
      if (!used.has(value) || (attr === 'name' && tagOf(el) !== 'a')) el.removeAttribute(attr);
    }
  }
  return internal;
}

/**
 * Removes the attributes the policy drops whatever DOMPurify decides: event handlers, styles,
 * data-*, the forbidden list, and class names (only a code block's language class stays); with
 * `prefixNames`, it also prefixes the ids and names of HTML elements as the string purifier's hook
 * does (trimmed, as DOMPurify gives the hook the value), so that DOMPurify's clobbering check sees
 * the prefixed value without a hook. The element paths run it before DOMPurify, with prefixNames,
 * so that DOMPurify never weighs the dropped ones one by one (on an article, class names alone are
 * most of the attributes); the string path runs it after.
 */
export function dropPolicyAttributes(root: Element, prefixNames = false): void {
  const elements = all(root, '*');
  for (let i = -1; i < elements.length; i++) {
    const el = i < 0 ? root : elements[i]!;
    if (!el.hasAttributes()) continue;
    for (const name of el.getAttributeNames()) {
      const lower = name.toLowerCase();
      if (lower === 'class') {
        const tag = tagOf(el);
        const keep = tag === 'code' || tag === 'pre' ? (el.getAttribute(name) ?? '').split(/\s+/).filter((c) => KEEP_CLASS_RE.test(c)) : [];
        if (keep.length) el.setAttribute(name, keep.join(' '));
        else el.removeAttribute(name);
      } else if (lower.startsWith('on') || FORBIDDEN_ATTRS.includes(lower) || lower.startsWith('data-')) {
        el.removeAttribute(name);
      } else if (prefixNames && isNamedHtmlAttribute(el, lower)) {
        const value = (el.getAttribute(name) ?? '').trim();
        if (value) el.setAttribute(name, prefixedId(value));
      }
    }
  }
}

/**
 * Enforces the policy on the sanitized tree a second time, whatever DOMPurify did: forbidden tags,
 * the attributes {@link dropPolicyAttributes} removes (unless `attributesDropped`: the in-place
 * path removed them before DOMPurify ran), unsafe URLs; and adds absolute URLs and link targets.
 * So the policy holds on any DOM, also where DOMPurify is not fully supported (happy-dom).
 */
export function enforcePolicy(root: Element, baseUrl: string | null, attributesDropped = false): void {
  for (const el of all(root, DROPPED_TAGS.join(','))) removeNode(el);
  for (const el of all(root, UNWRAPPED_TAGS.join(','))) unwrap(el);
  if (!attributesDropped) dropPolicyAttributes(root);
  const internal = keepFragmentLinks(root, baseUrl);
  // An SVG <use> may only reuse a shape of the same drawing: one that points outside loads (and
  // can track) a remote document.
  for (const el of all(root, 'use')) {
    const ref = el.getAttribute('href') ?? el.getAttribute('xlink:href');
    if (ref === null || !ref.trim().startsWith('#')) removeNode(el);
  }
  // After DOMPurify in place, the elements with a URL attribute; on the string path every element,
  // which also reaches SVG's namespaced xlink:href (no selector names it).
  for (const el of all(root, attributesDropped ? URL_ATTR_SELECTOR : '*')) {
    const tag = tagOf(el);
    // A kept <use> points inside its own drawing: made absolute, it would point at the page.
    if (tag === 'use') continue;
    const inArticle = internal.has(el);
    // The element's own attribute names, not a getAttribute per URL attribute: most carry one.
    for (const attr of el.getAttributeNames()) {
      if (!URL_ATTR_NAMES.has(attr)) continue;
      const raw = el.getAttribute(attr);
      if (raw === null || (inArticle && attr === 'href')) continue;
      const safe = safeUrl(raw, baseUrl, tag === 'img' || tag === 'source');
      if (safe === null) el.removeAttribute(attr);
      else el.setAttribute(attr, safe);
    }
    const srcset = el.getAttribute('srcset');
    if (srcset !== null) {
      // Each candidate on its own: "a.jpg 1x, javascript:… 2x" starts safely.
      const safe = safeSrcset(srcset, baseUrl);
      if (safe) el.setAttribute('srcset', safe);
      else el.removeAttribute('srcset');
    }
    if (tag === 'a' && el.hasAttribute('href') && !inArticle) {
      el.setAttribute('target', '_blank');
      el.setAttribute('rel', 'noopener noreferrer');
    }
  }
}

/**
 * DOMPurify over a copy of `input` (its DOM mode: the tree is imported into a document of its
 * own, then walked once), instead of in place. In place, DOMPurify 3.5 walks the tree five more
 * times around its own walk (the patch-linkage sweep, the node lists before and after, the
 * unvisited-node check, the neutralizing of what it removed) and keeps a visited set: on the
 * first, cold call of a fresh page that cost more than the walk itself. Same purifier, same
 * config, same hook, so every node but the root gets the same verdict; the root is a child here
 * and the walk root in place, so when the copy is not `input`'s shape at the top (its root, or a
 * wrapped root, removed or unwrapped) null is returned and the caller sanitizes in place, as before.
 * The one verdict the DOM modes change is on an element with an `is` attribute, which DOMPurify
 * removes whole when it returns a DOM (in place it keeps the element with `is=""`): such a tree
 * goes in place too. Returns the copy of `input` and of the element it wraps, if any.
 */
function sanitizedCopy(win: WindowLike, input: Element, wrapped: Element | null): { root: Element; content: Element } | null {
  if (input.hasAttribute('is') || input.querySelector('[is]')) return null;
  const fragment = purifierFor(win, 'element').sanitize(input) as unknown as DocumentFragment;
  const root = fragment.firstChild;
  if (!root || root !== fragment.lastChild || !isElementNode(root) || tagOf(root) !== tagOf(input)) return null;
  fragment.removeChild(root);
  if (!wrapped) return { root, content: root };
  const inner = root.firstChild;
  if (!inner || inner !== root.lastChild || !isElementNode(inner) || tagOf(inner) !== tagOf(wrapped)) return null;
  return { root, content: inner };
}

function isElementNode(node: Node): node is Element {
  return node.nodeType === 1;
}

/**
 * Sanitizes article HTML for display in the reader. An element is sanitized as a copy in browsers
 * (see sanitizedCopy), else in place (it must be a detached copy, as the pipeline's clone is):
 * either saves a serialize-and-reparse round trip.
 */
export function sanitizeArticle(input: string | Element, options: SanitizeOptions): Sanitized {
  const win = options.window ?? (globalThis as unknown as { window?: WindowLike }).window;
  if (!win) throw new Error('sanitizeArticle needs a DOM window (pass options.window in Node)');
  let root: Element;
  let content: Element | undefined;
  if (typeof input !== 'string') {
    replaceEmbeds(input, options.baseUrl);
    // DOMPurify's DOM modes where it supports them (browsers): they save a serialize-and-reparse
    // round trip. Elsewhere (happy-dom) the string path is the one that holds up.
    if (!elementInputSupported(win)) return { ...sanitizeArticle(input.innerHTML, options), content: input };
  }
  let attributesDropped = false;
  if (typeof input === 'string') {
    const fragment = purifierFor(win, 'string').sanitize(input) as unknown as DocumentFragment;
    root = fragment.ownerDocument.createElement('div');
    root.appendChild(fragment);
  } else {
    const original = input;
    // DOMPurify refuses to sanitize a forbidden root in place; the article root is a plain container.
    if (tagOf(input) !== 'div' && tagOf(input) !== 'article' && tagOf(input) !== 'section') {
      const wrapper = input.ownerDocument.createElement('div');
      wrapper.appendChild(input);
      input = wrapper;
    }
    dropPolicyAttributes(input, true);
    attributesDropped = true;
    const copy = sanitizedCopy(win, input, input === original ? null : original);
    if (copy) {
      root = copy.root;
      content = copy.content;
    } else {
      try {
        purifierFor(win, 'inPlace').sanitize(input);
        root = input;
        content = original;
      } catch {
        // DOMPurify fails closed on trees that change under it in place; what is left is re-sanitized
        // from its serialization, which always completes.
        return { ...sanitizeArticle(input.innerHTML, options), content: original };
      }
    }
  }
  enforcePolicy(root, options.baseUrl, attributesDropped);
  return { html: root.innerHTML, root, content };
}
