/**
 * Mozilla Readability, with the readerable gate and fallbacks for the pages it gives up on
 * (see index.ts for where they run).
 */
import { isProbablyReaderable, Readability } from '@mozilla/readability';
import { all, normText, tagOf } from './dom';

/**
 * Options measured on the zyte-dev corpus with `npm run bench:options`, which prints F1 for each
 * combination. charThreshold 500 beats 250 and 1000 by 0.008 F1. nbTopCandidates 3, 5 and 10 are
 * within 0.0002 (one page), so Readability's default stays. keepClasses is needed so clean/ can
 * still see class vocabulary after Readability.
 */
export const READABILITY_OPTIONS = {
  charThreshold: 500,
  nbTopCandidates: 5,
  keepClasses: true,
} as const;

/** The Readability options a caller (the options benchmark) may vary. */
export interface ReadabilityTuning {
  charThreshold?: number;
  nbTopCandidates?: number;
}

/** Min length of text a fallback must find for it to count as an article. */
const FALLBACK_MIN_CHARS = 200;

/** What the core step hands on: the article root element plus Readability's metadata. */
export interface CoreResult {
  content: Element;
  title: string | null;
  byline: string | null;
  excerpt: string | null;
  siteName: string | null;
  lang: string | null;
  dir: string | null;
  publishedTime: string | null;
  /** Which path produced the content, for debugging and the benchmarks. */
  source: 'readability' | 'relaxed' | 'json-ld' | 'largest-block';
}

/** Readability's own readerable heuristic, made safe to call on any document. */
export function checkReaderable(doc: Document): boolean {
  try {
    return isProbablyReaderable(doc);
  } catch {
    return false;
  }
}

/** Runs Readability on `doc` (which it mutates) and returns the content element, or null. */
export function runReadability(doc: Document, overrides: ReadabilityTuning = {}, relaxed = false): CoreResult | null {
  const reader = new Readability<Element>(doc, {
    ...READABILITY_OPTIONS,
    ...overrides,
    serializer: (node: Node) => node as Element,
  });
  const result = reader.parse();
  if (!result || !result.content) return null;
  return {
    content: result.content,
    title: result.title || null,
    byline: result.byline || null,
    excerpt: result.excerpt || null,
    siteName: result.siteName || null,
    lang: result.lang || null,
    dir: result.dir || null,
    publishedTime: result.publishedTime || null,
    source: relaxed ? 'relaxed' : 'readability',
  };
}

/** Builds article content from a JSON-LD articleBody string (one paragraph per line). */
export function contentFromArticleBody(doc: Document, body: string): Element | null {
  const paragraphs = body
    .split(/\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (paragraphs.join(' ').length < FALLBACK_MIN_CHARS) return null;
  const root = doc.createElement('div');
  for (const text of paragraphs) {
    const p = doc.createElement('p');
    p.textContent = text;
    root.appendChild(p);
  }
  return root;
}

/** The element with the most paragraph text directly inside it: a last resort for odd markup. */
export function largestTextBlock(doc: Document): Element | null {
  const scores = new Map<Element, number>();
  for (const p of all(doc, 'p, pre, blockquote')) {
    const parent = p.parentElement;
    if (!parent) continue;
    scores.set(parent, (scores.get(parent) ?? 0) + normText(p).length);
  }
  let best: Element | null = null;
  let bestScore = 0;
  for (const [el, score] of scores) {
    if (score > bestScore && tagOf(el) !== 'head') {
      best = el;
      bestScore = score;
    }
  }
  if (!best || bestScore < FALLBACK_MIN_CHARS) return null;
  return best.cloneNode(true) as Element;
}
