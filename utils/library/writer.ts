/**
 * The library's single writer, used only by the background. Every change — one article or a
 * bulk change of up to 10,000 — is one IndexedDB transaction over the records and their entries,
 * so it lands whole or not at all (a stopped service worker or a full disk leaves the library as
 * it was). Changes run one after another (a queue), and each committed one is announced on the
 * 'reader-library' BroadcastChannel for the open views (store.ts `watchLibrary`).
 *
 * Before its first change the writer moves a schema-1 library out of storage.local
 * (migrate-v1.ts); before each change it purges deletes whose undo window has passed.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { t } from '../i18n';
import type { Article } from '../model/article';
import { ArticleSchema } from '../model/article-schema';
import { PositionSchema, savedPositionKey } from '../reading/position';
import type { ReadingPosition } from '../reading/progress';
import { canonicalArticleUrl } from './canonical-url';
import {
  META_KEY,
  emptyMeta,
  inTransaction,
  issueAll,
  openLibraryDb,
  postLibraryChange,
  readMeta,
  type LibraryDb,
  type LibraryMeta,
  type LibraryProblem,
  type LibraryTx,
} from './db';
import { moveV1Library } from './migrate-v1';
import { LIBRARY_SCHEMA_VERSION, entryFor, parseEntry, parseRecord, type StoredRecord } from './schema';
import { mergeTags, normalizeTag, tagKey } from './tags';
import type { LibraryChange, LibraryEntry, LibraryWriteError, LibraryWriteResult } from './types';

/** How long a deleted article can be brought back before its record is purged. */
export const UNDO_WINDOW_MS = 10 * 60_000;
/** Import items written per transaction by default. */
export const IMPORT_BATCH = 500;
/** Records read and written at once inside one bulk transaction (bounds memory: bodies are 20–60 kB). */
const CHUNK = 100;

type Failure = { ok: false; error: LibraryWriteError; message: string };

/** Thrown inside a transaction to abort it with a result for the caller. */
class Refusal extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

const notFound = (): Failure => ({ ok: false, error: 'not-found', message: t('libraryArticleGone') });
const newerSchema = (): Failure => ({ ok: false, error: 'newer-schema', message: t('libraryNewerSchema') });
const invalidTag = (): Failure => ({ ok: false, error: 'invalid', message: t('libraryTagInvalid') });

function writeError(error: unknown): Failure {
  if (error instanceof Refusal) return error.failure;
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  const text = error instanceof Error ? error.message : String(error);
  // IndexedDB says QuotaExceededError (on the request or as the aborted transaction's error).
  if (name === 'QuotaExceededError' || /quota/i.test(text)) return { ok: false, error: 'quota', message: t('libraryQuotaFull') };
  return { ok: false, error: 'storage', message: t('libraryStorageFailed', text || name) };
}

/** Options for the library writer; injectable so tests control time and ids. */
export interface WriterOptions {
  now?: () => number;
  newId?: () => string;
}

/** One article to import (from another service's export): the article and the state it had there. */
export interface ImportRecord {
  article: Article;
  savedAt?: number;
  readAt?: number | null;
  archivedAt?: number | null;
  favourite?: boolean;
  tags?: string[];
}

const ImportRecordSchema = v.object({
  article: ArticleSchema,
  savedAt: v.optional(v.number()),
  readAt: v.optional(v.nullable(v.number())),
  archivedAt: v.optional(v.nullable(v.number())),
  favourite: v.optional(v.boolean()),
  tags: v.optional(v.array(v.string())),
});

/** How an import went: new articles, articles already saved (their tags merged), items refused as invalid. */
export interface ImportResult {
  added: number;
  merged: number;
  invalid: number;
}

/** Progress after each committed batch. */
export interface ImportProgress extends ImportResult {
  done: number;
  total: number;
}

/** Options of importRecords. */
export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  /** Items per transaction (default IMPORT_BATCH). */
  batchSize?: number;
}

