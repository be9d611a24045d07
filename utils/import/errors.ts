/**
 * The sentences a refused file gets. English here; the import UI maps `code` to its locale keys
 * (the parsers run where `browser.i18n` may not exist: Node benchmarks, tests).
 */
import type { ImportError, ImportErrorCode } from './types';

/** What Reader can import, ending every "wrong format" sentence. */
export const SUPPORTED_SENTENCE = 'Reader imports Pocket, Omnivore, Instapaper, wallabag, browser bookmarks and its own backups.';

/** A refusal with its code and sentence. */
export function importError(code: ImportErrorCode, message: string): ImportError {
  return { code, message };
}

/** "This looks like a <what>; Reader imports …" */
export function wrongFormat(what: string): ImportError {
  return importError('wrong-format', `This looks like ${what}; ${SUPPORTED_SENTENCE}`);
}

/** Formats a byte count for a sentence: "200 MB", "64 MB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${bytes} bytes`;
}

/** "1,234" — digits grouped the same way in every environment. */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
