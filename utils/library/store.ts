/**
 * Reading the library: the popup and side panel list, open and watch saved articles through
 * these functions; only the background writes (writer.ts). A damaged index is rebuilt from the
 * records, which are the source of truth.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { t } from '../i18n';
import { canonicalArticleUrl } from './canonical-url';
import { migrate } from './migrations';
import {
  EntrySchema,
  INDEX_KEY,
  IndexSchema,
  LIBRARY_SCHEMA_VERSION,
  RECORD_PREFIX,
  entryFor,
  parseRecord,
  recordKey,
  versionOf,
  type StoredIndex,
} from './schema';
import type { LibraryEntry, SavedArticle } from './types';

/** The library as the UI shows it, with any problem found while reading it. */
export interface LibrarySnapshot {
  /** Saved articles, newest first, without those deleted (pending undo). */
  entries: LibraryEntry[];
  /** Human sentences about damaged data that was skipped or repaired; nothing was deleted. */
  problems: string[];
  /** Set when the data was written by a newer version of the extension: reading only. */
  newerSchema: boolean;
}

/** The index as loaded for reading or writing, with what was found wrong with it. */
export interface LoadedIndex {
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

/** Loads the index: migrated, or rebuilt from the records when damaged; never overwrites a newer one. */
export async function loadIndex(): Promise<LoadedIndex> {
  const raw = (await browser.storage.local.get(INDEX_KEY))[INDEX_KEY];
  if (raw === undefined) {
    return { index: { schemaVersion: LIBRARY_SCHEMA_VERSION, entries: [] }, problems: [], newerSchema: false, dirty: false };
  }
  const version = versionOf(raw);
  if (version !== null && version > LIBRARY_SCHEMA_VERSION) {
    // Written by a newer extension: show what we can understand, never write over it.
    const entries = Array.isArray((raw as { entries?: unknown }).entries)
      ? (raw as { entries: unknown[] }).entries.flatMap((e) => {
          const parsed = v.safeParse(EntrySchema, e);
          return parsed.success ? [parsed.output] : [];
        })
      : [];
    return {
      index: { schemaVersion: version, entries },
      problems: [t('libraryNewerSchema')],
      newerSchema: true,
      dirty: false,
    };
  }
  const migrated = version !== null && version < LIBRARY_SCHEMA_VERSION ? migrate('index', raw, version, LIBRARY_SCHEMA_VERSION) : raw;
  const parsed = v.safeParse(IndexSchema, migrated);
  if (parsed.success) {
    return { index: parsed.output, problems: [], newerSchema: false, dirty: migrated !== raw };
  }
  const { entries, damaged } = await rebuildIndexFromRecords();
  const problems = [t('libraryIndexRebuilt')];
  if (damaged > 0) problems.push(damaged === 1 ? t('libraryRecordDamagedOne') : t('libraryRecordsDamaged', damaged));
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

/**
 * The newest `limit` entries and how many there are: the list's first paint. A simple version over
 * readLibrary on this branch; the IndexedDB layer answers it from a cursor without reading the rest.
 */
export async function readNewestEntries(limit: number): Promise<{ entries: LibraryEntry[]; total: number }> {
  const { entries } = await readLibrary();
  return { entries: entries.slice(0, limit), total: entries.length };
}

/** Finds the saved (not deleted) entry for a page URL, if any. */
export async function findSavedByUrl(url: string): Promise<LibraryEntry | null> {
  const canonical = canonicalArticleUrl(url);
  const { index } = await loadIndex();
  return index.entries.find((e) => e.canonicalUrl === canonical && e.deletedAt === null) ?? null;
}

/** Result of opening one saved article. */
export type SavedArticleResult =
  { ok: true; saved: SavedArticle; entry: LibraryEntry | null } | { ok: false; error: 'not-found' | 'damaged' | 'newer-schema'; message: string };

/** Reads one saved article's full record, validated. */
export async function getSavedArticle(id: string): Promise<SavedArticleResult> {
  const key = recordKey(id);
  const [raw, loaded] = await Promise.all([browser.storage.local.get(key).then((r) => r[key]), loadIndex()]);
  const entry = loaded.index.entries.find((e) => e.id === id) ?? null;
  if (raw === undefined) return { ok: false, error: 'not-found', message: t('libraryArticleGone') };
  const parsed = parseRecord(raw);
  if (!parsed.ok) {
    return parsed.newer
      ? { ok: false, error: 'newer-schema', message: t('savedArticleNewerSchema') }
      : { ok: false, error: 'damaged', message: t('savedArticleDamaged') };
  }
  return { ok: true, saved: parsed.record, entry };
}

/**
 * What changed in the library: `kind` names the change, `ids` the entries it touched. An empty
 * `ids` means any entry may have changed (today's layout rewrites the whole index, so that is
 * what this branch reports: kind 'index').
 */
export interface LibraryChange {
  kind: string;
  ids: string[];
}

/** Calls `onChange` whenever the library changes (in any context); returns the unsubscribe. */
export function watchLibrary(onChange: (change: LibraryChange) => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && INDEX_KEY in changes) onChange({ kind: 'index', ids: [] });
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
