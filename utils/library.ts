/**
 * Saved articles. The only module that touches their storage: the background writes through
 * `createLibraryWriter`, the popup and side panel read through `readLibrary` / `getSavedArticle`
 * and watch with `watchLibrary`.
 *
 * Layout in storage.local: one index key (the list, without bodies, so listing stays cheap
 * however long the articles are) and one key per article with the full sanitized body. Every
 * write is a single `storage.local.set` of all the keys it changes, so it lands whole or not at
 * all. The per-article records are the source of truth: a damaged index is rebuilt from them.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import type { Article } from './article';
import { ArticleSchema } from './article-schema';
import type { LibraryEntry, LibraryWriteError, LibraryWriteResult, SavedArticle } from './library-types';
import { canonicalArticleUrl } from './page-access';

/** Version of the stored index and records; bumping it needs an entry in MIGRATIONS and a test. */
export const LIBRARY_SCHEMA_VERSION = 1;
/** How long a deleted article can be brought back before its record is purged. */
export const UNDO_WINDOW_MS = 10 * 60_000;

export const INDEX_KEY = 'library:index';
const RECORD_PREFIX = 'library:article:';
/** Storage key of one saved article's full record. */
export const recordKey = (id: string): string => `${RECORD_PREFIX}${id}`;

const nullableString = v.nullable(v.string());
const EntrySchema = v.object({
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
const IndexSchema = v.object({ schemaVersion: v.literal(LIBRARY_SCHEMA_VERSION), entries: v.array(EntrySchema) });
const RecordSchema = v.object({
  schemaVersion: v.literal(LIBRARY_SCHEMA_VERSION),
  id: v.string(),
  savedAt: v.number(),
  readAt: v.optional(v.nullable(v.number()), null),
  article: ArticleSchema,
});

interface StoredIndex {
  schemaVersion: number;
  entries: LibraryEntry[];
}
type StoredRecord = SavedArticle & { readAt: number | null };

/**
 * Upgrades stored data written by an older version, keyed by the version it upgrades from.
 * Version 1 is the first stored shape, so there is nothing to upgrade yet; a future version 2
 * adds `1: (old) => new` here for both the index and the records, and a test in library.test.ts.
 */
export const MIGRATIONS: Record<number, { index: (old: unknown) => unknown; record: (old: unknown) => unknown }> = {};

/** Runs the migrations from `version` up to the current one; null when a step is missing. */
export function migrate(kind: 'index' | 'record', data: unknown, version: number): unknown | null {
  let current = data;
  for (let from = version; from < LIBRARY_SCHEMA_VERSION; from++) {
    const step = MIGRATIONS[from];
    if (!step) return null;
    current = step[kind](current);
  }
  return current;
}

function versionOf(raw: unknown): number | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const version = (raw as { schemaVersion?: unknown }).schemaVersion;
  return typeof version === 'number' && Number.isInteger(version) ? version : null;
}

/** The library as the UI shows it, with any problem found while reading it. */
export interface LibrarySnapshot {
  /** Saved articles, newest first, without those deleted (pending undo). */
  entries: LibraryEntry[];
  /** Human sentences about damaged data that was skipped or repaired; nothing was deleted. */
  problems: string[];
  /** Set when the data was written by a newer version of the extension: reading only. */
  newerSchema: boolean;
}

function entryFor(record: StoredRecord, deletedAt: number | null = null): LibraryEntry {
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
  };
}

function parseRecord(raw: unknown): { ok: true; record: StoredRecord } | { ok: false; newer: boolean } {
  const version = versionOf(raw);
  if (version !== null && version > LIBRARY_SCHEMA_VERSION) return { ok: false, newer: true };
  const migrated = version !== null && version < LIBRARY_SCHEMA_VERSION ? migrate('record', raw, version) : raw;
  const parsed = v.safeParse(RecordSchema, migrated);
  return parsed.success ? { ok: true, record: parsed.output } : { ok: false, newer: false };
}

interface LoadedIndex {
  index: StoredIndex;
  problems: string[];
  newerSchema: boolean;
  /** The stored index differs from `index` (migrated or rebuilt) and should be written back. */
  dirty: boolean;
}

async function rebuildIndexFromRecords(): Promise<{ entries: LibraryEntry[]; damaged: number }> {
  const all = await browser.storage.local.get(null);
  const entries: LibraryEntry[] = [];
  let damaged = 0;
  for (const [key, raw] of Object.entries(all)) {
    if (!key.startsWith(RECORD_PREFIX)) continue;
    const parsed = parseRecord(raw);
    if (parsed.ok) entries.push(entryFor(parsed.record));
    else damaged++;
  }
  return { entries, damaged };
}

