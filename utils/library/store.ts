/**
 * Reading the library: every extension page (popup, side panel, library tab) lists, opens and
 * watches saved articles through these functions, straight from IndexedDB (same origin as the
 * background). Only the background writes (writer.ts); when a read finds something to do — a
 * schema-1 library still to move, a damaged list to rebuild — it asks the background and waits
 * (the `prepareLibrary` message), then reads again.
 */
import { browser } from 'wxt/browser';
import * as v from 'valibot';
import { t } from '../i18n';
import { sendMessage } from '../model/messaging';
import { canonicalArticleUrl } from './canonical-url';
import {
  LIBRARY_CHANNEL,
  LibraryChangeSchema,
  hasStores,
  inTransaction,
  openLibraryDb,
  readMeta,
  type LibraryDb,
  type LibraryMeta,
  type LibraryProblem,
} from './db';
import { parseEntry, parseRecord } from './schema';
import { librarySources } from './search/library-sources';
import { V1_INDEX_KEY } from './schema-v1';
import type { LibraryChange, LibraryEntry, SavedArticle, SearchSource } from './types';

/** The library as the UI shows it, with any problem found while reading it. */
export interface LibrarySnapshot {
  /** Saved articles, newest first, without those deleted (pending undo). */
  entries: LibraryEntry[];
  /** Human sentences about damaged data that was skipped or repaired; nothing was deleted. */
  problems: string[];
  /** Set when the data was written by a newer version of the extension: reading only. */
  newerSchema: boolean;
}

/** The library's state as a page finds it before reading. */
interface ReadyDb {
  db: LibraryDb;
  newer: boolean;
  meta: LibraryMeta | null;
  /** Why the library could not be prepared (e.g. the move from schema 1 found the disk full). */
  failure?: string;
}

/** IndexedDB refused to open (e.g. Firefox set never to remember history): the library cannot be read. */
class LibraryUnavailable extends Error {
  constructor(cause: unknown) {
    super('The library database cannot be opened', { cause });
  }
}

/**
 * A Firefox private window: its extension pages get their own, empty IndexedDB (and
 * BroadcastChannel), apart from the background's library. The list says so instead of looking empty.
 */
function inFirefoxPrivateWindow(): boolean {
  return globalThis.location?.protocol === 'moz-extension:' && browser.extension?.inIncognitoContext === true;
}

/** The sentence for a problem the writer reported. */
function describe(problem: LibraryProblem): string {
  const n = problem.count;
  switch (problem.kind) {
    case 'entries-rebuilt':
      return t('libraryIndexRebuilt');
    case 'records-damaged':
      return n === 1 ? t('libraryRecordDamagedOne') : t('libraryRecordsDamaged', n);
    case 'v1-index-damaged':
      return t('libraryIndexRebuilt');
    case 'v1-records-skipped':
      return n === 1 ? t('libraryMigrationSkippedOne') : t('libraryMigrationSkipped', n);
    case 'v1-records-missing':
      return n === 1 ? t('libraryMigrationMissingOne') : t('libraryMigrationMissing', n);
  }
}

const SEEN_REPORT_KEY = 'reader-library:seen-report';

/**
 * The writer's last report, if no view has shown it yet: each problem is said once, not on every
 * open. The id shown is remembered in the pages' localStorage (shared by popup, panel and tab);
 * where there is none (a worker), the report is always returned.
 */
function unseenReport(meta: LibraryMeta | null): string[] {
  const report = meta?.report;
  if (!report || report.problems.length === 0) return [];
  try {
    const storage = globalThis.localStorage as Storage | undefined;
    if (storage) {
      if (storage.getItem(SEEN_REPORT_KEY) === report.id) return [];
      storage.setItem(SEEN_REPORT_KEY, report.id);
    }
  } catch {
    // localStorage refused (a privacy setting): better said twice than never.
  }
  return [...new Set(report.problems.map(describe))];
}

