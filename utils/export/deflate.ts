/**
 * One zip file's compression, done in one piece: its text encoded as UTF-8, the CRC-32 and length
 * of those bytes (what the zip's data descriptor records) and their raw deflate stream. The same
 * function runs in the page (synchronously) and in the export's workers (export-worker.ts), so an
 * archive is byte for byte the same whichever compressed it.
 */
import { deflateSync } from 'fflate';
import { utf8 } from './output';
import type { Bytes } from './types';

/** A deflate level fflate takes (0: stored as is, 9: smallest). */
export type DeflateLevel = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/** A file compressed for the zip: its deflate stream and the CRC-32 and size of the original bytes. */
export interface DeflatedFile {
  bytes: Bytes;
  crc: number;
  size: number;
}

/**
 * Compresses one file: text (encoded as UTF-8 here, so the page does not) or bytes. May answer
 * later (a worker); the zip writer keeps the files in the order it was given them either way.
 */
export type Deflater = (data: string | Uint8Array, level: DeflateLevel) => DeflatedFile | Promise<DeflatedFile>;

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** The CRC-32 (ISO-HDLC, zip's and gzip's) of `bytes`, as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** Compresses one file in the calling thread. */
export function deflateFile(data: string | Uint8Array, level: DeflateLevel): DeflatedFile {
  const bytes = typeof data === 'string' ? utf8(data) : data;
  // fflate allocates its output on a plain ArrayBuffer (a new Uint8Array of the size it needs).
  return { bytes: deflateSync(bytes, { level }) as Bytes, crc: crc32(bytes), size: bytes.length };
}
