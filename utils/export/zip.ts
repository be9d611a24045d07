/**
 * A streaming zip on fflate's Zip: each file is compressed in one piece (deflate.ts) and its bytes
 * go to the sink in the order the files were added, so memory holds a few files, never the
 * archive. The compression may be done elsewhere: with a deflater that answers later (the
 * export's workers, export-worker-client.ts) the page converts the next articles meanwhile, and
 * at most MAX_IN_FLIGHT files (MAX_IN_FLIGHT_BYTES of input) wait for it.
 */
import { Zip, type ZipInputFile } from 'fflate';
import { deflateFile, type DeflatedFile, type Deflater, type DeflateLevel } from './deflate';
import type { ChunkWriter } from './output';

/** fflate writes neither ZIP64 nor more entries than the 16-bit count of the classic format. */
export const MAX_ZIP_ENTRIES = 0xffff;
const MAX_ZIP_BYTES = 0xffffffff;

/**
 * Level 1: on article text it deflates in about two thirds of level 6's time for a file some 6 %
 * larger (measured on 26 kB of prose); at 10,000 articles time matters more.
 */
export const ZIP_LEVEL: DeflateLevel = 1;

/** Files handed to the deflater and not yet written: enough to keep a worker busy, little held. */
export const MAX_IN_FLIGHT = 8;
/** Input bytes (UTF-16 units for text) handed to the deflater and not yet written. */
export const MAX_IN_FLIGHT_BYTES = 8 * 1024 * 1024;

// DOS dates (zip's modification time) cover 1980–2107 and fflate accepts 1980–2099: a date
// outside (an import with time_added 0) is clamped instead of failing the whole export.
const MIN_MTIME = new Date(1980, 0, 2).getTime();
const MAX_MTIME = new Date(2099, 11, 31).getTime();

interface Pending {
  name: string;
  mtime: number;
  weight: number;
  done: Promise<DeflatedFile>;
}

/** Adds files one at a time to a zip whose bytes go to `out`. */
export class ZipWriter {
  private readonly zip: Zip;
  private readonly queue: Pending[] = [];
  private inFlightBytes = 0;
  private chunks: Uint8Array[] = [];
  private failure: Error | null = null;
  private entries = 0;
  private size = 0;

  constructor(
    private readonly out: ChunkWriter,
    private readonly level: DeflateLevel = ZIP_LEVEL,
    private readonly deflate: Deflater = deflateFile,
  ) {
    this.zip = new Zip((err, data) => {
      if (err) this.failure = err;
      else this.chunks.push(data);
    });
  }

  /**
   * Adds one file (text is written as UTF-8; `data` is the whole file), `mtime` in ms since the
   * epoch. Resolves once the file is queued: its bytes are written by a later add or by end().
   */
  async add(name: string, data: string | Uint8Array, mtime: number): Promise<void> {
    await this.enqueue(
      name,
      Promise.resolve().then(() => this.deflate(data, this.level)),
      mtime,
      data.length,
    );
  }

  /**
   * Adds one file compressed elsewhere (deflate.ts deflateFile's answer, at any level), `weight`
   * its size in flight; written in order with the others, as add's are.
   */
  async addCompressed(name: string, file: DeflatedFile | Promise<DeflatedFile>, mtime: number, weight = 0): Promise<void> {
    await this.enqueue(name, Promise.resolve(file), mtime, weight);
  }

  private async enqueue(name: string, done: Promise<DeflatedFile>, mtime: number, weight: number): Promise<void> {
    if (this.entries >= MAX_ZIP_ENTRIES) throw new Error(`A zip holds at most ${MAX_ZIP_ENTRIES} files; export fewer articles at a time.`);
    this.entries++;
    const clamped = Number.isFinite(mtime) ? Math.min(Math.max(mtime, MIN_MTIME), MAX_MTIME) : MIN_MTIME;
    // Observed now: a failure is thrown by the write that reaches it, not reported as unhandled.
    done.catch(() => undefined);
    this.queue.push({ name, mtime: clamped, weight, done });
    this.inFlightBytes += weight;
    while (this.queue.length >= MAX_IN_FLIGHT || this.inFlightBytes > MAX_IN_FLIGHT_BYTES) await this.writeFirst();
  }

  /** Writes the files still queued, then the central directory; the archive is complete once this resolves. */
  async end(): Promise<void> {
    while (this.queue.length > 0) await this.writeFirst();
    this.zip.end();
    await this.drain();
  }

  /** Waits for the oldest queued file's compression and writes it. */
  private async writeFirst(): Promise<void> {
    const next = this.queue.shift()!;
    this.inFlightBytes -= next.weight;
    const deflated = await next.done;
    // A plain input file with its CRC and size known (fflate writes them in the data descriptor
    // after the data), not a ZipDeflate: Zip keeps a copy of every file object it was given until
    // the end, and a ZipDeflate carries its compressor's buffers (about 140 kB), which made
    // 10,000 files hold 1.4 GB. This object holds no data.
    const file: ZipInputFile = {
      filename: next.name,
      mtime: next.mtime,
      compression: 8,
      size: deflated.size,
      crc: deflated.crc,
    };
    this.zip.add(file);
    file.ondata!(null, deflated.bytes, true);
    await this.drain();
  }

  private async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    const chunks = this.chunks;
    this.chunks = [];
    for (const chunk of chunks) {
      this.size += chunk.length;
      if (this.size > MAX_ZIP_BYTES) throw new Error('The zip would pass 4 GB, which this format cannot hold; export fewer articles at a time.');
      await this.out.write(chunk);
    }
  }
}
