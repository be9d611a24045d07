/**
 * The "dangerous markup" detector of the XSS suites (issue 12): what must never survive in an
 * article we store or render — script, frames, plugins, <base>, <meta http-equiv>, form actions,
 * event-handler attributes, script-capable URLs (javascript:, vbscript:, data: outside images),
 * CSS that runs or loads script, SVG animation and <use> of outside documents, and ids or names
 * that clobber a global or document member. Works in Node (e2e files) and in happy-dom (unit
 * tests): strings are parsed in an inert happy-dom document of its own, where nothing runs or loads.
 * It errs on the side of reporting: a URL is judged after removing every control and space
 * character, which is stricter than any browser's URL parser.
 */
import { Window } from 'happy-dom';
import { ARTICLE_ID_PREFIX } from '../../../utils/extract/sanitize';

/** One thing that should not be there, precise enough to say which vector left it. */
export interface Finding {
  rule: string;
  tag: string;
  attr?: string;
  value?: string;
}

/** Elements that run script, load documents or change how the page is read. */
const DANGEROUS_TAGS = new Set([
  'script',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'base',
  'link',
  'portal',
  // SVG animation can set any attribute (an onclick, an href to javascript:); a foreignObject or
  // handler/listener nests HTML or script in SVG.
  'set',
  'animate',
  'animatemotion',
  'animatetransform',
  'discard',
  'foreignobject',
  'handler',
  'listener',
]);

/** Attributes that hold a URL a browser may navigate to, load or run. */
const URL_ATTRS = new Set([
  'href',
  'src',
  'xlink:href',
  'action',
  'formaction',
  'poster',
  'data',
  'background',
  'lowsrc',
  'dynsrc',
  'codebase',
  'cite',
  'longdesc',
  'ping',
  'manifest',
  'icon',
  'folder',
  'to',
  'from',
  'values',
]);

const SCRIPT_SCHEME_RE = /^(?:javascript|vbscript|livescript|mocha|data):/i;
const DATA_IMAGE_RE = /^data:image\//i;
/** CSS that runs script (IE expression, behaviors, XBL bindings), imports sheets or names a script URL. */
const DANGEROUS_CSS_RE = /expression\s*\(|behavior\s*:|-moz-binding|@import|(?:javascript|vbscript|livescript)\s*:/i;
/** Globals of the extension's own pages that an element id or name could shadow. */
const EXTENSION_GLOBALS = new Set(['browser', 'chrome', 'wxt', 'process', 'define', 'module', 'exports', 'require', 'preact', 'msBrowser']);

let reference: { window: Window; document: Document } | null = null;

/** An inert happy-dom window: parses without running, loading or navigating anything. */
function inertWindow(): { window: Window; document: Document } {
  if (reference) return reference;
  const window = new Window({
    url: 'https://detector.invalid/',
    settings: {
      disableJavaScriptEvaluation: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableIframePageLoading: true,
      disableComputedStyleRendering: true,
      handleDisabledFileLoadingAsSuccess: true,
      navigation: { disableMainFrameNavigation: true, disableChildFrameNavigation: true, disableChildPageNavigation: true },
    },
  });
  reference = { window, document: window.document as unknown as Document };
  return reference;
}

/** The URL as judged: without any control or space character anywhere (no browser is that lenient). */
export function normalizedUrl(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0020\u007f-\u00a0\u1680\u180e\u2000-\u200f\u2028\u2029\u205f\u3000\ufeff]/g, '');
}

/** True when `value`, an attribute URL, can run script or render a document (data: outside images). */
export function isScriptUrl(value: string, image: boolean): boolean {
  const url = normalizedUrl(value);
  if (!SCRIPT_SCHEME_RE.test(url)) return false;
  return !(image && DATA_IMAGE_RE.test(url));
}

function srcsetUrls(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim().split(/\s+/)[0] ?? '')
    .filter(Boolean);
}

/** True when an id or name would shadow a global, a document member or one of our globals. */
export function clobbers(value: string): boolean {
  if (!value || value.startsWith(ARTICLE_ID_PREFIX)) return false;
  const { window, document } = inertWindow();
  return EXTENSION_GLOBALS.has(value) || value in window || value in document || value in Object.prototype;
}

function isImageElement(tag: string, attr: string): boolean {
  return (
    ((tag === 'img' || tag === 'source' || tag === 'picture') && (attr === 'src' || attr === 'srcset')) ||
    (tag === 'image' && (attr === 'href' || attr === 'xlink:href'))
  );
}

