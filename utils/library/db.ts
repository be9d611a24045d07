/**
 * The library's IndexedDB layout (docs/architecture.md, "Storage"), shared by the read side
 * (store.ts, in every extension page) and the single writer (writer.ts, in the background):
 *
 * - `records`: one full record per saved article (schema.ts `RecordSchema`), keyPath `id`. The
 *   source of truth.
 * - `entries`: the list entry of each record (`entryFor`), keyPath `id`, with the indexes the
 *   list, "is this page saved?" and the filters need. Derived: rebuilt from `records` when damaged.
 * - `meta`: one value under `library`: the schema version, how far the move from schema 1 got,
 *   the records a rebuild had to skip and the last report for the user.
 * - `imports` (version 2): import jobs and their staged batches (import-job.ts), out-of-line keys
 *   `job:<id>` and `batch:<id>:<seq>`. Written by the library page while it stages a file, and by
 *   the background in the transactions that commit or roll back a batch.
 * - `images` (version 2): the kept images of saved articles, key [articleId, url], with their bytes;
 *   `imageSets`: per article, which images were kept, their size, and why the others were not
 *   (images.ts). Written in the same transaction as their record, deleted with it.
 * - `linkFetch` (version 3): the background fetch of saved links (link-queue.ts), out-of-line keys
 *   `state` and `item:<articleId>`. Written by the background only.
 *
 * Values are typed `unknown` on purpose: everything read back is validated before use.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import * as v from 'valibot';
import { LIBRARY_SCHEMA_VERSION, versionOf } from './schema';
import type { LibraryChange } from './types';

/** Name of the library's database (per extension origin). */
export const LIBRARY_DB_NAME = 'reader-library';
/**
 * Version of the database's structure (stores and indexes), which IndexedDB upgrades in
 * `upgrade`. Separate from the records' LIBRARY_SCHEMA_VERSION: a new index bumps this one only.
 */
export const LIBRARY_DB_VERSION = 3;
/** Key of the one value in the meta store. */
export const META_KEY = 'library';
/** Name of the BroadcastChannel the writer announces committed changes on. */
export const LIBRARY_CHANNEL = 'reader-library';

/** The database as idb types it. */
export interface LibraryDbSchema extends DBSchema {
  records: { key: string; value: unknown };
  entries: {
    key: string;
    value: unknown;
    indexes: {
      savedAt: number;
      canonicalUrl: string;
      tags: string;
      deletedAt: number;
      archivedAt: number;
      readAt: number;
      updatedAt: number;
      siteName: string;
    };
  };
  meta: { key: string; value: unknown };
  imports: { key: string; value: unknown };
  // Saved articles' images (version 2).
  images: { key: [string, string]; value: unknown };
  imageSets: { key: string; value: unknown };
  // The background fetch of saved links (version 3).
  linkFetch: { key: string; value: unknown };
}

/** An open connection to the library database. */
export type LibraryDb = IDBPDatabase<LibraryDbSchema>;
/** A store name of the library database. */
export type LibraryStoreName = StoreNames<LibraryDbSchema>;
/** A transaction over some of the library's stores. */
export type LibraryTx<S extends LibraryStoreName[], M extends IDBTransactionMode> = IDBPTransaction<LibraryDbSchema, S, M>;

/**
 * Indexes of the entries store. `null` is not a key, so `deletedAt`, `archivedAt` and `readAt`
 * hold only the deleted, archived and read entries: counting them is cheap, the rest is the
 * difference. `favourite` is a boolean, which IndexedDB cannot index; filtering favourites reads
 * the entries (small, no bodies).
 */
/** The entries store's indexes (name = key path), as the upgrade creates them. */
export const ENTRY_INDEXES: ReadonlyArray<[name: keyof LibraryDbSchema['entries']['indexes'], multiEntry: boolean]> = [
  ['savedAt', false],
  ['canonicalUrl', false],
  ['tags', true],
  ['deletedAt', false],
  ['archivedAt', false],
  ['readAt', false],
  ['updatedAt', false],
  ['siteName', false],
];

