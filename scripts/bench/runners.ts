/**
 * The two extractors the benchmarks compare, with the same text conversion for both, runnable
 * in a page (bundled) and in Node (imported).
 */
import { Readability } from '@mozilla/readability';
import type { WindowLike } from 'dompurify';
import type { ExtractionResult } from '../../utils/model/article';
import { extractArticle } from '../../utils/extract';
import { selectionHtml } from '../../utils/content/extract-page';
import { snapshotLiveDocument } from '../../utils/content/live-snapshot';
import { cloneDocument } from '../../utils/extract/dom';
import { purifierSelfTest } from '../../utils/extract/sanitize';
import { blockText } from '../../utils/extract/text';

export interface BenchOut {
  ok: boolean;
  text: string;
  ms: number;
  error?: string;
}

function now(): number {
  return performance.now();
}

/** Readability alone: clone, parse, then the block-text conversion our pipeline uses. */
export function readabilityAlone(doc: Document): BenchOut {
  const t0 = now();
  try {
    const clone = cloneDocument(doc);
    const r = new Readability(clone).parse();
    let text = '';
    if (r?.content) {
      const div = clone.createElement('div');
      div.innerHTML = r.content;
      text = blockText(div, { skipCaptions: true });
    }
    return { ok: !!r, text, ms: now() - t0 };
  } catch (err) {
    return { ok: false, text: '', ms: now() - t0, error: String(err) };
  }
}

/** Converts a pipeline result into a benchmark record. */
export function fromResult(r: ExtractionResult | null | undefined, ms?: number): BenchOut {
  if (!r) return { ok: false, text: '', ms: ms ?? 0, error: 'no result' };
  return r.ok ? { ok: true, text: r.article.text, ms: ms ?? r.durationMs } : { ok: false, text: '', ms: ms ?? r.durationMs, error: r.message };
}

/** Our pipeline: gated (what the user gets; a refused page scores zero) or forced past the gate ("Read anyway"). */
export function ours(doc: Document, url: string, window?: WindowLike, force = true): BenchOut {
  const t0 = now();
  const r = extractArticle(doc, { url, force, window });
  return fromResult(r, now() - t0);
}

/**
 * Time of each pipeline step on one page (ms), as the pipeline itself reports it (onStep), beside
 * the whole call and Readability alone, to see where the time over Readability goes.
 */
export function profileSteps(doc: Document, url: string, window?: WindowLike): Record<string, number> {
  const out: Record<string, number> = {};
  const t0 = now();
  extractArticle(doc, {
    url,
    force: true,
    window,
    onStep: ({ name, ms }) => {
      out[name] = (out[name] ?? 0) + ms;
    },
  });
  out['total (ours)'] = now() - t0;
  out['readability alone'] = readabilityAlone(doc).ms;
  return out;
}

/**
 * The first call on a fresh page, step by step: what the content script does before the pipeline
 * (the selection, the live-page snapshot) and then each pipeline step, all with cold code. Call it
 * first on a page that nothing else has run on; `readability alone` is not measured here (it would
 * run warm): the benchmark takes it from another fresh page.
 */
export function profileColdSteps(win: Window, url: string): Record<string, number> {
  const out: Record<string, number> = {};
  const t0 = now();
  selectionHtml(win);
  out['content.selection'] = now() - t0;
  const t1 = now();
  const snapshot = snapshotLiveDocument(win);
  out['content.snapshot'] = now() - t1;
  const t2 = now();
  extractArticle(snapshot ?? win.document, {
    url,
    force: true,
    window: win as unknown as WindowLike,
    onStep: ({ name, ms }) => {
      out[name] = (out[name] ?? 0) + ms;
    },
  });
  out['total (ours)'] = now() - t0;
  out['pipeline (extractArticle)'] = now() - t2;
  return out;
}

/** The sizes (characters) of what a read of the page sends back to the background: the whole result as JSON, its article HTML and text. */
export function resultSize(doc: Document, url: string, window?: WindowLike): { json: number; html: number; text: number } {
  const r = extractArticle(doc, { url, force: true, window });
  return { json: JSON.stringify(r).length, html: r.ok ? r.article.contentHtml.length : 0, text: r.ok ? r.article.text.length : 0 };
}

/** Whether DOMPurify passed its self-test in this environment (browser: expected true). */
export function purifierCheck(): boolean {
  return purifierSelfTest(globalThis as unknown as WindowLike);
}
