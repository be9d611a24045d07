/**
 * The background's side of import jobs (utils/library/import-job.ts): commits a staged job batch
 * by batch through the writer (each batch one transaction, with the job's progress), rolls one
 * back when the user cancels or a batch cannot land, and carries on with any job a stopped service
 * worker or a browser restart interrupted — each time the background starts, and whenever a
 * library page opens. Nothing is kept in memory that is not also in the job.
 */
import { browser } from 'wxt/browser';
import { jobPending, stagingLockName, type ImportJob } from '../library/import-job';
import type { LibraryWriter } from '../library/writer';
import type { LibraryWriteResult } from '../library/types';

/** How long a job may sit in `staging` without its page's lock (a browser without Web Locks) before it counts as abandoned. */
export const STAGING_STALE_MS = 2 * 60_000;

/** What the runner needs besides the writer; injectable so tests decide. */
export interface ImportRunnerDeps {
  /** Whether the page staging `job` is still there. */
  stagerAlive?: (job: ImportJob) => Promise<boolean>;
  /** Called between batches: an extension API call keeps Chrome's service worker awake while it works. */
  keepAlive?: () => Promise<unknown>;
  now?: () => number;
}

/** Whether the staging page still holds the job's Web Lock; without Web Locks, whether the job was touched lately. */
async function defaultStagerAlive(job: ImportJob, now: () => number): Promise<boolean> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (locks) {
    const state = await locks.query();
    return (state.held ?? []).some((lock) => lock.name === stagingLockName(job.id));
  }
  return now() - job.updatedAt < STAGING_STALE_MS;
}

/** The background's import jobs: commit, cancel, resume, dismiss. */
export function createImportRunner(writer: LibraryWriter, deps: ImportRunnerDeps = {}) {
  const now = deps.now ?? Date.now;
  const stagerAlive = deps.stagerAlive ?? ((job: ImportJob) => defaultStagerAlive(job, now));
  const keepAlive = deps.keepAlive ?? (() => browser.runtime.getPlatformInfo());
  /** The job loops running in this background (one per job). */
  const running = new Map<string, Promise<void>>();

  /** Steps a job until it has nothing left to do; a batch that cannot land turns into a rollback. */
  function drive(jobId: string): Promise<void> {
    const current = running.get(jobId);
    if (current) return current;
    const run = (async () => {
      let failures = 0;
      for (;;) {
        const step = await writer.importStep(jobId);
        if (!step.ok) {
          // Twice in a row (the rollback cannot land either): leave it for the next start.
          if (++failures > 1) return;
          const stopped = await writer.stopImport(jobId, 'failed', step.message);
          if (!stopped.ok || !stopped.value || !jobPending(stopped.value)) return;
          continue;
        }
        failures = 0;
        if (!step.value || !jobPending(step.value)) return;
        await Promise.resolve()
          .then(keepAlive)
          .catch(() => undefined);
      }
    })().finally(() => running.delete(jobId));
    running.set(jobId, run);
    return run;
  }

  async function jobs(): Promise<LibraryWriteResult<ImportJob[]>> {
    return writer.listImports();
  }

  const find = async (jobId: string): Promise<LibraryWriteResult<ImportJob | null>> => {
    const all = await jobs();
    return all.ok ? { ok: true, value: all.value.find((job) => job.id === jobId) ?? null } : all;
  };

  return {
    /** Starts committing a staged job; answers at once with the job as it stands. */
    async commit(jobId: string): Promise<LibraryWriteResult<ImportJob | null>> {
      void drive(jobId);
      return find(jobId);
    },
    /** Stops a job and rolls back what of it landed. */
    async cancel(jobId: string): Promise<LibraryWriteResult<ImportJob | null>> {
      const stopped = await writer.stopImport(jobId, 'cancelled');
      if (stopped.ok && stopped.value && jobPending(stopped.value)) void drive(jobId);
      return stopped;
    },
    /** Forgets a finished job. */
    dismiss: (jobId: string) => writer.dismissImport(jobId),
    /**
     * Carries on with every interrupted job (committing, or rolling back) and rolls back a job
     * whose page went away while staging it; answers with every job.
     */
    async resume(): Promise<LibraryWriteResult<ImportJob[]>> {
      const all = await jobs();
      if (!all.ok) return all;
      for (const job of all.value) {
        if (jobPending(job)) void drive(job.id);
        else if (job.state === 'staging' && !(await stagerAlive(job))) await writer.stopImport(job.id, 'interrupted');
      }
      return jobs();
    },
    /** Resolves when every job loop running now has stopped (tests). */
    async idle(): Promise<void> {
      while (running.size > 0) await Promise.all([...running.values()]);
    },
  };
}

/** The background's import jobs. */
export type ImportRunner = ReturnType<typeof createImportRunner>;
