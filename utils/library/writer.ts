/**
 * The library's single writer, used only by the background. Each change (save, delete, restore,
 * read mark) is one `storage.local.set` of all the keys it touches, so it lands whole or not at
 * all. Housekeeping before it (purging expired deletes, writing back a migrated or rebuilt index)
 * is separate and ordered so that an interruption leaves a consistent library.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { t } from '../i18n';
import type { Article } from '../model/article';
import { ArticleSchema } from '../model/article-schema';
import { savedPositionKey } from '../reading/position';
import { canonicalArticleUrl } from './canonical-url';
import { INDEX_KEY, LIBRARY_SCHEMA_VERSION, entryFor, parseRecord, recordKey, type StoredIndex, type StoredRecord } from './schema';
import { loadIndex } from './store';
import { tagKey } from './query';
import { renamedTags, sameTags, withTags, withoutTags } from './tags';
import type { LibraryEntry, LibraryWriteError, LibraryWriteResult } from './types';

/** How long a deleted article can be brought back before its record is purged. */
export const UNDO_WINDOW_MS = 10 * 60_000;

function writeError(error: unknown): { ok: false; error: LibraryWriteError; message: string } {
  const text = error instanceof Error ? error.message : String(error);
  if (/quota/i.test(text)) {
    return {
      ok: false,
      error: 'quota',
      message: t('libraryQuotaFull'),
    };
  }
  return { ok: false, error: 'storage', message: t('libraryStorageFailed', text) };
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
  // Bulk and organising changes (issue 10). STAND-IN on the lib-ui branch: each is one
  // storage.local.set of the index and the touched records, over today's layout; the IndexedDB
  // writer replaces this at merge with the same signatures.
  removeMany(ids: string[]): Promise<LibraryWriteResult<LibraryEntry[]>>;
  restoreMany(ids: string[]): Promise<LibraryWriteResult<LibraryEntry[]>>;
  setReadMany(ids: string[], read: boolean): Promise<LibraryWriteResult<LibraryEntry[]>>;
  setArchived(ids: string[], archived: boolean): Promise<LibraryWriteResult<LibraryEntry[]>>;
  setFavourite(ids: string[], favourite: boolean): Promise<LibraryWriteResult<LibraryEntry[]>>;
  addTags(ids: string[], tags: string[]): Promise<LibraryWriteResult<LibraryEntry[]>>;
  removeTags(ids: string[], tags: string[]): Promise<LibraryWriteResult<LibraryEntry[]>>;
  renameTag(from: string, to: string): Promise<LibraryWriteResult<{ changed: number }>>;
  deleteTag(tag: string): Promise<LibraryWriteResult<{ changed: number }>>;
}

