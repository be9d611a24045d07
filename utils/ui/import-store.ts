/**
 * The library page's import, outside components (Preact signals): a file picked or dropped is
 * parsed (utils/import, capped), its items sanitized and mapped (import-map.ts) and staged into an
 * import job in batches (import-stage.ts) while the page stays usable; then the background is asked
 * to commit the job (`commitImport`) and reports its progress on the import channel until the
 * report. A refused file gets its reason and writes nothing. Every dependency is injectable.
 */
import { signal } from '@preact/signals';
import type { parseImport } from '../import';
import { MAX_BACKUP_FILE_BYTES, MAX_FILE_BYTES } from '../import/limits';
import { BACKUP_PART_RE } from '../import/backup-schema';
import { zipNamesFromEnd } from '../import/zip';
import type { ImportFile } from '../import/detect';
import type { ImportErrorCode, ImportResult } from '../import/types';
import {
  IMPORT_JOB_BATCH,
  REPORTED_ROWS,
  jobFinished,
  jobPending,
  stagingLockName,
  watchImportJobs,
  type ImportJob,
  type ParseSummary,
  type StagedItem,
} from '../library/import-job';
import { backupFromReport, restoreBackup, type ParsedBackup, type RestoreOutcome } from '../library/restore-backup';
import { sendMessage } from '../model/messaging';
import type { stagedItemFor } from './import-map';
import { createStagingJob, discardStaging, finishStaging, readImportJobs, stageBatch } from './import-stage';

/** Why a file was refused: a parser's code, or the page could not read it or store the job. */
export type ImportRefusal = ImportErrorCode | 'unreadable' | 'storage';

/** What the import shows. */
export type ImportView =
  | { phase: 'idle' }
  | { phase: 'reading'; fileName: string }
  | { phase: 'refused'; fileName: string; code: ImportRefusal; detail: string }
  | { phase: 'staging'; fileName: string; jobId: string; done: number; total: number }
  | { phase: 'cancelled'; fileName: string }
  | { phase: 'job'; job: ImportJob }
  // Reader's own backup: restored exactly (ids, times, state, positions, settings), not imported.
  /** A backup was read: what restoring it will do waits for the user's go-ahead. */
  | { phase: 'backup'; fileName: string; articles: number; skipped: number; settings: boolean }
  | { phase: 'restoring'; fileName: string; done: number; total: number }
  | { phase: 'restored'; fileName: string; outcome: RestoreOutcome; skipped: number };

/** A file as the picker or a drop gives it. */
export interface PickedFile {
  name: string;
  size: number;
  bytes(): Promise<Uint8Array>;
  /** Bytes `start` to `end` only (a large zip's directory, read before the file is); without it a file over MAX_FILE_BYTES is refused unread. */
  slice?(start: number, end: number): Promise<Uint8Array>;
}

/** Whether a file's zip directory lists parts of Reader's backup (read from its end, not the whole file). */
async function isBackupInParts(file: PickedFile): Promise<boolean> {
  if (!file.slice) return false;
  try {
    const names = await zipNamesFromEnd(file.size, (start, end) => file.slice!(start, end));
    return names !== null && names.some((name) => BACKUP_PART_RE.test(name));
  } catch {
    return false;
  }
}

/** What the import store uses; every part can be replaced in tests. */
export interface ImportStoreDeps {
  /** Loads what `parse` and `mapItem` run (the parsers, zip, CSV, the sanitizer), before the first parse. */
  prepare: () => Promise<void>;
  parse: (file: ImportFile) => ImportResult;
  mapItem: typeof stagedItemFor;
  createStagingJob: typeof createStagingJob;
  stageBatch: typeof stageBatch;
  finishStaging: typeof finishStaging;
  discardStaging: typeof discardStaging;
  readImportJobs: typeof readImportJobs;
  send: typeof sendMessage;
  watchImportJobs: typeof watchImportJobs;
  /** Holds the named Web Lock while `work` runs (the background sees a staging page go away). */
  withLock: <T>(name: string, work: () => Promise<T>) => Promise<T>;
  /** Restores a backup exactly, through the background's restoreBackup message (utils/library/restore-backup). */
  restoreBackup: typeof restoreBackup;
  /** Lets the page paint and handle input between slices of work. */
  yieldToPage: () => Promise<void>;
  newId: () => string;
  now: () => number;
  /** A monotonic clock in milliseconds, for slicing the mapping (performance.now). */
  clock: () => number;
}

