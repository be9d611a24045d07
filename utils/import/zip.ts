/**
 * Reading a zip from an untrusted file with fflate's central-directory reader. fflate's streaming
 * `Unzip` is not used: it finds the end of an entry written with a data descriptor (as Omnivore's
 * archiver writes them) by scanning for a signature that can occur inside compressed data.
 *
 * Zip bombs: every limit is checked against the central directory before anything is inflated
 * (entry count, each entry's size, the running total, the compression ratio), and fflate inflates
 * each entry into a buffer of the declared size, so an entry that lies about its size is cut
 * there (and then fails to parse) instead of growing without bound.
 */
import { unzipSync } from 'fflate';
import { formatBytes, formatCount, importError } from './errors';
import { MAX_CONTENT_CHARS, MAX_ZIP_ENTRIES, MAX_ZIP_ENTRY_BYTES, MAX_ZIP_RATIO, MAX_ZIP_TOTAL_BYTES, ZIP_RATIO_FLOOR_BYTES } from './limits';
import type { ImportError } from './types';

/** What the central directory says about one entry. */
export interface ZipEntryInfo {
  /** The path inside the zip, with `/` separators. */
  name: string;
  /** Compressed size in bytes. */
  size: number;
  /** Uncompressed size in bytes, as declared. */
  originalSize: number;
}

/**
 * How to treat an entry: a structural file the format cannot do without (a CSV part, a metadata
 * JSON: too large is an error), an optional body (too large is skipped), or not needed at all.
 */
export type ZipEntryRole = 'structural' | 'optional' | 'ignore';

/** The entries read, and the optional ones left out for their size. */
export interface ZipContents {
  files: Map<string, Uint8Array>;
  oversized: string[];
}

const ZIP_SIGNATURES = [
  [0x50, 0x4b, 0x03, 0x04], // a local file header: any zip with entries
  [0x50, 0x4b, 0x05, 0x06], // an end of central directory first: an empty zip
];

/** True when the bytes start like a zip file. */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return ZIP_SIGNATURES.some((sig) => sig.every((b, i) => bytes[i] === b));
}

/** Thrown from fflate's filter to stop reading at the first limit crossed. */
class ZipLimitError extends Error {
  constructor(readonly refusal: ImportError) {
    super(refusal.message);
  }
}

/** The caps readZip enforces (the constants of limits.ts; smaller in tests). */
export interface ZipLimits {
  entries: number;
  entryBytes: number;
  totalBytes: number;
  ratio: number;
  ratioFloorBytes: number;
  /** An optional entry (a body) larger than this is not inflated. */
  optionalBytes: number;
}

/** The caps of limits.ts. Bodies are checked at 4 bytes per character: a body past MAX_CONTENT_CHARS is dropped anyway. */
export const ZIP_LIMITS: ZipLimits = {
  entries: MAX_ZIP_ENTRIES,
  entryBytes: MAX_ZIP_ENTRY_BYTES,
  totalBytes: MAX_ZIP_TOTAL_BYTES,
  ratio: MAX_ZIP_RATIO,
  ratioFloorBytes: ZIP_RATIO_FLOOR_BYTES,
  optionalBytes: MAX_CONTENT_CHARS * 4,
};

const tooManyEntries = (max: number) => `This zip holds more than ${formatCount(max)} files; no export is that large.`;

function normaliseName(name: string): string {
  return name.replace(/\\/g, '/');
}

function corrupt(detail: string): ImportError {
  return importError('corrupt-zip', `This zip file is damaged or incomplete (${detail}); download the export again and retry.`);
}

function limit(message: string): ImportError {
  return importError('zip-limits', message);
}

/** Lists a zip's entries without inflating any; refuses a zip with more than MAX_ZIP_ENTRIES. */
export function listZip(bytes: Uint8Array, limits: ZipLimits = ZIP_LIMITS): { ok: true; entries: ZipEntryInfo[] } | { ok: false; error: ImportError } {
  const entries: ZipEntryInfo[] = [];
  try {
    unzipSync(bytes, {
      filter: (file) => {
        if (entries.length >= limits.entries) throw new ZipLimitError(limit(tooManyEntries(limits.entries)));
        entries.push({ name: normaliseName(file.name), size: file.size, originalSize: file.originalSize });
        return false;
      },
    });
  } catch (error) {
    if (error instanceof ZipLimitError) return { ok: false, error: error.refusal };
    return { ok: false, error: corrupt(error instanceof Error ? error.message : String(error)) };
  }
  return { ok: true, entries };
}

