/**
 * Node-only helpers (CLI, benchmarks): parse HTML into a happy-dom document. Never imported by the
 * browser bundle, so happy-dom stays out of the content script.
 */
import { Window } from 'happy-dom';
import type { WindowLike } from 'dompurify';

/** A parsed page plus the window that owns it; call close() when done. */
export interface ParsedPage {
  document: Document;
  window: WindowLike;
  close(): Promise<void>;
}

const NODE_NAMES: Readonly<Record<number, string>> = { 3: '#text', 4: '#cdata-section', 8: '#comment', 9: '#document', 11: '#document-fragment' };

/**
 * happy-dom 21 answers '' from the Node.prototype nodeName getter for elements (subclasses override
 * it). DOMPurify reads nodeName through exactly that getter to resist clobbering, so without this
 * fix it sees every tag as unknown and sanitizes nothing. Node-only; never runs in a browser.
 */
export function patchHappyDomForDomPurify(win: object): void {
  const NodeCtor = (win as { Node?: { prototype: object } }).Node;
  if (!NodeCtor) return;
  const desc = Object.getOwnPropertyDescriptor(NodeCtor.prototype, 'nodeName');
  const original = desc?.get;
  if (!original || (original as { readerPatched?: boolean }).readerPatched) return;
  const patched = function (this: { nodeType: number; tagName?: string }): string {
    if (this.nodeType === 1 && typeof this.tagName === 'string') return this.tagName;
    const fixed = NODE_NAMES[this.nodeType];
    return fixed ?? (original.call(this) as string);
  };
  (patched as { readerPatched?: boolean }).readerPatched = true;
  Object.defineProperty(NodeCtor.prototype, 'nodeName', { ...desc, get: patched });
}

/**
 * happy-dom 21 does not treat `<style>` inside `<svg>` as raw text, and one such element (an icon
 * sprite, as on cnet.com) swallows the rest of the page. Those style sheets are dropped before
 * parsing; others stay, because their text counts in textContent as it does in a browser.
 */
const SVG_ELEMENT_RE = /<svg\b[\s\S]*?<\/svg\s*>/gi;
const STYLE_ELEMENT_RE = /<style\b[^>]*>[\s\S]*?<\/style\s*>/gi;

function dropSvgStyleSheets(html: string): string {
  return html.replace(SVG_ELEMENT_RE, (svg) => svg.replace(STYLE_ELEMENT_RE, ''));
}

/**
 * happy-dom 21 fetches `<link rel=preload as=fetch>` (and `modulepreload`) as soon as the element
 * is parsed, resolving the href against the document URL: with about:blank a protocol-relative
 * `//cdn…` href throws in an unawaited promise, which kills the process (every later file of a
 * CLI run with it); with a real URL it goes to the network. Such links mean nothing to a reader,
 * so their rel is renamed before parsing (the element stays, as in the page).
 */
const PRELOAD_LINK_RE = /<link\b[^>]*>/gi;
const PRELOAD_REL_RE = /(\srel\s*=\s*)(["']?)\s*(preload|modulepreload)\s*\2(?=[\s/>])/i;

export function neutralisePreloadLinks(html: string): string {
  return html.replace(PRELOAD_LINK_RE, (tag) => tag.replace(PRELOAD_REL_RE, '$1$2x-reader-$3$2'));
}

/** Parses HTML without running scripts or fetching anything; `url` sets the document URL. */
export function parseHtml(html: string, url = 'about:blank'): ParsedPage {
  const win = new Window({
    url,
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
  patchHappyDomForDomPurify(win);
  const document = new win.DOMParser().parseFromString(neutralisePreloadLinks(dropSvgStyleSheets(html)), 'text/html') as unknown as Document;
  return {
    document,
    window: win as unknown as WindowLike,
    close: () => win.happyDOM.close(),
  };
}
