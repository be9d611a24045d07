/**
 * The library's single writer, used only by the background. Every change — one article or a
 * bulk change of up to 10,000 — is one IndexedDB transaction over the records and their entries,
 * so it lands whole or not at all (a stopped service worker or a full disk leaves the library as
 * it was). Changes run one after another (a queue), and each committed one is announced on the
 * 'reader-library' BroadcastChannel for the open views (store.ts `watchLibrary`).
 *
 * Before its first change the writer moves a schema-1 library out of storage.local
 * (migrate-v1.ts); before each change it purges deletes whose undo window has passed.
 *
 * An article's images (images.ts, image-db.ts) are written in its save's transaction and purged
 * in its purge's, so a record and its images are never apart.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { t } from '../i18n';
import type { Article } from '../model/article';
import { ArticleSchema } from '../model/article-schema';
import { PositionSchema, savedPositionKey } from '../reading/position';
import type { ReadingPosition } from '../reading/progress';
import { canonicalArticleUrl } from './canonical-url';
import {
  META_KEY,
  emptyMeta,
  inTransaction,
  issueAll,
  openLibraryDb,
  postLibraryChange,
  readMeta,
  type LibraryDb,
  type LibraryMeta,
  type LibraryProblem,
  type LibraryTx,
} from './db';
import {
  IMPORT_JOB_BATCH,
  JOB_KEYS,
  REPORTED_ROWS,
  StagedItemSchema,
  UndoStepSchema,
  ImportBatchSchema,
  batchKey,
  batchKeys,
  jobKey,
  parseJob,
  postImportJob,
  type ImportJob,
  type UndoStep,
} from './import-job';
import { addArticleImages, deleteArticleImages, hasImageStores, writeArticleImages } from './image-db';
import type { CollectedImages, ImageSet } from './images';
import { moveV1Library } from './migrate-v1';
import { HighlightsSchema, LIBRARY_SCHEMA_VERSION, RecordSchema, entryFor, parseEntry, parseRecord, type StoredRecord } from './schema';
import { mergeTags, normalizeTag, tagKey, withoutTags } from './tags';
import type { ArticleContent, LibraryChange, LibraryEntry, LibraryWriteError, LibraryWriteResult } from './types';

/** How long a deleted article can be brought back before its record is purged. */
export const UNDO_WINDOW_MS = 10 * 60_000;
/** Import items written per transaction by default. */
export const IMPORT_BATCH = IMPORT_JOB_BATCH;
/**
 * An import job's staged batches committed together, in one transaction: at most this many items…
 * (measured in bench:library: each transaction costs a fixed ~0.1–0.3 s under load beyond its
 * writes — starting behind the views' reads, the purge check, the job's reads and writes, the
 * views' reaction to its change — so 10,000 links in 20 transactions spent most of their time
 * there). A save made meanwhile waits for at most one such transaction.
 */
export const IMPORT_COMMIT_ITEMS = 2000;
/** …and about this many characters of bodies and text (an export with bodies: memory stays bounded). */
export const IMPORT_COMMIT_CHARS = 16_000_000;
/** Records read and written at once inside one bulk transaction (bounds memory: bodies are 20–60 kB). */
const CHUNK = 100;

type Failure = { ok: false; error: LibraryWriteError; message: string };

/** Thrown inside a transaction to abort it with a result for the caller. */
class Refusal extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

const notFound = (): Failure => ({ ok: false, error: 'not-found', message: t('libraryArticleGone') });
const newerSchema = (): Failure => ({ ok: false, error: 'newer-schema', message: t('libraryNewerSchema') });
const invalidTag = (): Failure => ({ ok: false, error: 'invalid', message: t('libraryTagInvalid') });

function writeError(error: unknown): Failure {
  if (error instanceof Refusal) return error.failure;
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  const text = error instanceof Error ? error.message : String(error);
  // IndexedDB says QuotaExceededError (on the request or as the aborted transaction's error).
  if (name === 'QuotaExceededError' || /quota/i.test(text)) return { ok: false, error: 'quota', message: t('libraryQuotaFull') };
  return { ok: false, error: 'storage', message: t('libraryStorageFailed', text || name) };
}

/** Options for the library writer; injectable so tests control time, ids and the storage estimate. */
export interface WriterOptions {
  now?: () => number;
  newId?: () => string;
  /** The browser's storage estimate (navigator.storage.estimate), checked before images are written. */
  estimateStorage?: () => Promise<{ usage?: number; quota?: number }>;
  /** Items an import job commits per transaction, at most (default IMPORT_COMMIT_ITEMS; at least one staged batch). */
  importCommitItems?: number;
}

/** Room kept free beyond what a save with images needs (the database's own overhead, other writes). */
export const QUOTA_MARGIN_BYTES = 5 * 1024 * 1024;

const defaultEstimate = (): Promise<{ usage?: number; quota?: number }> =>
  typeof navigator !== 'undefined' && navigator.storage?.estimate ? navigator.storage.estimate() : Promise.resolve({});

/** Megabytes with one decimal, for the quota sentence. */
const megabytes = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

/** One article to import (from another service's export): the article and the state it had there. */
export interface ImportRecord {
  article: Article;
  savedAt?: number;
  readAt?: number | null;
  archivedAt?: number | null;
  favourite?: boolean;
  tags?: string[];
  /** 'link' when the article has no body yet (default 'article'). */
  content?: ArticleContent;
  /** The highlights and notes the other service kept (Markdown), if any. */
  highlights?: string | null;
}

const ImportRecordSchema = v.object({
  content: v.optional(v.picklist(['article', 'link'])),
  article: ArticleSchema,
  savedAt: v.optional(v.number()),
  readAt: v.optional(v.nullable(v.number())),
  archivedAt: v.optional(v.nullable(v.number())),
  favourite: v.optional(v.boolean()),
  tags: v.optional(v.array(v.string())),
  highlights: v.optional(v.nullable(HighlightsSchema)),
});

/** How an import went: new articles, articles already saved (their tags merged), items refused as invalid. */
export interface ImportResult {
  added: number;
  merged: number;
  invalid: number;
}

/** Progress after each committed batch. */
export interface ImportProgress extends ImportResult {
  done: number;
  total: number;
}

/** Options of importRecords. */
export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  /** Items per transaction (default IMPORT_BATCH). */
  batchSize?: number;
}

/** One article of a backup to restore as it was: its whole record (id and times included) and its reading position. */
export interface RestoreItem {
  record: StoredRecord;
  position: ReadingPosition | null;
}

/**
 * How a restore went: records new to the library, records that replaced the library's copy (same
 * id, or same canonical URL under another id), items refused as invalid, and later items of the
 * same batch with an id or canonical URL an earlier one had (left out).
 */
export interface RestoreResult {
  added: number;
  replaced: number;
  invalid: number;
  duplicates: number;
}

