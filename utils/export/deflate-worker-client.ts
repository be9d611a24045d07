/**
 * A Deflater (deflate.ts) that compresses in a worker: zip files are deflated beside the page's
 * thread, which converts the next articles meanwhile. Whatever goes wrong with the worker — it
 * cannot start, it fails, the page has no Worker — the files it held are compressed in the page
 * instead (the same bytes: the same function), so an export never stops for it.
 */
import { deflateFile, type DeflatedFile, type Deflater, type DeflateLevel } from './deflate';
import type { DeflateReply, DeflateRequest } from './deflate-protocol';
import { utf8 } from './output';

/** The part of a Worker the client uses (a fake in tests). */
export interface DeflateWorkerLike {
  postMessage(message: DeflateRequest, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<DeflateReply>) => void): void;
  addEventListener(type: 'error', listener: (event: Event) => void): void;
  terminate(): void;
}

/** A deflater and the way to stop its worker. */
export interface WorkerDeflater {
  deflate: Deflater;
  /** Terminates the worker; files still asked for are compressed in the page. */
  close(): void;
}

interface Waiting {
  data: string | Uint8Array;
  level: DeflateLevel;
  resolve: (file: DeflatedFile) => void;
  reject: (error: Error) => void;
}

function startWorker(): DeflateWorkerLike | null {
  if (typeof Worker === 'undefined') return null;
  try {
    return new Worker(new URL('./deflate-worker.ts', import.meta.url), { type: 'module', name: 'export-deflate' }) as unknown as DeflateWorkerLike;
  } catch {
    return null;
  }
}

/** Starts the export's compression worker (`start` replaces it in tests); without one, compresses in the page. */
export function createWorkerDeflater(start: () => DeflateWorkerLike | null = startWorker): WorkerDeflater {
  let worker = start();
  const waiting = new Map<number, Waiting>();
  let nextId = 0;

  // The worker's files, compressed here instead: in the order they were asked for.
  const fallBack = (): void => {
    worker?.terminate();
    worker = null;
    const left = [...waiting.values()];
    waiting.clear();
    for (const w of left) {
      try {
        w.resolve(deflateFile(w.data, w.level));
      } catch (error) {
        w.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
  };

  worker?.addEventListener('message', ({ data: reply }) => {
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    if (reply.ok) w.resolve(reply.file);
    // A file the worker could not compress is tried here, where a real error is thrown to the export.
    else
      try {
        w.resolve(deflateFile(w.data, w.level));
      } catch (error) {
        w.reject(error instanceof Error ? error : new Error(String(error)));
      }
  });
  worker?.addEventListener('error', (event) => {
    // A worker that did not load (a blocked or missing script) or crashed: not an export failure.
    event.preventDefault?.();
    console.warn('export: the compression worker failed; compressing in the page instead');
    fallBack();
  });

  return {
    deflate: (data, level) => {
      if (!worker) return deflateFile(data, level);
      const id = nextId++;
      // Text is encoded here and its bytes transferred: posting the string itself copied it,
      // which cost the page more than encoding it (profiled). Bytes the caller gave are
      // copied (structured clone), not transferred: the caller may still hold them.
      const bytes = typeof data === 'string' ? utf8(data) : data;
      return new Promise<DeflatedFile>((resolve, reject) => {
        waiting.set(id, { data, level, resolve, reject });
        if (bytes === data) worker!.postMessage({ id, data: bytes, level });
        else worker!.postMessage({ id, data: bytes, level }, [bytes.buffer as ArrayBuffer]);
      });
    },
    close: fallBack,
  };
}
