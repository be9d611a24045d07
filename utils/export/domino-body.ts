/**
 * Stored bodies parsed where there is no DOM — the export's workers (export-worker.ts) — with
 * domino, the spec-following HTML parser and DOM that Turndown itself uses in Node. Nothing in it
 * runs or loads: it has no script engine, no network and no layout. The same wrapper as
 * Turndown's own string path keeps the body's elements together in one element.
 */
import domino from '@mixmark-io/domino';

/** A body parsed into a detached element of a new domino document (the element Turndown walks). */
export function parseBodyWithDomino(html: string): Element | null {
  const doc = domino.createDocument(`<x-turndown id="turndown-root">${html}</x-turndown>`);
  return doc.getElementById('turndown-root');
}
