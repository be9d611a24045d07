/**
 * An import job, as the library page stages it and the background commits it (docs/architecture.md,
 * "Importing"). Both sides share this module: the shapes and keys of the `imports` store (db.ts),
 * their runtime checks (everything read back is validated), and the channel the background reports
 * progress on.
 *
 * The page parses the file and sanitizes the bodies (it has a DOM), then writes the job and its
 * batches of ready items here — never the library's own stores. The background commits one batch
 * per transaction over the library's stores and this one, so each batch lands whole together with
 * the job's progress, and keeps in each committed batch what undoes it (rollback).
 */
import * as v from 'valibot';
import { ArticleSchema } from '../model/article-schema';
import { ContentSchema, HighlightsSchema } from './schema';

/** Items per staged batch, and so per commit transaction (the writer's IMPORT_BATCH). */
export const IMPORT_JOB_BATCH = 500;
/** Skipped or refused rows whose reasons a job keeps for the report (the count is kept beyond that). */
export const REPORTED_ROWS = 1000;
/** Name of the BroadcastChannel the background reports a job's progress on. */
export const IMPORT_CHANNEL = 'reader-import';

/**
 * Where a job is:
 * - `staging`: the page is writing batches (the library is untouched); abandoned when the page goes;
 * - `staged`: every batch is written; the background commits it (also after a restart);
 * - `committing`: `nextBatch` batches have landed in the library;
 * - `rolling-back`: cancelled or failed; `nextBatch` batches are still to undo;
 * - `done`, `rolled-back`: finished; kept until the user has seen the report.
 */
export type ImportJobState = 'staging' | 'staged' | 'committing' | 'rolling-back' | 'done' | 'rolled-back';
/** Why a job was rolled back: the user cancelled, a write failed, or the page closed while staging. */
export type ImportJobOutcome = 'cancelled' | 'failed' | 'interrupted';

const Count = v.pipe(v.number(), v.integer(), v.minValue(0));
const Time = v.pipe(v.number(), v.finite());
const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));
/** A row label ("3", "part_000001.csv:12") and the sentence saying why it was not imported. */
const RowReasonSchema = v.object({ row: Text(300), reason: Text(2000) });

/** What the parser found, as the report shows it. */
export const ParseSummarySchema = v.object({
  /** Items the file held (after merging its own repeats). */
  items: Count,
  /** Rows merged into an earlier row of the same file (same address). */
  duplicates: Count,
  skipped: v.pipe(v.array(RowReasonSchema), v.maxLength(REPORTED_ROWS)),
  skippedCount: Count,
  warnings: v.pipe(v.array(Text(2000)), v.maxLength(100)),
});
/** What the parser found. */
export type ParseSummary = v.InferOutput<typeof ParseSummarySchema>;

/** Runtime shape of a job (the `job:<id>` value of the imports store). */
export const ImportJobSchema = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  fileName: Text(300),
  format: Text(50),
  state: v.picklist(['staging', 'staged', 'committing', 'rolling-back', 'done', 'rolled-back']),
  outcome: v.nullable(v.picklist(['cancelled', 'failed', 'interrupted'])),
  /** The failure's sentence (a full disk…), for the report. */
  message: v.nullable(Text(2000)),
  createdAt: Time,
  updatedAt: Time,
  /** Items staged (all batches). */
  total: Count,
  /** Batches staged (known once staging has finished). */
  batches: Count,
  /** Batches committed (while committing) or still committed (while rolling back). */
  nextBatch: Count,
  /** New articles the committed batches added. */
  added: Count,
  /** Items whose article was already saved: tags merged (and the body filled in for a link). */
  merged: Count,
  /** Items the background refused (not a valid record), with why. */
  invalid: v.pipe(v.array(RowReasonSchema), v.maxLength(REPORTED_ROWS)),
  invalidCount: Count,
  parse: ParseSummarySchema,
});
/** An import job. */
export type ImportJob = v.InferOutput<typeof ImportJobSchema>;

/** Runtime shape of a reading position carried by an item (utils/reading/progress ReadingPosition). */
const PositionSchema = v.object({
  block: Count,
  offset: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  progress: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  updatedAt: Time,
});