/** What asking the background to prepare the library gave: done, refused as newer, or failed with a sentence for the user. */
type PrepareOutcome = { status: 'ok' } | { status: 'newer' } | { status: 'failed'; message: string | null };

async function requestPrepare(repair: boolean): Promise<PrepareOutcome> {
  try {
    const result = await sendMessage('prepareLibrary', { repair });
    if (result.ok) return { status: 'ok' };
    return result.error === 'newer-schema' ? { status: 'newer' } : { status: 'failed', message: result.message };
  } catch {
    // No answer (no background, as in a test): read what there is.
    return { status: 'failed', message: null };
  }
}

async function lookAtMeta(db: LibraryDb): Promise<{ meta: LibraryMeta | null; newer: boolean }> {
  if (!hasStores(db, 'meta')) return { meta: null, newer: true };
  return inTransaction(db, ['meta'], 'readonly', (tx) => readMeta(tx.objectStore('meta')));
}

/**
 * Opens the database and makes sure it holds the library: when a schema-1 library has not been
 * moved yet, the page asks the background to move it and waits (once per update; the background
 * also starts the move by itself when it starts). A fresh install has nothing to move and is read
 * as it is.
 */
async function ready(): Promise<ReadyDb> {
  const { db, newer: newerDb } = await openLibraryDb().catch((error: unknown) => {
    throw new LibraryUnavailable(error);
  });
  if (newerDb) return { db, newer: true, meta: null };
  let { meta, newer } = await lookAtMeta(db);
  if (!newer && meta !== null) migratedDb = db;
  if (newer || meta !== null) return { db, newer, meta };
  const v1 = await browser.storage.local.get(V1_INDEX_KEY).catch(() => ({}) as Record<string, unknown>);
  if (!(V1_INDEX_KEY in v1)) return { db, newer: false, meta: null };
  let outcome = await requestPrepare(false);
  // No answer: the worker may have been stopped during the move; asking again restarts it, and the
  // move resumes where it stopped.
  if (outcome.status === 'failed' && outcome.message === null) outcome = await requestPrepare(false);
  ({ meta, newer } = await lookAtMeta(db));
  const failure = outcome.status === 'failed' && outcome.message !== null ? outcome.message : undefined;
  return { db, newer: newer || outcome.status === 'newer', meta, ...(failure ? { failure } : {}) };
}

/**
 * The connection a read found holding a library of this schema (meta written, not newer): the page's
 * later reads of a few entries by id use it without reading meta again. That read was a transaction
 * of its own, queued behind the whole list's read after the first paint: 10–36 ms of a first
 * search's 100 reads by id (marks in the real extension at 10,000).
 */
let migratedDb: LibraryDb | null = null;

/** The database for reads of entries by id: the connection a read found migrated, else ready()'s (null when it refused to open). */
async function entriesDbOrNull(): Promise<LibraryDb | null> {
  const opened = await openLibraryDb().catch(() => null);
  // The cached connection is the same one until it closes (a test's fresh IndexedDB, a failed open).
  if (opened && opened.db === migratedDb && !opened.newer) return opened.db;
  return (await readyOrNull())?.db ?? null;
}

/** ready(), or null when IndexedDB refused to open (readLibrary says why; the other reads find nothing). */
async function readyOrNull(): Promise<ReadyDb | null> {
  try {
    return await ready();
  } catch (error) {
    if (error instanceof LibraryUnavailable) return null;
    throw error;
  }
}

/** What a read of the entries found, with the meta value read in the same transaction. */
interface EntriesRead {
  entries: LibraryEntry[];
  damagedEntries: number;
  entryCount: number;
  meta: LibraryMeta | null;
}

/**
 * Whether what a read found means the derived entries need rebuilding from the records: an
 * unreadable entry, or fewer or more entries than the records the writer counted (less those a
 * rebuild could not read, which have none). Before the writer has written meta there is nothing to
 * compare with.
 */
