/**
 * A streaming zip on fflate's Zip: each file is compressed when it is added and its bytes go to
 * the sink before the next one is read, so memory holds one file at a time, never the archive.
 * Compression is synchronous on purpose: fflate's async variants compress in blob: workers, which
 * an extension page's CSP (script-src 'self') does not allow.
 */
import { Zip, ZipPassThrough, deflateSync } from 'fflate';
import type { ChunkWriter } from './output';

type DeflateLevel = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/**
 * A file deflated in one piece, the way fflate's docs suggest for custom compression (extend
 * ZipPassThrough, override process: push still computes the CRC and size of the original). Not
 * ZipDeflate: Zip keeps a copy of every file object it was given until the end, and a ZipDeflate
 * carries its compressor's buffers (about 140 kB), which made 10,000 files hold 1.4 GB.
 */
class DeflatedFile extends ZipPassThrough {
  constructor(
    filename: string,
    private readonly level: DeflateLevel,
  ) {
    super(filename);
    this.compression = 8;
  }

  override process(chunk: Uint8Array, final: boolean): void {
    this.ondata(null, deflateSync(chunk, { level: this.level }), final);
  }
}

/** fflate writes neither ZIP64 nor more entries than the 16-bit count of the classic format. */
export const MAX_ZIP_ENTRIES = 0xffff;
const MAX_ZIP_BYTES = 0xffffffff;

// DOS dates (zip's modification time) cover 1980–2107 and fflate accepts 1980–2099: a date
// outside (an import with time_added 0) is clamped instead of failing the whole export.
const MIN_MTIME = new Date(1980, 0, 2).getTime();
const MAX_MTIME = new Date(2099, 11, 31).getTime();

/** Adds files one at a time to a zip whose bytes go to `out`. */
export class ZipWriter {
  private readonly zip: Zip;
  private pending: Uint8Array[] = [];
  private failure: Error | null = null;
  private entries = 0;
  private size = 0;

  constructor(
    private readonly out: ChunkWriter,
    // Level 1: on article text it deflates in about two thirds of level 6's time for a file some
    // 6 % larger (measured on 26 kB of prose); at 10,000 articles time matters more.
    private readonly level: DeflateLevel = 1,
  ) {
    this.zip = new Zip((err, data) => {
      if (err) this.failure = err;
      else this.pending.push(data);
    });
  }

  /** Deflates one file into the archive (in one piece: `data` is the whole file); `mtime` in ms since the epoch. */
  async add(name: string, data: Uint8Array, mtime: number): Promise<void> {
    if (this.entries >= MAX_ZIP_ENTRIES) throw new Error(`A zip holds at most ${MAX_ZIP_ENTRIES} files; export fewer articles at a time.`);
    const file = new DeflatedFile(name, this.level);
    file.mtime = Number.isFinite(mtime) ? Math.min(Math.max(mtime, MIN_MTIME), MAX_MTIME) : MIN_MTIME;
    this.zip.add(file);
    file.push(data, true);
    this.entries++;
    await this.drain();
  }

  /** Writes the central directory; the archive is complete once this resolves. */
  async end(): Promise<void> {
    this.zip.end();
    await this.drain();
  }

  private async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    const chunks = this.pending;
    this.pending = [];
    for (const chunk of chunks) {
      this.size += chunk.length;
      if (this.size > MAX_ZIP_BYTES) throw new Error('The zip would pass 4 GB, which this format cannot hold; export fewer articles at a time.');
      await this.out.write(chunk);
    }
  }
}
