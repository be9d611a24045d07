/**
 * The move of a schema-1 library (storage.local: one index key and one key per article) into
 * IndexedDB, run by the writer before its first write. Until the move has committed, schema 1
 * stays the source of truth and is not touched, so an interrupted move (the service worker
 * stopped, a full disk) simply runs again and carries on where it stopped:
 *
 * 1. copy: each batch of schema-1 records is upgraded (LIBRARY_MIGRATIONS step 2, plus the read
 *    and delete marks that lived only in the index) and written with its entry in one
 *    transaction; records already in IndexedDB are skipped, so a second run resumes;
 * 2. commit: the meta value says 'committed' — from here IndexedDB is the truth;
 * 3. clean up: the schema-1 index and the moved record keys are removed, then meta says 'done'.
 *
 * Reading positions stay where they are (storage.local, `position:saved:<id>`, same ids). A
 * damaged schema-1 record is not moved and not removed: it stays under its key and is reported.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { META_KEY, emptyMeta, inTransaction, issueAll, readMeta, type LibraryDb, type LibraryMeta, type LibraryProblem } from './db';
import { LIBRARY_SCHEMA_VERSION, entryFor, parseRecord, versionOf, type StoredRecord } from './schema';
import { V1IndexSchema, V1_INDEX_KEY, V1_RECORD_PREFIX, v1RecordKey, type V1Entry } from './schema-v1';

/** Records read from storage.local and written to IndexedDB per transaction (≈ 8 MB at 80 kB each). */
const MOVE_BATCH = 100;

/** How the move ended: 'done' (also when there was nothing to move) or refused because a newer version wrote the library. */
export type V1MoveOutcome = { status: 'done'; moved: number; problems: LibraryProblem[] } | { status: 'newer' };

type LocalArea = typeof browser.storage.local;

/** Ids of every schema-1 record key; reads all of storage.local only when it cannot list keys and the index cannot be trusted. */
async function v1RecordIds(local: LocalArea, indexTrusted: boolean): Promise<string[]> {
  const ids = (keys: string[]) => keys.filter((key) => key.startsWith(V1_RECORD_PREFIX)).map((key) => key.slice(V1_RECORD_PREFIX.length));
  // storage.local.getKeys: Chrome 130+, Firefox 143+.
  const lister = local as unknown as { getKeys?: () => Promise<string[]> };
  if (typeof lister.getKeys === 'function') {
    try {
      return ids(await lister.getKeys());
    } catch {
      // Declared but refused: list the keys the old way below.
    }
  }
  // The schema-1 writer never left a record outside a valid index (it removed records first).
  if (indexTrusted) return [];
  return ids(Object.keys(await local.get(null)));
}

/** A schema-1 record upgraded to schema 2, with the index's marks laid over it; null when damaged. */
function upgrade(id: string, raw: unknown, entry: V1Entry | undefined): StoredRecord | null {
  if (versionOf(raw) !== 1) return null;
  const parsed = parseRecord(raw);
  if (!parsed.ok || parsed.record.id !== id) return null;
  const record = parsed.record;
  if (!entry) return record;
  const readAt = entry.readAt ?? record.readAt;
  return { ...record, readAt, deletedAt: entry.deletedAt, updatedAt: Math.max(record.updatedAt, readAt ?? 0) };
}

/** Copies what is still to copy; 'newer' when the schema-1 index was written by a newer version. */
async function copy(db: LibraryDb, local: LocalArea): Promise<{ moved: number; problems: LibraryProblem[] } | 'newer'> {
  const rawIndex: unknown = (await local.get(V1_INDEX_KEY))[V1_INDEX_KEY];
  const version = versionOf(rawIndex);
  if (version !== null && version > 1) return 'newer';
  const index = rawIndex === undefined ? null : v.safeParse(V1IndexSchema, rawIndex);
  const problems: LibraryProblem[] = [];
  if (index && !index.success) problems.push({ kind: 'v1-index-damaged', count: 1 });
  const marks = new Map<string, V1Entry>(index?.success ? index.output.entries.map((e) => [e.id, e]) : []);
  const ids = [...new Set([...marks.keys(), ...(await v1RecordIds(local, index?.success === true))])];
  const already = new Set(await db.getAllKeys('records'));
  const todo = ids.filter((id) => !already.has(id));

  let moved = 0;
  let skipped = 0;
  let missing = 0;
  for (let from = 0; from < todo.length; from += MOVE_BATCH) {
    const batch = todo.slice(from, from + MOVE_BATCH);
    const raws = await local.get(batch.map(v1RecordKey));
    const records: StoredRecord[] = [];
    for (const id of batch) {
      const raw: unknown = raws[v1RecordKey(id)];
      if (raw === undefined) {
        // Listed, but its record had gone (a purge stopped half-way): nothing to move or show.
        missing++;
        continue;
      }
      const record = upgrade(id, raw, marks.get(id));
      if (record) records.push(record);
      else skipped++;
    }
    await inTransaction(db, ['records', 'entries'], 'readwrite', async (tx) => {
      const recordStore = tx.objectStore('records');
      const entryStore = tx.objectStore('entries');
      await issueAll(records.flatMap((r) => [() => recordStore.put(r), () => entryStore.put(entryFor(r))]));
    });
    moved += records.length;
  }
  if (skipped > 0) problems.push({ kind: 'v1-records-skipped', count: skipped });
  if (missing > 0) problems.push({ kind: 'v1-records-missing', count: missing });
  return { moved, problems };
}

async function writeMeta(db: LibraryDb, change: (meta: LibraryMeta) => LibraryMeta): Promise<void> {
  await inTransaction(db, ['meta'], 'readwrite', async (tx) => {
    const store = tx.objectStore('meta');
    const { meta } = await readMeta(store);
    const base: LibraryMeta = meta ?? emptyMeta('committed');
    await store.put(change(base), META_KEY);
  });
}

/**
 * Brings a schema-1 library (if any) into IndexedDB and returns when the move is done; safe to
 * call on every start (nothing to do once meta says 'done').
 */
export async function moveV1Library(db: LibraryDb, newReportId: () => string = () => crypto.randomUUID()): Promise<V1MoveOutcome> {
  const local = browser.storage.local;
  const { meta, newer } = await inTransaction(db, ['meta'], 'readonly', (tx) => readMeta(tx.objectStore('meta')));
  if (newer) return { status: 'newer' };
  if (meta?.migration === 'done') return { status: 'done', moved: 0, problems: [] };

  let result = { moved: 0, problems: [] as LibraryProblem[] };
  if (meta?.migration !== 'committed') {
    const copied = await copy(db, local);
    if (copied === 'newer') return { status: 'newer' };
    result = copied;
    const problems = copied.problems;
    // Counted once here (it reads every record); from now on each write keeps the count.
    const recordCount = await db.count('records');
    await writeMeta(db, (m) => ({
      ...m,
      schemaVersion: LIBRARY_SCHEMA_VERSION,
      migration: 'committed',
      recordCount,
      report: problems.length > 0 ? { id: newReportId(), problems } : m.report,
    }));
  }
  // Every moved record is in IndexedDB now; the damaged ones (not moved) keep their keys.
  const moved = await db.getAllKeys('records');
  await local.remove([V1_INDEX_KEY, ...moved.map(v1RecordKey)]);
  await writeMeta(db, (m) => ({ ...m, migration: 'done' }));
  return { status: 'done', ...result };
}
