/**
 * Import parsers: a file's bytes in, an ImportReport (or one refusal) out. Pure — no storage, no
 * UI, no extension API — so they run in a Reader page, a worker (all but the two HTML formats,
 * which need DOMParser) and Node alike.
 */
import { parseBackupJson, parseBackupZip } from './backup';
import { parseBookmarksHtml } from './bookmarks';
import { detectFormat, sizeError, type ImportFile } from './detect';
import { parseInstapaperCsv } from './instapaper';
import { parseOmnivoreJson, parseOmnivoreZip } from './omnivore';
import { parsePocketCsv, parsePocketHtml, parsePocketZip } from './pocket';
import { LOSSY_WARNING, decodeUtf8 } from './text';
import type { ImportFormat, ImportOptions, ImportResult } from './types';
import { parseWallabagJson } from './wallabag';

export type * from './types';
export type { BackupArticle, BackupInput, BackupSettings, LibraryBackup } from './backup-schema';
export { BACKUP_FORMAT, BACKUP_VERSION, serializeBackup, serializeBackupChunks } from './backup-schema';
export { detectFormat, type DetectResult, type ImportFile } from './detect';
export { SUPPORTED_SENTENCE } from './errors';
export * from './limits';
export {
  parseBackupJson,
  parseBackupZip,
  parseBookmarksHtml,
  parseInstapaperCsv,
  parseOmnivoreJson,
  parseOmnivoreZip,
  parsePocketCsv,
  parsePocketHtml,
  parsePocketZip,
  parseWallabagJson,
};

/** Parses a file already known to be `format` (the size caps still apply). */
export function parseAs(format: ImportFormat, bytes: Uint8Array, options?: ImportOptions): ImportResult {
  const size = sizeError(bytes, format);
  if (size) return { ok: false, error: size };
  if (format === 'pocket-zip') return parsePocketZip(bytes);
  if (format === 'omnivore-zip') return parseOmnivoreZip(bytes);
  if (format === 'backup-zip') return parseBackupZip(bytes);
  const { text, lossy } = decodeUtf8(bytes);
  const result = parseText(format, text, options);
  if (result.ok && lossy) result.report.warnings.unshift(LOSSY_WARNING);
  return result;
}

function parseText(format: Exclude<ImportFormat, 'pocket-zip' | 'omnivore-zip' | 'backup-zip'>, text: string, options?: ImportOptions): ImportResult {
  switch (format) {
    case 'pocket-csv':
      return parsePocketCsv(text);
    case 'pocket-html':
      return parsePocketHtml(text, options);
    case 'omnivore-json':
      return parseOmnivoreJson(text);
    case 'instapaper-csv':
      return parseInstapaperCsv(text);
    case 'wallabag-json':
      return parseWallabagJson(text);
    case 'bookmarks-html':
      return parseBookmarksHtml(text, options);
    case 'backup-json':
      return parseBackupJson(text);
  }
}

/** Detects the file's format and parses it: the one call the import UI needs. */
export function parseImport(file: ImportFile, options?: ImportOptions): ImportResult {
  const detected = detectFormat(file);
  if (!detected.ok) return detected;
  return parseAs(detected.format, file.bytes, options);
}
