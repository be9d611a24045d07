/**
 * Which parser a file needs, from its bytes (the name only words a refusal): zips by their entry
 * names, JSON by its first keys, HTML by its doctype or headings, CSV by its header row. Anything
 * else gets a sentence saying what it looks like and what Reader imports.
 */
import { isBookmarksFile } from './bookmarks';
import { csvHeader } from './csv';
import { formatBytes, importError, wrongFormat } from './errors';
import { isInstapaperHeader } from './instapaper';
import { MAX_BACKUP_FILE_BYTES, MAX_FILE_BYTES } from './limits';
import { OMNIVORE_METADATA } from './omnivore';
import { POCKET_PART, isPocketHeader } from './pocket';
import { listZip, looksLikeZip } from './zip';
import { BACKUP_PART_RE } from './backup-schema';
import type { ImportError, ImportFormat } from './types';

/** A file as the picker or a drop hands it over. */
export interface ImportFile {
  name: string;
  bytes: Uint8Array;
}

/** The format to parse the file as, or why it cannot be imported. */
export type DetectResult = { ok: true; format: ImportFormat } | { ok: false; error: ImportError };

/** How many leading bytes the text sniffers look at. */
const SNIFF_BYTES = 64 * 1024;

const startsWith = (bytes: Uint8Array, ...sig: number[]): boolean => sig.every((b, i) => bytes[i] === b);

/** A sentence for binary files we recognise, or null. */
function binaryKind(bytes: Uint8Array): string | null {
  if (startsWith(bytes, 0x1f, 0x8b)) return 'a gzip-compressed file (unpack it first, then import what is inside)';
  if (startsWith(bytes, 0x25, 0x50, 0x44, 0x46)) return 'a PDF document';
  if (startsWith(bytes, 0x89, 0x50, 0x4e, 0x47) || startsWith(bytes, 0xff, 0xd8, 0xff) || startsWith(bytes, 0x47, 0x49, 0x46, 0x38)) return 'an image';
  if (startsWith(bytes, 0x53, 0x51, 0x4c, 0x69, 0x74, 0x65))
    return 'a database file (to move browser bookmarks, export them as HTML from the bookmark manager)';
  if (startsWith(bytes, 0x52, 0x61, 0x72, 0x21) || startsWith(bytes, 0x37, 0x7a, 0xbc, 0xaf)) return 'a RAR or 7-Zip archive (Reader reads zip files only)';
  const head = bytes.subarray(0, 4096);
  if (head.includes(0)) return 'a binary file';
  return null;
}

function detectZip(bytes: Uint8Array): DetectResult {
  const listing = listZip(bytes);
  if (!listing.ok) return listing;
  const names = listing.entries.map((entry) => entry.name);
  if (names.some((name) => BACKUP_PART_RE.test(name))) return { ok: true, format: 'backup-zip' };
  if (names.some((name) => POCKET_PART.test(name))) return { ok: true, format: 'pocket-zip' };
  if (names.some((name) => OMNIVORE_METADATA.test(name))) return { ok: true, format: 'omnivore-zip' };
  if (names.length === 0) return { ok: false, error: importError('empty', 'This zip file is empty.') };
  if (names.includes('mimetype') && names.some((name) => name.endsWith('.opf'))) return { ok: false, error: wrongFormat('an e-book (EPUB)') };
  if (names.some((name) => /\.md$/i.test(name))) return { ok: false, error: wrongFormat('a zip of Markdown notes, not a Pocket or Omnivore export') };
  return { ok: false, error: wrongFormat('a zip file that is not a Pocket or Omnivore export') };
}

