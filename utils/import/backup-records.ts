/**
 * A parsed backup as the restore writes it (utils/library/restore-backup.ts): pure, so the Import UI,
 * the restore and the tests share one conversion from backed-up article to library record.
 */
import type { BackupArticle, BackupSettings } from './backup-schema';
import type { ImportReport } from './types';
import { LIBRARY_SCHEMA_VERSION } from '../library/schema';
import type { RequestOf } from '../model/messaging';

/** A backup ready to restore: its articles (read as the restore goes: a zip's parts one at a time), how many, and its settings. */
export interface ParsedBackup {
  articles(): Iterable<BackupArticle>;
  count: number;
  settings: BackupSettings | null;
}

/**
 * The backup inside a parsed 'backup-json' or 'backup-zip' report (parseBackupJson, parseBackupZip):
 * the full records the items carry, or, for a zip of parts, the report's source that reads them again.
 */
export function backupFromReport(report: ImportReport): ParsedBackup {
  if (report.backup) {
    const source = report.backup;
    return { articles: () => source.articles(), count: source.count, settings: report.settings };
  }
  const articles = report.items.flatMap((item) => (item.restore ? [item.restore] : []));
  return { articles: () => articles, count: articles.length, settings: report.settings };
}

/** One article as the restoreBackup message carries it: its library record and its position. */
export type RestoreMessageItem = RequestOf<'restoreBackup'>['items'][number];

/** The library record and position of one backed-up article, exactly as backed up. */
export function restoreItemOf(a: BackupArticle): RestoreMessageItem {
  const record: RestoreMessageItem['record'] = {
    schemaVersion: LIBRARY_SCHEMA_VERSION,
    id: a.id,
    savedAt: a.savedAt,
    readAt: a.readAt,
    // Backups hold no pending delete: a restored article is in the library.
    deletedAt: null,
    archivedAt: a.archivedAt,
    favourite: a.favourite,
    tags: a.tags.slice(),
    updatedAt: a.updatedAt,
    // A backup made before saved links held only articles.
    content: a.content ?? 'article',
    article: { ...a.article },
    ...(a.highlights !== undefined ? { highlights: a.highlights } : {}),
  };
  return { record, position: a.position && { ...a.position } };
}