/** One article of a backup to restore as it was: its whole record (id and times included) and its reading position. */
export interface RestoreItem {
  record: StoredRecord;
  position: ReadingPosition | null;
}

/**
 * How a restore went: records new to the library, records that replaced the library's copy (same
 * id, or same canonical URL under another id), items refused as invalid, and later items of the
 * same batch with an id or canonical URL an earlier one had (left out).
 */
export interface RestoreResult {
  added: number;
  replaced: number;
  invalid: number;
  duplicates: number;
}

/** The background's write interface to the library. */
export interface LibraryWriter {
  /** Moves a schema-1 library if needed and, with `repair`, rebuilds the entries if they are damaged. */
  prepare(options?: { repair?: boolean }): Promise<LibraryWriteResult<{ repaired: boolean }>>;
  /** Saves an article, or refreshes the saved copy of the same canonical URL (keeping its place and state). */
  save(article: Article): Promise<LibraryWriteResult<LibraryEntry>>;
  /** Soft-deletes: hidden at once, purged after UNDO_WINDOW_MS. */
  deleteArticles(ids: readonly string[]): Promise<LibraryWriteResult<LibraryEntry[]>>;
  /** Brings back deleted articles still in their undo window. */
  restoreArticles(ids: readonly string[]): Promise<LibraryWriteResult<LibraryEntry[]>>;
  /** Marks articles read (keeping an earlier read time) or unread. */
  setArticlesRead(ids: readonly string[], read: boolean): Promise<LibraryWriteResult<LibraryEntry[]>>;
  /** Moves articles to the archive or back to the inbox. */
  setArticlesArchived(ids: readonly string[], archived: boolean): Promise<LibraryWriteResult<LibraryEntry[]>>;
  /** Marks articles as favourites or not. */
  setArticlesFavourite(ids: readonly string[], favourite: boolean): Promise<LibraryWriteResult<LibraryEntry[]>>;
  /** Adds tags (cleaned; a tag the library already has keeps the library's spelling). */
  addTags(ids: readonly string[], tags: readonly string[]): Promise<LibraryWriteResult<LibraryEntry[]>>;
  /** Removes tags, compared case-insensitively. */
  removeTags(ids: readonly string[], tags: readonly string[]): Promise<LibraryWriteResult<LibraryEntry[]>>;
  /** Renames a tag on every article; renaming onto an existing tag merges the two. */
  renameTag(from: string, to: string): Promise<LibraryWriteResult<{ changed: number }>>;
  /** Removes a tag from every article. */
  deleteTag(tag: string): Promise<LibraryWriteResult<{ changed: number }>>;
  /**
   * Imports many articles in batch transactions, deduped by canonical URL against the library
   * (tags merged). Each item is validated (it comes from another service's file): invalid ones are
   * counted, not written.
   */
  importRecords(records: readonly ImportRecord[], options?: ImportOptions): Promise<LibraryWriteResult<ImportResult>>;
  /**
   * Restores backed-up records exactly as they were (ids, times, state, tags, body) in one
   * transaction, with their reading positions. The backup's copy wins: a record with the same id,
   * or another record of the same canonical URL, is replaced (the other one's position goes with it).
   * Callers send a backup in batches (utils/import/restore-backup.ts); each batch lands whole.
   */
  restoreRecords(items: readonly RestoreItem[]): Promise<LibraryWriteResult<RestoreResult>>;
  /** Schema-1 message wrappers (one id); removed once the UI uses the plural operations. */
  remove(id: string): Promise<LibraryWriteResult<LibraryEntry>>;
  restore(id: string): Promise<LibraryWriteResult<LibraryEntry>>;
  setRead(id: string, read: boolean): Promise<LibraryWriteResult<LibraryEntry>>;
}

/** Every change runs over these three stores (meta for the record count), so they share one transaction type. */
type RecordTx = LibraryTx<['records', 'entries', 'meta'], 'readwrite'>;