/** The background's write interface to the library. */
export interface LibraryWriter {
  /** Moves a schema-1 library if needed and, with `repair`, rebuilds the entries if they are damaged. */
  prepare(options?: { repair?: boolean }): Promise<LibraryWriteResult<{ repaired: boolean }>>;
  /**
   * Saves an article, or refreshes the saved copy of the same canonical URL (keeping its place and
   * state). With `images` (collected from the page), they replace the article's stored images in
   * the same transaction; without, stored images stay as they are.
   */
  save(article: Article, images?: CollectedImages): Promise<LibraryWriteResult<LibraryEntry>>;
  /** Adds images fetched after the save (with the user's permission) to a saved article's images. */
  addImages(id: string, images: CollectedImages): Promise<LibraryWriteResult<ImageSet>>;
  /** Soft-deletes: hidden at once, purged after UNDO_WINDOW_MS. */
  deleteArticles(ids: readonly string[]): Promise<LibraryWriteResult<LibraryEntry[]>>;
  /** Brings back deleted articles still in their undo window. */
  restoreArticles(ids: readonly string[]): Promise<LibraryWriteResult<LibraryEntry[]>>;
  /** Marks articles read (keeping an earlier read time) or unread. */
  setArticlesRead(ids: readonly string[], read: boolean): Promise<LibraryWriteResult<LibraryEntry[]>>;
  /** Moves articles to the archive or back to the inbox. */
  setArticlesArchived(ids: readonly string[], archived: boolean): Promise<LibraryWriteResult<LibraryEntry[]>>;
  /** Marks articles as favourites or not. */
  setArticlesFavourite(ids: readonly string[], favourite: boolean): Promise<LibraryWriteResult<LibraryEntry[]>>;
  /** Adds tags (cleaned; a tag the library already has keeps the library's spelling). */
  addTags(ids: readonly string[], tags: readonly string[]): Promise<LibraryWriteResult<LibraryEntry[]>>;
  /** Removes tags, compared case-insensitively. */
  removeTags(ids: readonly string[], tags: readonly string[]): Promise<LibraryWriteResult<LibraryEntry[]>>;
  /** Renames a tag on every article; renaming onto an existing tag merges the two. */
  renameTag(from: string, to: string): Promise<LibraryWriteResult<{ changed: number }>>;
  /** Removes a tag from every article. */
  deleteTag(tag: string): Promise<LibraryWriteResult<{ changed: number }>>;
  /**
   * Imports many articles in batch transactions, deduped by canonical URL against the library
   * (tags merged). Each item is validated (it comes from another service's file): invalid ones are
   * counted, not written.
   */
  importRecords(records: readonly ImportRecord[], options?: ImportOptions): Promise<LibraryWriteResult<ImportResult>>;
  /**
   * Gives a saved link (content 'link') the article read from its page, keeping its state (tags,
   * read, archive, favourite, place in the list). Null when no saved link has that address. The
   * seam for every way a link gets its body: the reader reading the page now, a background fetch later.
   */
  fillLinkArticle(article: Article): Promise<LibraryWriteResult<LibraryEntry | null>>;
  // ----- Import jobs (import-job.ts; driven by utils/background/import-runner.ts) -----
  /** Every import job (without batches), oldest first. */
  listImports(): Promise<LibraryWriteResult<ImportJob[]>>;
  /**
   * Does the next piece of a job's work in one transaction: commits its next batch (a staged job
   * starts committing), or undoes its last committed batch while rolling back, or finishes it.
   * Null when there is no such job.
   */
  importStep(jobId: string): Promise<LibraryWriteResult<ImportJob | null>>;
  /** Stops a job and rolls it back: `outcome` says why (the user cancelled, a write failed, the page closed while staging). */
  stopImport(jobId: string, outcome: 'cancelled' | 'failed' | 'interrupted', message?: string): Promise<LibraryWriteResult<ImportJob | null>>;
  /** Forgets a finished job (its report was seen). */
  dismissImport(jobId: string): Promise<LibraryWriteResult<null>>;
  /**
   * Restores backed-up records exactly as they were (ids, times, state, tags, body) in one
   * transaction, with their reading positions. The backup's copy wins: a record with the same id,
   * or another record of the same canonical URL, is replaced (the other one's position goes with it).
   * Callers send a backup in batches (utils/import/restore-backup.ts); each batch lands whole.
   */
  restoreRecords(items: readonly RestoreItem[]): Promise<LibraryWriteResult<RestoreResult>>;
  /** Schema-1 message wrappers (one id); removed once the UI uses the plural operations. */
  remove(id: string): Promise<LibraryWriteResult<LibraryEntry>>;
  restore(id: string): Promise<LibraryWriteResult<LibraryEntry>>;
  setRead(id: string, read: boolean): Promise<LibraryWriteResult<LibraryEntry>>;
}

/**
 * Every change runs over these three stores (meta for the record count), so they share one
 * transaction type; a save or purge that also writes images runs over the image stores too.
 */
type RecordTx = Pick<LibraryTx<['records', 'entries', 'meta'], 'readwrite'>, 'objectStore'>;
/** An import job's commit or rollback: the library's stores and the job's, in one transaction. */
type ImportTx = LibraryTx<['records', 'entries', 'meta', 'imports'], 'readwrite'>;

/** Reads records by id inside a transaction, CHUNK at a time; a missing or unreadable one refuses the whole change. */
async function recordsOf(tx: RecordTx, ids: readonly string[], each: (record: StoredRecord) => Promise<void>): Promise<void> {
  const store = tx.objectStore('records');
  for (let from = 0; from < ids.length; from += CHUNK) {
    const chunk = ids.slice(from, from + CHUNK);
    const raws = await issueAll(chunk.map((id) => () => store.get(id)));
    for (const raw of raws) {
      const parsed = parseRecord(raw);
      if (!parsed.ok) throw new Refusal(parsed.newer ? newerSchema() : notFound());
      await each(parsed.record);
    }
  }
}

/** Writes a record and its derived entry (the one place both are written together). */
async function putRecord(tx: RecordTx, record: StoredRecord): Promise<LibraryEntry> {
  const entry = entryFor(record);
  await issueAll([() => tx.objectStore('records').put(record), () => tx.objectStore('entries').put(entry)]);
  return entry;
}

/** Keeps meta's record count in step with records added or removed in the same transaction. */
async function countRecords(tx: RecordTx, delta: number): Promise<void> {
  if (delta === 0) return;
  const store = tx.objectStore('meta');
  const { meta } = await readMeta(store);
  // No meta (damaged): the next start's check writes it again with a fresh count.
  if (meta) await store.put({ ...meta, recordCount: Math.max(0, meta.recordCount + delta) } satisfies LibraryMeta, META_KEY);
}

/** The library's tags, one spelling per key, from the distinct keys of the entries' tags index. */
async function libraryTags(tx: RecordTx): Promise<Map<string, string>> {
  const forms = new Map<string, string>();
  let cursor = await tx.objectStore('entries').index('tags').openKeyCursor(null, 'nextunique');
  while (cursor) {
    const form = cursor.key;
    if (!forms.has(tagKey(form))) forms.set(tagKey(form), form);
    cursor = await cursor.continue();
  }
  return forms;
}

/** Ids of the entries carrying a tag with any of `keys`. */
async function idsTagged(tx: RecordTx, keys: ReadonlySet<string>): Promise<string[]> {
  const index = tx.objectStore('entries').index('tags');
  const forms: string[] = [];
  let cursor = await index.openKeyCursor(null, 'nextunique');
  while (cursor) {
    if (keys.has(tagKey(cursor.key))) forms.push(cursor.key);
    cursor = await cursor.continue();
  }
  // issueAll: a call that throws midway leaves no earlier request's rejection unobserved.
  const ids = await issueAll(forms.map((form) => () => index.getAllKeys(form)));
  return [...new Set(ids.flat())];
}

