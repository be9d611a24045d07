/**
 * The two extractors the benchmarks compare, with the same text conversion for both, runnable
 * in a page (bundled) and in Node (imported).
 */
import { isProbablyReaderable, Readability } from '@mozilla/readability';
import type { WindowLike } from 'dompurify';
import type { ExtractionResult } from '../../utils/model/article';
import { extractArticle } from '../../utils/extract';
import { cloneDocument } from '../../utils/extract/dom';
import { blockText } from '../../utils/extract/text';
import { cleanContent } from '../../utils/extract/clean';
import { extractMetadata } from '../../utils/extract/metadata';
import { normalizeMath, removeBoilerplateParagraphs, removeClutter, removeHidden, removeSignupBoxes, resolveLazyImages, trimTrailingPromos } from '../../utils/extract/prepare';
import { runReadability } from '../../utils/extract/readability';
import { absolutizeDocumentUrls, purifierTrusted, sanitizeArticle } from '../../utils/extract/sanitize';

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

/** Time of each pipeline step on one page (ms), to see where the time over Readability goes. */
export function profileSteps(doc: Document, url: string, window?: WindowLike): Record<string, number> {
  const out: Record<string, number> = {};
  let t = now();
  const lap = (name: string): void => {
    const x = now();
    out[name] = x - t;
    t = x;
  };
  void doc.getElementsByTagName('*').length;
  lap('count');
  const clone = cloneDocument(doc);
  lap('clone');
  isProbablyReaderable(clone);
  lap('readerable');
  const meta = extractMetadata(clone, url);
  lap('metadata');
  absolutizeDocumentUrls(clone, url);
  lap('absolutize');
  resolveLazyImages(clone);
  lap('prep.lazy');
  normalizeMath(clone);
  lap('prep.math');
  removeHidden(clone);
  lap('prep.hidden');
  removeSignupBoxes(clone);
  lap('prep.signup');
  removeClutter(clone);
  lap('prep.clutter');
  removeBoilerplateParagraphs(clone.body);
  lap('prep.boiler');
  trimTrailingPromos(clone.body);
  lap('prep.promos');
  const core = runReadability(clone);
  lap('readability');
  if (!core) return out;
  const probe = globalThis as { __C?: Record<string, number> };
  probe.__C = {};
  cleanContent(core.content, meta.title, core.byline ?? meta.byline, url, meta.canonicalUrl);
  lap('clean');
  for (const [k, v] of Object.entries(probe.__C)) out[`  c.${k}`] = v;
  const s = sanitizeArticle(core.content, { window, baseUrl: url });
  lap('sanitize');
  blockText(s.root, { skipCaptions: true });
  lap('text');
  out['total (ours)'] = Object.values(out).reduce((a, b) => a + b, 0) - (out['absolutize'] ?? 0);
  const r = readabilityAlone(doc);
  out['readability alone'] = r.ms;
  return out;
}

/** Whether DOMPurify passed its self-test in this environment (browser: expected true). */
export function purifierCheck(): boolean {
  return purifierTrusted(globalThis as unknown as WindowLike);
}
