/**
 * Property: the background can be killed at any IndexedDB request of any change — a save, a bulk
 * change, a tag rename, an import of several batches — and nothing is lost or half-written. A kill
 * is modelled as the browser does it when a service worker dies: the transaction that request
 * belongs to is aborted, nothing that context asks afterwards reaches the database, its writer is
 * thrown away, and the connection is closed under it (so the restarted background opens its own).
 *
 * Checked after each restart, without any repair: every record validates, the entries are exactly
 * entryFor(records), meta's count is the number of records, the tags index gives each tag's
 * articles; and at the end the library is exactly what the same changes give without the killed
 * ones (an import keeps the batches that committed before the kill, each whole).
 */
import fc from 'fast-check';
import { IDBFactory, forceCloseDatabase } from 'fake-indexeddb';
import { unwrap } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { META_KEY } from '../../../utils/library/db';
import { entryFor, parseRecord, type StoredRecord } from '../../../utils/library/schema';
import { tagKey } from '../../../utils/library/tags';
import type { LibraryEntry } from '../../../utils/library/types';
import { UNDO_WINDOW_MS, createLibraryWriter, type LibraryWriter } from '../../../utils/library/writer';
import { makeArticle } from '../support/article-factory';
import { libraryDb } from '../support/library';

const URLS = [
  'https://a.example/1',
  'https://a.example/1?utm_source=x',
  'https://a.example/2',
  'https://b.example/3',
  'https://c.example/4',
  'https://d.example/5',
];
const TAGS = ['News', 'news', 'Long read', 'été', 'x'];

const picks = fc.array(fc.nat({ max: 20 }), { minLength: 1, maxLength: 3 });
const tags = fc.array(fc.constantFrom(...TAGS), { minLength: 1, maxLength: 2 });
const change = fc.oneof(
  fc.record({ op: fc.constant('save' as const), url: fc.constantFrom(...URLS), title: fc.string({ maxLength: 6 }) }),
  fc.record({ op: fc.constant('addTags' as const), at: picks, tags }),
  fc.record({ op: fc.constant('removeTags' as const), at: picks, tags }),
  fc.record({ op: fc.constant('archive' as const), at: picks, on: fc.boolean() }),
  fc.record({ op: fc.constant('read' as const), at: picks, on: fc.boolean() }),
  fc.record({ op: fc.constant('delete' as const), at: picks }),
  fc.record({ op: fc.constant('undo' as const), at: picks }),
  fc.record({ op: fc.constant('renameTag' as const), from: fc.constantFrom(...TAGS), to: fc.constantFrom(...TAGS) }),
  fc.record({
    op: fc.constant('import' as const),
    urls: fc.uniqueArray(fc.constantFrom(...URLS.slice(2)), { minLength: 1, maxLength: 4 }),
    tags: fc.array(fc.constantFrom(...TAGS), { maxLength: 2 }),
  }),
  fc.record({ op: fc.constant('wait' as const), long: fc.boolean() }),
);
/** A change, and where the background is killed: at its n-th IndexedDB request (none when past its last). */
const step = fc.record({ change, killAt: fc.option(fc.nat({ max: 24 }), { freq: 2 }) });
type Change = typeof change extends fc.Arbitrary<infer T> ? T : never;

/** Import batches of two, so an import of three or four is two transactions. */
const IMPORT_BATCH = 2;

/** The IndexedDB calls that issue a request (counted to choose where the kill lands). */
const REQUESTS: Array<[proto: object, name: string]> = [
  ...['get', 'getAll', 'getAllKeys', 'put', 'add', 'delete', 'clear', 'count', 'openCursor', 'openKeyCursor'].map((n): [object, string] => [
    IDBObjectStore.prototype,
    n,
  ]),
  ...['get', 'getAll', 'getAllKeys', 'count', 'openCursor', 'openKeyCursor'].map((n): [object, string] => [IDBIndex.prototype, n]),
  [IDBCursor.prototype, 'continue'],
];

