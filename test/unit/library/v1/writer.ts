// Frozen copy of utils/library/writer.ts at 05a29fe, the last schema-1 code: the migration tests build
// their schema-1 libraries with it, exactly as that version wrote them. Do not update it.
/**
 * The library's single writer, used only by the background. Each change (save, delete, restore,
 * read mark) is one `storage.local.set` of all the keys it touches, so it lands whole or not at
 * all. Housekeeping before it (purging expired deletes, writing back a migrated or rebuilt index)
 * is separate and ordered so that an interruption leaves a consistent library.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { t } from '../../../../utils/i18n';
import type { Article } from '../../../../utils/model/article';
import { ArticleSchema } from '../../../../utils/model/article-schema';
import { savedPositionKey } from '../../../../utils/reading/position';
import { canonicalArticleUrl } from '../../../../utils/library/canonical-url';
import { INDEX_KEY, LIBRARY_SCHEMA_VERSION, entryFor, parseRecord, recordKey, type StoredIndex, type StoredRecord } from './schema';
import { loadIndex } from './store';
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
  };
}