async function loadIndex(): Promise<LoadedIndex> {
  const raw = (await browser.storage.local.get(INDEX_KEY))[INDEX_KEY];
  if (raw === undefined) {
    return { index: { schemaVersion: LIBRARY_SCHEMA_VERSION, entries: [] }, problems: [], newerSchema: false, dirty: false };
  }
  const version = versionOf(raw);
  if (version !== null && version > LIBRARY_SCHEMA_VERSION) {
    // Written by a newer extension: show what we can understand, never write over it.
    const entries = Array.isArray((raw as { entries?: unknown }).entries)
      ? ((raw as { entries: unknown[] }).entries.filter((e) => v.is(EntrySchema, e)) as LibraryEntry[])
      : [];
    return {
      index: { schemaVersion: version, entries },
      problems: ['Your library was saved by a newer version of this extension. Update the extension to change it.'],
      newerSchema: true,
      dirty: false,
    };
  }
  const migrated = version !== null && version < LIBRARY_SCHEMA_VERSION ? migrate('index', raw, version) : raw;
  const parsed = v.safeParse(IndexSchema, migrated);
  if (parsed.success) {
    return { index: parsed.output, problems: [], newerSchema: false, dirty: migrated !== raw };
  }
  const { entries, damaged } = await rebuildIndexFromRecords();
  const problems = ['The list of saved articles was damaged and has been rebuilt from the saved articles themselves.'];
  if (damaged > 0) problems.push(`${damaged} saved article${damaged === 1 ? ' is' : 's are'} damaged and could not be listed.`);
  return { index: { schemaVersion: LIBRARY_SCHEMA_VERSION, entries }, problems, newerSchema: false, dirty: true };
}

function visibleNewestFirst(entries: LibraryEntry[]): LibraryEntry[] {
  return entries.filter((e) => e.deletedAt === null).sort((a, b) => b.savedAt - a.savedAt);
}

/** Reads the library for display: saved articles newest first, and any problem found. */
export async function readLibrary(): Promise<LibrarySnapshot> {
  const { index, problems, newerSchema } = await loadIndex();
  return { entries: visibleNewestFirst(index.entries), problems, newerSchema };
}

/** Finds the saved (not deleted) entry for a page URL, if any. */
export async function findSavedByUrl(url: string): Promise<LibraryEntry | null> {
  const canonical = canonicalArticleUrl(url);
  const { index } = await loadIndex();
  return index.entries.find((e) => e.canonicalUrl === canonical && e.deletedAt === null) ?? null;
}

/** Result of opening one saved article. */
export type SavedArticleResult =
  | { ok: true; saved: SavedArticle; entry: LibraryEntry | null }
  | { ok: false; error: 'not-found' | 'damaged' | 'newer-schema'; message: string };

/** Reads one saved article's full record, validated. */
export async function getSavedArticle(id: string): Promise<SavedArticleResult> {
  const key = recordKey(id);
  const [raw, loaded] = await Promise.all([browser.storage.local.get(key).then((r) => r[key]), loadIndex()]);
  const entry = loaded.index.entries.find((e) => e.id === id) ?? null;
  if (raw === undefined) return { ok: false, error: 'not-found', message: 'This article is no longer in your library.' };
  const parsed = parseRecord(raw);
  if (!parsed.ok) {
    return parsed.newer
      ? { ok: false, error: 'newer-schema', message: 'This article was saved by a newer version of the extension. Update it to read this article.' }
      : { ok: false, error: 'damaged', message: 'This saved copy is damaged and cannot be shown. The original page may still be available.' };
  }
  return { ok: true, saved: parsed.record, entry };
}

/** Calls `onChange` whenever the library changes (in any context); returns the unsubscribe. */
export function watchLibrary(onChange: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && INDEX_KEY in changes) onChange();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

function writeError(error: unknown): { ok: false; error: LibraryWriteError; message: string } {
  const text = error instanceof Error ? error.message : String(error);
  if (/quota/i.test(text)) {
    return {
      ok: false,
      error: 'quota',
      message: 'Your browser has no room left for saved articles. Delete some saved articles, then try again.',
    };
  }
  return { ok: false, error: 'storage', message: `The browser could not store this change: ${text}` };
}

/** Options for the library writer; injectable so tests control time and ids. */
export interface WriterOptions {
  now?: () => number;
  newId?: () => string;
}

