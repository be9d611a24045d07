/**
 * HTML exports (ril_export.html, bookmark files) are parsed into an inert document: DOMParser's
 * documents have no browsing context, so their scripts never run, their handlers never fire and
 * their images are never fetched. Only attributes and text are read from it.
 */
import { importError } from './errors';
import type { HtmlParser, ImportError, ImportOptions } from './types';

/** The parser to use: the caller's, else the global DOMParser (pages, tests); null where there is none (a service worker). */
export function htmlParserFor(options: ImportOptions | undefined): { ok: true; parse: HtmlParser } | { ok: false; error: ImportError } {
  if (options?.parseHtml) return { ok: true, parse: options.parseHtml };
  const Parser = (globalThis as { DOMParser?: typeof DOMParser }).DOMParser;
  if (!Parser) return { ok: false, error: importError('no-html-parser', 'HTML exports can only be read in a Reader page (this context has no HTML parser).') };
  return { ok: true, parse: (html) => new Parser().parseFromString(html, 'text/html') };
}

/** The element's tag name in upper case, whatever the document's case rules. */
export function tagOf(el: Element): string {
  return el.tagName.toUpperCase();
}
