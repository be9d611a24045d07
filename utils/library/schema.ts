/**
 * The stored shape of the library in storage.local and its runtime checks: one index key (the
 * list, without bodies, so listing stays cheap however long the articles are) and one key per
 * article with the full sanitized body. The per-article records are the source of truth.
 */
import * as v from 'valibot';
import { ArticleSchema } from '../model/article-schema';
import { canonicalArticleUrl } from './canonical-url';
import { migrate } from './migrations';
import type { LibraryEntry, SavedArticle } from './types';

/** Version of the stored index and records; bumping it needs a migration in migrations.ts and a test. */
export const LIBRARY_SCHEMA_VERSION = 1;

/** Storage key of the index (the list without bodies). */
export const INDEX_KEY = 'library:index';
/** Prefix of the per-article record keys. */
export const RECORD_PREFIX = 'library:article:';
/** Storage key of one saved article's full record. */
export const recordKey = (id: string): string => `${RECORD_PREFIX}${id}`;

const nullableString = v.nullable(v.string());
/** Runtime shape of one index entry. */
export const EntrySchema = v.pipe(
  v.object({
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
    // Organising fields (issue 10). Optional with defaults so an index written before them still
    // parses as it is; the IndexedDB layer's migration replaces these defaults at merge.
    archivedAt: v.optional(v.nullable(v.number()), null),
    favourite: v.optional(v.boolean(), false),
    tags: v.optional(v.array(v.string()), () => []),
    updatedAt: v.optional(v.number()),
  }),
  v.transform((entry) => ({ ...entry, updatedAt: entry.updatedAt ?? entry.savedAt })),
);
/** Runtime shape of the index. */
export const IndexSchema = v.object({ schemaVersion: v.literal(LIBRARY_SCHEMA_VERSION), entries: v.array(EntrySchema) });
/** Runtime shape of one article record. */
export const RecordSchema = v.object({
  schemaVersion: v.literal(LIBRARY_SCHEMA_VERSION),
  id: v.string(),
  savedAt: v.number(),
  readAt: v.optional(v.nullable(v.number()), null),
  archivedAt: v.optional(v.nullable(v.number()), null),
  favourite: v.optional(v.boolean(), false),
  tags: v.optional(v.array(v.string()), () => []),
  updatedAt: v.optional(v.number()),
  article: ArticleSchema,
});

// Compile-time proof that the entry schema and the LibraryEntry interface describe the same thing.
type SchemaEntry = v.InferOutput<typeof EntrySchema>;
const _sameShape: [SchemaEntry extends LibraryEntry ? true : false, LibraryEntry extends SchemaEntry ? true : false] = [true, true];
void _sameShape;

/** The index as stored. */
export interface StoredIndex {
  schemaVersion: number;
  entries: LibraryEntry[];
}
/** A record as stored: the saved article, its read mark and how it is organised. */
export type StoredRecord = SavedArticle & {
  readAt: number | null;
  archivedAt?: number | null;
  favourite?: boolean;
  tags?: string[];
  updatedAt?: number;
};

/** The schemaVersion a stored value claims, or null when it has none. */
export function versionOf(raw: unknown): number | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const version = (raw as { schemaVersion?: unknown }).schemaVersion;
  return typeof version === 'number' && Number.isInteger(version) ? version : null;
}

/** The index entry that lists `record`. */
export function entryFor(record: StoredRecord, deletedAt: number | null = null): LibraryEntry {
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
    deletedAt,
    archivedAt: record.archivedAt ?? null,
    favourite: record.favourite ?? false,
    tags: record.tags ?? [],
    updatedAt: record.updatedAt ?? record.savedAt,
  };
}

/** Validates a stored record, migrating an older one; `newer` when a newer version wrote it. */
export function parseRecord(raw: unknown): { ok: true; record: StoredRecord } | { ok: false; newer: boolean } {
  const version = versionOf(raw);
  if (version !== null && version > LIBRARY_SCHEMA_VERSION) return { ok: false, newer: true };
  const migrated = version !== null && version < LIBRARY_SCHEMA_VERSION ? migrate('record', raw, version, LIBRARY_SCHEMA_VERSION) : raw;
  const parsed = v.safeParse(RecordSchema, migrated);
  return parsed.success ? { ok: true, record: parsed.output } : { ok: false, newer: false };
}
