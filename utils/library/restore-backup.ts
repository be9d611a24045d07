/**
 * Restoring Reader's own backup exactly: every backed-up article comes back with its id, times,
 * state, tags, body and reading position, and the settings with it, so export → wipe → restore
 * gives back the same library. The Import UI routes the 'backup' format here (parseBackupJson
 * first, then `restoreBackup(backupFromReport(report))`).
 *
 * Runs in an extension page: the records go to the background (the library's only writer) a batch
 * per message (`restoreBackup`, writer.restoreRecords: one transaction each), the settings are
 * written as every page writes them (utils/settings).
 *
 * Bodies are kept byte for byte, not sanitized again: they were sanitized when saved, sanitizing
 * reorders attributes (so the restore would not be exact), and every place that shows a body
 * sanitizes it right before (the reader's render, the HTML export).
 */
import type { BackupArticle } from '../import/backup-schema';
import { restoreItemOf, type ParsedBackup, type RestoreMessageItem } from '../import/backup-records';
import type { LibraryWriteResult } from './types';
import type { RestoreResult } from './writer';
import { sendMessage, RESTORE_BATCH_MAX } from '../model/messaging';
import { normalizeSettings, updateSettings, type ReaderSettings } from '../settings/settings';

export { backupFromReport, restoreItemOf, type ParsedBackup, type RestoreMessageItem } from '../import/backup-records';

/** How far a restore is: articles sent and written so far, of all. */
export interface RestoreProgress {
  done: number;
  total: number;
}

/** What a restore did; `error` is set when a batch was refused (the batches before it stay restored). */
export interface RestoreOutcome extends RestoreResult {
  settingsRestored: boolean;
  error: string | null;
}

/** What restoreBackup writes with; replaceable in tests. */
export interface RestoreOptions {
  send?: (items: RestoreMessageItem[]) => Promise<LibraryWriteResult<RestoreResult>>;
  saveSettings?: (settings: ReaderSettings) => Promise<unknown>;
  onProgress?: (progress: RestoreProgress) => void;
  /** Articles per message (at most RESTORE_BATCH_MAX). */
  batchSize?: number;
  signal?: AbortSignal;
}

/**
 * Characters of bodies and text per message: Chrome refuses a message over 64 MiB of JSON, and a
 * smaller one keeps the background's transaction short and the page's memory low.
 */
const BATCH_CHARS = 8_000_000;

/** Splits the items into batches of at most `size` items and about BATCH_CHARS characters. */
function* batches(items: Iterable<BackupArticle>, size: number): Generator<BackupArticle[]> {
  let batch: BackupArticle[] = [];
  let chars = 0;
  for (const item of items) {
    const weight = item.article.contentHtml.length + item.article.text.length;
    if (batch.length > 0 && (batch.length >= size || chars + weight > BATCH_CHARS)) {
      yield batch;
      batch = [];
      chars = 0;
    }
    batch.push(item);
    chars += weight;
  }
  if (batch.length > 0) yield batch;
}

/**
 * Restores a backup: its articles through the background's writer in batches (each batch one
 * transaction), then its settings (repaired field by field: a backup from another version never
 * installs an invalid setting). Stops at the first refused batch and says why.
 */
export async function restoreBackup(backup: ParsedBackup, options: RestoreOptions = {}): Promise<RestoreOutcome> {
  const send = options.send ?? ((items: RestoreMessageItem[]) => sendMessage('restoreBackup', { items }));
  const size = Math.max(1, Math.min(RESTORE_BATCH_MAX, Math.floor(options.batchSize ?? RESTORE_BATCH_MAX)));
  const outcome: RestoreOutcome = { added: 0, replaced: 0, invalid: 0, duplicates: 0, settingsRestored: false, error: null };
  const total = backup.count;
  let done = 0;
  options.onProgress?.({ done, total });
  // Read as the batches go: a backup in parts holds one part in memory, not the library.
  const reading = batches(backup.articles(), size);
  for (;;) {
    let next: IteratorResult<BackupArticle[]>;
    try {
      next = reading.next();
    } catch (error) {
      // A part that cannot be read again (the memory it needs, say): the batches written stay, and the report says how far it got.
      return { ...outcome, error: error instanceof Error ? error.message : String(error) };
    }
    if (next.done) break;
    const batch = next.value;
    options.signal?.throwIfAborted();
    const result = await send(batch.map(restoreItemOf));
    if (!result.ok) return { ...outcome, error: result.message };
    outcome.added += result.value.added;
    outcome.replaced += result.value.replaced;
    outcome.invalid += result.value.invalid;
    outcome.duplicates += result.value.duplicates;
    done += batch.length;
    options.onProgress?.({ done, total });
  }
  if (backup.settings) {
    await (options.saveSettings ?? updateSettings)(normalizeSettings(backup.settings));
    outcome.settingsRestored = true;
  }
  return outcome;
}