/**
 * Arms a kill at the `at`-th request from now: that request's transaction is aborted and every
 * later request and new transaction of this (dead) context throws.
 */
function armKill(at: number) {
  const state = { count: 0, dead: false };
  // The dead writer's housekeeping warns on its way out; nobody would see it.
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  const transactionOf = (target: unknown): IDBTransaction =>
    target instanceof IDBIndex
      ? target.objectStore.transaction
      : target instanceof IDBCursor
        ? transactionOf(target.source)
        : (target as IDBObjectStore).transaction;
  const killed = () => new DOMException('The service worker was stopped.', 'AbortError');
  for (const [proto, name] of REQUESTS) {
    const original = (proto as Record<string, (...args: unknown[]) => unknown>)[name]!;
    vi.spyOn(proto as Record<string, (...args: unknown[]) => unknown>, name).mockImplementation(function (this: unknown, ...args: unknown[]) {
      if (state.dead) throw killed();
      if (++state.count === at) {
        state.dead = true;
        const tx = transactionOf(this);
        // A write transaction is aborted (what it wrote is dropped); a read-only one has nothing to drop.
        if (tx.mode !== 'readonly') {
          try {
            tx.abort();
          } catch {
            // Already finished: nothing of it is in flight.
          }
        }
        throw killed();
      }
      return original.apply(this, args);
    });
  }
  const transaction = IDBDatabase.prototype.transaction;
  vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    if (state.dead) throw killed();
    return transaction.apply(this, args);
  });
  return state;
}

/** Everything stored, for comparison: records and entries by id, and the meta fields that are the library's state. */
async function dump() {
  const db = await libraryDb();
  const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
  const meta = (await db.get('meta', META_KEY)) as { recordCount?: unknown; damagedIds?: unknown } | undefined;
  return {
    records: byId((await db.getAll('records')) as StoredRecord[]),
    entries: byId((await db.getAll('entries')) as LibraryEntry[]),
    meta: meta === undefined ? null : { recordCount: meta.recordCount, damagedIds: meta.damagedIds },
  };
}

/** The library's invariants, read straight from the stores (no repair asked for). */
async function expectConsistent(): Promise<void> {
  const db = await libraryDb();
  const { records: raws, entries, meta } = await dump();
  const records = raws.map((raw) => {
    const parsed = parseRecord(raw);
    expect(parsed.ok, `record ${String((raw as { id?: unknown }).id)} is whole`).toBe(true);
    return (parsed as { ok: true; record: StoredRecord }).record;
  });
  expect(entries).toEqual(records.map(entryFor));
  if (meta !== null || records.length > 0) expect(meta).toEqual({ recordCount: records.length, damagedIds: [] });
  // The tags index (multiEntry) gives each tag exactly the articles that carry it.
  const indexed = new Map<string, string[]>();
  for (const tag of new Set(records.flatMap((r) => r.tags))) indexed.set(tag, ((await db.getAllKeysFromIndex('entries', 'tags', tag)) as string[]).sort());
  for (const [tag, ids] of indexed) expect(ids).toEqual(records.filter((r) => r.tags.includes(tag)).map((r) => r.id));
  // One spelling per tag across the library.
  const spellings = new Map<string, string>();
  for (const tag of records.flatMap((r) => r.tags)) {
    expect(spellings.get(tagKey(tag)) ?? tag).toBe(tag);
    spellings.set(tagKey(tag), tag);
  }
}

/** A background: a writer on the library database, with the step's clock and deterministic ids. */
function background(clock: { now: () => number }, ids: { next: () => string }): LibraryWriter {
  return createLibraryWriter({ now: clock.now, newId: ids.next });
}

