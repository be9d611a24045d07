/**
 * A stored article body as the exporters read it: parsed once into an inert document that is
 * reused (a template's content: nothing runs or loads), and checked against the sanitize policy
 * instead of being sanitized again. Every stored body went through utils/extract/sanitize when it
 * was saved or imported; a full second DOMPurify pass per article was 58 % of an HTML export of
 * 10,000 articles (profiled in Chromium), and a check is a walk of the tree. Defence in depth is
 * kept: a body the check does not pass as clean — one written by a damaged or older library, or
 * with anything unusual in it (SVG, MathML, a tag outside the common article set) — is sanitized in
 * full, as before.
 */
import { ARTICLE_ID_PREFIX, FORBIDDEN_ATTRS, URL_ATTRS } from '../extract/sanitize';

const HTML_NS = 'http://www.w3.org/1999/xhtml';

/**
 * Elements a sanitized article is made of. Anything else — scripts, frames, forms, styles, SVG,
 * MathML, a raw-text element such as xmp or plaintext — sends the body to the full sanitizer.
 */
const ARTICLE_TAGS = new Set(
  (
    'a abbr address article aside b bdi bdo big blockquote br caption center cite code col colgroup data dd del details dfn div dl dt em ' +
    'figcaption figure footer h1 h2 h3 h4 h5 h6 header hgroup hr i img ins kbd li main mark nav ol p picture pre q rp rt ruby s samp ' +
    'section small source span strike strong sub summary sup table tbody td tfoot th thead time tr tt u ul var wbr'
  ).split(' '),
);
const FORBIDDEN_ATTR_SET = new Set(FORBIDDEN_ATTRS);
/** Attributes whose value a browser may load or navigate to: the sanitizer's own list. */
const URL_ATTR_SET: ReadonlySet<string> = new Set(URL_ATTRS);
/** What a kept URL may be: an absolute http(s), mailto or tel address with no space or control character. */
// eslint-disable-next-line no-control-regex -- control characters are what the check refuses
const SAFE_URL_RE = /^(?:https?:\/\/|mailto:|tel:)[^\u0000-\u0020\u007f-\u00a0\u2028\u2029]*$/i;
/** A data: image (an `<img>` shows it; it runs nothing). */
const DATA_IMAGE_RE = /^data:image\/(?:png|jpe?g|gif|webp|avif);base64,[a-z0-9+/=]*$/i;
/** The only class a sanitized body keeps: a code block's language. */
const KEEP_CLASS_RE = /^(?:language|lang)-[\w+#.-]+$/;

function safeUrl(tag: string, name: string, value: string): boolean {
  const v = value.trim();
  if (v.startsWith('#')) return /^#[\w.:-]*$/.test(v);
  if (tag === 'img' && name === 'src' && DATA_IMAGE_RE.test(v)) return true;
  return SAFE_URL_RE.test(v);
}

/** Whether every element and attribute under `root` is what the sanitize policy leaves (false: sanitize it in full). */
export function isPolicyClean(root: ParentNode): boolean {
  const elements = root.querySelectorAll('*');
  for (let i = 0; i < elements.length; i++) {
    const el = elements[i]!;
    if (el.namespaceURI !== HTML_NS || !ARTICLE_TAGS.has(el.localName)) return false;
    const tag = el.localName;
    const attrs = el.attributes;
    for (let j = 0; j < attrs.length; j++) {
      const { name, value } = attrs[j]!;
      // The policy itself opens the article's links in a new tab: target="_blank" on a link is its own.
      if (name === 'target' && tag === 'a' && value === '_blank') continue;
      if (name.startsWith('on') || name.startsWith('data-') || name.includes(':') || FORBIDDEN_ATTR_SET.has(name) || name === 'is') return false;
      if (URL_ATTR_SET.has(name)) {
        if (!safeUrl(tag, name, value)) return false;
      } else if (name === 'srcset') {
        if (!value.split(/,\s+/).every((part) => SAFE_URL_RE.test(part.trim().split(/\s+/)[0] ?? ''))) return false;
      } else if (name === 'class') {
        if (
          !value
            .trim()
            .split(/\s+/)
            .every((c) => c === '' || KEEP_CLASS_RE.test(c))
        )
          return false;
      } else if ((name === 'id' || name === 'name') && !value.startsWith(ARTICLE_ID_PREFIX)) return false;
    }
  }
  return true;
}

/** One inert document per window, reused for every body (a template's content runs and loads nothing). */
const inertDocs = new WeakMap<object, Document>();

function inertDocument(doc: Document): Document {
  let inert = inertDocs.get(doc);
  if (!inert) {
    inert = doc.implementation.createHTMLDocument('');
    inertDocs.set(doc, inert);
  }
  return inert;
}

/**
 * A body parsed into a detached `<div>` of the reused inert document, or null when there is no DOM
 * to parse with (Node without a window). Its comments are removed: the sanitizer keeps plain ones
 * (invisible), and a comment's serialization can parse differently in another context (mutation XSS).
 */
export function parseStoredBody(html: string, win?: { document: Document }): Element | null {
  const doc = win?.document ?? (typeof document === 'undefined' ? undefined : document);
  if (!doc?.implementation) return null;
  const inert = inertDocument(doc);
  const template = inert.createElement('template');
  template.innerHTML = html;
  const root = inert.createElement('div');
  root.append(template.content);
  // NodeFilter.SHOW_COMMENT (128): the constant, as the window's NodeFilter may not be global.
  const walker = inert.createTreeWalker(root, 128);
  const comments: Node[] = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  for (const comment of comments) comment.parentNode?.removeChild(comment);
  return root;
}