/** Reads records by id inside a transaction, CHUNK at a time; a missing or unreadable one refuses the whole change. */
async function recordsOf(tx: RecordTx, ids: readonly string[], each: (record: StoredRecord) => Promise<void>): Promise<void> {
  const store = tx.objectStore('records');
  for (let from = 0; from < ids.length; from += CHUNK) {
    const chunk = ids.slice(from, from + CHUNK);
    const raws = await issueAll(chunk.map((id) => () => store.get(id)));
    for (const raw of raws) {
      const parsed = parseRecord(raw);
      if (!parsed.ok) throw new Refusal(parsed.newer ? newerSchema() : notFound());
      await each(parsed.record);
    }
  }
}

/** Writes a record and its derived entry (the one place both are written together). */
async function putRecord(tx: RecordTx, record: StoredRecord): Promise<LibraryEntry> {
  const entry = entryFor(record);
  await issueAll([() => tx.objectStore('records').put(record), () => tx.objectStore('entries').put(entry)]);
  return entry;
}

/** Keeps meta's record count in step with records added or removed in the same transaction. */
async function countRecords(tx: RecordTx, delta: number): Promise<void> {
  if (delta === 0) return;
  const store = tx.objectStore('meta');
  const { meta } = await readMeta(store);
  // No meta (damaged): the next start's check writes it again with a fresh count.
  if (meta) await store.put({ ...meta, recordCount: Math.max(0, meta.recordCount + delta) } satisfies LibraryMeta, META_KEY);
}

/** The library's tags, one spelling per key, from the distinct keys of the entries' tags index. */
async function libraryTags(tx: RecordTx): Promise<Map<string, string>> {
  const forms = new Map<string, string>();
  let cursor = await tx.objectStore('entries').index('tags').openKeyCursor(null, 'nextunique');
  while (cursor) {
    const form = cursor.key;
    if (!forms.has(tagKey(form))) forms.set(tagKey(form), form);
    cursor = await cursor.continue();
  }
  return forms;
}

/** Ids of the entries carrying a tag with any of `keys`. */
async function idsTagged(tx: RecordTx, keys: ReadonlySet<string>): Promise<string[]> {
  const index = tx.objectStore('entries').index('tags');
  const forms: string[] = [];
  let cursor = await index.openKeyCursor(null, 'nextunique');
  while (cursor) {
    if (keys.has(tagKey(cursor.key))) forms.push(cursor.key);
    cursor = await cursor.continue();
  }
  const ids = await Promise.all(forms.map((form) => index.getAllKeys(form)));
  return [...new Set(ids.flat())];
}

const sameTags = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((tag, i) => tag === b[i]);