const sameTags = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((tag, i) => tag === b[i]);

// ---------- Imports: one batch into the library, and its undo ----------

/** An item ready to be written: an article (or a link) and the state it had in the export. */
interface IncomingItem {
  article: Article;
  content: ArticleContent;
  savedAt?: number | null;
  readAt?: number | null;
  archivedAt?: number | null;
  favourite?: boolean;
  tags?: string[];
  highlights?: string | null;
}

/** What writing one batch did. */
interface BatchOutcome {
  added: number;
  merged: number;
  /** The record each item went to (null when it was refused), index for index. */
  ids: (string | null)[];
  /** Records written (announced to the views). */
  written: string[];
  /** Items refused as records, by index, with why. */
  invalid: { index: number; reason: string }[];
  undo: UndoStep[];
}

function issueText(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  const path = issue?.path?.map((p) => String(p.key)).join('.');
  return path ? `${path}: ${issue!.message}` : (issue?.message ?? 'not a valid record');
}

/**
 * Writes a batch of imported items in the caller's transaction, deduped by canonical URL against
 * the library: an address already saved keeps its copy and state and gains the item's tags (and,
 * when it was only a link and the item brings the article, the article); a new one is added (in the
 * place of a pending delete or an unreadable copy of the same address, if any). Every record is
 * checked against RecordSchema before it is written. Returns what undoes it.
 */
/**
 * The record fields RecordSchema checks, the article aside: every caller of importInto has checked
 * the article already (StagedItemSchema, ImportRecordSchema), and the record takes that very
 * object, so the record written is checked whole with the article checked once.
 */
const RecordFieldsSchema = v.object({ ...RecordSchema.entries, article: v.unknown() });

async function importInto(
  tx: RecordTx | ImportTx,
  batch: readonly IncomingItem[],
  time: number,
  newId: () => string,
  /** The library's tag spellings (libraryTags), updated with the tags this batch adds. */
  library: Map<string, string>,
  /** Whether the transaction spans the image stores (a replaced copy's images go with it). */
  images: boolean,
): Promise<BatchOutcome> {
  const rtx = tx as RecordTx; // The same transaction; an import's also spans the imports store.
  const spell = (tags: readonly string[]) =>
    mergeTags(
      [],
      tags.map((tag) => {
        const clean = normalizeTag(tag);
        return clean === null ? tag : (library.get(tagKey(clean)) ?? clean);
      }),
    );
  const records = rtx.objectStore('records');
  const index = rtx.objectStore('entries').index('canonicalUrl');
  const matches = await issueAll(batch.map((item) => () => index.getAll(canonicalArticleUrl(item.article.url))));
  const outcome: BatchOutcome = { added: 0, merged: 0, ids: [], written: [], invalid: [], undo: [] };
  /** Records this batch wrote, by canonical URL (a repeat inside the batch merges into them). */
  const inBatch = new Map<string, { record: StoredRecord; undo: UndoStep }>();
  let newRecords = 0;
  const writes: Array<() => Promise<unknown>> = [];
  for (const [i, item] of batch.entries()) {
    const key = canonicalArticleUrl(item.article.url);
    const tags = spell(item.tags ?? []);
    const earlier = inBatch.get(key);
    let record: StoredRecord;
    let undo: UndoStep | null = null;
    if (earlier) {
      const gains = earlier.record.highlights === undefined && item.highlights ? { highlights: item.highlights } : {};
      record = { ...earlier.record, tags: mergeTags(earlier.record.tags, tags), ...gains };
      if (earlier.undo.kind === 'merged') {
        earlier.undo.addedTags = mergeTags(earlier.undo.addedTags, tags);
        if (gains.highlights) earlier.undo.addedHighlights = true;
      }
      outcome.merged++;
    } else {
      const found = matches[i]!.map(parseEntry).filter((e) => e !== null);
      const existing = found.find((e) => e.deletedAt === null) ?? null;
      const stored = existing ? parseRecord(await records.get(existing.id)) : null;
      // The record this item would merge into or replace in place (the saved copy, else a pending delete's).
      const target = existing ? stored : found[0] ? parseRecord(await records.get(found[0].id)) : null;
      if (target && !target.ok && target.newer) {
        // Already in the library, in a form this version cannot change: left as it is.
        outcome.merged++;
        outcome.ids.push((existing ?? found[0])!.id);
        continue;
      }
      if (stored?.ok) {
        const prior = stored.record;
        const merged = mergeTags(prior.tags, tags);
        const fills = prior.content === 'link' && item.content === 'article';
        // The saved copy's own highlights stay; an import brings them only where there were none.
        const addsHighlights = prior.highlights === undefined && Boolean(item.highlights);
        outcome.merged++;
        const addedTags = merged.filter((tag) => !prior.tags.some((t) => tagKey(t) === tagKey(tag)));
        undo = { kind: 'merged', id: prior.id, addedTags, linkArticle: fills ? prior.article : null, ...(addsHighlights ? { addedHighlights: true } : {}) };
        if (sameTags(merged, prior.tags) && !fills && !addsHighlights) {
          outcome.ids.push(prior.id);
          inBatch.set(key, { record: prior, undo });
          outcome.undo.push(undo);
          continue;
        }
        record = {
          ...prior,
          tags: merged,
          updatedAt: time,
          ...(fills ? { content: 'article' as const, article: { ...item.article, url: prior.article.url } } : {}),
          ...(addsHighlights ? { highlights: item.highlights! } : {}),
        };
      } else {
        // A pending delete or an unreadable copy of the same address is replaced in place.
        const id = found[0]?.id ?? newId();
        const previous: unknown = found[0] ? await records.get(id) : undefined;
        record = {
          schemaVersion: LIBRARY_SCHEMA_VERSION,
          id,
          savedAt: item.savedAt ?? time,
          readAt: item.readAt ?? null,
          deletedAt: null,
          archivedAt: item.archivedAt ?? null,
          favourite: item.favourite ?? false,
          tags,
          updatedAt: time,
          content: item.content,
          article: item.article,
          ...(item.highlights ? { highlights: item.highlights } : {}),
        };
        const checked = v.safeParse(RecordFieldsSchema, record);
        if (!checked.success) {
          outcome.invalid.push({ index: i, reason: issueText(checked.issues) });
          outcome.ids.push(null);
          continue;
        }
        undo = previous === undefined ? { kind: 'added', id } : { kind: 'replaced', id, previous };
        if (previous === undefined) newRecords++;
        // The replaced copy's stored images are its own, not the imported article's: they go with
        // it, so none outlives its record (a rollback puts the copy back without them).
        else if (images) await deleteArticleImages(tx as unknown as Parameters<typeof deleteArticleImages>[0], id);
        outcome.added++;
      }
    }
    for (const tag of record.tags) if (!library.has(tagKey(tag))) library.set(tagKey(tag), tag);
    // Issued, not awaited one by one: a transaction keeps its requests in order, and waiting for
    // each put's round trip made a batch of 500 links take most of a second.
    writes.push(
      () => records.put(record),
      () => rtx.objectStore('entries').put(entryFor(record)),
    );
    outcome.ids.push(record.id);
    outcome.written.push(record.id);
    if (undo) {
      inBatch.set(key, { record, undo });
      outcome.undo.push(undo);
    } else inBatch.set(key, { record, undo: earlier!.undo });
  }
  await issueAll(writes);
  await countRecords(rtx, newRecords);
  return outcome;
}