/** Runs one change; reports how many import batches it saw commit. */
async function apply(writer: LibraryWriter, c: Change, known: string[]): Promise<{ batches: number }> {
  const pick = (at: number[]) => (known.length === 0 ? ['none'] : at.map((i) => known[i % known.length]!));
  switch (c.op) {
    case 'save': {
      const saved = await writer.save(makeArticle({ url: c.url, title: c.title }));
      if (saved.ok && !known.includes(saved.value.id)) known.push(saved.value.id);
      break;
    }
    case 'addTags':
      await writer.addTags(pick(c.at), c.tags);
      break;
    case 'removeTags':
      await writer.removeTags(pick(c.at), c.tags);
      break;
    case 'archive':
      await writer.setArticlesArchived(pick(c.at), c.on);
      break;
    case 'read':
      await writer.setArticlesRead(pick(c.at), c.on);
      break;
    case 'delete':
      await writer.deleteArticles(pick(c.at));
      break;
    case 'undo':
      await writer.restoreArticles(pick(c.at));
      break;
    case 'renameTag':
      await writer.renameTag(c.from, c.to);
      break;
    case 'import': {
      let batches = 0;
      await writer.importRecords(
        c.urls.map((url) => ({ article: makeArticle({ url, title: `Imported ${url}` }), tags: c.tags })),
        { batchSize: IMPORT_BATCH, onProgress: () => batches++ },
      );
      return { batches };
    }
    case 'wait':
      break;
  }
  return { batches: Infinity };
}

/** Runs `steps` on a fresh library; kills where asked (when `kills`), else skips what was killed in the killed run. */
async function run(steps: Array<{ change: Change; killAt: number | null }>, killed: Map<number, number> | null) {
  globalThis.indexedDB = new IDBFactory();
  let time = 1_700_000_000_000;
  const clock = { now: () => time };
  let stepNo = 0;
  let serial = 0;
  const ids = { next: () => `id-${stepNo}-${++serial}` };
  let writer = background(clock, ids);
  const known: string[] = [];
  const outcome = new Map<number, number>();
  for (const [i, { change: c, killAt }] of steps.entries()) {
    stepNo = i;
    serial = 0;
    time += c.op === 'wait' && c.long ? UNDO_WINDOW_MS + 1 : 1000;
    if (killed) {
      // The run without kills: a killed change never happened, a killed import kept its committed batches.
      if (!killed.has(i)) await apply(writer, c, known);
      else if (c.op === 'import' && killed.get(i)! > 0) await apply(writer, { ...c, urls: c.urls.slice(0, killed.get(i)! * IMPORT_BATCH) }, known);
      continue;
    }
    if (killAt === null) {
      await apply(writer, c, known);
      continue;
    }
    const kill = armKill(killAt + 1);
    const mine = [...known];
    const settled = await Promise.race([apply(writer, c, mine), new Promise<null>((resolve) => setTimeout(() => resolve(null), 5_000))]);
    vi.restoreAllMocks();
    expect(settled, 'a killed change settles (its writer is not left hanging)').not.toBeNull();
    if (!kill.dead) {
      // The change finished before the n-th request: no kill.
      known.splice(0, known.length, ...mine);
      continue;
    }
    outcome.set(i, settled!.batches);
    // The dead context's connection goes with it; the next background opens its own.
    const connection: IDBDatabase = unwrap(await libraryDb());
    const closed = new Promise((resolve) => connection.addEventListener('close', resolve, { once: true }));
    forceCloseDatabase(connection as never);
    await closed;
    writer = background(clock, ids);
    await expectConsistent();
  }
  // The next start of the background: moves nothing, purges what has expired.
  time += 1000;
  await writer.prepare();
  return { state: await dump(), killed: outcome };
}

describe('library under kills (property)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is whole after a kill at any request, and ends as if the killed changes had never been asked', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        fakeBrowser.reset();
        const withKills = await run(steps, null);
        await expectConsistent();
        const without = await run(steps, withKills.killed);
        expect(withKills.state).toEqual(without.state);
      }),
      { numRuns: 120 },
    );
  }, 240_000);
});