function needsRepair(found: EntriesRead): boolean {
  if (found.damagedEntries > 0) return true;
  const meta = found.meta;
  return meta !== null && meta.recordCount !== found.entryCount + meta.damagedIds.length;
}

async function metaIn(tx: { objectStore(name: 'meta'): { get(key: string): Promise<unknown> } }): Promise<LibraryMeta | null> {
  return (await readMeta(tx.objectStore('meta'))).meta;
}

/**
 * Entries a request of the whole read takes. One request for all of them held back every other
 * read of the database until it ended — a first search's hits read by id waited ~70 ms behind it
 * at 10,000 entries in Chromium, 3 ms alone; in requests of 1,000 it waits ~6 ms, for a whole read
 * ~30 ms longer (measured in the real extension; the whole read comes after the first paint).
 */
const WHOLE_READ_CHUNK = 1000;

/** Every stored entry, unparsed, in requests of WHOLE_READ_CHUNK in key order (one transaction: one consistent read). */
async function allEntriesIn(store: { getAll(query: IDBKeyRange | null, count: number): Promise<unknown[]> }): Promise<unknown[]> {
  const all: unknown[] = [];
  let after: IDBValidKey | null = null;
  for (;;) {
    const chunk = await store.getAll(after === null ? null : IDBKeyRange.lowerBound(after, true), WHOLE_READ_CHUNK);
    for (const raw of chunk) all.push(raw);
    if (chunk.length < WHOLE_READ_CHUNK) return all;
    // The store's keyPath is `id`: a stored value's id is its key, whatever else in it is damaged.
    after = (chunk[chunk.length - 1] as { id: IDBValidKey }).id;
  }
}

/** Reads every entry (no bodies), and meta to check them against. */
async function readAllEntries(db: LibraryDb): Promise<EntriesRead> {
  if (!hasStores(db, 'entries', 'meta')) return { entries: [], damagedEntries: 0, entryCount: 0, meta: null };
  return inTransaction(db, ['entries', 'meta'], 'readonly', async (tx) => {
    const [raws, meta] = await Promise.all([allEntriesIn(tx.objectStore('entries')), metaIn(tx)]);
    const entries: LibraryEntry[] = [];
    let damagedEntries = 0;
    for (const raw of raws) {
      const entry = parseEntry(raw);
      if (entry) entries.push(entry);
      else damagedEntries++;
    }
    return { entries, damagedEntries, entryCount: raws.length, meta };
  });
}

const newestFirst = (a: LibraryEntry, b: LibraryEntry): number => b.savedAt - a.savedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Reads the library for display: saved articles newest first, and any problem found. */
export async function readLibrary(): Promise<LibrarySnapshot> {
  const opened = await readyOrNull();
  if (opened === null) return { entries: [], problems: [t('libraryUnavailable')], newerSchema: false };
  const { db } = opened;
  let { newer } = opened;
  let found = await readAllEntries(db);
  if (!newer && needsRepair(found)) {
    // The list is derived: the background rebuilds it from the records, once, and says so once.
    const outcome = await requestPrepare(true);
    newer = outcome.status === 'newer';
    found = await readAllEntries(db);
  }
  const entries = found.entries.filter((e) => e.deletedAt === null).sort(newestFirst);
  rememberFirstPage(entries);
  storeHint(NEWEST_SPAN_HINT_KEY, entries, NEWEST_SPAN);
  const problems = newer
    ? [t('libraryNewerSchema')]
    : [
        ...(inFirefoxPrivateWindow() ? [t('libraryPrivateWindow')] : []),
        ...(opened.failure ? [opened.failure] : []),
        ...unseenReport(found.meta ?? opened.meta),
      ];
  return { entries, problems, newerSchema: newer };
}

/**
 * Where a first page of the library begins, with room to spare: the `savedAt` of the
 * FIRST_PAGE_HINT_SPAN-th newest entry as the last whole read found it, remembered in the pages'
 * localStorage. A hint for reading the next first page in one ranged request, never data: the
 * entries read are checked to be a whole first page, else the page is read by cursor as before.
 */