/** Runtime shape of one staged item: a ready article (sanitized by the page) and its state. */
export const StagedItemSchema = v.object({
  /** Where it was in the file, for the report. */
  row: Text(300),
  content: ContentSchema,
  article: ArticleSchema,
  savedAt: v.nullable(Time),
  readAt: v.nullable(Time),
  archivedAt: v.nullable(Time),
  favourite: v.boolean(),
  tags: v.pipe(v.array(Text(1000)), v.maxLength(1000)),
  /** Where the reader was (Omnivore's progress, a backup's position); null when unknown. */
  position: v.nullable(PositionSchema),
  /** The highlights and notes the service kept (Markdown); absent in items staged before schema 4. */
  highlights: v.optional(v.nullable(HighlightsSchema)),
});
/** One staged item. */
export type StagedItem = v.InferOutput<typeof StagedItemSchema>;

/**
 * What undoes one committed item: an article it added (deleted again), a record it replaced in
 * place (a pending delete of the same address: put back as it was), or a saved article it merged
 * into (the tags it added removed; a link's body it filled in emptied again).
 */
export const UndoStepSchema = v.variant('kind', [
  v.object({ kind: v.literal('added'), id: v.string() }),
  v.object({ kind: v.literal('replaced'), id: v.string(), previous: v.unknown() }),
  v.object({
    kind: v.literal('merged'),
    id: v.string(),
    addedTags: v.array(v.string()),
    linkArticle: v.nullable(ArticleSchema),
    /** Set when the item brought highlights to a copy that had none (steps written before schema 4 have none). */
    addedHighlights: v.optional(v.literal(true)),
  }),
]);
/** What undoes one committed item. */
export type UndoStep = v.InferOutput<typeof UndoStepSchema>;

/** Runtime shape of a batch (`batch:<job>:<seq>`): its items until committed, then what undoes it. */
export const ImportBatchSchema = v.object({
  jobId: v.string(),
  seq: Count,
  /** The staged items; emptied when the batch is committed (the library holds them then). */
  items: v.array(v.unknown()),
  /** Set in the transaction that commits the batch. */
  undo: v.nullable(v.array(UndoStepSchema)),
});
/** A staged or committed batch. */
export type ImportBatch = v.InferOutput<typeof ImportBatchSchema>;

/** The imports store's key of a job. */
export const jobKey = (id: string): string => `job:${id}`;
/** The imports store's key of a job's batch (zero-padded so keys sort in batch order). */
export const batchKey = (id: string, seq: number): string => `batch:${id}:${String(seq).padStart(6, '0')}`;
/** Every job's key. */
export const JOB_KEYS = (): IDBKeyRange => IDBKeyRange.bound('job:', 'job:\uffff');
/** The keys of every batch of a job. */
export const batchKeys = (id: string): IDBKeyRange => IDBKeyRange.bound(`batch:${id}:`, `batch:${id}:\uffff`);

/** Validates a stored job; null when it is damaged. */
export function parseJob(raw: unknown): ImportJob | null {
  const parsed = v.safeParse(ImportJobSchema, raw);
  return parsed.success ? parsed.output : null;
}

/** Whether the job still has work for the background (commit or rollback). */
export function jobPending(job: ImportJob): boolean {
  return job.state === 'staged' || job.state === 'committing' || job.state === 'rolling-back';
}

/** Whether the job has finished (its report is waiting to be seen). */
export function jobFinished(job: ImportJob): boolean {
  return job.state === 'done' || job.state === 'rolled-back';
}

/** The Web Lock the page holds while it stages a job: released when the page goes, so the background knows it was abandoned. */
export const stagingLockName = (id: string): string => `reader-import-staging:${id}`;

/** Tells every open library page how a job stands (a BroadcastChannel does not echo to its sender). */
export function postImportJob(job: ImportJob): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(IMPORT_CHANNEL);
  try {
    channel.postMessage(job);
  } finally {
    channel.close();
  }
}

/** Calls `onJob` with each job update the background posts; returns the unsubscribe. */
export function watchImportJobs(onJob: (job: ImportJob) => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const channel = new BroadcastChannel(IMPORT_CHANNEL);
  channel.onmessage = (event: MessageEvent<unknown>) => {
    const job = parseJob(event.data);
    if (job) onJob(job);
  };
  return () => channel.close();
}
