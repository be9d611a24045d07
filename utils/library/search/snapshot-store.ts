/**
 * Where the search index is kept between opens: its own IndexedDB database, `reader-search`,
 * separate from the library's records. It holds derived data only: deleting it loses nothing
 * (the worker rebuilds it from the articles), so anything that does not read back as expected —
 * another database version, another snapshot header, a damaged shard — is dropped, not repaired.
 *
 * Stores: `meta` (one record, the snapshot header) and `shards` (one record per shard, keyed by
 * its number). A write puts the header and the changed shards and deletes the dropped ones in one
 * transaction, so a reader never sees a header without the shards written with it.
 */
import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ShardSnapshot, SnapshotChanges, SnapshotHeader } from './index';

/** Name of the search index's database. */
export const SEARCH_DB_NAME = 'reader-search';
/** The index of a worker over a page's own articles (the search-check page), kept apart from the library's. */
export const PAGE_SOURCES_SEARCH_DB_NAME = 'reader-search-page-sources';
/** Version of the database's layout; an older or newer one is emptied and rebuilt. */
export const SEARCH_DB_VERSION = 1;
const HEADER_KEY = 'header';

interface SearchDb extends DBSchema {
  meta: { key: string; value: unknown };
  shards: { key: number; value: unknown };
}

/** The persisted snapshot: read the header and shards as stored (unchecked), write changes, clear. */
export interface SnapshotStore {
  /** The stored header, or undefined; unchecked (the index checks it). */
  readHeader(): Promise<unknown>;
  /** Numbers of the stored shards, newest (highest) first: the newest articles load first. */
  shardNumbers(): Promise<number[]>;
  /** One stored shard, unchecked; undefined when it is gone. */
  readShard(n: number): Promise<unknown>;
  /** Writes the header and changed shards and deletes dropped ones, in one transaction. */
  write(changes: SnapshotChanges): Promise<void>;
  /** Empties the store (a snapshot that cannot be read). */
  clear(): Promise<void>;
  close(): void;
}

/** Options of openSnapshotStore. */
export interface SnapshotStoreOptions {
  /** Database name (default SEARCH_DB_NAME); tests use their own. */
  name?: string;
}

/** Opens (creating or resetting when its version differs) the search index's database. */
export async function openSnapshotStore(opts: SnapshotStoreOptions = {}): Promise<SnapshotStore> {
  const name = opts.name ?? SEARCH_DB_NAME;
  const open = (): Promise<IDBPDatabase<SearchDb>> =>
    openDB<SearchDb>(name, SEARCH_DB_VERSION, {
      upgrade(db) {
        // Derived data: whatever layout was there before is dropped and rebuilt from the articles.
        for (const store of [...db.objectStoreNames]) db.deleteObjectStore(store);
        db.createObjectStore('meta');
        db.createObjectStore('shards');
      },
    });
  let db: IDBPDatabase<SearchDb>;
  try {
    db = await open();
  } catch (err) {
    // A newer version (a later build downgraded) or a broken database: start again from nothing.
    if (!(err instanceof DOMException) || (err.name !== 'VersionError' && err.name !== 'UnknownError' && err.name !== 'InvalidStateError')) throw err;
    await deleteDB(name);
    db = await open();
  }
  return {
    readHeader: () => db.get('meta', HEADER_KEY),
    async shardNumbers() {
      const keys = await db.getAllKeys('shards');
      return keys.filter((k): k is number => typeof k === 'number').sort((a, b) => b - a);
    },
    readShard: (n) => db.get('shards', n),
    async write(changes: SnapshotChanges) {
      const tx = db.transaction(['meta', 'shards'], 'readwrite');
      const header: SnapshotHeader = changes.header;
      const writes: Array<Promise<unknown>> = [tx.objectStore('meta').put(header, HEADER_KEY)];
      for (const shard of changes.shards) writes.push(tx.objectStore('shards').put(shard satisfies ShardSnapshot, shard.shard));
      for (const n of changes.deleted) writes.push(tx.objectStore('shards').delete(n));
      await Promise.all([...writes, tx.done]);
    },
    async clear() {
      const tx = db.transaction(['meta', 'shards'], 'readwrite');
      await Promise.all([tx.objectStore('meta').clear(), tx.objectStore('shards').clear(), tx.done]);
    },
    close: () => db.close(),
  };
}