const FIRST_PAGE_HINT_KEY = 'reader-library:first-page-since';
/** Entries the hint's range holds when written: a first page (50) survives that many less deletes. */
const FIRST_PAGE_HINT_SPAN = 120;
/** A ranged first-page read takes at most this many entries (more saved since: the cursor, which stops at `limit`). */
const RANGED_FIRST_PAGE_MAX = 500;

function firstPageHint(): number | null {
  return storedHint(FIRST_PAGE_HINT_KEY);
}

/**
 * Where the newest NEWEST_SPAN entries began at the last whole read (the `savedAt` of the
 * NEWEST_SPAN-th newest), in the pages' localStorage: the range a first search after opening reads
 * (readNewestSpan). A hint, never data: the read takes whatever the range holds now.
 */
const NEWEST_SPAN_HINT_KEY = 'reader-library:newest-span-since';
/** Entries the newest span holds when its hint is written: a first search's newest hits among them (~5 % of them for a common word). */
export const NEWEST_SPAN = 1000;
/** A span read takes at most this many entries (many saved since the hint: no span, the search waits for the whole list). */
const NEWEST_SPAN_MAX = 2000;

function storedHint(key: string): number | null {
  try {
    const raw = (globalThis.localStorage as Storage | undefined)?.getItem(key);
    const since = raw ? Number(raw) : NaN;
    return Number.isFinite(since) ? since : null;
  } catch {
    return null;
  }
}

function storeHint(key: string, newest: readonly LibraryEntry[], span: number): void {
  const last = newest[Math.min(newest.length, span) - 1];
  if (!last) return;
  try {
    (globalThis.localStorage as Storage | undefined)?.setItem(key, String(last.savedAt));
  } catch {
    // No localStorage (a privacy setting): the reads that use the hint take their slower way.
  }
}

/** Remembers where the next first page begins, from entries newest first (a whole list, or a first page read by cursor). */
function rememberFirstPage(newest: readonly LibraryEntry[]): void {
  storeHint(FIRST_PAGE_HINT_KEY, newest, FIRST_PAGE_HINT_SPAN);
}

/**
 * Every visible entry saved at or after `since` (about the newest NEWEST_SPAN, as the last whole
 * read left the hint), in one ranged read: the part of the library a search's newest hits are in,
 * exactly — an entry older than `since` comes after all of them in the newest-first order. Null
 * without a hint, when the range holds more than NEWEST_SPAN_MAX entries, or when the library
 * cannot be read.
 */
export async function readNewestSpan(): Promise<{ since: number; entries: LibraryEntry[] } | null> {
  const since = storedHint(NEWEST_SPAN_HINT_KEY);
  if (since === null) return null;
  const db = await entriesDbOrNull();
  // A library of this schema only (a newer one's entries are not ours to read ahead).
  if (db === null || db !== migratedDb || !hasStores(db, 'entries')) return null;
  const raws = await inTransaction(db, ['entries'], 'readonly', async (tx) => {
    const index = tx.objectStore('entries').index('savedAt');
    const range = IDBKeyRange.lowerBound(since);
    return (await index.count(range)) > NEWEST_SPAN_MAX ? null : index.getAll(range);
  });
  if (raws === null) return null;
  const entries: LibraryEntry[] = [];
  for (const raw of raws) {
    const entry = parseEntry(raw);
    // A damaged entry is the whole read's to report (and to have repaired).
    if (entry && entry.deletedAt === null) entries.push(entry);
  }
  return { since, entries };
}

type SavedAtIndex = {
  count(range: IDBKeyRange): Promise<number>;
  getAll(range: IDBKeyRange): Promise<unknown[]>;
};

/**
 * The newest `limit` visible entries in one ranged read from `since` (the hint) — one request and
 * its answer, where a cursor takes a round trip per entry (50 of them, each a task, before the
 * first rows can be painted). Null when the range does not hold a whole first page (entries
 * deleted or moved since) or holds too many (many saved since): the caller reads by cursor.
 */