/** Every finding in the subtree of `root` (the root itself included when it is an element). */
export function findDangerousInRoot(root: Element | DocumentFragment): Finding[] {
  const findings: Finding[] = [];
  const elements: Element[] = [...(root.nodeType === 1 ? [root as Element] : []), ...Array.from(root.querySelectorAll('*'))];
  for (const el of elements) {
    // The qualified name: `<t:set>` in HTML is an unknown element named "t:set" in a browser
    // (happy-dom reports localName "set" for it), not SVG's <set>.
    const tag = el.tagName.toLowerCase();
    if (DANGEROUS_TAGS.has(tag)) findings.push({ rule: 'dangerous element', tag });
    if (tag === 'meta' && el.hasAttribute('http-equiv')) findings.push({ rule: 'meta http-equiv', tag, value: el.getAttribute('http-equiv') ?? '' });
    if (tag === 'style' && DANGEROUS_CSS_RE.test(el.textContent ?? '')) findings.push({ rule: 'style sheet that runs or loads', tag });
    if (tag === 'use') {
      const ref = el.getAttribute('href') ?? el.getAttribute('xlink:href');
      if (ref !== null && !ref.trim().startsWith('#')) findings.push({ rule: 'svg use of an outside document', tag, value: ref });
    }
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      const value = attr.value;
      if (name.startsWith('on')) findings.push({ rule: 'event handler', tag, attr: name, value });
      else if (name === 'srcdoc') findings.push({ rule: 'srcdoc', tag, attr: name });
      else if (tag === 'form' && name === 'action') findings.push({ rule: 'form action', tag, attr: name, value });
      else if (name === 'formaction') findings.push({ rule: 'form action', tag, attr: name, value });
      else if (name === 'style' && DANGEROUS_CSS_RE.test(value)) findings.push({ rule: 'style that runs or loads', tag, attr: name, value });
      else if (URL_ATTRS.has(name) && isScriptUrl(value, isImageElement(tag, name))) findings.push({ rule: 'script URL', tag, attr: name, value });
      else if ((name === 'srcset' || name === 'imagesrcset') && srcsetUrls(value).some((u) => isScriptUrl(u, isImageElement(tag, 'srcset')))) {
        findings.push({ rule: 'script URL in srcset', tag, attr: name, value });
      } else if ((name === 'id' || name === 'name') && clobbers(value)) findings.push({ rule: 'DOM clobbering', tag, attr: name, value });
    }
  }
  return findings;
}

/** Every finding in an HTML fragment, parsed in an inert document (nothing in it runs or loads). */
export function findDangerousMarkup(html: string): Finding[] {
  const { document } = inertWindow();
  const template = document.createElement('template');
  template.innerHTML = html;
  return findDangerousInRoot(template.content);
}

/** The fields of a stored record (an Article) the detector checks. */
export interface RecordLike {
  url: string;
  title: string;
  byline: string | null;
  siteName: string | null;
  excerpt: string | null;
  leadImageUrl: string | null;
  contentHtml: string;
}

function httpUrl(value: string, allowFile: boolean): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' || (allowFile && u.protocol === 'file:');
  } catch {
    return false;
  }
}

/**
 * Findings in a stored record: its body (as markup), its address (http(s) or file:), its lead image
 * (http(s) or none), and its plain-text fields (strings, or null where allowed; they are shown as
 * text, which the rendered-view checks confirm).
 */
export function findDangerousInRecord(record: RecordLike): Finding[] {
  const findings = findDangerousMarkup(record.contentHtml);
  if (!httpUrl(record.url, true)) findings.push({ rule: 'record url not http(s)/file', tag: 'record', attr: 'url', value: record.url });
  if (record.leadImageUrl !== null && !httpUrl(record.leadImageUrl, false)) {
    findings.push({ rule: 'lead image not http(s)', tag: 'record', attr: 'leadImageUrl', value: record.leadImageUrl });
  }
  for (const field of ['title', 'byline', 'siteName', 'excerpt'] as const) {
    const value = record[field];
    if (value === null && field !== 'title') continue;
    if (typeof value !== 'string') findings.push({ rule: 'plain-text field not a string', tag: 'record', attr: field, value: String(value) });
  }
  return findings;
}

/** A one-line description of findings, for assertion messages. */
export function describeFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.rule}: <${f.tag}${f.attr ? ` ${f.attr}` : ''}${f.value !== undefined ? `="${f.value.slice(0, 80)}"` : ''}>`).join('; ');
}
