/**
 * The readers of what is stored, under arbitrary stored values (fast-check): any value, wrong
 * types, huge strings, prototype keys, older and newer schema versions. Each reader answers with
 * its typed "damaged" (or "newer") result or a repaired value, never throws, and never changes a
 * prototype. Covered: records and entries (schema.ts), the library's meta (db.ts), a change heard
 * on the channel, the schema-1 index (migrate-v1's input), settings (field by field, and the v1 →
 * v2 step), reading positions, and the library read end to end (store.ts) over a database whose
 * stores hold such values, with the background repairing it.
 */
import fc from 'fast-check';
import * as v from 'valibot';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { LibraryChangeSchema, META_KEY, readMeta } from '../../../utils/library/db';
import { LIBRARY_SCHEMA_VERSION, parseEntry, parseRecord, versionOf } from '../../../utils/library/schema';
import { V1IndexSchema } from '../../../utils/library/schema-v1';
import { findSavedByUrl, getSavedArticle, readLibrary, readNewestEntries, watchLibrary } from '../../../utils/library/store';
import { loadPosition, loadSavedProgress, savedPositionKey } from '../../../utils/reading/position';
import { DEFAULT_SETTINGS, SETTINGS_MIGRATIONS, normalizeSettings } from '../../../utils/settings/settings';
import { makeArticle } from '../support/article-factory';
import { libraryBackground, libraryDb } from '../support/library';

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'];

/** Prototype keys as own keys of a stored object (JSON.parse makes `__proto__` an own key, as structured clone keeps it). */
const hostile = fc
  .dictionary(fc.constantFrom(...PROTOTYPE_KEYS, 'schemaVersion', 'id', 'article', 'tags', 'title', 'entries'), fc.jsonValue())
  .map((o) => JSON.parse(JSON.stringify(o)) as unknown);

/** A valid record, then damaged in one field: the near misses a real corruption gives. */
const nearRecord = fc
  .record({
    field: fc.constantFrom('id', 'savedAt', 'tags', 'article', 'schemaVersion', 'readAt', 'favourite', 'title', 'url', 'contentHtml', '__proto__'),
    value: fc.oneof(fc.jsonValue(), fc.constantFrom(LIBRARY_SCHEMA_VERSION + 1, 1, 0, -1, Number.MAX_SAFE_INTEGER, Number.NaN), fc.string({ maxLength: 5 })),
    huge: fc.boolean(),
  })
  .map(({ field, value, huge }) => {
    const article = { ...makeArticle(), ...(huge ? { title: 'x'.repeat(200_000) } : {}) };
    const base: Record<string, unknown> = {
      schemaVersion: LIBRARY_SCHEMA_VERSION,
      id: 'r1',
      savedAt: 1,
      readAt: null,
      deletedAt: null,
      archivedAt: null,
      favourite: false,
      tags: [],
      updatedAt: 1,
      article,
    };
    if (field === 'title' || field === 'url' || field === 'contentHtml') base.article = { ...article, [field]: value };
    else Object.defineProperty(base, field, { value, enumerable: true, writable: true, configurable: true });
    return base;
  });

/** Anything a damaged store can give back: structured-cloneable values of every shape. */
const stored = fc.oneof(
  fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true }),
  fc.jsonValue(),
  hostile,
  nearRecord,
  fc.constantFrom('x', '\u0000', '\ud83d').map((c) => c.repeat(200_000)),
);

/** Object.prototype and Array.prototype as they were before: a reader must not add to them. */
function prototypesUntouched(): () => void {
  const objectKeys = Object.getOwnPropertyNames(Object.prototype).sort();
  const arrayKeys = Object.getOwnPropertyNames(Array.prototype).sort();
  return () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(objectKeys);
    expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(arrayKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  };
}

/** A value a reader returned has ordinary prototypes all the way down (no `__proto__` turned into a real prototype). */
function expectPlain(value: unknown, depth = 0): void {
  if (depth > 6 || typeof value !== 'object' || value === null) return;
  const proto = Object.getPrototypeOf(value) as unknown;
  expect([Object.prototype, Array.prototype, null]).toContain(proto);
  for (const child of Object.values(value)) expectPlain(child, depth + 1);
}