async function rangedFirstPage(index: SavedAtIndex, since: number, limit: number): Promise<{ entries: LibraryEntry[]; damaged: number } | null> {
  const range = IDBKeyRange.lowerBound(since);
  const n = await index.count(range);
  if (n < limit || n > RANGED_FIRST_PAGE_MAX) return null;
  // Ascending by savedAt then id; reversed, the order the 'prev' cursor walks.
  const raws = (await index.getAll(range)).reverse();
  const entries: LibraryEntry[] = [];
  let damaged = 0;
  for (const raw of raws) {
    if (entries.length === limit) break;
    const entry = parseEntry(raw);
    if (!entry) damaged++;
    else if (entry.deletedAt === null) entries.push(entry);
  }
  return entries.length === limit ? { entries, damaged } : null;
}

/**
 * The first `limit` visible entries newest first, how many there are, and how many of those are
 * archived: for the first paint (the list, its count and the inbox and archive counts), without
 * reading the rest.
 */
export async function readNewestEntries(limit: number): Promise<{ entries: LibraryEntry[]; total: number; archived: number }> {
  const read = async (db: LibraryDb) =>
    inTransaction(db, ['entries', 'meta'], 'readonly', async (tx) => {
      const store = tx.objectStore('entries');
      // The total from the writer's record count and the (small) deletedAt index: counting the
      // entries store reads every entry (30–130 ms at 10,000 in Chromium under load). When the
      // page took them all, the entries seen are the count, and are checked against the records;
      // otherwise readLibrary, which reads every entry anyway, does that check.
      // The archive's count the same way: the archivedAt index (archived entries only), less those
      // deleted (pending undo, few), read from the deletedAt index. Asked for at once, beside the page.
      const counted = Promise.all([store.index('deletedAt').count(), store.index('archivedAt').count(), store.index('deletedAt').getAll(), metaIn(tx)]);
      const since = limit > 0 ? firstPageHint() : null;
      const ranged = since === null ? null : await rangedFirstPage(store.index('savedAt'), since, limit);
      let entries: LibraryEntry[];
      let damagedEntries = 0;
      let seen = 0;
      let exhausted = false;
      if (ranged) {
        ({ entries, damaged: damagedEntries } = ranged);
      } else {
        entries = [];
        let cursor = limit > 0 ? await store.index('savedAt').openCursor(null, 'prev') : null;
        while (cursor && entries.length < limit) {
          seen++;
          const entry = parseEntry(cursor.value);
          if (!entry) damagedEntries++;
          else if (entry.deletedAt === null) entries.push(entry);
          cursor = await cursor.continue();
        }
        exhausted = cursor === null && limit > 0;
      }
      const [deleted, archivedAll, deletedEntries, meta] = await counted;
      const archivedDeleted = deletedEntries.filter((raw) => parseEntry(raw)?.archivedAt != null).length;
      const entryCount = exhausted ? seen : meta ? meta.recordCount - meta.damagedIds.length : await store.count();
      const listed = meta ? meta.recordCount - meta.damagedIds.length : entryCount;
      return {
        entries,
        total: listed - deleted,
        archived: Math.max(0, archivedAll - archivedDeleted),
        damagedEntries,
        entryCount,
        meta,
        ranged: ranged !== null,
      };
    });
  const opened = await readyOrNull();
  if (opened === null || !hasStores(opened.db, 'entries', 'meta')) return { entries: [], total: 0, archived: 0 };
  const { db, newer } = opened;
  let found = await read(db);
  if (!newer && needsRepair(found) && (await requestPrepare(true)).status === 'ok') found = await read(db);
  // Read by cursor: a hint until the whole read (readLibrary) leaves one with room to spare.
  if (!found.ranged) rememberFirstPage(found.entries);
  return { entries: found.entries, total: found.total, archived: found.archived };
}