/** A job with `count` more rows and their reasons, the list kept to REPORTED_ROWS. */
function withInvalid(job: ImportJob, rows: { row: string; reason: string }[]): ImportJob {
  if (rows.length === 0) return job;
  return { ...job, invalid: [...job.invalid, ...rows].slice(0, REPORTED_ROWS), invalidCount: job.invalidCount + rows.length };
}

/** What one commit or rollback step changed, for the writer to announce and store outside the transaction. */
interface StepOutcome {
  job: ImportJob;
  written: string[];
  positions: Map<string, ReadingPosition>;
}

/** The record an undo step names (all a finished job's announcement needs of it). */
const StepIdSchema = v.object({ id: v.string() });

/** Where a commit step gets the library's tag spellings, and gives them back once its transaction has landed. */
interface TagSpellings {
  read(tx: RecordTx): Promise<Map<string, string>>;
}

/**
 * Commits a job's next staged batches (or finishes the job) in the caller's transaction, with the
 * job's progress and their undo: as many consecutive batches as fit in IMPORT_COMMIT_ITEMS and
 * IMPORT_COMMIT_CHARS (at least one). The group's undo is kept with its last batch (the earlier
 * ones get an empty undo), so a rollback, last batch first, undoes the group as one batch.
 */
async function commitBatch(
  tx: ImportTx,
  job: ImportJob,
  time: number,
  newId: () => string,
  spellings: TagSpellings,
  { images, maxItems }: { images: boolean; maxItems: number },
): Promise<StepOutcome> {
  const imports = tx.objectStore('imports');
  const positions = new Map<string, ReadingPosition>();
  if (job.nextBatch >= job.batches) {
    // Every batch has landed: nothing will be undone any more. The views hear of every article the
    // job wrote now, once (the ids from the batches' undo, kept through a restart): told after each
    // transaction, an open list read its rows again and the search worker its records every time,
    // in the same database queue as the next transaction's writes.
    const written = new Set<string>();
    for (const raw of await imports.getAll(batchKeys(job.id))) {
      const batch = v.safeParse(ImportBatchSchema, raw);
      for (const step of (batch.success && batch.output.undo) || []) {
        const named = v.safeParse(StepIdSchema, step);
        if (named.success) written.add(named.output.id);
      }
    }
    const done: ImportJob = { ...job, state: 'done', updatedAt: time };
    await issueAll<unknown>([() => imports.delete(batchKeys(job.id)), () => imports.put(done, jobKey(job.id))]);
    return { job: done, written: [...written], positions };
  }
  const refused: { row: string; reason: string }[] = [];
  const items: (IncomingItem & { row: string; position: ReadingPosition | null })[] = [];
  const seqs: number[] = [];
  let chars = 0;
  for (let seq = job.nextBatch; seq < job.batches && (seqs.length === 0 || (items.length < maxItems && chars < IMPORT_COMMIT_CHARS)); seq++) {
    const raw = v.safeParse(ImportBatchSchema, await imports.get(batchKey(job.id, seq)));
    if (!raw.success || raw.output.undo !== null) throw new Error(`batch ${seq + 1} of the import is missing or damaged`);
    seqs.push(seq);
    raw.output.items.forEach((candidate, i) => {
      const parsed = v.safeParse(StagedItemSchema, candidate);
      if (parsed.success) {
        items.push(parsed.output);
        chars += parsed.output.article.contentHtml.length + parsed.output.article.text.length;
      } else {
        const row =
          typeof candidate === 'object' && candidate !== null && typeof (candidate as { row?: unknown }).row === 'string'
            ? (candidate as { row: string }).row
            : `${seq * IMPORT_JOB_BATCH + i + 1}`;
        refused.push({ row: row.slice(0, 300), reason: issueText(parsed.issues).slice(0, 2000) });
      }
    });
  }
  const outcome = await importInto(tx, items, time, newId, await spellings.read(tx as unknown as RecordTx), images);
  for (const { index, reason } of outcome.invalid) refused.push({ row: items[index]!.row, reason: reason.slice(0, 2000) });
  const itemOf = new Map<string, number>();
  outcome.ids.forEach((id, i) => {
    if (id !== null && !itemOf.has(id)) itemOf.set(id, i);
  });
  for (const step of outcome.undo) {
    if (step.kind !== 'added') continue;
    const item = items[itemOf.get(step.id) ?? -1];
    if (item?.position) positions.set(step.id, item.position);
  }
  const last = seqs.at(-1)!;
  const next = withInvalid(
    { ...job, state: 'committing', nextBatch: last + 1, added: job.added + outcome.added, merged: job.merged + outcome.merged, updatedAt: time },
    refused,
  );
  await issueAll<unknown>([
    ...seqs.map((seq) => () => imports.put({ jobId: job.id, seq, items: [], undo: seq === last ? outcome.undo : [] }, batchKey(job.id, seq))),
    () => imports.put(next, jobKey(job.id)),
  ]);
  // Announced when the job is done (above).
  return { job: next, written: [], positions };
}

/** Undoes a job's last committed batch (or finishes the rollback) in the caller's transaction. */
async function undoBatch(
  tx: ImportTx,
  job: ImportJob,
  time: number,
): Promise<{ job: ImportJob; written: string[]; removed: string[]; unpositioned: string[] }> {
  const imports = tx.objectStore('imports');
  if (job.nextBatch === 0) {
    const rolledBack: ImportJob = { ...job, state: 'rolled-back', added: 0, merged: 0, updatedAt: time };
    await issueAll<unknown>([() => imports.delete(batchKeys(job.id)), () => imports.put(rolledBack, jobKey(job.id))]);
    return { job: rolledBack, written: [], removed: [], unpositioned: [] };
  }
  const seq = job.nextBatch - 1;
  const raw = v.safeParse(ImportBatchSchema, await imports.get(batchKey(job.id, seq)));
  const steps = raw.success ? (raw.output.undo ?? []) : [];
  const rtx = tx as unknown as RecordTx; // The same transaction over the library's stores too.
  const records = rtx.objectStore('records');
  const entries = rtx.objectStore('entries');
  const written: string[] = [];
  const removed: string[] = [];
  let gone = 0;
  // Last first: a record merged into twice goes back through each state.
  for (const step of [...steps].reverse()) {
    const checked = v.safeParse(UndoStepSchema, step);
    if (!checked.success) continue;
    const undo = checked.output;
    if (undo.kind === 'added') {
      if ((await records.count(undo.id)) === 0) continue;
      await issueAll([() => records.delete(undo.id), () => entries.delete(undo.id)]);
      removed.push(undo.id);
      gone++;
    } else if (undo.kind === 'replaced') {
      await records.put(undo.previous as StoredRecord);
      const previous = parseRecord(undo.previous);
      if (previous.ok) await entries.put(entryFor(previous.record));
      else await entries.delete(undo.id);
      written.push(undo.id);
    } else {
      const current = parseRecord(await records.get(undo.id));
      if (!current.ok) continue;
      const record = current.record;
      const tags = withoutTags(record.tags, undo.addedTags);
      const unfill = undo.linkArticle !== null && record.content === 'article';
      const unhighlight = undo.addedHighlights === true && record.highlights !== undefined;
      if (sameTags(tags, record.tags) && !unfill && !unhighlight) continue;
      const { highlights: _added, ...withoutHighlights } = record;
      void _added;
      await putRecord(rtx, {
        ...(unhighlight ? withoutHighlights : record),
        tags,
        updatedAt: time,
        ...(unfill ? { content: 'link' as const, article: undo.linkArticle! } : {}),
      });
      written.push(undo.id);
    }
  }
  await countRecords(rtx, -gone);
  const next: ImportJob = { ...job, nextBatch: seq, updatedAt: time };
  await issueAll<unknown>([() => imports.delete(batchKey(job.id, seq)), () => imports.put(next, jobKey(job.id))]);
  return { job: next, written, removed, unpositioned: removed };
}

