/**
 * Vitest setup: an in-memory IndexedDB (fake-indexeddb) for the library, fresh for every test,
 * and a clean localStorage (where the views remember which library report they have shown).
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach } from 'vitest';

beforeEach(() => {
  // utils/library/db.ts caches its connection per factory, so a new factory is a new, empty library.
  globalThis.indexedDB = new IDBFactory();
  globalThis.localStorage?.clear();
});
