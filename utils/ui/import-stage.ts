/**
 * The library page's side of an import job (import-job.ts): it writes the job and its staged
 * batches into the `imports` store, one transaction per batch, and reads jobs back to show them.
 * It never writes the library's own stores: the background commits what is staged (and validates
 * it again); until the page marks the job `staged`, nothing of it reaches the library.
 */
import { inTransaction, openLibraryDb, type LibraryDb } from '../library/db';
import { JOB_KEYS, batchKey, batchKeys, jobKey, parseJob, type ImportJob, type ParseSummary, type StagedItem } from '../library/import-job';

async function database(): Promise<LibraryDb> {
  const { db, newer } = await openLibraryDb();
  // A newer extension owns the library: the background would refuse the commit anyway.
  if (newer || !db.objectStoreNames.contains('imports')) throw new Error('The library was written by a newer version of Reader.');
  return db;
}

/** What the page knows when it starts staging a file. */
export interface NewJob {
  id: string;
  fileName: string;
  format: string;
  parse: ParseSummary;
  now: number;
}

/** Writes a new job in the `staging` state (nothing staged yet). */
export async function createStagingJob({ id, fileName, format, parse, now }: NewJob): Promise<ImportJob> {
  const job: ImportJob = {
    id,
    fileName: fileName.slice(0, 300),
    format,
    state: 'staging',
    outcome: null,
    message: null,
    createdAt: now,
    updatedAt: now,
    total: 0,
    batches: 0,
    nextBatch: 0,
    added: 0,
    merged: 0,
    invalid: [],
    invalidCount: 0,
    parse,
  };
  const db = await database();
  await inTransaction(db, ['imports'], 'readwrite', (tx) => tx.objectStore('imports').put(job, jobKey(id)));
  return job;
}

/** Stages batch `seq` of a job that is still staging; false when the job has gone or was stopped meanwhile. */
export async function stageBatch(jobId: string, seq: number, items: readonly StagedItem[], now: number): Promise<boolean> {
  const db = await database();
  return inTransaction(db, ['imports'], 'readwrite', async (tx) => {
    const store = tx.objectStore('imports');
    const job = parseJob(await store.get(jobKey(jobId)));
    if (job?.state !== 'staging') return false;
    await store.put({ jobId, seq, items, undo: null }, batchKey(jobId, seq));
    await store.put({ ...job, total: job.total + items.length, batches: seq + 1, updatedAt: now } satisfies ImportJob, jobKey(jobId));
    return true;
  });
}

/** Marks a job's staging complete: from now on the background commits it, even after a restart. */
export async function finishStaging(jobId: string, now: number): Promise<ImportJob | null> {
  const db = await database();
  return inTransaction(db, ['imports'], 'readwrite', async (tx) => {
    const store = tx.objectStore('imports');
    const job = parseJob(await store.get(jobKey(jobId)));
    if (job?.state !== 'staging') return null;
    const staged: ImportJob = { ...job, state: 'staged', updatedAt: now };
    await store.put(staged, jobKey(jobId));
    return staged;
  });
}

/** Removes a job the page was still staging (the user cancelled): its batches and itself. */
export async function discardStaging(jobId: string): Promise<void> {
  const db = await database();
  await inTransaction(db, ['imports'], 'readwrite', async (tx) => {
    const store = tx.objectStore('imports');
    const job = parseJob(await store.get(jobKey(jobId)));
    if (job?.state !== 'staging') return;
    await store.delete(batchKeys(jobId));
    await store.delete(jobKey(jobId));
  });
}

/** Every job, oldest first (damaged ones left out). */
export async function readImportJobs(): Promise<ImportJob[]> {
  const { db, newer } = await openLibraryDb();
  if (newer || !db.objectStoreNames.contains('imports')) return [];
  const raws = await inTransaction(db, ['imports'], 'readonly', (tx) => tx.objectStore('imports').getAll(JOB_KEYS()));
  return raws
    .map(parseJob)
    .filter((job) => job !== null)
    .sort((a, b) => a.createdAt - b.createdAt);
}