/** Creates the library's single writer (one per background). */
export function createLibraryWriter(options: WriterOptions = {}): LibraryWriter {
  const now = options.now ?? Date.now;
  const newId = options.newId ?? (() => crypto.randomUUID());
  const estimateStorage = options.estimateStorage ?? defaultEstimate;
  const commitItems = Math.max(1, options.importCommitItems ?? IMPORT_COMMIT_ITEMS);
  let queue: Promise<unknown> = Promise.resolve();
  /** The connection the schema-1 move was last checked on (checking again is one read of meta). */
  let movedFor: LibraryDb | null = null;
  /**
   * The library's tag spellings as the last import commit left them: reading them walks the
   * entries' tags index, a request per distinct tag (measured: about a third of a batch's time).
   * Valid while nothing but import commits has written (this writer is the library's only one):
   * every other change, a purge, a failed step, clears it.
   */
  let importTags: Map<string, string> | null = null;

  function serial<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  }

  /** The database, with any schema-1 library moved into it; a Refusal when a newer version owns it. */
  async function database(): Promise<LibraryDb> {
    // Asked each time: db.ts hands out its one connection, and opens a new one if that was closed.
    const { db, newer } = await openLibraryDb().catch((error: unknown) => {
      // IndexedDB refused (Firefox set never to remember history turns it off for extensions):
      // nothing was written, and a schema-1 library stays where it is.
      console.warn('The library database cannot be opened:', error);
      throw new Refusal({ ok: false, error: 'storage', message: t('libraryUnavailable') });
    });
    if (newer) throw new Refusal(newerSchema());
    if (movedFor !== db) {
      const moved = await moveV1Library(db);
      if (moved.status === 'newer') throw new Refusal(newerSchema());
      // Views that read while the move ran (a fresh install's empty list) reload everything.
      if (moved.moved > 0) postLibraryChange({ kind: 'rebuilt', ids: [] });
      movedFor = db;
    }
    return db;
  }

  /** Purges deletes whose undo window has passed, with their reading positions. */
  async function purgeExpired(db: LibraryDb): Promise<void> {
    const cutoff = now() - UNDO_WINDOW_MS;
    const expired = await db.getAllKeysFromIndex('entries', 'deletedAt', IDBKeyRange.upperBound(cutoff, true));
    if (expired.length === 0) return;
    // Positions first: stopped between the two, the articles are still deleted (hidden, past undo)
    // and are purged next time; the other way round would leave positions nobody removes.
    await browser.storage.local.remove(expired.map(savedPositionKey));
    const images = hasImageStores(db);
    const stores = images ? (['records', 'entries', 'meta', 'images', 'imageSets'] as const) : (['records', 'entries', 'meta'] as const);
    importTags = null;
    const purged = await inTransaction(db, [...stores], 'readwrite', async (tx) => {
      const gone: string[] = [];
      for (const id of expired) {
        const parsed = parseRecord(await tx.objectStore('records').get(id));
        // The record decides; an unreadable record behind an expired delete goes with it.
        if (parsed.ok && (parsed.record.deletedAt === null || parsed.record.deletedAt >= cutoff)) continue;
        if (!parsed.ok && parsed.newer) continue;
        await issueAll([() => tx.objectStore('records').delete(id), () => tx.objectStore('entries').delete(id)]);
        // Its images go with it, in the same transaction.
        if (images) await deleteArticleImages(tx, id);
        gone.push(id);
      }
      await countRecords(tx, -gone.length);
      return gone;
    });
    if (purged.length > 0) postLibraryChange({ kind: 'purged', ids: purged });
  }

  /**
   * Runs one change in the queue: database ready, expired deletes purged, errors turned into
   * results. `keepsImportTags`: the change is an import commit, which keeps the tag spellings up to date itself.
   */
  function write<T>(
    task: (db: LibraryDb) => Promise<{ value: T; change: LibraryChange | null; created?: boolean }>,
    keepsImportTags = false,
  ): Promise<LibraryWriteResult<T>> {
    return serial(async () => {
      if (!keepsImportTags) importTags = null;
      try {
        const db = await database();
        try {
          await purgeExpired(db);
        } catch (error) {
          // Housekeeping: it must not stand in the way of the user's change.
          console.warn('Could not purge expired deletes:', error);
        }
        const { value, change, created } = await task(db);
        if (change && (change.ids.length > 0 || change.kind === 'rebuilt')) postLibraryChange(change);
        return created === undefined ? { ok: true as const, value } : { ok: true as const, value, created };
      } catch (error) {
        importTags = null;
        return writeError(error);
      }
    });
  }

  /** Changes the given records in one transaction; `change` returns null when a record stays as it is. */
  function changeRecords(
    ids: readonly string[],
    kind: LibraryChange['kind'],
    change: (record: StoredRecord, time: number, tags: Map<string, string>) => StoredRecord | null,
    withLibraryTags = false,
  ): Promise<LibraryWriteResult<LibraryEntry[]>> {
    return write(async (db) => {
      const unique = [...new Set(ids)];
      const time = now();
      const changed: string[] = [];
      const value = await inTransaction(db, ['records', 'entries', 'meta'], 'readwrite', async (tx) => {
        const tags = withLibraryTags ? await libraryTags(tx) : new Map<string, string>();
        const entries: LibraryEntry[] = [];
        await recordsOf(tx, unique, async (record) => {
          const next = change(record, time, tags);
          if (next) {
            changed.push(record.id);
            entries.push(await putRecord(tx, next));
          } else entries.push(entryFor(record));
        });
        return entries;
      });
      return { value, change: { kind, ids: changed } };
    });
  }

  /** Changes the tags of every record carrying a tag with one of `keys`. */
  function retag(keys: ReadonlySet<string>, change: (tags: string[]) => string[]): Promise<LibraryWriteResult<{ changed: number }>> {
    return write(async (db) => {
      const time = now();
      const changed: string[] = [];
      await inTransaction(db, ['records', 'entries', 'meta'], 'readwrite', async (tx) => {
        await recordsOf(tx, await idsTagged(tx, keys), async (record) => {
          const tags = change(record.tags);
          if (sameTags(tags, record.tags)) return;
          changed.push(record.id);
          await putRecord(tx, { ...record, tags, updatedAt: time });
        });
      });
      return { value: { changed: changed.length }, change: { kind: 'updated', ids: changed } };
    });
  }

  /** Rebuilds the entries from the records in one transaction; reports it (and skipped records) once. */
  async function rebuildEntries(db: LibraryDb): Promise<void> {
    await inTransaction(db, ['records', 'entries', 'meta'], 'readwrite', async (tx) => {
      const entries = tx.objectStore('entries');
      // A record a newer version wrote cannot be listed from (its shape is not ours to read), but
      // the entry that version wrote beside it can: it is kept, so the article stays listed, opens
      // to "saved by a newer version" and saving its page again is refused instead of copied.
      const before = new Map<string, unknown>();
      let old = await entries.openCursor();
      while (old) {
        before.set(old.key, old.value);
        old = await old.continue();
      }
      await entries.clear();
      const damaged: string[] = [];
      let recordCount = 0;
      let cursor = await tx.objectStore('records').openCursor();
      while (cursor) {
        recordCount++;
        const parsed = parseRecord(cursor.value);
        const kept = !parsed.ok && parsed.newer ? parseEntry(before.get(cursor.key)) : null;
        if (parsed.ok) await entries.put(entryFor(parsed.record));
        else if (kept?.id === cursor.key) await entries.put(kept);
        else damaged.push(cursor.key);
        cursor = await cursor.continue();
      }
      const meta = tx.objectStore('meta');
      const base: LibraryMeta = (await readMeta(meta)).meta ?? emptyMeta('done');
      const problems: LibraryProblem[] = [{ kind: 'entries-rebuilt', count: 1 }];
      if (damaged.length > 0) problems.push({ kind: 'records-damaged', count: damaged.length });
      await meta.put({ ...base, damagedIds: damaged, recordCount, report: { id: newId(), problems } } satisfies LibraryMeta, META_KEY);
    });
  }

  /**
   * Checks the entries against the records (counting the records themselves, which reads every
   * body: only here, when a view has found something wrong). 'rebuild' when an entry is unreadable
   * or missing; 'count' when only meta's record count was off.
   */
  async function checkEntries(db: LibraryDb): Promise<'ok' | 'count' | 'rebuild'> {
    return inTransaction(db, ['records', 'entries', 'meta'], 'readonly', async (tx) => {
      const [raws, recordCount, { meta }] = await Promise.all([
        tx.objectStore('entries').getAll(),
        tx.objectStore('records').count(),
        readMeta(tx.objectStore('meta')),
      ]);
      if (meta === null || raws.some((raw) => parseEntry(raw) === null) || recordCount !== raws.length + meta.damagedIds.length) return 'rebuild';
      return meta.recordCount === recordCount ? 'ok' : 'count';
    });
  }

  /**
   * Refuses a write of images the browser says it has no room for (before anything is written,
   * so a full disk leaves the library as it was, with a sentence that says how much was needed).
   * A QuotaExceededError during the write itself is caught by writeError, with the same effect.
   */
  async function checkRoomFor(article: Article | null, images: CollectedImages): Promise<void> {
    const needed = images.kept.reduce((sum, i) => sum + i.bytes.byteLength, 0) + (article ? article.contentHtml.length + article.text.length : 0);
    if (needed === 0) return;
    const { usage, quota } = await estimateStorage().catch(() => ({}) as { usage?: number; quota?: number });
    if (usage === undefined || quota === undefined) return;
    if (quota - usage < needed + QUOTA_MARGIN_BYTES) {
      throw new Refusal({ ok: false, error: 'quota', message: t('libraryQuotaFullImages', megabytes(needed), megabytes(Math.max(0, quota - usage))) });
    }
  }

  const one = (result: LibraryWriteResult<LibraryEntry[]>): LibraryWriteResult<LibraryEntry> => {
    if (!result.ok) return result;
    const [entry] = result.value;
    return entry ? { ok: true, value: entry } : notFound();
  };

  const writer: LibraryWriter = {
    prepare: ({ repair = false } = {}) =>
      write<{ repaired: boolean }>(async (db) => {
        // Another view may have asked first: rebuild only what is still damaged.
        const found = repair ? await checkEntries(db) : 'ok';
        if (found === 'ok') return { value: { repaired: false }, change: null };
        if (found === 'count') {
          // The list was right, the count was not (nothing to tell the user).
          await inTransaction(db, ['records', 'meta'], 'readwrite', async (tx) => {
            const store = tx.objectStore('meta');
            const { meta } = await readMeta(store);
            if (meta) await store.put({ ...meta, recordCount: await tx.objectStore('records').count() } satisfies LibraryMeta, META_KEY);
          });
          return { value: { repaired: true }, change: null };
        }
        await rebuildEntries(db);
        return { value: { repaired: true }, change: { kind: 'rebuilt', ids: [] } };
      }),

    save: (article, images) => {
      const checked = v.safeParse(ArticleSchema, article);
      if (!checked.success) return Promise.resolve({ ok: false, error: 'invalid', message: t('libraryArticleIncomplete') });
      return write(async (db) => {
        const time = now();
        const withImages = images !== undefined && hasImageStores(db);
        if (withImages) await checkRoomFor(checked.output, images);
        const stores = withImages ? (['records', 'entries', 'meta', 'images', 'imageSets'] as const) : (['records', 'entries', 'meta'] as const);
        const { entry, created } = await inTransaction(db, [...stores], 'readwrite', async (tx) => {
          const canonical = canonicalArticleUrl(checked.output.url);
          const found = (await tx.objectStore('entries').index('canonicalUrl').getAll(canonical)).map(parseEntry).filter((e) => e !== null);
          const existing = found.find((e) => e.deletedAt === null) ?? found[0] ?? null;
          const raw: unknown = existing ? await tx.objectStore('records').get(existing.id) : undefined;
          const stored = raw === undefined ? null : parseRecord(raw);
          // A newer version's copy is never overwritten (it may hold what this version cannot keep).
          if (stored && !stored.ok && stored.newer) throw new Refusal(newerSchema());
          // The record is the truth; its entry stands in when the record is unreadable.
          const prior = stored?.ok ? stored.record : existing;
          const kept = prior !== null && prior.deletedAt === null;
          const record: StoredRecord = {
            schemaVersion: LIBRARY_SCHEMA_VERSION,
            id: existing?.id ?? newId(),
            // Saving again refreshes the copy but keeps its place in the list and its state; saving
            // one that was just deleted saves it anew (unread, in the inbox) but keeps its tags.
            savedAt: kept ? prior.savedAt : time,
            readAt: kept ? prior.readAt : null,
            deletedAt: null,
            archivedAt: kept ? prior.archivedAt : null,
            favourite: prior?.favourite ?? false,
            tags: prior?.tags.slice() ?? [],
            updatedAt: time,
            // A page read and saved: the article, also where only the link was saved before.
            content: 'article',
            article: checked.output,
          };
          const entry = await putRecord(tx, record);
          if (raw === undefined) await countRecords(tx, 1);
          if (withImages) await writeArticleImages(tx, record.id, images);
          return { entry, created: !kept };
        });
        return { value: entry, created, change: { kind: 'saved', ids: [entry.id] } };
      });
    },

    addImages: (id, images) =>
      write(async (db) => {
        if (!hasImageStores(db)) throw new Refusal(notFound());
        // Before the transaction: awaiting the storage estimate inside it let it commit, and the
        // image writes then failed ("The transaction has finished") in Chromium.
        if (images.kept.length > 0) await checkRoomFor(null, images);
        const set = await inTransaction(db, ['records', 'images', 'imageSets'], 'readwrite', async (tx) => {
          const parsed = parseRecord(await tx.objectStore('records').get(id));
          // Deleted meanwhile (or going): its images would outlive it.
          if (!parsed.ok || parsed.record.deletedAt !== null) throw new Refusal(parsed.ok || !parsed.newer ? notFound() : newerSchema());
          return addArticleImages(tx, id, images);
        });
        return { value: set, change: { kind: 'updated', ids: [id] } };
      }),

    deleteArticles: (ids) =>
      changeRecords(ids, 'deleted', (r, time) =>
        // Not an updatedAt change: a deleted article is out of every list until it is restored.
        r.deletedAt === null ? { ...r, deletedAt: time } : null,
      ),
    restoreArticles: (ids) => changeRecords(ids, 'restored', (r, time) => (r.deletedAt !== null ? { ...r, deletedAt: null, updatedAt: time } : null)),
    setArticlesRead: (ids, read) =>
      changeRecords(ids, 'updated', (r, time) => {
        if (read === (r.readAt !== null)) return null;
        return { ...r, readAt: read ? time : null, updatedAt: time };
      }),
    setArticlesArchived: (ids, archived) =>
      changeRecords(ids, 'updated', (r, time) => {
        if (archived === (r.archivedAt !== null)) return null;
        return { ...r, archivedAt: archived ? time : null, updatedAt: time };
      }),
    setArticlesFavourite: (ids, favourite) =>
      changeRecords(ids, 'updated', (r, time) => (r.favourite === favourite ? null : { ...r, favourite, updatedAt: time })),

    addTags: (ids, raw) => {
      const wanted = raw.map(normalizeTag).filter((tag) => tag !== null);
      if (wanted.length === 0) return Promise.resolve(invalidTag());
      return changeRecords(
        ids,
        'updated',
        (r, time, library) => {
          // One spelling per tag across the library: "news" added where "News" exists is "News".
          const tags = mergeTags(
            r.tags,
            wanted.map((tag) => library.get(tagKey(tag)) ?? tag),
          );
          return sameTags(tags, r.tags) ? null : { ...r, tags, updatedAt: time };
        },
        true,
      );
    },
    removeTags: (ids, raw) => {
      const keys = new Set(raw.map(normalizeTag).flatMap((tag) => (tag === null ? [] : [tagKey(tag)])));
      if (keys.size === 0) return Promise.resolve(invalidTag());
      return changeRecords(ids, 'updated', (r, time) => {
        const tags = r.tags.filter((tag) => !keys.has(tagKey(tag)));
        return tags.length === r.tags.length ? null : { ...r, tags, updatedAt: time };
      });
    },
    renameTag: (rawFrom, rawTo) => {
      const from = normalizeTag(rawFrom);
      const to = normalizeTag(rawTo);
      if (from === null || to === null) return Promise.resolve(invalidTag());
      // Both keys: every article with the old tag or the target tag ends up with the one new spelling.
      const keys = new Set([tagKey(from), tagKey(to)]);
      return retag(keys, (tags) =>
        mergeTags(
          tags.filter((tag) => !keys.has(tagKey(tag))),
          [to],
        ),
      );
    },
    deleteTag: (raw) => {
      const tag = normalizeTag(raw);
      if (tag === null) return Promise.resolve(invalidTag());
      const key = tagKey(tag);
      return retag(new Set([key]), (tags) => tags.filter((t) => tagKey(t) !== key));
    },

    async importRecords(items, { onProgress, batchSize = IMPORT_BATCH } = {}) {
      const total = items.length;
      const result: ImportResult = { added: 0, merged: 0, invalid: 0 };
      // Valid items, one per canonical URL: a later duplicate adds its tags to the first.
      const byUrl = new Map<string, ImportRecord>();
      for (const item of items) {
        const parsed = v.safeParse(ImportRecordSchema, item);
        if (!parsed.success) {
          result.invalid++;
          continue;
        }
        const key = canonicalArticleUrl(parsed.output.article.url);
        const first = byUrl.get(key);
        if (first) {
          first.tags = mergeTags(first.tags ?? [], parsed.output.tags ?? []);
          first.highlights ??= parsed.output.highlights;
          result.merged++;
        } else byUrl.set(key, parsed.output);
      }
      const unique = [...byUrl.values()];
      const size = Math.max(1, Math.floor(batchSize));
      let done = total - unique.length;
      if (unique.length === 0) {
        onProgress?.({ ...result, done, total });
        return { ok: true, value: result };
      }
      for (let from = 0; from < unique.length; from += size) {
        const batch = unique.slice(from, from + size);
        // Each batch is its own queued change, so a save the user makes meanwhile is not held up
        // for the whole import, and each batch lands whole.
        const landed = await write(async (db) => {
          const time = now();
          const images = hasImageStores(db);
          const stores = images ? (['records', 'entries', 'meta', 'images', 'imageSets'] as const) : (['records', 'entries', 'meta'] as const);
          const outcome = await inTransaction(db, [...stores], 'readwrite', async (tx) =>
            importInto(
              tx,
              batch.map((item) => ({ ...item, content: item.content ?? 'article' })),
              time,
              newId,
              await libraryTags(tx),
              images,
            ),
          );
          return { value: outcome, change: { kind: 'imported', ids: outcome.written } };
        });
        if (!landed.ok) return landed;
        result.added += landed.value.added;
        result.merged += landed.value.merged;
        result.invalid += landed.value.invalid.length;
        done += batch.length;
        onProgress?.({ ...result, done, total });
      }
      return { ok: true, value: result };
    },

    fillLinkArticle: (article) => {
      const checked = v.safeParse(ArticleSchema, article);
      if (!checked.success) return Promise.resolve({ ok: false, error: 'invalid', message: t('libraryArticleIncomplete') });
      return write(async (db) => {
        const time = now();
        const entry = await inTransaction(db, ['records', 'entries', 'meta'], 'readwrite', async (tx) => {
          const found = (await tx.objectStore('entries').index('canonicalUrl').getAll(canonicalArticleUrl(checked.output.url)))
            .map(parseEntry)
            .filter((e) => e !== null && e.deletedAt === null && e.content === 'link');
          for (const candidate of found) {
            const stored = parseRecord(await tx.objectStore('records').get(candidate!.id));
            if (!stored.ok || stored.record.content !== 'link' || stored.record.deletedAt !== null) continue;
            // The page's own URL stays the record's (the address the user saved); the rest is the article.
            return putRecord(tx, { ...stored.record, content: 'article', article: { ...checked.output, url: stored.record.article.url }, updatedAt: time });
          }
          return null;
        });
        return { value: entry, change: entry ? { kind: 'updated', ids: [entry.id] } : null };
      });
    },

    // ----- Import jobs -----

    listImports: () =>
      write(async (db) => {
        const raws = await inTransaction(db, ['imports'], 'readonly', (tx) => tx.objectStore('imports').getAll(JOB_KEYS()));
        const jobs = raws.map(parseJob).filter((job) => job !== null);
        return { value: jobs.sort((a, b) => a.createdAt - b.createdAt), change: null };
      }),

    importStep: (jobId) =>
      write<ImportJob | null>(async (db) => {
        const time = now();
        const images = hasImageStores(db);
        const stores = images
          ? (['records', 'entries', 'meta', 'imports', 'images', 'imageSets'] as const)
          : (['records', 'entries', 'meta', 'imports'] as const);
        // The spellings this step ends with; kept for the next step only once its transaction has landed.
        let spelled: Map<string, string> | null = null;
        const cached = importTags;
        // Cleared until this step has landed: a step that fails leaves no spellings behind.
        importTags = null;
        const spellings: TagSpellings = {
          read: async (tx) => (spelled = new Map(cached ?? (await libraryTags(tx)))),
        };
        const step = await inTransaction(db, [...stores] as ['records', 'entries', 'meta', 'imports'], 'readwrite', async (tx) => {
          const imports = tx.objectStore('imports');
          const job = parseJob(await imports.get(jobKey(jobId)));
          if (!job) return { job: null, written: [], removed: [], positions: new Map<string, ReadingPosition>(), unpositioned: [] as string[] };
          if (job.state === 'staged') job.state = 'committing';
          if (job.state === 'committing')
            return { ...(await commitBatch(tx, job, time, newId, spellings, { images, maxItems: commitItems })), removed: [], unpositioned: [] };
          if (job.state === 'rolling-back') return { ...(await undoBatch(tx, job, time)), positions: new Map<string, ReadingPosition>() };
          return { job, written: [], removed: [], positions: new Map<string, ReadingPosition>(), unpositioned: [] };
        });
        // Positions live in storage.local, outside the transaction: written after the batch landed
        // (a stop in between loses only where the reader was), removed with a rolled-back article.
        if (step.positions.size > 0) await browser.storage.local.set(Object.fromEntries([...step.positions].map(([id, p]) => [savedPositionKey(id), p])));
        if (step.unpositioned.length > 0) await browser.storage.local.remove(step.unpositioned.map(savedPositionKey));
        if (step.removed.length > 0) postLibraryChange({ kind: 'purged', ids: step.removed });
        if (step.job) postImportJob(step.job);
        importTags = spelled;
        return { value: step.job, change: step.written.length > 0 ? { kind: 'imported', ids: step.written } : null };
      }, true),

    stopImport: (jobId, outcome, message) =>
      write<ImportJob | null>(async (db) => {
        const job = await inTransaction(db, ['imports'], 'readwrite', async (tx) => {
          const store = tx.objectStore('imports');
          const found = parseJob(await store.get(jobKey(jobId)));
          if (!found || found.state === 'done' || found.state === 'rolled-back' || found.state === 'rolling-back') return found;
          const next: ImportJob = { ...found, outcome, message: message ?? null, updatedAt: now() };
          if (found.state === 'staging' || found.state === 'staged' || found.nextBatch === 0) {
            // Nothing of it is in the library: it is rolled back as soon as its batches are gone.
            next.state = 'rolled-back';
            next.nextBatch = 0;
            await store.delete(batchKeys(jobId));
          } else next.state = 'rolling-back';
          await store.put(next, jobKey(jobId));
          return next;
        });
        if (job) postImportJob(job);
        return { value: job, change: null };
      }),

    dismissImport: (jobId) =>
      write<null>(async (db) => {
        await inTransaction(db, ['imports'], 'readwrite', async (tx) => {
          const store = tx.objectStore('imports');
          const job = parseJob(await store.get(jobKey(jobId)));
          if (job && (job.state === 'done' || job.state === 'rolled-back')) {
            await issueAll([() => store.delete(batchKeys(jobId)), () => store.delete(jobKey(jobId))]);
          }
        });
        return { value: null, change: null };
      }),

    restoreRecords: (items) =>
      write(async (db) => {
        const result: RestoreResult = { added: 0, replaced: 0, invalid: 0, duplicates: 0 };
        // Valid items, one per id and per canonical URL (a hand-edited backup may repeat one).
        const batch: Array<{ record: StoredRecord; position: ReadingPosition | null; canonical: string }> = [];
        const ids = new Set<string>();
        const urls = new Set<string>();
        for (const item of items) {
          const parsed = parseRecord(item.record);
          const position = item.position === null ? null : v.safeParse(PositionSchema, item.position);
          if (!parsed.ok || (position !== null && !position.success)) {
            result.invalid++;
            continue;
          }
          const canonical = canonicalArticleUrl(parsed.record.article.url);
          if (ids.has(parsed.record.id) || urls.has(canonical)) {
            result.duplicates++;
            continue;
          }
          ids.add(parsed.record.id);
          urls.add(canonical);
          batch.push({ record: parsed.record, position: position?.output ?? null, canonical });
        }
        const displaced = await inTransaction(db, ['records', 'entries', 'meta'], 'readwrite', async (tx) => {
          const records = tx.objectStore('records');
          const byUrl = tx.objectStore('entries').index('canonicalUrl');
          const [present, sameUrl] = await Promise.all([
            issueAll(
              batch.map(
                ({ record }) =>
                  () =>
                    records.count(record.id),
              ),
            ),
            issueAll(
              batch.map(
                ({ canonical }) =>
                  () =>
                    byUrl.getAllKeys(canonical),
              ),
            ),
          ]);
          const gone: string[] = [];
          let delta = 0;
          for (const [i, { record }] of batch.entries()) {
            // Another copy of the same article under another id: the backup's copy takes its place.
            const others = sameUrl[i]!.filter((id) => id !== record.id && !ids.has(id));
            for (const id of others) {
              await issueAll([() => records.delete(id), () => tx.objectStore('entries').delete(id)]);
              gone.push(id);
            }
            if (present[i]! > 0 || others.length > 0) result.replaced++;
            else result.added++;
            delta += (present[i]! > 0 ? 0 : 1) - others.length;
            await putRecord(tx, record);
          }
          await countRecords(tx, delta);
          return gone;
        });
        // Positions after the records are in: stopped between the two, an article is restored
        // without its position (read again from the start), never a position without its article.
        const positions: Record<string, ReadingPosition> = {};
        const cleared = [...displaced];
        for (const { record, position } of batch) {
          if (position) positions[savedPositionKey(record.id)] = position;
          else cleared.push(record.id);
        }
        try {
          if (cleared.length > 0) await browser.storage.local.remove(cleared.map(savedPositionKey));
          if (Object.keys(positions).length > 0) await browser.storage.local.set(positions);
        } catch (error) {
          console.warn('Reading positions were not restored:', error);
        }
        if (displaced.length > 0) postLibraryChange({ kind: 'purged', ids: displaced });
        return { value: result, change: { kind: 'imported', ids: batch.map(({ record }) => record.id) } };
      }),

    remove: (id) => writer.deleteArticles([id]).then(one),
    restore: (id) => writer.restoreArticles([id]).then(one),
    setRead: (id, read) => writer.setArticlesRead([id], read).then(one),
  };
  return writer;
}
