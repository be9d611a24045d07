/**
 * From what a parser found (utils/import ImportItem) to what the library stores (a staged item:
 * the Article and its state). Runs in the library page, which has a DOM: an export's article body
 * (Omnivore's content/<slug>.html, a backup's article) is untrusted and goes through the same
 * sanitize step as a page the reader extracts (utils/extract/sanitize), and its text, word count
 * and reading time are computed from the sanitized result. An item without a body is kept as a link.
 */
import type { WindowLike } from 'dompurify';
import { textStats } from '../extract/metadata';
import { sanitizeArticle } from '../extract/sanitize';
import { blockText, isPhotoEssay } from '../extract/text';
import type { ImportItem } from '../import/types';
import type { StagedItem } from '../library/import-job';
import { MAX_HIGHLIGHTS_CHARS } from '../library/schema';
import type { Article } from '../model/article';

/** Where the mapping runs: the DOM window to sanitize with, and the time of the import. */
export interface MapOptions {
  /** Defaults to the page's window. */
  window?: WindowLike;
  now: number;
}

/** Longest excerpt made from a body's first line, in characters (as extraction does). */
const EXCERPT_CHARS = 300;

/** The sanitized body of an item and what it says, or null when nothing readable is left. */
function readBody(html: string, url: string, win: WindowLike | undefined): { html: string; text: string; blocks: number } | null {
  // Parsed as a whole document first (inert: nothing runs or loads), as a page is: a fragment
  // parse would let a leading <script>'s source through as text.
  const Parser = (win as unknown as { DOMParser?: typeof DOMParser } | undefined)?.DOMParser ?? DOMParser;
  const doc = new Parser().parseFromString(html, 'text/html');
  const sanitized = sanitizeArticle(doc.body, { window: win, baseUrl: url });
  const text = blockText(sanitized.root, { skipCaptions: !isPhotoEssay(sanitized.root) });
  if (text.trim() === '') return null;
  return { html: sanitized.html, text, blocks: Math.max(1, sanitized.root.children.length) };
}

/** The highlights worth keeping: none when blank, cut (between lines) to what a record holds. */
function keptHighlights(markdown: string | null): string | null {
  const text = markdown?.trim() ?? '';
  if (text === '') return null;
  if (text.length <= MAX_HIGHLIGHTS_CHARS) return text;
  const cut = text.lastIndexOf('\n', MAX_HIGHLIGHTS_CHARS);
  return text.slice(0, cut > 0 ? cut : MAX_HIGHLIGHTS_CHARS).trimEnd();
}

/** The staged item for one parsed item; `row` names where it was in the file (for the report). */
export function stagedItemFor(item: ImportItem, row: string, options: MapOptions): StagedItem {
  const restore = item.restore;
  const base = restore?.article;
  const rawBody = base ? base.contentHtml : item.contentHtml;
  const body = rawBody ? readBody(rawBody, item.url, options.window) : null;
  const lang = base?.lang ?? item.lang;
  const stats = body ? textStats(body.text, lang) : { wordCount: 0, readingTimeMinutes: 0 };
  const article: Article = {
    url: item.url,
    // A link without a title shows its address (the list always has something to click).
    title: item.title ?? base?.title ?? item.url,
    byline: item.byline ?? base?.byline ?? null,
    siteName: base?.siteName ?? null,
    publishedTime: item.publishedTime ?? base?.publishedTime ?? null,
    lang,
    dir: base?.dir ?? null,
    excerpt: item.excerpt ?? base?.excerpt ?? (body ? body.text.split('\n')[0]!.slice(0, EXCERPT_CHARS) || null : null),
    leadImageUrl: item.leadImageUrl ?? base?.leadImageUrl ?? null,
    ...stats,
    contentHtml: body?.html ?? '',
    text: body?.text ?? '',
    readerable: base?.readerable ?? false,
  };
  const archivedAt = restore ? restore.archivedAt : item.status === 'archived' ? (item.savedAt ?? options.now) : null;
  const progress = item.readingProgress;
  // Where the reader was: a backup says exactly; a service's fraction becomes the block that far down.
  const position =
    restore?.position ??
    (body && progress !== null && progress > 0
      ? { block: Math.min(body.blocks - 1, Math.floor(progress * body.blocks)), offset: 0, progress, updatedAt: options.now }
      : null);
  return {
    row,
    content: body ? 'article' : 'link',
    article,
    savedAt: restore?.savedAt ?? item.savedAt,
    readAt: restore ? restore.readAt : item.readAt,
    archivedAt,
    favourite: item.favourite,
    tags: item.tags,
    position,
    highlights: keptHighlights(item.highlights),
  };
}
