/**
 * The export's workers (export-worker.ts), a few of them: each compresses zip files and converts
 * Markdown notes beside the page's thread, so an export uses every core. Whatever goes wrong with
 * a worker — it cannot start, it fails, the page has no Worker — the jobs it held are done in the
 * page instead, by the same functions (the same bytes), so an export never stops for it; a job a
 * worker answers with a failure is tried again in the page, where a real error reaches the export.
 */
import { deflateFile, type DeflatedFile, type Deflater, type DeflateLevel } from './deflate';
import type { ExportJobReply, ExportJobRequest } from './export-protocol';
import { convertNote } from './markdown';
import { utf8 } from './output';
import type { ConvertedNote, NoteConversion, NoteConverter, NoteInput } from './types';

/** The part of a Worker the client uses (a fake in tests). */
export interface ExportWorkerLike {
  postMessage(message: ExportJobRequest, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ExportJobReply>) => void): void;
  addEventListener(type: 'error', listener: (event: Event) => void): void;
  terminate(): void;
}

/** What the export's workers do for it, and the way to stop them. */
export interface ExportWorkers {
  deflate: Deflater;
  convertNote: NoteConverter;
  /** Terminates the workers; the jobs they still held are done in the page. */
  close(): void;
}

/** More workers than this gain nothing: the page's own reads and writes are the limit by then. */
const MAX_WORKERS = 4;

/** One worker per core, so the notes are converted on all of them while the page reads and writes. */
export function defaultWorkerCount(): number {
  const cores = typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency || 1;
  return Math.min(MAX_WORKERS, Math.max(1, cores));
}

type Job =
  | { kind: 'deflate'; data: string | Uint8Array; level: DeflateLevel; resolve: (file: DeflatedFile) => void; reject: (error: Error) => void }
  | { kind: 'markdown'; input: NoteInput; conversion: NoteConversion; resolve: (note: ConvertedNote) => void; reject: (error: Error) => void };

/** A job done in the page: what the worker would have answered. */
function runHere(job: Job): void {
  try {
    if (job.kind === 'deflate') job.resolve(deflateFile(job.data, job.level));
    else job.resolve(convertNote(job.input, job.conversion));
  } catch (error) {
    job.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

function startWorker(index: number): ExportWorkerLike | null {
  if (typeof Worker === 'undefined') return null;
  try {
    return new Worker(new URL('./export-worker.ts', import.meta.url), { type: 'module', name: `export-${index + 1}` }) as unknown as ExportWorkerLike;
  } catch {
    return null;
  }
}

interface Slot {
  worker: ExportWorkerLike | null;
  waiting: Map<number, Job>;
}

/** Starts `count` export workers (`start` replaces them in tests); without any, does every job in the page. */
export function createExportWorkers(count = defaultWorkerCount(), start: (index: number) => ExportWorkerLike | null = startWorker): ExportWorkers {
  const slots: Slot[] = [];
  let nextId = 0;

  // A worker's jobs, done here instead: in the order they were asked for.
  const retire = (slot: Slot): void => {
    slot.worker?.terminate();
    slot.worker = null;
    const left = [...slot.waiting.values()];
    slot.waiting.clear();
    left.forEach(runHere);
  };

  for (let i = 0; i < Math.max(1, count); i++) {
    const slot: Slot = { worker: start(i), waiting: new Map() };
    slots.push(slot);
    slot.worker?.addEventListener('message', ({ data: reply }) => {
      const job = slot.waiting.get(reply.id);
      if (!job) return;
      slot.waiting.delete(reply.id);
      if (!reply.ok) runHere(job);
      else if (job.kind === 'deflate' && reply.kind === 'deflate') job.resolve(reply.file);
      else if (job.kind === 'markdown' && reply.kind === 'markdown') job.resolve(reply.note);
      else runHere(job);
    });
    slot.worker?.addEventListener('error', (event) => {
      // A worker that did not load (a blocked or missing script) or crashed: not an export failure.
      event.preventDefault?.();
      console.warn('export: an export worker failed; its files are converted and compressed in the page instead');
      retire(slot);
    });
  }

  // The live worker with the fewest jobs waiting: a slow note does not hold up the others' queue.
  const leastBusy = (): Slot | null => {
    let best: Slot | null = null;
    for (const slot of slots) if (slot.worker && (!best || slot.waiting.size < best.waiting.size)) best = slot;
    return best;
  };

  const send = (job: Job): void => {
    const slot = leastBusy();
    if (!slot) return runHere(job);
    const id = nextId++;
    slot.waiting.set(id, job);
    if (job.kind === 'markdown') {
      slot.worker!.postMessage({ id, kind: 'markdown', input: job.input, conversion: job.conversion });
      return;
    }
    // Text is encoded here and its bytes transferred: posting the string itself copied it, which
    // cost the page more than encoding it (profiled). Bytes the caller gave are copied
    // (structured clone), not transferred: the caller may still hold them.
    const bytes = typeof job.data === 'string' ? utf8(job.data) : job.data;
    if (bytes === job.data) slot.worker!.postMessage({ id, kind: 'deflate', data: bytes, level: job.level });
    else slot.worker!.postMessage({ id, kind: 'deflate', data: bytes, level: job.level }, [bytes.buffer as ArrayBuffer]);
  };

  return {
    deflate: (data, level) => {
      if (!leastBusy()) return deflateFile(data, level);
      return new Promise<DeflatedFile>((resolve, reject) => send({ kind: 'deflate', data, level, resolve, reject }));
    },
    convertNote: (input, conversion) => new Promise<ConvertedNote>((resolve, reject) => send({ kind: 'markdown', input, conversion, resolve, reject })),
    close: () => slots.forEach(retire),
  };
}