/** Inflates the entries `roleOf` asks for, within every limit; nothing is returned when one is crossed. */
export function readZip(
  bytes: Uint8Array,
  roleOf: (name: string) => ZipEntryRole,
  limits: ZipLimits = ZIP_LIMITS,
): { ok: true; contents: ZipContents } | { ok: false; error: ImportError } {
  let count = 0;
  let total = 0;
  const oversized: string[] = [];
  const wanted = new Map<string, string>(); // fflate's name → normalised name
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        if (++count > limits.entries) throw new ZipLimitError(limit(tooManyEntries(limits.entries)));
        const name = normaliseName(file.name);
        // Folders, macOS resource forks, and a name that would be the result object's prototype.
        const role = name.endsWith('/') || name.startsWith('__MACOSX/') || name === '__proto__' ? 'ignore' : roleOf(name);
        if (role === 'ignore') return false;
        // A body too large to keep is not inflated at all.
        if (role === 'optional' && file.originalSize > limits.optionalBytes) {
          oversized.push(name);
          return false;
        }
        if (role === 'structural' && file.originalSize > MAX_ZIP_ENTRY_BYTES) {
          throw new ZipLimitError(
            limit(`“${name}” in this zip is larger than ${formatBytes(MAX_ZIP_ENTRY_BYTES)} uncompressed; that is not an export Reader knows.`),
          );
        }
        if (file.originalSize > limits.ratioFloorBytes && file.originalSize > Math.max(1, file.size) * limits.ratio) {
          throw new ZipLimitError(limit(`“${name}” in this zip expands more than ${limits.ratio} times (a zip bomb?); nothing was imported.`));
        }
        total += file.originalSize;
        if (total > limits.totalBytes) {
          throw new ZipLimitError(limit(`This zip expands to more than ${formatBytes(limits.totalBytes)}; nothing was imported.`));
        }
        if (file.compression !== 0 && file.compression !== 8) {
          throw new ZipLimitError(corrupt(`“${name}” uses a compression method other than deflate`));
        }
        wanted.set(file.name, name);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof ZipLimitError) return { ok: false, error: error.refusal };
    return { ok: false, error: corrupt(error instanceof Error ? error.message : String(error)) };
  }
  const result = new Map<string, Uint8Array>();
  for (const [raw, data] of Object.entries(files)) result.set(wanted.get(raw) ?? normaliseName(raw), data);
  return { ok: true, contents: { files: result, oversized } };
}

/** The end-of-central-directory record's signature, and its size without the comment. */
const EOCD_SIGNATURE = 0x06054b50;
const EOCD_BYTES = 22;
const CENTRAL_SIGNATURE = 0x02014b50;
/** A zip comment is at most this long: the record is within this many bytes of the end. */
const MAX_EOCD_SEARCH = EOCD_BYTES + 0xffff;

/**
 * The entry names of a zip read from its end only (its central directory), for a file too large
 * to be read whole before it is known to be one Reader accepts at that size; null when the end
 * holds no zip directory. `read(start, end)` reads those bytes of the file.
 */
export async function zipNamesFromEnd(size: number, read: (start: number, end: number) => Promise<Uint8Array>): Promise<string[] | null> {
  const tailStart = Math.max(0, size - MAX_EOCD_SEARCH);
  const tail = await read(tailStart, size);
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let at = -1;
  for (let i = tail.length - EOCD_BYTES; i >= 0; i--) {
    if (view.getUint32(i, true) === EOCD_SIGNATURE) {
      at = i;
      break;
    }
  }
  if (at < 0) return null;
  const count = view.getUint16(at + 10, true);
  const directorySize = view.getUint32(at + 12, true);
  const directoryOffset = view.getUint32(at + 16, true);
  if (directoryOffset + directorySize > size || count > MAX_ZIP_ENTRIES) return null;
  const directory = await read(directoryOffset, directoryOffset + directorySize);
  const dir = new DataView(directory.buffer, directory.byteOffset, directory.byteLength);
  const names: string[] = [];
  const decoder = new TextDecoder();
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > directory.length || dir.getUint32(p, true) !== CENTRAL_SIGNATURE) return null;
    const nameLength = dir.getUint16(p + 28, true);
    const extraLength = dir.getUint16(p + 30, true);
    const commentLength = dir.getUint16(p + 32, true);
    if (p + 46 + nameLength > directory.length) return null;
    names.push(normaliseName(decoder.decode(directory.subarray(p + 46, p + 46 + nameLength))));
    p += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
