/**
 * Schema 1, the library as it was kept in storage.local before IndexedDB: one index key (the
 * list) and one key per article. Frozen: only the migration to schema 2 reads it (migrate-v1.ts),
 * and the tests write it to start from a library made by the old code.
 */
import * as v from 'valibot';

/** Storage key of the schema-1 index (the list without bodies). */
export const V1_INDEX_KEY = 'library:index';
/** Prefix of the schema-1 per-article record keys. */
export const V1_RECORD_PREFIX = 'library:article:';
/** Storage key of one schema-1 article record. */
export const v1RecordKey = (id: string): string => `${V1_RECORD_PREFIX}${id}`;

const nullableString = v.nullable(v.string());
/** One schema-1 index entry; the migration needs its id and the state kept only there (read and deleted marks). */
export const V1EntrySchema = v.object({
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
});
/** The schema-1 index. */
export const V1IndexSchema = v.object({ schemaVersion: v.literal(1), entries: v.array(V1EntrySchema) });
/** One schema-1 index entry, as stored. */
export type V1Entry = v.InferOutput<typeof V1EntrySchema>;