/** The background's write interface to the library. */
export interface LibraryWriter {
  save(article: Article): Promise<LibraryWriteResult<LibraryEntry>>;
  remove(id: string): Promise<LibraryWriteResult<LibraryEntry>>;
  restore(id: string): Promise<LibraryWriteResult<LibraryEntry>>;
  setRead(id: string, read: boolean): Promise<LibraryWriteResult<LibraryEntry>>;
}

/**
 * Creates the library's single writer. Writes are queued so two quick clicks cannot interleave
 * their read-modify-write of the index.
 */
export function createLibraryWriter(options: WriterOptions = {}): LibraryWriter {
  const now = options.now ?? Date.now;
  const newId = options.newId ?? (() => crypto.randomUUID());
  let queue: Promise<unknown> = Promise.resolve();

  function serial<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  }

  /** Loads the index for writing, purging deletes whose undo window has passed. */
  async function loadForWrite(): Promise<{ index: StoredIndex; refuse?: LibraryWriteResult<never> }> {
    const loaded = await loadIndex();
    if (loaded.newerSchema) {
      return {
        index: loaded.index,
        refuse: { ok: false, error: 'newer-schema', message: loaded.problems[0] ?? 'Library written by a newer version.' },
      };
    }
    const cutoff = now() - UNDO_WINDOW_MS;
    const expired = loaded.index.entries.filter((e) => e.deletedAt !== null && e.deletedAt < cutoff);
    if (expired.length > 0) {
      // Records first: if we stop between the two calls, the index still hides them as deleted.
      await browser.storage.local.remove(expired.map((e) => recordKey(e.id)));
      loaded.index.entries = loaded.index.entries.filter((e) => !expired.includes(e));
      loaded.dirty = true;
    }
    if (loaded.dirty) await browser.storage.local.set({ [INDEX_KEY]: loaded.index });
    return { index: loaded.index };
  }

  async function updateEntry(
    id: string,
    change: (entry: LibraryEntry) => LibraryEntry,
    recordChange?: (record: StoredRecord) => StoredRecord,
  ): Promise<LibraryWriteResult<LibraryEntry>> {
    try {
      const { index, refuse } = await loadForWrite();
      if (refuse) return refuse;
      const position = index.entries.findIndex((e) => e.id === id);
      const current = index.entries[position];
      if (!current) return { ok: false, error: 'not-found', message: 'This article is no longer in your library.' };
      const updated = change(current);
      const entries = index.entries.slice();
      entries[position] = updated;
      const writes: Record<string, unknown> = { [INDEX_KEY]: { schemaVersion: LIBRARY_SCHEMA_VERSION, entries } };
      if (recordChange) {
        const raw = (await browser.storage.local.get(recordKey(id)))[recordKey(id)];
        const parsed = parseRecord(raw);
        if (parsed.ok) writes[recordKey(id)] = recordChange(parsed.record);
      }
      await browser.storage.local.set(writes);
      return { ok: true, value: updated };
    } catch (error) {
      return writeError(error);
    }
  }

  return {
    save: (article) =>
      serial(async () => {
        const checked = v.safeParse(ArticleSchema, article);
        if (!checked.success) return { ok: false, error: 'invalid', message: 'The article could not be saved: it is incomplete.' };
        try {
          const { index, refuse } = await loadForWrite();
          if (refuse) return refuse;
          const canonical = canonicalArticleUrl(article.url);
          const existing = index.entries.find((e) => e.canonicalUrl === canonical);
          const record: StoredRecord = {
            schemaVersion: LIBRARY_SCHEMA_VERSION,
            id: existing?.id ?? newId(),
            // Saving again refreshes the copy but keeps its place in the list and its read state.
            savedAt: existing && existing.deletedAt === null ? existing.savedAt : now(),
            readAt: existing && existing.deletedAt === null ? existing.readAt : null,
            article: checked.output,
          };
          const entry = entryFor(record);
          const entries = [entry, ...index.entries.filter((e) => e !== existing)];
          await browser.storage.local.set({
            [recordKey(record.id)]: record,
            [INDEX_KEY]: { schemaVersion: LIBRARY_SCHEMA_VERSION, entries },
          });
          return { ok: true, value: entry, created: !existing || existing.deletedAt !== null };
        } catch (error) {
          return writeError(error);
        }
      }),
    remove: (id) => serial(() => updateEntry(id, (e) => ({ ...e, deletedAt: now() }))),
    restore: (id) => serial(() => updateEntry(id, (e) => ({ ...e, deletedAt: null }))),
    setRead: (id, read) =>
      serial(() => {
        const readAt = read ? now() : null;
        return updateEntry(id, (e) => ({ ...e, readAt }), (r) => ({ ...r, readAt }));
      }),
  };
}