/** The import's own code, loaded when a file is imported: the library page does not parse and run it to open. */
let pipeline: { parseImport: typeof parseImport; stagedItemFor: typeof stagedItemFor } | null = null;
async function loadPipeline(): Promise<void> {
  if (pipeline) return;
  const [parsers, mapping] = await Promise.all([import('../import'), import('./import-map')]);
  pipeline = { parseImport: parsers.parseImport, stagedItemFor: mapping.stagedItemFor };
}
function loaded(): NonNullable<typeof pipeline> {
  if (!pipeline) throw new Error('The import code is not loaded (prepare first)');
  return pipeline;
}

const defaultDeps: ImportStoreDeps = {
  prepare: loadPipeline,
  parse: (file) => loaded().parseImport(file),
  mapItem: (item, label, options) => loaded().stagedItemFor(item, label, options),
  createStagingJob,
  stageBatch,
  finishStaging,
  discardStaging,
  readImportJobs,
  send: sendMessage,
  watchImportJobs,
  restoreBackup,
  withLock: (name, work) => {
    const locks = (globalThis.navigator as Navigator | undefined)?.locks;
    return locks ? (locks.request(name, work) as Promise<Awaited<ReturnType<typeof work>>>) : work();
  },
  yieldToPage: () => new Promise((resolve) => setTimeout(resolve, 0)),
  newId: () => crypto.randomUUID(),
  now: () => Date.now(),
  clock: () => performance.now(),
};

/**
 * Milliseconds of mapping between two yields to the page: short enough for input to be handled at
 * once. By time, not by count: an Omnivore body takes a few milliseconds, a Pocket link a few
 * microseconds (a yield every 50 links made 10,000 of them wait 200 clamped timers).
 */
const MAP_SLICE_MS = 12;

/** The parse summary a job keeps for its report. */
export function parseSummary(report: Extract<ImportResult, { ok: true }>['report']): ParseSummary {
  return {
    items: report.items.length,
    duplicates: report.duplicates.length,
    skipped: report.skipped.slice(0, REPORTED_ROWS).map(({ row, reason }) => ({ row: String(row).slice(0, 300), reason: reason.slice(0, 2000) })),
    skippedCount: report.skipped.length,
    warnings: report.warnings.slice(0, 100).map((w) => w.slice(0, 2000)),
  };
}

const STATE_ORDER: Record<ImportJob['state'], number> = { staging: 0, staged: 1, committing: 2, 'rolling-back': 3, done: 4, 'rolled-back': 4 };

/** Which of two states of one job came later (> 0: `a`), by its state and then its batches (clocks may differ). */
export function compareProgress(a: ImportJob, b: ImportJob): number {
  const byState = STATE_ORDER[a.state] - STATE_ORDER[b.state];
  if (byState !== 0 || a.state !== b.state) return byState;
  // A rollback counts its batches down.
  return a.state === 'rolling-back' ? b.nextBatch - a.nextBatch : a.nextBatch - b.nextBatch;
}