/** A problem the writer found and the user should hear about once (translated where it is shown). */
export const ProblemSchema = v.object({
  kind: v.picklist(['entries-rebuilt', 'records-damaged', 'v1-index-damaged', 'v1-records-skipped', 'v1-records-missing']),
  count: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
/** A problem the writer found. */
export type LibraryProblem = v.InferOutput<typeof ProblemSchema>;

/** Runtime shape of the meta value. */
export const MetaSchema = v.object({
  schemaVersion: v.pipe(v.number(), v.integer()),
  /**
   * The move of a schema-1 library out of storage.local: absent (meta missing) = not started or
   * interrupted, schema 1 is still the truth; 'committed' = every record is here, the schema-1
   * keys may still need removing; 'done'.
   */
  migration: v.picklist(['committed', 'done']),
  /** Records the last rebuild could not read: they have no entry, and are not counted as missing ones. */
  damagedIds: v.array(v.string()),
  /**
   * How many records there are, kept by every write that adds or removes one (in its transaction):
   * counting the records store itself reads every body (1.2–1.7 s at 10,000 in Chromium), so the
   * views compare this with the entries they count to notice missing ones.
   */
  recordCount: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** The last report for the user; each view remembers the id it showed, so it is shown once. */
  report: v.nullable(v.object({ id: v.string(), problems: v.array(ProblemSchema) })),
});
/** The meta value. */
export type LibraryMeta = v.InferOutput<typeof MetaSchema>;

/** What opening the database found. */
export interface OpenedLibraryDb {
  db: LibraryDb;
  /** The database's structure is newer than this code knows (opened as it is, for reading only). */
  newer: boolean;
}

let cache: { factory: IDBFactory; opened: Promise<OpenedLibraryDb> } | null = null;

function forget(factory: IDBFactory): void {
  if (cache?.factory === factory) cache = null;
}

async function open(factory: IDBFactory): Promise<OpenedLibraryDb> {
  const callbacks = {
    // Another context (an updated extension) wants a newer structure: step aside so it can
    // upgrade; the next call opens again.
    blocking(this: void) {
      void cache?.opened.then(({ db }) => db.close());
      forget(factory);
    },
    terminated: () => forget(factory),
  };
  try {
    const db = await openDB<LibraryDbSchema>(LIBRARY_DB_NAME, LIBRARY_DB_VERSION, {
      ...callbacks,
      upgrade(database, oldVersion) {
        if (oldVersion < 1) {
          database.createObjectStore('records', { keyPath: 'id' });
          const entries = database.createObjectStore('entries', { keyPath: 'id' });
          for (const [name, multiEntry] of ENTRY_INDEXES) entries.createIndex(name, name, { multiEntry });
          database.createObjectStore('meta');
        }
        // Version 2: import jobs (import-job.ts: staged batches and each job's progress), and saved
        // articles' images kept for offline reading (images.ts).
        if (oldVersion < 2) {
          if (!database.objectStoreNames.contains('imports')) database.createObjectStore('imports');
          if (!database.objectStoreNames.contains('images')) database.createObjectStore('images', { keyPath: ['articleId', 'url'] });
          if (!database.objectStoreNames.contains('imageSets')) database.createObjectStore('imageSets', { keyPath: 'articleId' });
        }
        // Version 3: the queue of saved links whose pages the background fetches (link-queue.ts).
        if (oldVersion < 3) {
          if (!database.objectStoreNames.contains('linkFetch')) database.createObjectStore('linkFetch');
        }
      },
    });
    return { db, newer: false };
  } catch (error) {
    // A newer extension upgraded the database past our version: open it as it is, read only.
    if (error instanceof Error && error.name === 'VersionError') {
      const db = await openDB<LibraryDbSchema>(LIBRARY_DB_NAME, undefined, callbacks);
      return { db, newer: true };
    }
    throw error;
  }
}

/** Opens the library database once per context (upgrading its structure when needed). */
export function openLibraryDb(): Promise<OpenedLibraryDb> {
  const factory = globalThis.indexedDB;
  // Keyed by the factory: a test swaps in a fresh in-memory IndexedDB and must not get the old one.
  if (cache?.factory !== factory) {
    const opened = open(factory);
    cache = { factory, opened };
    opened.catch(() => forget(factory));
  }
  return cache.opened;
}

/** The meta value of a library with nothing in it yet. */
export function emptyMeta(migration: LibraryMeta['migration']): LibraryMeta {
  return { schemaVersion: LIBRARY_SCHEMA_VERSION, migration, damagedIds: [], recordCount: 0, report: null };
}

/** The stores a database opened as newer may lack; reads check before touching one. */
export function hasStores(db: LibraryDb, ...names: LibraryStoreName[]): boolean {
  return names.every((name) => db.objectStoreNames.contains(name));
}

/** What reading the meta value found. */
export interface MetaRead {
  meta: LibraryMeta | null;
  /** A newer schema wrote it: read only. */
  newer: boolean;
  /** It is there but unreadable (treated as missing: the writer checks the library again). */
  damaged: boolean;
}

/** Reads the meta value from the meta store of a transaction. */
export async function readMeta(metaStore: { get(key: string): Promise<unknown> }): Promise<MetaRead> {
  const raw = await metaStore.get(META_KEY);
  if (raw === undefined) return { meta: null, newer: false, damaged: false };
  const version = versionOf(raw);
  if (version !== null && version > LIBRARY_SCHEMA_VERSION) return { meta: null, newer: true, damaged: false };
  const parsed = v.safeParse(MetaSchema, raw);
  return parsed.success ? { meta: parsed.output, newer: false, damaged: false } : { meta: null, newer: false, damaged: true };
}

/**
 * Runs `work` in one transaction and resolves once it has committed. If `work` throws, the
 * transaction is aborted so that nothing it wrote lands, and the error is passed on.
 */
export async function inTransaction<S extends LibraryStoreName[], M extends IDBTransactionMode, T>(
  db: LibraryDb,
  stores: S,
  mode: M,
  work: (tx: LibraryTx<S, M>) => Promise<T>,
): Promise<T> {
  const tx = db.transaction(stores, mode);
  // Observed at once so an abort is never an unhandled rejection; awaited below.
  const done = tx.done.then(
    () => null,
    (error: unknown) => ({ error }),
  );
  let result: T;
  try {
    result = await work(tx);
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already finished or aborted by the failing request itself.
    }
    await done;
    throw error;
  }
  const outcome = await done;
  // A commit can still fail (a full disk is often reported here, as the transaction's error).
  if (outcome) throw outcome.error ?? new Error('The transaction was aborted.');
  return result;
}

/**
 * Issues several requests of one transaction and waits for them all. If issuing one throws (the
 * transaction then aborts), those already issued are observed, so their AbortError is not an
 * unhandled rejection; the first error is passed on.
 */
export function issueAll<T>(requests: Iterable<() => Promise<T>>): Promise<T[]> {
  const issued: Array<Promise<T>> = [];
  try {
    for (const request of requests) issued.push(request());
  } catch (error) {
    for (const pending of issued) pending.catch(() => undefined);
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  return Promise.all(issued);
}

/** Runtime shape of a change notification (what another context posted is checked too). */
export const LibraryChangeSchema = v.object({
  kind: v.picklist(['saved', 'updated', 'deleted', 'restored', 'purged', 'rebuilt', 'imported']),
  ids: v.array(v.string()),
});

/** Announces a committed change to every open extension page (a BroadcastChannel never echoes to its sender). */
export function postLibraryChange(change: LibraryChange): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(LIBRARY_CHANNEL);
  try {
    channel.postMessage(change);
  } finally {
    channel.close();
  }
}