function detectJson(head: string): DetectResult {
  if (/"format"\s*:\s*"reader-library-backup"/.test(head)) return { ok: true, format: 'backup-json' };
  const array = head.startsWith('[');
  // wallabag writes is_archived before the body; the others help when a first body is very long.
  if (array && /"is_archived"|"is_starred"|"reading_time"|"domain_name"/.test(head)) return { ok: true, format: 'wallabag-json' };
  if (array && /"slug"/.test(head) && /"labels"|"savedAt"|"readingProgress"/.test(head)) return { ok: true, format: 'omnivore-json' };
  if (/"roots"\s*:/.test(head) && /"checksum"|"bookmark_bar"/.test(head)) {
    return { ok: false, error: wrongFormat("Chrome's own Bookmarks file (export bookmarks as HTML from the bookmark manager instead)") };
  }
  if (/"guid"\s*:\s*"root_{8}"|"typeCode"\s*:/.test(head))
    return { ok: false, error: wrongFormat('a Firefox bookmark backup (export bookmarks to HTML from the Library window instead)') };
  if (/^\{\s*"bookmarks"\s*:/.test(head))
    return { ok: false, error: wrongFormat('the JSON export of another bookmark app (export it as HTML bookmarks instead)') };
  return { ok: false, error: wrongFormat('a JSON file that is not a wallabag export or a Reader backup') };
}

function detectMarkup(head: string): DetectResult {
  if (isBookmarksFile(head)) return { ok: true, format: 'bookmarks-html' };
  if (/<title>\s*Pocket Export\s*<\/title>/i.test(head) || (/<h1>\s*Unread\s*<\/h1>/i.test(head) && /\btime_added=/i.test(head))) {
    return { ok: true, format: 'pocket-html' };
  }
  if (/<opml\b/i.test(head)) return { ok: false, error: wrongFormat('a list of news feeds (OPML)') };
  if (/<rss\b|<feed\b/i.test(head)) return { ok: false, error: wrongFormat('a news feed') };
  if (/^<\?xml/i.test(head)) return { ok: false, error: wrongFormat('an XML file') };
  return { ok: false, error: wrongFormat('a web page, not an export file') };
}

function detectCsv(head: string, name: string): DetectResult {
  const header = csvHeader(head);
  if (isPocketHeader(header)) return { ok: true, format: 'pocket-csv' };
  if (isInstapaperHeader(header)) return { ok: true, format: 'instapaper-csv' };
  if (header.length >= 2 && /[,]/.test(head.split(/\r?\n/, 1)[0] ?? '')) {
    const columns = header.slice(0, 8).join(', ') + (header.length > 8 ? '…' : '');
    return { ok: false, error: wrongFormat(`a CSV file whose columns (${columns}) are neither Pocket's nor Instapaper's`) };
  }
  if (/\.md$|\.markdown$/i.test(name)) return { ok: false, error: wrongFormat('a Markdown file') };
  return { ok: false, error: wrongFormat('a plain text file') };
}

/**
 * The refusal of a file that is empty or over MAX_FILE_BYTES — over MAX_BACKUP_FILE_BYTES for
 * Reader's backup in parts — or null when its size is fine.
 */
export function sizeError(bytes: Uint8Array, format?: ImportFormat): ImportError | null {
  if (bytes.length === 0) return importError('empty', 'This file is empty.');
  const limit = format === 'backup-zip' ? MAX_BACKUP_FILE_BYTES : MAX_FILE_BYTES;
  if (bytes.length > limit) return importError('too-large', `This file is larger than ${formatBytes(limit)}; no export Reader knows is that large.`);
  return null;
}

/** Names the parser for a file, or refuses it with a sentence; never reads past the caps. */
export function detectFormat(file: ImportFile): DetectResult {
  const { bytes } = file;
  // A backup in parts may be larger than any other export: its zip directory says what it is.
  if (bytes.length > MAX_FILE_BYTES && bytes.length <= MAX_BACKUP_FILE_BYTES && looksLikeZip(bytes)) {
    const zip = detectZip(bytes);
    if (zip.ok && zip.format === 'backup-zip') return zip;
  }
  const size = sizeError(bytes);
  if (size) return { ok: false, error: size };
  if (looksLikeZip(bytes)) return detectZip(bytes);
  const binary = binaryKind(bytes);
  if (binary) return { ok: false, error: wrongFormat(binary) };
  // A cut multi-byte character at the end of the sniffed slice is harmless here.
  const head = new TextDecoder('utf-8')
    .decode(bytes.subarray(0, SNIFF_BYTES))
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (head === '') return { ok: false, error: importError('empty', 'This file holds only blank space.') };
  if (head.startsWith('{') || head.startsWith('[')) return detectJson(head);
  if (head.startsWith('<')) return detectMarkup(head);
  return detectCsv(head, file.name);
}
