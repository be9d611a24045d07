/**
 * DOM clobbering, for tests. Browsers give a form one property per control name or id, and a
 * browsing context's document one per named img, form, embed or object, and both win over the
 * built-in members ([LegacyOverrideBuiltIns]); happy-dom and jsdom implement neither. The
 * emulation installs the same shadowing as own properties of the form and document objects, so
 * code that reads `form.parentNode` meets the control, as it does in Chromium.
 */

/** Names of DOM members that page markup can shadow, as the issue lists them, and more. */
export const CLOBBERED_NAMES = [
  'parentNode',
  'attributes',
  'nodeName',
  'nodeType',
  'childNodes',
  'children',
  'firstChild',
  'lastChild',
  'nextSibling',
  'previousSibling',
  'parentElement',
  'firstElementChild',
  'removeChild',
  'insertBefore',
  'appendChild',
  'replaceWith',
  'remove',
  'cloneNode',
  'tagName',
  'localName',
  'namespaceURI',
  'id',
  'className',
  'getAttribute',
  'setAttribute',
  'removeAttribute',
  'hasAttribute',
  'getAttributeNames',
  'hasAttributes',
  'querySelector',
  'querySelectorAll',
  'getElementsByTagName',
  'matches',
  'closest',
  'contains',
  'innerHTML',
  'outerHTML',
  'textContent',
  'ownerDocument',
  'shadowRoot',
  'hasChildNodes',
  'normalize',
] as const;

/** Document members a named image, form or embed can shadow. */
export const DOCUMENT_CLOBBERED_NAMES = [
  'body',
  'head',
  'title',
  'documentElement',
  'getElementById',
  'getElementsByTagName',
  'querySelector',
  'querySelectorAll',
  'createElement',
  'cloneNode',
  'importNode',
  'implementation',
  'defaultView',
  'nodeType',
  'URL',
  'baseURI',
  'contentType',
  'childNodes',
  'createNodeIterator',
  'createDocumentFragment',
] as const;

const LISTED = 'input, button, select, textarea, output, fieldset, object, img';

/** Every property emulateClobbering installed, so that undoClobbering can take them away. */
const installed: Array<[object, string]> = [];

/** Removes what emulateClobbering installed: happy-dom's own teardown walks the tree by those properties. */
export function undoClobbering(): void {
  for (const [target, name] of installed.splice(0)) delete (target as Record<string, unknown>)[name];
}

/**
 * Installs, as a browser has them, the named properties of every form of `doc` (its controls'
 * names and ids) and of `doc` itself (named img, form, embed, object); returns how many shadow a
 * built-in member. Pass `document: false` for a document without a browsing context (a clone).
 */
export function emulateClobbering(doc: Document, opts: { document?: boolean } = {}): number {
  let shadowing = 0;
  const define = (target: object, name: string, value: Element) => {
    if (!(name in target) || Object.prototype.hasOwnProperty.call(target, name)) return;
    Object.defineProperty(target, name, { get: () => value, configurable: true });
    installed.push([target, name]);
    shadowing++;
  };
  for (const form of Array.from(doc.querySelectorAll('form'))) {
    for (const control of Array.from(form.querySelectorAll(LISTED))) {
      for (const attr of ['name', 'id']) {
        const value = control.getAttribute(attr);
        if (value) define(form, value, control);
      }
    }
  }
  if (opts.document !== false) {
    for (const el of Array.from(doc.querySelectorAll('img[name], form[name], embed[name], object[name], iframe[name]')))
      define(doc, el.getAttribute('name')!, el);
  }
  return shadowing;
}

const PROSE =
  'sentence describes what happened at the city council meeting on Tuesday evening, when members argued at length about the new budget for the coming year.';

/** A news article with a form in its body whose controls are named after `names`, and named images beside it. */
export function clobberedArticleHtml(opts: { formNames?: readonly string[]; documentNames?: readonly string[]; title?: string; ids?: boolean } = {}): string {
  const para = (n: number) => `<p>Paragraph ${n}: the ${PROSE} The ${PROSE}</p>`;
  const controls = (opts.formNames ?? []).map((name) => `<input name="${name}" value="x"><button name="${name}">Go</button>`).join('');
  // Ids as well as names (Chromium). happy-dom 21 hangs parsing a form control whose id is
  // parentNode (its form registry walks by it), so the Node tests pass `ids: false`.
  const idControls = opts.ids === false ? '' : (opts.formNames ?? []).map((name) => `<select id="${name}"><option>a</option></select>`).join('');
  const named = (opts.documentNames ?? [])
    .map((name) => `<img name="${name}" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt=""><form name="${name}"></form><embed name="${name}">`)
    .join('');
  const title = opts.title ?? 'Council argues over the budget';
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>
<header><a href="/">Home</a></header>
<main><article><h1>${title}</h1><p class="byline">By Jane Reporter</p>
${para(1)}${para(2)}
<form action="/comments" method="post"><label>Your comment <input type="text" name="comment"></label>${controls}${idControls}</form>
${para(3)}${para(4)}${named}${para(5)}${para(6)}
</article></main><footer>© Example News</footer></body></html>`;
}