/** The organising fields of an entry, copied onto its record (the record stays the source of truth). */
function withEntryFields(record: StoredRecord, entry: LibraryEntry): StoredRecord {
  return { ...record, readAt: entry.readAt, archivedAt: entry.archivedAt, favourite: entry.favourite, tags: entry.tags, updatedAt: entry.updatedAt };
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
        refuse: { ok: false, error: 'newer-schema', message: t('libraryNewerSchema') },
      };
    }
    const cutoff = now() - UNDO_WINDOW_MS;
    const expired = loaded.index.entries.filter((e) => e.deletedAt !== null && e.deletedAt < cutoff);
    if (expired.length > 0) {
      // Records (and their reading positions) first: if we stop between the two calls, the index
      // still hides them as deleted.
      await browser.storage.local.remove(expired.flatMap((e) => [recordKey(e.id), savedPositionKey(e.id)]));
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
      if (!current) return { ok: false, error: 'not-found', message: t('libraryArticleGone') };
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

  /**
   * STAND-IN: applies `change` to the listed entries (`select` picks them when `ids` is null), in
   * one storage.local.set of the index and, with `records`, the changed records. `change` returns
   * the entry unchanged when there is nothing to do. Answers the entries that changed.
   */
  async function updateMany(
    ids: readonly string[] | null,
    change: (entry: LibraryEntry) => LibraryEntry,
    options: { records: boolean; select?: (entry: LibraryEntry) => boolean; includeDeleted?: boolean },
  ): Promise<LibraryWriteResult<LibraryEntry[]>> {
    try {
      const { index, refuse } = await loadForWrite();
      if (refuse) return refuse;
      const wanted = ids ? new Set(ids) : null;
      const changed: LibraryEntry[] = [];
      let found = 0;
      const entries = index.entries.map((entry) => {
        if (wanted ? !wanted.has(entry.id) : !options.select?.(entry)) return entry;
        if (entry.deletedAt !== null && !options.includeDeleted) return entry;
        found++;
        const next = change(entry);
        if (next !== entry) changed.push(next);
        return next;
      });
      if (found === 0 && ids !== null) return { ok: false, error: 'not-found', message: t('libraryArticleGone') };
      if (changed.length === 0) return { ok: true, value: [] };
      const writes: Record<string, unknown> = { [INDEX_KEY]: { schemaVersion: LIBRARY_SCHEMA_VERSION, entries } };
      if (options.records) {
        const keys = changed.map((e) => recordKey(e.id));
        const raw = await browser.storage.local.get(keys);
        for (const entry of changed) {
          const parsed = parseRecord(raw[recordKey(entry.id)]);
          if (parsed.ok) writes[recordKey(entry.id)] = withEntryFields(parsed.record, entry);
        }
      }
      await browser.storage.local.set(writes);
      return { ok: true, value: changed };
    } catch (error) {
      return writeError(error);
    }
  }

  /** An organising change: the entry with `fields`, or the entry itself when they are already so. */
  const organise =
    (fields: (entry: LibraryEntry) => Partial<LibraryEntry>) =>
    (entry: LibraryEntry): LibraryEntry => {
      const next = fields(entry);
      const same = (Object.keys(next) as Array<keyof LibraryEntry>).every((key) => {
        const a = entry[key];
        const b = next[key];
        return Array.isArray(a) && Array.isArray(b) ? sameTags(a, b) : a === b;
      });
      return same ? entry : { ...entry, ...next, updatedAt: now() };
    };

  const counted = (result: LibraryWriteResult<LibraryEntry[]>): LibraryWriteResult<{ changed: number }> =>
    result.ok ? { ok: true, value: { changed: result.value.length } } : result;

  return {
    save: (article) =>
      serial(async () => {
        const checked = v.safeParse(ArticleSchema, article);
        if (!checked.success) return { ok: false, error: 'invalid', message: t('libraryArticleIncomplete') };
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
            ...(existing && existing.deletedAt === null
              ? { archivedAt: existing.archivedAt, favourite: existing.favourite, tags: existing.tags, updatedAt: now() }
              : {}),
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
        return updateEntry(
          id,
          (e) => ({ ...e, readAt }),
          (r) => ({ ...r, readAt }),
        );
      }),
    removeMany: (ids) => serial(() => updateMany(ids, (e) => ({ ...e, deletedAt: now() }), { records: false })),
    restoreMany: (ids) =>
      serial(() => updateMany(ids, (e) => (e.deletedAt === null ? e : { ...e, deletedAt: null }), { records: false, includeDeleted: true })),
    setReadMany: (ids, read) =>
      serial(() =>
        updateMany(
          ids,
          organise((e) => ({ readAt: read ? (e.readAt ?? now()) : null })),
          { records: true },
        ),
      ),
    setArchived: (ids, archived) =>
      serial(() =>
        updateMany(
          ids,
          organise((e) => ({ archivedAt: archived ? (e.archivedAt ?? now()) : null })),
          { records: true },
        ),
      ),
    setFavourite: (ids, favourite) =>
      serial(() =>
        updateMany(
          ids,
          organise(() => ({ favourite })),
          { records: true },
        ),
      ),
    addTags: (ids, tags) =>
      serial(() =>
        updateMany(
          ids,
          organise((e) => ({ tags: withTags(e.tags, tags) })),
          { records: true },
        ),
      ),
    removeTags: (ids, tags) =>
      serial(() =>
        updateMany(
          ids,
          organise((e) => ({ tags: withoutTags(e.tags, tags) })),
          { records: true },
        ),
      ),
    renameTag: (from, to) =>
      serial(async () =>
        counted(
          await updateMany(
            null,
            organise((e) => ({ tags: renamedTags(e.tags, from, to) })),
            { records: true, select: (e) => e.tags.some((t) => tagKey(t) === tagKey(from)), includeDeleted: true },
          ),
        ),
      ),
    deleteTag: (tag) =>
      serial(async () =>
        counted(
          await updateMany(
            null,
            organise((e) => ({ tags: withoutTags(e.tags, [tag]) })),
            { records: true, select: (e) => e.tags.some((t) => tagKey(t) === tagKey(tag)), includeDeleted: true },
          ),
        ),
      ),
  };
}