/** Creates the import store of one library page. */
export function createImportStore(overrides: Partial<ImportStoreDeps> = {}) {
  const deps: ImportStoreDeps = { ...defaultDeps, ...overrides };
  const view = signal<ImportView>({ phase: 'idle' });
  // Read through a function: TypeScript would keep the narrowing of the last assignment to `view.value`.
  const current = (): ImportView => view.value;
  /** Set by Cancel while this page is staging. */
  let cancelStaging = false;
  /** The backup shown in the 'backup' phase, until it is restored or put aside. */
  let pendingBackup: ParsedBackup | null = null;

  const busy = (): boolean => {
    const v = view.value;
    return v.phase === 'reading' || v.phase === 'staging' || v.phase === 'restoring' || (v.phase === 'job' && !jobFinished(v.job));
  };

  /** Shows a job the background told about, if it is the one shown or nothing else is going on. */
  function showJob(job: ImportJob): void {
    const v = view.value;
    if (v.phase === 'job' && v.job.id === job.id) {
      // Updates can arrive out of order (the channel and a reply): never go back.
      if (compareProgress(job, v.job) >= 0) view.value = { phase: 'job', job };
    } else if (v.phase === 'staging' && v.jobId === job.id) {
      if (job.state !== 'staging') view.value = { phase: 'job', job };
    } else if (!busy() && job.state !== 'staging' && v.phase !== 'backup' && v.phase !== 'restored') view.value = { phase: 'job', job };
  }

  function refuse(fileName: string, code: ImportRefusal, detail: string): void {
    view.value = { phase: 'refused', fileName, code, detail };
  }

  async function stage(fileName: string, result: Extract<ImportResult, { ok: true }>): Promise<void> {
    const { report } = result;
    const id = deps.newId();
    const items = report.items;
    // The lock first: a background that resumes jobs meanwhile sees the job as being staged.
    const staged = await deps.withLock(stagingLockName(id), async () => {
      await deps.createStagingJob({ id, fileName, format: report.format, parse: parseSummary(report), now: deps.now() });
      view.value = { phase: 'staging', fileName, jobId: id, done: 0, total: items.length };
      for (let seq = 0, from = 0; from < items.length; seq++, from += IMPORT_JOB_BATCH) {
        const batch: StagedItem[] = [];
        const end = Math.min(items.length, from + IMPORT_JOB_BATCH);
        let slice = deps.clock();
        for (let at = from; at < end; at++) {
          if (cancelStaging) break;
          batch.push(deps.mapItem(items[at]!, `item ${at + 1}`, { now: deps.now() }));
          if (deps.clock() - slice >= MAP_SLICE_MS) {
            await deps.yieldToPage();
            slice = deps.clock();
          }
        }
        if (cancelStaging || !(await deps.stageBatch(id, seq, batch, deps.now()))) return null;
        view.value = { phase: 'staging', fileName, jobId: id, done: end, total: items.length };
        await deps.yieldToPage();
      }
      return deps.finishStaging(id, deps.now());
    });
    if (!staged) {
      // Cancelled (or stopped from elsewhere) before anything reached the library: its batches go.
      await deps.discardStaging(id);
      view.value = { phase: 'cancelled', fileName };
      return;
    }
    view.value = { phase: 'job', job: staged };
    const answer = await deps.send('commitImport', { jobId: id });
    if (answer.ok && answer.value) showJob(answer.value);
  }

  return {
    view,

    /** Shows the latest job (a report not yet seen, or one still running), follows the background's updates, and asks it to resume; returns the stop. */
    start(): () => void {
      const stop = deps.watchImportJobs(showJob);
      void (async () => {
        try {
          const jobs = await deps.readImportJobs();
          const latest = jobs.filter((job) => job.state !== 'staging').at(-1);
          if (latest) showJob(latest);
          // Only a job left unfinished needs the background (which also resumes them when it
          // starts): no message is left in flight by a page opened and closed at once, which
          // Firefox reports as an error when the page has gone before the answer.
          if (jobs.every((job) => job.state === 'done' || job.state === 'rolled-back')) return;
          const resumed = await deps.send('resumeImports', {});
          if (resumed.ok) {
            const current = resumed.value.filter((job) => job.state !== 'staging').at(-1);
            if (current) showJob(current);
          }
        } catch (error) {
          console.warn('Import jobs could not be read:', error);
        }
      })();
      return stop;
    },

    /** Imports a picked or dropped file; ignored while another import is running. */
    async importFile(file: PickedFile): Promise<void> {
      if (busy()) return;
      cancelStaging = false;
      // Refused before reading it: a 200 MB file is not loaded into the page at all — unless its
      // zip directory, read from its end, says it is Reader's backup in parts (allowed larger).
      if (file.size > MAX_FILE_BYTES && !(file.size <= MAX_BACKUP_FILE_BYTES && (await isBackupInParts(file)))) return refuse(file.name, 'too-large', '');
      if (file.size === 0) return refuse(file.name, 'empty', '');
      view.value = { phase: 'reading', fileName: file.name };
      let bytes: Uint8Array;
      try {
        bytes = await file.bytes();
      } catch (error) {
        return refuse(file.name, 'unreadable', error instanceof Error ? error.message : String(error));
      }
      // The spinner paints before the parse holds the page.
      await deps.yieldToPage();
      let result: ImportResult;
      try {
        await deps.prepare();
        result = deps.parse({ name: file.name, bytes });
      } catch (error) {
        return refuse(file.name, 'unreadable', error instanceof Error ? error.message : String(error));
      }
      if (!result.ok) return refuse(file.name, result.error.code, result.error.message);
      pendingBackup = null;
      if (result.report.format === 'backup-json' || result.report.format === 'backup-zip') {
        // Not through the import path (which sanitizes bodies again and gives new ids): said first, restored on the go-ahead.
        pendingBackup = backupFromReport(result.report);
        view.value = {
          phase: 'backup',
          fileName: file.name,
          articles: pendingBackup.count,
          skipped: result.report.skipped.length,
          settings: pendingBackup.settings !== null,
        };
        return;
      }
      try {
        await stage(file.name, result);
      } catch (error) {
        const v = current();
        if (v.phase === 'staging') await deps.discardStaging(v.jobId).catch(() => undefined);
        refuse(file.name, 'storage', error instanceof Error ? error.message : String(error));
      }
    },

    /**
     * Restores the backup the 'backup' phase shows: merged into the library, the backup's copy of
     * each article replacing the library's (same id or address), the others left as they are; then
     * its settings. A batch per message, each landing whole; stopped at a refused batch (the ones
     * before it stay restored), which the outcome says.
     */
    async restore(): Promise<void> {
      const v = view.value;
      const backup = pendingBackup;
      if (v.phase !== 'backup' || !backup) return;
      pendingBackup = null;
      const { fileName, skipped } = v;
      view.value = { phase: 'restoring', fileName, done: 0, total: backup.count };
      let outcome: RestoreOutcome;
      try {
        outcome = await deps.restoreBackup(backup, { onProgress: ({ done, total }) => (view.value = { phase: 'restoring', fileName, done, total }) });
      } catch (error) {
        outcome = { added: 0, replaced: 0, invalid: 0, duplicates: 0, settingsRestored: false, error: error instanceof Error ? error.message : String(error) };
      }
      view.value = { phase: 'restored', fileName, outcome, skipped };
    },

    /** Stops the import: staging ends with nothing written; a committing job is rolled back by the background. */
    async cancel(): Promise<void> {
      const v = view.value;
      if (v.phase === 'backup') {
        // Nothing was written: the backup is put aside.
        pendingBackup = null;
        view.value = { phase: 'idle' };
      } else if (v.phase === 'staging') cancelStaging = true;
      else if (v.phase === 'job' && jobPending(v.job)) {
        const answer = await deps.send('cancelImport', { jobId: v.job.id });
        if (answer.ok && answer.value) showJob(answer.value);
      }
    },

    /** Closes a report or a refusal (a finished job is forgotten by the background). */
    async dismiss(): Promise<void> {
      const v = view.value;
      if (v.phase === 'job') {
        if (!jobFinished(v.job)) return;
        view.value = { phase: 'idle' };
        await deps.send('dismissImport', { jobId: v.job.id });
      } else if (v.phase === 'refused' || v.phase === 'cancelled' || v.phase === 'restored') view.value = { phase: 'idle' };
    },
  };
}

/** The import store of a library page. */
export type ImportStore = ReturnType<typeof createImportStore>;