describe('stored-record readers under arbitrary stored values', () => {
  beforeEach(() => fakeBrowser.reset());

  it('records, entries and versions: a typed result, never a throw', () => {
    const check = prototypesUntouched();
    fc.assert(
      fc.property(stored, (raw) => {
        const record = parseRecord(raw);
        expect(typeof record.ok).toBe('boolean');
        if (record.ok) {
          expect(record.record.schemaVersion).toBe(LIBRARY_SCHEMA_VERSION);
          expectPlain(record.record);
        } else expect(typeof record.newer).toBe('boolean');
        const version = versionOf(raw);
        if (!record.ok && record.newer) expect(version).toBeGreaterThan(LIBRARY_SCHEMA_VERSION);
        const entry = parseEntry(raw);
        if (entry !== null) expectPlain(entry);
      }),
      { numRuns: 600 },
    );
    check();
  });

  it('meta, a change on the channel, the schema-1 index: damaged or valid, never a throw', async () => {
    const check = prototypesUntouched();
    await fc.assert(
      fc.asyncProperty(stored, async (raw) => {
        const meta = await readMeta({ get: () => Promise.resolve(raw) });
        expect(meta.meta === null || (!meta.newer && !meta.damaged)).toBe(true);
        if (meta.meta) expectPlain(meta.meta);
        expect(typeof v.safeParse(LibraryChangeSchema, raw).success).toBe('boolean');
        expect(typeof v.safeParse(V1IndexSchema, raw).success).toBe('boolean');
      }),
      { numRuns: 400 },
    );
    check();
  });

  it('settings: every field valid, the rest defaults, whatever was stored (and through the v1 → v2 step)', () => {
    const check = prototypesUntouched();
    fc.assert(
      fc.property(stored, (raw) => {
        for (const settings of [normalizeSettings(raw), normalizeSettings(SETTINGS_MIGRATIONS[2]!(raw))]) {
          expect(Object.keys(settings).sort()).toEqual(Object.keys(DEFAULT_SETTINGS).sort());
          expect(Object.getPrototypeOf(settings)).toBe(Object.prototype);
          for (const [key, value] of Object.entries(settings)) expect(typeof value).toBe(typeof DEFAULT_SETTINGS[key as keyof typeof DEFAULT_SETTINGS]);
        }
      }),
      { numRuns: 400 },
    );
    check();
  });

  it('reading positions: a valid position or none', async () => {
    const check = prototypesUntouched();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), hostile, fc.constant({ block: 1, offset: 0.5, progress: 2, updatedAt: 1 })), async (raw) => {
        await fakeBrowser.storage.local.set({ [savedPositionKey('a')]: raw });
        const position = await loadPosition({ kind: 'saved', id: 'a' });
        if (position) {
          expect(position.progress).toBeGreaterThanOrEqual(0);
          expect(position.progress).toBeLessThanOrEqual(1);
          expectPlain(position);
        }
        const progress = await loadSavedProgress(['a', '__proto__']);
        for (const value of progress.values()) expect(value >= 0 && value <= 1).toBe(true);
      }),
      { numRuns: 200 },
    );
    check();
  });

  it('the library read over stores full of such values: lists what is whole, repairs the rest, never throws', async () => {
    const check = prototypesUntouched();
    await fc.assert(
      fc.asyncProperty(
        fc.array(stored, { maxLength: 4 }),
        fc.array(stored, { maxLength: 4 }),
        fc.option(stored, { nil: undefined }),
        async (records, entries, meta) => {
          globalThis.indexedDB = new (await import('fake-indexeddb')).IDBFactory();
          const writer = libraryBackground();
          await writer.save(makeArticle({ url: 'https://whole.example/1', title: 'Whole' }));
          const db = await libraryDb();
          // Every store's key path is `id`: each damaged value is stored under an id of its own.
          for (const [i, raw] of records.entries())
            await db.put('records', { ...(typeof raw === 'object' && raw !== null ? raw : { value: raw }), id: `r${i}` });
          for (const [i, raw] of entries.entries())
            await db.put('entries', { ...(typeof raw === 'object' && raw !== null ? raw : { value: raw }), id: `r${i}` });
          if (meta !== undefined) await db.put('meta', meta, META_KEY);
          const library = await readLibrary();
          expect(Array.isArray(library.entries) && Array.isArray(library.problems)).toBe(true);
          for (const entry of library.entries) expectPlain(entry);
          // The one whole article is always there, unless the meta says a newer version owns the library.
          if (!library.newerSchema) expect(library.entries.map((e) => e.title)).toContain('Whole');
          expect((await readNewestEntries(3)).entries.length).toBeLessThanOrEqual(3);
          for (const id of ['r0', 'r1', 'nope']) {
            const opened = await getSavedArticle(id);
            if (!opened.ok) expect(['not-found', 'damaged', 'newer-schema']).toContain(opened.error);
          }
          await findSavedByUrl('https://whole.example/1');
        },
      ),
      { numRuns: 60 },
    );
    check();
  }, 120_000);

  it('a change heard on the channel that is not one is ignored', async () => {
    const heard: unknown[] = [];
    const stop = watchLibrary((change) => heard.push(change));
    const channel = new BroadcastChannel('reader-library');
    for (const raw of [
      { kind: '__proto__', ids: [] },
      JSON.parse('{"__proto__":{"polluted":1},"kind":"saved","ids":["a"]}') as unknown,
      { kind: 'saved', ids: 'a' },
    ]) {
      channel.postMessage(raw);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    channel.close();
    stop();
    expect(heard).toEqual([{ kind: 'saved', ids: ['a'] }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
