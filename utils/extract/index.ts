/**
 * The extraction pipeline over a clone of the document, read top to bottom: extractArticle runs
 * its steps in the order its comment numbers them, and each step (each rule of prepare/ and clean/
 * too) can report its time and tree to `onStep`.
 * Browser-safe: the only dependencies are @mozilla/readability and dompurify.
 */
import type { WindowLike } from 'dompurify';
import type { Article, ExtractionResult } from '../model/article';
import { cleanContent } from './clean';
import { cloneDocument, domCall, domGet, hasShadowingNames, hasText, normText } from './dom';
import { looksBinary } from './binary';
import { cutToTextBudget, DEFAULT_MAX_TEXT_CHARS } from './budget';
import { judgeArticle, type GateDecision } from './gate';
import { domByline, extractMetadata, isDateline, stripSiteSuffix, textStats, type PageMetadata } from './metadata';
import { prepareDocument } from './prepare';
import { checkReaderable, contentFromArticleBody, largestTextBlock, runReadability, type CoreResult, type ReadabilityTuning } from './readability';
import { absolutizeDocumentUrls, sanitizeArticle } from './sanitize';
import { now, stepRunner, untimed, type RunStep, type StepListener } from './steps';
import { blockText, isPhotoEssay } from './text';

export interface ExtractOptions {
  /** The page's URL; relative links are resolved against it. */
  url?: string;
  /** "Read anyway": show what was extracted even when the article gate (gate.ts) refuses it. */
  force?: boolean;
  /** Called with the article gate's decision and its reasons (tests and benchmarks print why). */
  onGate?: (decision: GateDecision) => void;
  /** Refuse documents with more elements than this (default {@link DEFAULT_MAX_ELEMENTS}). */
  maxElements?: number;
  /** Read only the first this many characters of page text (default {@link DEFAULT_MAX_TEXT_CHARS}; budget.ts). */
  maxTextChars?: number;
  /** DOM window for DOMPurify; defaults to the document's own window, then the global one. */
  window?: WindowLike;
  /** Readability options other than the measured defaults (the options benchmark varies them). */
  readability?: ReadabilityTuning;
  /** Called after each step with its name, time and tree (profiles, debugging); steps are not timed without it. */
  onStep?: StepListener;
}

/** The relaxed pass accepts an article this short (Readability's default bar is 500 characters). */
const RELAXED_CHAR_THRESHOLD = 100;

/** Above this many elements a page is refused: parsing it again would freeze the tab. */
export const DEFAULT_MAX_ELEMENTS = 150_000;

export const NOT_ARTICLE_MESSAGE = 'This page does not look like an article, so there is nothing to show in reader view. Use “Read anyway” to try regardless.';
export const NO_CONTENT_MESSAGE = 'No article text could be found on this page.';