/** Creates the library's single writer (one per background). */
export function createLibraryWriter(options: WriterOptions = {}): LibraryWriter {
  const now = options.now ?? Date.now;
  const newId = options.newId ?? (() => crypto.randomUUID());
  let queue: Promise<unknown> = Promise.resolve();
  /** The connection the schema-1 move was last checked on (checking again is one read of meta). */
  let movedFor: LibraryDb | null = null;

  function serial<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  }

  /** The database, with any schema-1 library moved into it; a Refusal when a newer version owns it. */
  async function database(): Promise<LibraryDb> {
    // Asked each time: db.ts hands out its one connection, and opens a new one if that was closed.
    const { db, newer } = await openLibraryDb().catch((error: unknown) => {
      // IndexedDB refused (Firefox set never to remember history turns it off for extensions):
      // nothing was written, and a schema-1 library stays where it is.
      console.warn('The library database cannot be opened:', error);
      throw new Refusal({ ok: false, error: 'storage', message: t('libraryUnavailable') });
    });
    if (newer) throw new Refusal(newerSchema());
    if (movedFor !== db) {
      const moved = await moveV1Library(db);
      if (moved.status === 'newer') throw new Refusal(newerSchema());
      // Views that read while the move ran (a fresh install's empty list) reload everything.
      if (moved.moved > 0) postLibraryChange({ kind: 'rebuilt', ids: [] });
      movedFor = db;
    }
    return db;
  }

  /** Purges deletes whose undo window has passed, with their reading positions. */
  async function purgeExpired(db: LibraryDb): Promise<void> {
    const cutoff = now() - UNDO_WINDOW_MS;
    const expired = await db.getAllKeysFromIndex('entries', 'deletedAt', IDBKeyRange.upperBound(cutoff, true));
    if (expired.length === 0) return;
    // Positions first: stopped between the two, the articles are still deleted (hidden, past undo)
    // and are purged next time; the other way round would leave positions nobody removes.
    await browser.storage.local.remove(expired.map(savedPositionKey));
    const purged = await inTransaction(db, ['records', 'entries', 'meta'], 'readwrite', async (tx) => {
      const gone: string[] = [];
      for (const id of expired) {
        const parsed = parseRecord(await tx.objectStore('records').get(id));
        // The record decides; an unreadable record behind an expired delete goes with it.
        if (parsed.ok && (parsed.record.deletedAt === null || parsed.record.deletedAt >= cutoff)) continue;
        if (!parsed.ok && parsed.newer) continue;
        await issueAll([() => tx.objectStore('records').delete(id), () => tx.objectStore('entries').delete(id)]);
        gone.push(id);
      }
      await countRecords(tx, -gone.length);
      return gone;
    });
    if (purged.length > 0) postLibraryChange({ kind: 'purged', ids: purged });
  }

  /** Runs one change in the queue: database ready, expired deletes purged, errors turned into results. */
  function write<T>(task: (db: LibraryDb) => Promise<{ value: T; change: LibraryChange | null; created?: boolean }>): Promise<LibraryWriteResult<T>> {
    return serial(async () => {
      try {
        const db = await database();
        try {
          await purgeExpired(db);
        } catch (error) {
          // Housekeeping: it must not stand in the way of the user's change.
          console.warn('Could not purge expired deletes:', error);
        }
        const { value, change, created } = await task(db);
        if (change && (change.ids.length > 0 || change.kind === 'rebuilt')) postLibraryChange(change);
        return created === undefined ? { ok: true as const, value } : { ok: true as const, value, created };
      } catch (error) {
        return writeError(error);
      }
    });
  }

  /** Changes the given records in one transaction; `change` returns null when a record stays as it is. */
  function changeRecords(
    ids: readonly string[],
    kind: LibraryChange['kind'],
    change: (record: StoredRecord, time: number, tags: Map<string, string>) => StoredRecord | null,
    withLibraryTags = false,
  ): Promise<LibraryWriteResult<LibraryEntry[]>> {
    return write(async (db) => {
      const unique = [...new Set(ids)];
      const time = now();
      const changed: string[] = [];
      const value = await inTransaction(db, ['records', 'entries', 'meta'], 'readwrite', async (tx) => {
        const tags = withLibraryTags ? await libraryTags(tx) : new Map<string, string>();
        const entries: LibraryEntry[] = [];
        await recordsOf(tx, unique, async (record) => {
          const next = change(record, time, tags);
          if (next) {
            changed.push(record.id);
            entries.push(await putRecord(tx, next));
          } else entries.push(entryFor(record));
        });
        return entries;
      });
      return { value, change: { kind, ids: changed } };
    });
  }

  /** Changes the tags of every record carrying a tag with one of `keys`. */
  function retag(keys: ReadonlySet<string>, change: (tags: string[]) => string[]): Promise<LibraryWriteResult<{ changed: number }>> {
    return write(async (db) => {
      const time = now();
      const changed: string[] = [];
      await inTransaction(db, ['records', 'entries', 'meta'], 'readwrite', async (tx) => {
        await recordsOf(tx, await idsTagged(tx, keys), async (record) => {
          const tags = change(record.tags);
          if (sameTags(tags, record.tags)) return;
          changed.push(record.id);
          await putRecord(tx, { ...record, tags, updatedAt: time });
        });
      });
      return { value: { changed: changed.length }, change: { kind: 'updated', ids: changed } };
    });
  }

  /** Rebuilds the entries from the records in one transaction; reports it (and skipped records) once. */
  async function rebuildEntries(db: LibraryDb): Promise<void> {
    await inTransaction(db, ['records', 'entries', 'meta'], 'readwrite', async (tx) => {
      const entries = tx.objectStore('entries');
      await entries.clear();
      const damaged: string[] = [];
      let recordCount = 0;
      let cursor = await tx.objectStore('records').openCursor();
      while (cursor) {
        recordCount++;
        const parsed = parseRecord(cursor.value);
        if (parsed.ok) await entries.put(entryFor(parsed.record));
        else damaged.push(cursor.key);
        cursor = await cursor.continue();
      }
      const meta = tx.objectStore('meta');
      const base: LibraryMeta = (await readMeta(meta)).meta ?? emptyMeta('done');
      const problems: LibraryProblem[] = [{ kind: 'entries-rebuilt', count: 1 }];
      if (damaged.length > 0) problems.push({ kind: 'records-damaged', count: damaged.length });
      await meta.put({ ...base, damagedIds: damaged, recordCount, report: { id: newId(), problems } } satisfies LibraryMeta, META_KEY);
    });
  }

  /**
   * Checks the entries against the records (counting the records themselves, which reads every
   * body: only here, when a view has found something wrong). 'rebuild' when an entry is unreadable
   * or missing; 'count' when only meta's record count was off.
   */
  async function checkEntries(db: LibraryDb): Promise<'ok' | 'count' | 'rebuild'> {
    return inTransaction(db, ['records', 'entries', 'meta'], 'readonly', async (tx) => {
      const [raws, recordCount, { meta }] = await Promise.all([
        tx.objectStore('entries').getAll(),
        tx.objectStore('records').count(),
        readMeta(tx.objectStore('meta')),
      ]);
      if (meta === null || raws.some((raw) => parseEntry(raw) === null) || recordCount !== raws.length + meta.damagedIds.length) return 'rebuild';
      return meta.recordCount === recordCount ? 'ok' : 'count';
    });
  }

  const one = (result: LibraryWriteResult<LibraryEntry[]>): LibraryWriteResult<LibraryEntry> => {
    if (!result.ok) return result;
    const [entry] = result.value;
    return entry ? { ok: true, value: entry } : notFound();
  };

  const writer: LibraryWriter = {
    prepare: ({ repair = false } = {}) =>
      write<{ repaired: boolean }>(async (db) => {
        // Another view may have asked first: rebuild only what is still damaged.
        const found = repair ? await checkEntries(db) : 'ok';
        if (found === 'ok') return { value: { repaired: false }, change: null };
        if (found === 'count') {
          // The list was right, the count was not (nothing to tell the user).
          await inTransaction(db, ['records', 'meta'], 'readwrite', async (tx) => {
            const store = tx.objectStore('meta');
            const { meta } = await readMeta(store);
            if (meta) await store.put({ ...meta, recordCount: await tx.objectStore('records').count() } satisfies LibraryMeta, META_KEY);
          });
          return { value: { repaired: true }, change: null };
        }
        await rebuildEntries(db);
        return { value: { repaired: true }, change: { kind: 'rebuilt', ids: [] } };
      }),

    save: (article) => {
      const checked = v.safeParse(ArticleSchema, article);
      if (!checked.success) return Promise.resolve({ ok: false, error: 'invalid', message: t('libraryArticleIncomplete') });
      return write(async (db) => {
        const time = now();
        const { entry, created } = await inTransaction(db, ['records', 'entries', 'meta'], 'readwrite', async (tx) => {
          const canonical = canonicalArticleUrl(checked.output.url);
          const found = (await tx.objectStore('entries').index('canonicalUrl').getAll(canonical)).map(parseEntry).filter((e) => e !== null);
          const existing = found.find((e) => e.deletedAt === null) ?? found[0] ?? null;
          const raw: unknown = existing ? await tx.objectStore('records').get(existing.id) : undefined;
          const stored = raw === undefined ? null : parseRecord(raw);
          // The record is the truth; its entry stands in when the record is unreadable.
          const prior = stored?.ok ? stored.record : existing;
          const kept = prior !== null && prior.deletedAt === null;
          const record: StoredRecord = {
            schemaVersion: LIBRARY_SCHEMA_VERSION,
            id: existing?.id ?? newId(),
            // Saving again refreshes the copy but keeps its place in the list and its state; saving
            // one that was just deleted saves it anew (unread, in the inbox) but keeps its tags.
            savedAt: kept ? prior.savedAt : time,
            readAt: kept ? prior.readAt : null,
            deletedAt: null,
            archivedAt: kept ? prior.archivedAt : null,
            favourite: prior?.favourite ?? false,
            tags: prior?.tags.slice() ?? [],
            updatedAt: time,
            article: checked.output,
          };
          const entry = await putRecord(tx, record);
          if (raw === undefined) await countRecords(tx, 1);
          return { entry, created: !kept };
        });
        return { value: entry, created, change: { kind: 'saved', ids: [entry.id] } };
      });
    },

    deleteArticles: (ids) =>
      changeRecords(ids, 'deleted', (r, time) =>
        // Not an updatedAt change: a deleted article is out of every list until it is restored.
        r.deletedAt === null ? { ...r, deletedAt: time } : null,
      ),
    restoreArticles: (ids) => changeRecords(ids, 'restored', (r, time) => (r.deletedAt !== null ? { ...r, deletedAt: null, updatedAt: time } : null)),
    setArticlesRead: (ids, read) =>
      changeRecords(ids, 'updated', (r, time) => {
        if (read === (r.readAt !== null)) return null;
        return { ...r, readAt: read ? time : null, updatedAt: time };
      }),
    setArticlesArchived: (ids, archived) =>
      changeRecords(ids, 'updated', (r, time) => {
        if (archived === (r.archivedAt !== null)) return null;
        return { ...r, archivedAt: archived ? time : null, updatedAt: time };
      }),
    setArticlesFavourite: (ids, favourite) =>
      changeRecords(ids, 'updated', (r, time) => (r.favourite === favourite ? null : { ...r, favourite, updatedAt: time })),

    addTags: (ids, raw) => {
      const wanted = raw.map(normalizeTag).filter((tag) => tag !== null);
      if (wanted.length === 0) return Promise.resolve(invalidTag());
      return changeRecords(
        ids,
        'updated',
        (r, time, library) => {
          // One spelling per tag across the library: "news" added where "News" exists is "News".
          const tags = mergeTags(
            r.tags,
            wanted.map((tag) => library.get(tagKey(tag)) ?? tag),
          );
          return sameTags(tags, r.tags) ? null : { ...r, tags, updatedAt: time };
        },
        true,
      );
    },
    removeTags: (ids, raw) => {
      const keys = new Set(raw.map(normalizeTag).flatMap((tag) => (tag === null ? [] : [tagKey(tag)])));
      if (keys.size === 0) return Promise.resolve(invalidTag());
      return changeRecords(ids, 'updated', (r, time) => {
        const tags = r.tags.filter((tag) => !keys.has(tagKey(tag)));
        return tags.length === r.tags.length ? null : { ...r, tags, updatedAt: time };
      });
    },
    renameTag: (rawFrom, rawTo) => {
      const from = normalizeTag(rawFrom);
      const to = normalizeTag(rawTo);
      if (from === null || to === null) return Promise.resolve(invalidTag());
      // Both keys: every article with the old tag or the target tag ends up with the one new spelling.
      const keys = new Set([tagKey(from), tagKey(to)]);
      return retag(keys, (tags) =>
        mergeTags(
          tags.filter((tag) => !keys.has(tagKey(tag))),
          [to],
        ),
      );
    },
    deleteTag: (raw) => {
      const tag = normalizeTag(raw);
      if (tag === null) return Promise.resolve(invalidTag());
      const key = tagKey(tag);
      return retag(new Set([key]), (tags) => tags.filter((t) => tagKey(t) !== key));
    },

    async importRecords(items, { onProgress, batchSize = IMPORT_BATCH } = {}) {
      const total = items.length;
      const result: ImportResult = { added: 0, merged: 0, invalid: 0 };
      // Valid items, one per canonical URL: a later duplicate adds its tags to the first.
      const byUrl = new Map<string, ImportRecord>();
      for (const item of items) {
        const parsed = v.safeParse(ImportRecordSchema, item);
        if (!parsed.success) {
          result.invalid++;
          continue;
        }
        const key = canonicalArticleUrl(parsed.output.article.url);
        const first = byUrl.get(key);
        if (first) {
          first.tags = mergeTags(first.tags ?? [], parsed.output.tags ?? []);
          result.merged++;
        } else byUrl.set(key, parsed.output);
      }
      const unique = [...byUrl.values()];
      const size = Math.max(1, Math.floor(batchSize));
      let done = total - unique.length;
      if (unique.length === 0) {
        onProgress?.({ ...result, done, total });
        return { ok: true, value: result };
      }
      for (let from = 0; from < unique.length; from += size) {
        const batch = unique.slice(from, from + size);
        // Each batch is its own queued change, so a save the user makes meanwhile is not held up
        // for the whole import, and each batch lands whole.
        const landed = await write(async (db) => {
          const time = now();
          const counts = { added: 0, merged: 0 };
          const ids = await inTransaction(db, ['records', 'entries', 'meta'], 'readwrite', async (tx) => {
            const library = await libraryTags(tx);
            const spell = (tags: readonly string[]) =>
              mergeTags(
                [],
                tags.map((tag) => {
                  const clean = normalizeTag(tag);
                  return clean === null ? tag : (library.get(tagKey(clean)) ?? clean);
                }),
              );
            const index = tx.objectStore('entries').index('canonicalUrl');
            const matches = await issueAll(batch.map((item) => () => index.getAll(canonicalArticleUrl(item.article.url))));
            const written: string[] = [];
            let added = 0;
            for (const [i, item] of batch.entries()) {
              const found = matches[i]!.map(parseEntry).filter((e) => e !== null);
              const existing = found.find((e) => e.deletedAt === null) ?? null;
              const stored = existing ? parseRecord(await tx.objectStore('records').get(existing.id)) : null;
              const tags = spell(item.tags ?? []);
              // Replaced in place (a pending delete, an unreadable copy) or new: only new ones count.
              const replaces = found[0] !== undefined && (await tx.objectStore('records').count(found[0].id)) > 0;
              let record: StoredRecord;
              if (stored?.ok) {
                // Already saved: the library's copy and state stay, the tags are merged.
                const merged = mergeTags(stored.record.tags, tags);
                counts.merged++;
                if (sameTags(merged, stored.record.tags)) continue;
                record = { ...stored.record, tags: merged, updatedAt: time };
              } else {
                counts.added++;
                record = {
                  schemaVersion: LIBRARY_SCHEMA_VERSION,
                  // A pending delete or an unreadable copy of the same URL is replaced in place.
                  id: found[0]?.id ?? newId(),
                  savedAt: item.savedAt ?? time,
                  readAt: item.readAt ?? null,
                  deletedAt: null,
                  archivedAt: item.archivedAt ?? null,
                  favourite: item.favourite ?? false,
                  tags,
                  updatedAt: time,
                  article: item.article,
                };
              }
              for (const tag of record.tags) if (!library.has(tagKey(tag))) library.set(tagKey(tag), tag);
              await putRecord(tx, record);
              if (!stored?.ok && !replaces) added++;
              written.push(record.id);
            }
            await countRecords(tx, added);
            return written;
          });
          return { value: counts, change: { kind: 'imported', ids } };
        });
        if (!landed.ok) return landed;
        result.added += landed.value.added;
        result.merged += landed.value.merged;
        done += batch.length;
        onProgress?.({ ...result, done, total });
      }
      return { ok: true, value: result };
    },

    restoreRecords: (items) =>
      write(async (db) => {
        const result: RestoreResult = { added: 0, replaced: 0, invalid: 0, duplicates: 0 };
        // Valid items, one per id and per canonical URL (a hand-edited backup may repeat one).
        const batch: Array<{ record: StoredRecord; position: ReadingPosition | null; canonical: string }> = [];
        const ids = new Set<string>();
        const urls = new Set<string>();
        for (const item of items) {
          const parsed = parseRecord(item.record);
          const position = item.position === null ? null : v.safeParse(PositionSchema, item.position);
          if (!parsed.ok || (position !== null && !position.success)) {
            result.invalid++;
            continue;
          }
          const canonical = canonicalArticleUrl(parsed.record.article.url);
          if (ids.has(parsed.record.id) || urls.has(canonical)) {
            result.duplicates++;
            continue;
          }
          ids.add(parsed.record.id);
          urls.add(canonical);
          batch.push({ record: parsed.record, position: position?.output ?? null, canonical });
        }
        const displaced = await inTransaction(db, ['records', 'entries', 'meta'], 'readwrite', async (tx) => {
          const records = tx.objectStore('records');
          const byUrl = tx.objectStore('entries').index('canonicalUrl');
          const [present, sameUrl] = await Promise.all([
            issueAll(
              batch.map(
                ({ record }) =>
                  () =>
                    records.count(record.id),
              ),
            ),
            issueAll(
              batch.map(
                ({ canonical }) =>
                  () =>
                    byUrl.getAllKeys(canonical),
              ),
            ),
          ]);
          const gone: string[] = [];
          let delta = 0;
          for (const [i, { record }] of batch.entries()) {
            // Another copy of the same article under another id: the backup's copy takes its place.
            const others = sameUrl[i]!.filter((id) => id !== record.id && !ids.has(id));
            for (const id of others) {
              await issueAll([() => records.delete(id), () => tx.objectStore('entries').delete(id)]);
              gone.push(id);
            }
            if (present[i]! > 0 || others.length > 0) result.replaced++;
            else result.added++;
            delta += (present[i]! > 0 ? 0 : 1) - others.length;
            await putRecord(tx, record);
          }
          await countRecords(tx, delta);
          return gone;
        });
        // Positions after the records are in: stopped between the two, an article is restored
        // without its position (read again from the start), never a position without its article.
        const positions: Record<string, ReadingPosition> = {};
        const cleared = [...displaced];
        for (const { record, position } of batch) {
          if (position) positions[savedPositionKey(record.id)] = position;
          else cleared.push(record.id);
        }
        try {
          if (cleared.length > 0) await browser.storage.local.remove(cleared.map(savedPositionKey));
          if (Object.keys(positions).length > 0) await browser.storage.local.set(positions);
        } catch (error) {
          console.warn('Reading positions were not restored:', error);
        }
        if (displaced.length > 0) postLibraryChange({ kind: 'purged', ids: displaced });
        return { value: result, change: { kind: 'imported', ids: batch.map(({ record }) => record.id) } };
      }),

    remove: (id) => writer.deleteArticles([id]).then(one),
    restore: (id) => writer.restoreArticles([id]).then(one),
    setRead: (id, read) => writer.setArticlesRead([id], read).then(one),
  };
  return writer;
}