/**
 * The current entries of these ids, read in one transaction (for a change another view made: the
 * list patches those rows instead of reading 10,000 again). `gone` lists the ids that are deleted,
 * purged or unreadable: the list drops them.
 */
export async function readEntries(ids: readonly string[]): Promise<{ entries: LibraryEntry[]; gone: string[] }> {
  const db = await entriesDbOrNull();
  if (db === null || !hasStores(db, 'entries')) return { entries: [], gone: [...ids] };
  const raws = await inTransaction(db, ['entries'], 'readonly', (tx) => Promise.all(ids.map((id) => tx.objectStore('entries').get(id))));
  const entries: LibraryEntry[] = [];
  const gone: string[] = [];
  raws.forEach((raw, i) => {
    const entry = raw === undefined ? null : parseEntry(raw);
    if (entry && entry.deletedAt === null) entries.push(entry);
    else gone.push(ids[i]!);
  });
  return { entries, gone };
}

/** Finds the saved (not deleted) entry for a page URL, if any, through the canonicalUrl index. */
export async function findSavedByUrl(url: string): Promise<LibraryEntry | null> {
  const canonical = canonicalArticleUrl(url);
  const opened = await readyOrNull();
  if (opened === null || !hasStores(opened.db, 'entries')) return null;
  const { db } = opened;
  const raws = await inTransaction(db, ['entries'], 'readonly', (tx) => tx.objectStore('entries').index('canonicalUrl').getAll(canonical));
  for (const raw of raws) {
    const entry = parseEntry(raw);
    if (entry && entry.deletedAt === null) return entry;
  }
  return null;
}

/** Result of opening one saved article. */
export type SavedArticleResult =
  { ok: true; saved: SavedArticle; entry: LibraryEntry | null } | { ok: false; error: 'not-found' | 'damaged' | 'newer-schema'; message: string };

/** Reads one saved article's full record, validated. */
export async function getSavedArticle(id: string): Promise<SavedArticleResult> {
  const opened = await readyOrNull();
  if (opened === null) return { ok: false, error: 'not-found', message: t('libraryUnavailable') };
  const { db } = opened;
  const gone: SavedArticleResult = { ok: false, error: 'not-found', message: t('libraryArticleGone') };
  if (!hasStores(db, 'records', 'entries')) return gone;
  const [raw, rawEntry] = await inTransaction(db, ['records', 'entries'], 'readonly', (tx) =>
    Promise.all([tx.objectStore('records').get(id), tx.objectStore('entries').get(id)]),
  );
  if (raw === undefined) return gone;
  const parsed = parseRecord(raw);
  if (!parsed.ok) {
    return parsed.newer
      ? { ok: false, error: 'newer-schema', message: t('savedArticleNewerSchema') }
      : { ok: false, error: 'damaged', message: t('savedArticleDamaged') };
  }
  return { ok: true, saved: parsed.record, entry: parseEntry(rawEntry) };
}

/**
 * The visible records as search reads them, `batchSize` at a time, in id order, once the library is
 * ready (moved from schema 1): the search worker's own reader (search/library-sources.ts), so a page
 * and the worker read the same way. Damaged records are skipped (they are reported where opened).
 */
export async function* readSearchSources(batchSize = 200): AsyncGenerator<SearchSource[]> {
  const opened = await readyOrNull();
  if (opened === null) return;
  yield* librarySources(batchSize).loadSources();
}

/**
 * Calls `onChange` after each change the writer commits, in any context (a BroadcastChannel the
 * writer posts to; it does not echo to the context that posts). Returns the unsubscribe.
 */
export function watchLibrary(onChange: (change: LibraryChange) => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const channel = new BroadcastChannel(LIBRARY_CHANNEL);
  channel.onmessage = (event: MessageEvent<unknown>) => {
    const parsed = v.safeParse(LibraryChangeSchema, event.data);
    if (parsed.success) onChange(parsed.output);
  };
  return () => channel.close();
}