function httpUrl(value: string | null | undefined, base?: string | null): string | null {
  if (!value) return null;
  try {
    const u = base ? new URL(value, base) : new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * Where the page lives and the base its relative URLs resolve against: the given URL, else the
 * document's own http(s) URL, else its canonical link; a <base href> is resolved against that.
 */
export function resolveUrls(doc: Document, url: string | undefined, canonical: string | null): { pageUrl: string | null; baseUrl: string | null } {
  const pageUrl = httpUrl(url) ?? httpUrl(doc.URL) ?? httpUrl(canonical);
  const baseHref = doc.querySelector('base[href]')?.getAttribute('href') ?? null;
  const baseUrl = (baseHref ? httpUrl(baseHref, pageUrl) : null) ?? pageUrl ?? httpUrl(doc.baseURI);
  return { pageUrl, baseUrl };
}

function windowOf(doc: Document, options: ExtractOptions): WindowLike | undefined {
  return options.window ?? domGet<WindowLike | null>(doc, 'defaultView') ?? undefined;
}

/**
 * The document the pipeline reads: `doc` itself, or, when the page names a form control, image or
 * embed after a DOM member (`<input name=parentNode>`, `<img name=cloneNode>`: DOM clobbering), a
 * copy without those names, so that no step (nor Readability) meets a shadowed member. The page's
 * document is never changed.
 */
function readableSource(doc: Document): Document {
  return hasShadowingNames(doc) ? cloneDocument(doc) : doc;
}

function fail(reason: 'no-article' | 'too-large' | 'error', message: string, start: number): ExtractionResult {
  return { ok: false, reason, message, durationMs: now() - start };
}

/**
 * True when the document has more than `max` elements. It counts them all: the live collection's
 * length is one native call, cheaper than any walk that could stop early.
 */
export function exceedsElementBudget(doc: Document, max: number): boolean {
  return domCall<HTMLCollection>(doc, 'getElementsByTagName', '*').length > max;
}

/** Runs Readability with its fallbacks; `source` tells which path won. */
function coreExtract(
  fresh: () => Document,
  prepared: Document,
  meta: PageMetadata,
  baseUrl: string | null,
  tuning: ReadabilityTuning = {},
  step: RunStep = untimed,
): CoreResult | null {
  const first = step('readability', prepared, () => runReadability(prepared, tuning));
  if (first && hasText(first.content)) return first;
  // Our clutter removal may have starved Readability: retry on an untouched clone with a low bar.
  const relaxed = step('readability.relaxed', prepared, () => {
    const copy = fresh();
    if (baseUrl !== copy.baseURI) absolutizeDocumentUrls(copy, baseUrl);
    return runReadability(copy, { ...tuning, charThreshold: RELAXED_CHAR_THRESHOLD }, true);
  });
  if (relaxed && hasText(relaxed.content)) return relaxed;
  return step('fallback', prepared, (): CoreResult | null => {
    const base = { title: null, byline: null, excerpt: null, siteName: null, lang: null, dir: null, publishedTime: null };
    if (meta.articleBody) {
      const content = contentFromArticleBody(prepared, meta.articleBody);
      if (content) return { ...base, content, source: 'json-ld' };
    }
    const block = largestTextBlock(prepared);
    return block ? { ...base, content: block, source: 'largest-block' } : null;
  });
}

/** The title, byline and site name the reader shows, from Readability's reading and the page's metadata. */
function headline(
  core: CoreResult,
  meta: PageMetadata,
  pageUrl: string | null,
  doc: Document,
): { title: string; byline: string | null; siteName: string | null } {
  let host: string | null = null;
  try {
    host = pageUrl ? new URL(pageUrl).hostname : null;
  } catch {
    host = null;
  }
  const siteName = core.siteName ?? meta.siteName;
  // Readability 0.6 cuts <title> only at | - / > », so a title it took from there is recut by our rule.
  const fromDocumentTitle = meta.titleSource === 'document' && (!core.title || normText(doc.querySelector('title')).includes(core.title));
  const rawTitle = (fromDocumentTitle ? meta.title : (core.title ?? meta.title)) ?? '';
  const title = stripSiteSuffix(rawTitle, siteName, host);
  const isName = (b: string | null): b is string => !!b && !isDateline(b);
  // The page's byline-like elements are read last, and only when nothing better names the author.
  const byline = [core.byline, meta.byline].find(isName) ?? [domByline(doc)].find(isName) ?? null;
  return { title, byline, siteName };
}

/**
 * When cleaning empties what Readability found: is the page readerable (Readability's guess), and
 * Readability's content read again, uncleaned. Both are only asked for then, which is seldom, so
 * the usual path neither guesses nor copies.
 */
interface UncleanedFallback {
  readerable: () => boolean;
  reread: () => Element | null;
}

function buildArticle(
  core: CoreResult,
  meta: PageMetadata,
  urls: { pageUrl: string | null; baseUrl: string | null },
  doc: Document,
  win: WindowLike | undefined,
  fallback: UncleanedFallback | null,
  step: RunStep = untimed,
): Article {
  const { title, byline, siteName } = step('headline', doc, () => headline(core, meta, urls.pageUrl, doc));
  // A selection is what the user chose (no fallback given): sanitize it, but do not second-guess its content.
  if (fallback) {
    // A fallback read exists because our furniture rules found nothing else, and a page that is
    // not an article (read anyway) may be nothing but furniture: if cleaning would empty either,
    // the uncleaned text is the answer. Readability's own read is taken back only when the page
    // is not readerable.
    const uncleaned = core.source === 'readability' ? null : step('uncleaned-copy', core.content, () => core.content.cloneNode(true) as Element);
    cleanContent(core.content, title, byline, urls.pageUrl, meta.canonicalUrl, step);
    if (!hasText(core.content)) {
      if (uncleaned) core.content = uncleaned;
      else if (!step('readerable', doc, fallback.readerable)) core.content = step('uncleaned-copy', doc, fallback.reread) ?? core.content;
    }
  }
  const sanitized = step('sanitize', core.content, () => sanitizeArticle(core.content, { window: win, baseUrl: urls.baseUrl }));
  // The gate reads the article as sanitized (in browsers; as cleaned where the string path ran).
  if (sanitized.content) core.content = sanitized.content;
  const text = step('text', sanitized.root, () => blockText(sanitized.root, { skipCaptions: !isPhotoEssay(sanitized.root) }));
  return step('article', sanitized.root, (): Article => {
    const lang = core.lang ?? meta.lang;
    const dir = core.dir === 'rtl' || core.dir === 'ltr' ? core.dir : meta.dir;
    // Only an http(s) image the page names, else the article's first (sanitized) image: a raw
    // og:image value may be javascript: or data:text/html.
    const leadImageUrl = httpUrl(meta.leadImageUrl, urls.baseUrl) ?? firstImage(sanitized.root);
    return {
      url: urls.pageUrl ?? doc.URL,
      title,
      byline,
      siteName,
      publishedTime: core.publishedTime ?? meta.publishedTime,
      lang,
      dir,
      excerpt: core.excerpt ?? meta.excerpt ?? (text.split('\n')[0]?.slice(0, 300) || null),
      leadImageUrl,
      ...textStats(text, lang),
      contentHtml: sanitized.html,
      text,
      // The gate's verdict for a page, Readability's guess for a selection: set by the caller.
      readerable: false,
    };
  });
}

function firstImage(root: Element): string | null {
  for (const img of Array.from(root.querySelectorAll('img[src]'))) {
    const url = httpUrl(img.getAttribute('src'));
    if (url) return url;
  }
  return null;
}

/**
 * Extracts the article of a document without touching it; never throws. The steps, in order:
 *  1. budget — refuse a page too large to parse again;
 *  2. clone — every later step works on a copy, without the names that shadow DOM members (dom.ts
 *     cloneDocument; a page with such names is read from such a copy throughout: readableSource),
 *     cut after the text budget when the page's text runs far past any article (budget.ts: the
 *     article then says `truncated`);
 *  3. (readerable — Readability's guess: taken only when cleaning empties the article, to decide
 *     whether the uncleaned text is shown instead; see buildArticle);
 *  4. metadata — read before any rule removes what states it (JSON-LD, <meta>, <time>, <html>);
 *  5. urls — where the page lives, and its relative URLs made absolute when our base differs;
 *  6. prepare — the prepare/ rules on the whole page clone;
 *  7. readability — Mozilla Readability, with a relaxed retry and the JSON-LD / largest-block fallbacks;
 *  8. headline — title, byline and site name;
 *  9. clean — the clean/ rules on the article only;
 * 10. sanitize — DOMPurify with our policy, absolute URLs, safe links;
 * 11. text — the block text, one line per block;
 * 12. article — excerpt, lead image, word count and reading time;
 * 13. gate — is what was extracted an article (gate.ts)? Refused unless the user chose "Read anyway".
 */
export function extractArticle(page: Document, options: ExtractOptions = {}): ExtractionResult {
  const start = now();
  const step = stepRunner(options.onStep);
  try {
    const max = options.maxElements ?? DEFAULT_MAX_ELEMENTS;
    if (step('budget', page, () => exceedsElementBudget(page, max))) {
      return fail('too-large', `This page is too large for reader view (more than ${max.toLocaleString('en')} elements).`, start);
    }
    const win = windowOf(page, options);
    const doc = readableSource(page);
    const maxText = options.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS;
    let truncated = false;
    // Every copy the pipeline reads is cut the same way, so no retry meets the whole page again.
    const copyOfPage = (): Document => {
      const copy = cloneDocument(doc, true);
      if (cutToTextBudget(copy, maxText)) truncated = true;
      return copy;
    };
    const clone = step('clone', doc, copyOfPage);
    const meta = step('metadata', clone, () => extractMetadata(clone, options.url ?? null, { domByline: false }));
    const urls = step('urls', clone, () => {
      const resolved = resolveUrls(doc, options.url, meta.canonicalUrl);
      // Readability resolves URLs against the document's base; only when ours differs (CLI with
      // --url, tests) must they be made absolute first.
      if (resolved.baseUrl !== clone.baseURI) absolutizeDocumentUrls(clone, resolved.baseUrl);
      return resolved;
    });
    prepareDocument(clone, step);
    const core = coreExtract(copyOfPage, clone, meta, urls.baseUrl, options.readability, step);
    if (!core) return fail('no-article', NO_CONTENT_MESSAGE, start);
    // The document is never changed, so Readability's guess on it, and its read of a fresh copy
    // prepared the same way, are what they would have been before cleaning.
    const fallback: UncleanedFallback = {
      readerable: () => checkReaderable(truncated ? copyOfPage() : doc),
      reread: () => {
        const again = copyOfPage();
        if (urls.baseUrl !== again.baseURI) absolutizeDocumentUrls(again, urls.baseUrl);
        prepareDocument(again);
        return runReadability(again, options.readability)?.content ?? null;
      },
    };
    const article = buildArticle(core, meta, urls, doc, win, fallback, step);
    if (!article.text && !article.contentHtml.trim()) return fail('no-article', NO_CONTENT_MESSAGE, start);
    // A binary file served as a page is no article, however long its garbage runs (binary.ts).
    if (!options.force && looksBinary(article.text)) return fail('no-article', NOT_ARTICLE_MESSAGE, start);
    // The article gate judges what was extracted; "Read anyway" (force) shows it regardless.
    const gate = step('gate', core.content, () => judgeArticle(core.content, { types: meta.types, pageUrl: urls.pageUrl, canonicalUrl: meta.canonicalUrl }));
    options.onGate?.(gate);
    article.readerable = gate.accept;
    if (!gate.accept && !options.force) return fail('no-article', NOT_ARTICLE_MESSAGE, start);
    if (truncated) article.truncated = true;
    return { ok: true, article, durationMs: now() - start };
  } catch (err) {
    return fail('error', `Extraction failed: ${err instanceof Error ? err.message : String(err)}`, start);
  }
}

/** Builds a reader view from the HTML of the user's selection ("Read selection"); never throws. */
export function extractSelection(page: Document, selectionHtml: string, options: ExtractOptions = {}): ExtractionResult {
  const start = now();
  try {
    const win = windowOf(page, options);
    const doc = readableSource(page);
    const meta = extractMetadata(doc, options.url ?? null);
    const urls = resolveUrls(doc, options.url, meta.canonicalUrl);
    // Parsed in an inert document, and kept there: no script runs, no image loads, and no handler
    // attribute meets the page's CSP (adopted into the page's document, each one sends the site a
    // report naming us, in Firefox).
    const container = doc.implementation.createHTMLDocument('').createElement('div');
    container.innerHTML = selectionHtml;
    const core: CoreResult = {
      content: container,
      title: null,
      byline: null,
      excerpt: null,
      siteName: null,
      lang: null,
      dir: null,
      publishedTime: null,
      source: 'readability',
    };
    const article = buildArticle(core, { ...meta, excerpt: null }, urls, doc, win, null, stepRunner(options.onStep));
    if (!article.text && !article.contentHtml.trim()) return fail('no-article', 'The selection contains no text to read.', start);
    article.readerable = checkReaderable(doc);
    return { ok: true, article, durationMs: now() - start };
  } catch (err) {
    return fail('error', `Extraction failed: ${err instanceof Error ? err.message : String(err)}`, start);
  }
}

export { prepareDocument } from './prepare';
export { cutToTextBudget, DEFAULT_MAX_TEXT_CHARS } from './budget';
export { cleanContent } from './clean';
export type { StepListener, StepName, StepReport } from './steps';
export { extractMetadata } from './metadata';
export { sanitizeArticle } from './sanitize';
export { judgeArticle, type GateDecision, type GateFigures } from './gate';
export { blockText } from './text';
