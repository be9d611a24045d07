/**
 * The stored shape of the library (schema 4, in IndexedDB: see db.ts) and its runtime checks. A
 * record holds one saved article with its body and all of its state; it is the source of truth.
 * The list entry is derived from it (`entryFor`), so the entries store can always be rebuilt.
 */
import * as v from 'valibot';
import { ArticleSchema } from '../model/article-schema';
import { canonicalArticleUrl } from './canonical-url';
import { migrate } from './migrations';
import type { LibraryEntry, SavedArticle } from './types';

/** Version of the stored records; bumping it needs a step in migrations.ts and a test from the old version. */
export const LIBRARY_SCHEMA_VERSION = 4;
/** Longest highlights text kept with a record (characters): a long book's worth of notes. */
export const MAX_HIGHLIGHTS_CHARS = 200_000;
/** Runtime shape of a record's highlights (types.ts SavedArticle.highlights). */
export const HighlightsSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_HIGHLIGHTS_CHARS));

const nullableString = v.nullable(v.string());
const Tags = v.array(v.string());
/** 'article' or 'link' (types.ts ArticleContent). */
export const ContentSchema = v.picklist(['article', 'link']);

/** Runtime shape of one list entry (the entries store). */
export const EntrySchema = v.object({
  id: v.string(),
  url: v.string(),
  canonicalUrl: v.string(),
  title: v.string(),
  siteName: nullableString,
  byline: nullableString,
  excerpt: nullableString,
  lang: nullableString,
  dir: v.nullable(v.picklist(['ltr', 'rtl'])),
  leadImageUrl: nullableString,
  publishedTime: nullableString,
  wordCount: v.number(),
  readingTimeMinutes: v.number(),
  savedAt: v.number(),
  readAt: v.nullable(v.number()),
  deletedAt: v.nullable(v.number()),
  archivedAt: v.nullable(v.number()),
  favourite: v.boolean(),
  tags: Tags,
  updatedAt: v.number(),
  // Entries written before schema 3 have none and were all articles; entries are derived, so they
  // are read with the default rather than rebuilt.
  content: v.optional(ContentSchema, 'article'),
});

/** Runtime shape of one article record (the records store). */
export const RecordSchema = v.object({
  schemaVersion: v.literal(LIBRARY_SCHEMA_VERSION),
  id: v.pipe(v.string(), v.minLength(1)),
  savedAt: v.number(),
  readAt: v.nullable(v.number()),
  deletedAt: v.nullable(v.number()),
  archivedAt: v.nullable(v.number()),
  favourite: v.boolean(),
  tags: Tags,
  updatedAt: v.number(),
  content: ContentSchema,
  article: ArticleSchema,
  highlights: v.optional(HighlightsSchema),
});

/** A record as stored: the saved article with its read and delete marks. */
export type StoredRecord = SavedArticle & { readAt: number | null; deletedAt: number | null };

// Compile-time proof that the schemas and the interfaces describe the same things.
type SchemaEntry = v.InferOutput<typeof EntrySchema>;
type SchemaRecord = v.InferOutput<typeof RecordSchema>;
const _sameShape: [
  SchemaEntry extends LibraryEntry ? true : false,
  LibraryEntry extends SchemaEntry ? true : false,
  SchemaRecord extends StoredRecord ? true : false,
  StoredRecord extends Omit<SchemaRecord, 'schemaVersion'> ? true : false,
] = [true, true, true, true];
void _sameShape;

/** The schemaVersion a stored value claims, or null when it has none. */
export function versionOf(raw: unknown): number | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const version = (raw as { schemaVersion?: unknown }).schemaVersion;
  return typeof version === 'number' && Number.isInteger(version) ? version : null;
}

/** The list entry of `record`: everything but the body. */
export function entryFor(record: StoredRecord): LibraryEntry {
  const a = record.article;
  return {
    id: record.id,
    url: a.url,
    canonicalUrl: canonicalArticleUrl(a.url),
    title: a.title,
    siteName: a.siteName,
    byline: a.byline,
    excerpt: a.excerpt,
    lang: a.lang,
    dir: a.dir,
    leadImageUrl: a.leadImageUrl,
    publishedTime: a.publishedTime,
    wordCount: a.wordCount,
    readingTimeMinutes: a.readingTimeMinutes,
    savedAt: record.savedAt,
    readAt: record.readAt,
    deletedAt: record.deletedAt,
    archivedAt: record.archivedAt,
    favourite: record.favourite,
    tags: record.tags.slice(),
    updatedAt: record.updatedAt,
    content: record.content,
  };
}

/** Outcome of checking one stored record. */
export type ParsedRecord = { ok: true; record: StoredRecord } | { ok: false; newer: boolean };

/** Validates a stored record, migrating an older one; `newer` when a newer version wrote it. */
export function parseRecord(raw: unknown): ParsedRecord {
  const version = versionOf(raw);
  if (version !== null && version > LIBRARY_SCHEMA_VERSION) return { ok: false, newer: true };
  const migrated = version !== null && version < LIBRARY_SCHEMA_VERSION ? migrate('record', raw, version, LIBRARY_SCHEMA_VERSION) : raw;
  const parsed = v.safeParse(RecordSchema, migrated);
  return parsed.success ? { ok: true, record: parsed.output } : { ok: false, newer: false };
}

/** Validates a stored list entry; null when it is damaged. */
export function parseEntry(raw: unknown): LibraryEntry | null {
  const parsed = v.safeParse(EntrySchema, raw);
  return parsed.success ? parsed.output : null;
}
