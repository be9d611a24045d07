/**
 * The exporters' plumbing: a writer that batches small pieces into chunks for the sink, the
 * per-article loop (progress, cancellation) and a ReadableStream over any exporter.
 */
import type { Bytes, ExportEntry, ExportOptions, ExportSink } from './types';

/** Chunks handed to the sink are about this big: few enough calls, little held in memory. */
const CHUNK_BYTES = 64 * 1024;

const encoder = new TextEncoder();

/** UTF-8 bytes of a string (lone surrogates become U+FFFD, as TextEncoder does). */
export function utf8(text: string): Bytes {
  return encoder.encode(text);
}

/** Batches text and bytes into chunks of about CHUNK_BYTES and hands them to the sink in order. */
export class ChunkWriter {
  private parts: Uint8Array[] = [];
  private buffered = 0;
  private written = 0;
  private ended = false;

  constructor(private readonly sink: ExportSink) {}

  /** Bytes handed to the sink so far, plus those buffered. */
  get bytes(): number {
    return this.written + this.buffered;
  }

  /** Queues text (as UTF-8); flushes to the sink when a chunk is full. */
  async text(text: string): Promise<void> {
    await this.write(utf8(text));
  }

  /** Queues bytes; flushes to the sink when a chunk is full. */
  async write(bytes: Uint8Array): Promise<void> {
    if (this.ended) throw new Error('ChunkWriter: write after end');
    if (bytes.length === 0) return;
    this.parts.push(bytes);
    this.buffered += bytes.length;
    if (this.buffered >= CHUNK_BYTES) await this.flush(false);
  }

  /** Flushes what is left and tells the sink this was the last chunk. */
  async end(): Promise<void> {
    if (this.ended) return;
    await this.flush(true);
    this.ended = true;
  }

  private async flush(final: boolean): Promise<void> {
    const only = this.parts.length === 1 ? this.parts[0]! : null;
    const chunk = only && only.buffer instanceof ArrayBuffer ? (only as Bytes) : concat(this.parts, this.buffered);
    this.parts = [];
    this.written += this.buffered;
    this.buffered = 0;
    if (chunk.length > 0 || final) await this.sink(chunk, final);
  }
}

function concat(parts: readonly Uint8Array[], size: number): Bytes {
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Runs `each` on every entry in order, then reports progress; throws the signal's reason between
 * two entries once it is aborted. Returns how many entries were seen.
 */
export async function forEachEntry(
  entries: AsyncIterable<ExportEntry> | Iterable<ExportEntry>,
  options: ExportOptions,
  each: (entry: ExportEntry, index: number) => Promise<void>,
): Promise<number> {
  let index = 0;
  options.signal?.throwIfAborted();
  for await (const entry of entries) {
    await each(entry, index);
    index++;
    options.onProgress?.(index);
    options.signal?.throwIfAborted();
  }
  return index;
}

/**
 * One article's conversion, or undefined when it throws: a damaged body (one the converter
 * chokes on) costs that article, reported as skipped, not the whole export. Only the conversion
 * is guarded; a failure to write the file still ends the export.
 */
export async function convertOrSkip<T>(entry: ExportEntry, convert: () => T | Promise<T>): Promise<T | undefined> {
  try {
    return await convert();
  } catch (error) {
    console.warn(`export: skipped "${entry.article.title}" (${entry.id ?? entry.article.url}):`, error);
    return undefined;
  }
}

/** A ReadableStream of an export's bytes, pulled at the reader's pace (see exportStream in index.ts). */
export function streamFrom(run: (sink: ExportSink, signal: AbortSignal) => Promise<unknown>): ReadableStream<Bytes> {
  const abort = new AbortController();
  // Resolves the exporter's wait once the reader wants more (pull) or has gone (cancel).
  let wake: (() => void) | null = null;
  return new ReadableStream<Bytes>(
    {
      start(controller) {
        const sink: ExportSink = async (chunk, final) => {
          if (abort.signal.aborted) return;
          if (chunk.length > 0) controller.enqueue(chunk);
          if (final) {
            controller.close();
            return;
          }
          if ((controller.desiredSize ?? 1) <= 0) await new Promise<void>((resolve) => (wake = resolve));
        };
        run(sink, abort.signal).catch((err: unknown) => {
          if (!abort.signal.aborted) controller.error(err);
        });
      },
      pull() {
        wake?.();
        wake = null;
      },
      cancel(reason) {
        abort.abort(reason);
        wake?.();
        wake = null;
      },
    },
    // Counted in bytes: about a megabyte may wait for the reader before the exporter pauses.
    { highWaterMark: 1024 * 1024, size: (chunk) => chunk.byteLength },
  );
}
