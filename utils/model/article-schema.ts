import * as v from 'valibot';
import type { Article } from './article';

const nullableString = v.nullable(v.string());

/** Schemes a page we read can have: the web, and local files the user allowed. */
const PAGE_PROTOCOLS = new Set(['http:', 'https:', 'file:']);

/** The URL when it is an http(s) image address, else null: the one kind any view or export may load. */
export function safeImageUrl(raw: string | null): string | null {
  if (raw === null) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function isPageUrl(raw: string): boolean {
  try {
    return PAGE_PROTOCOLS.has(new URL(raw).protocol);
  } catch {
    return false;
  }
}

/** Runtime shape of an Article: every message and stored record is checked against it. */
export const ArticleSchema = v.object({
  // Checked here, at every boundary, not only where a view shows it: exports and future views
  // would render a javascript: or data:text/html value as given.
  url: v.pipe(v.string(), v.url(), v.check(isPageUrl, 'the article URL must be http(s) or file')),
  title: v.string(),
  byline: nullableString,
  siteName: nullableString,
  publishedTime: nullableString,
  lang: nullableString,
  dir: v.nullable(v.picklist(['ltr', 'rtl'])),
  excerpt: nullableString,
  leadImageUrl: v.pipe(nullableString, v.transform(safeImageUrl)),
  wordCount: v.pipe(v.number(), v.integer(), v.minValue(0)),
  readingTimeMinutes: v.pipe(v.number(), v.minValue(0)),
  contentHtml: v.string(),
  text: v.string(),
  readerable: v.boolean(),
  truncated: v.optional(v.literal(true)),
});

// Compile-time proof that the schema and the interface describe the same thing.
type SchemaArticle = v.InferOutput<typeof ArticleSchema>;
const _sameShape: [SchemaArticle extends Article ? true : false, Article extends SchemaArticle ? true : false] = [true, true];
void _sameShape;
