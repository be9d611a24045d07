/** Reads Reader's own JSON backup (backup-schema.ts) back into import items, records kept whole. */
import * as v from 'valibot';
import { BACKUP_VERSION, BackupArticleSchema, BackupEnvelopeSchema } from './backup-schema';
import { formatCount, importError } from './errors';
import { tooLong } from './fields';
import { hostileKeysWarning, parseJsonSafely } from './json';
import { MAX_CONTENT_CHARS, MAX_ITEMS } from './limits';
import { ReportBuilder } from './report';
import type { ImportResult } from './types';

function firstIssue(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  if (!issue) return 'It is not a saved article.';
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return path ? `Its field “${path}” is invalid (${issue.message}).` : `It is not a saved article (${issue.message}).`;
}

/** Parses a backup file's text: each valid article becomes an item carrying its full record. */
export function parseBackupJson(text: string): ImportResult {
  const json = parseJsonSafely(text);
  if (!json.ok) return { ok: false, error: importError('bad-json', `This backup is not valid JSON (${json.message}); it may be cut short.`) };
  const envelope = v.safeParse(BackupEnvelopeSchema, json.value);
  if (!envelope.success) {
    return { ok: false, error: importError('bad-shape', `This is not a Reader backup, or it is damaged: ${firstIssue(envelope.issues)}`) };
  }
  const backup = envelope.output;
  if (backup.version > BACKUP_VERSION) {
    return {
      ok: false,
      error: importError('newer-backup', `This backup was made by a newer version of Reader (backup version ${backup.version}); update Reader to import it.`),
    };
  }
  if (backup.articles.length > MAX_ITEMS) {
    return {
      ok: false,
      error: importError('too-many-items', `This backup holds more than ${formatCount(MAX_ITEMS)} articles; Reader imports at most that many at once.`),
    };
  }
  const report = new ReportBuilder('backup-json', 'backup');
  if (json.droppedKeys > 0) report.warn(hostileKeysWarning(json.droppedKeys));
  report.settings = backup.settings;
  backup.articles.forEach((raw, index) => {
    const row = index + 1;
    const parsed = v.safeParse(BackupArticleSchema, raw);
    if (!parsed.success) {
      report.skip(row, firstIssue(parsed.issues));
      return;
    }
    const record = parsed.output;
    const a = record.article;
    if (a.contentHtml.length > MAX_CONTENT_CHARS || a.text.length > MAX_CONTENT_CHARS || [a.title, a.byline, a.siteName, a.excerpt].some(tooLong)) {
      report.skip(row, 'A field of this article is too long to be a saved article.');
      return;
    }
    report.add(row, {
      url: a.url,
      title: a.title === '' ? null : a.title,
      savedAt: record.savedAt,
      tags: record.tags,
      status: record.archivedAt === null ? 'unread' : 'archived',
      favourite: record.favourite,
      readingProgress: record.position?.progress ?? null,
      readAt: record.readAt,
      contentHtml: a.contentHtml,
      excerpt: a.excerpt,
      byline: a.byline,
      leadImageUrl: a.leadImageUrl,
      publishedTime: a.publishedTime,
      lang: a.lang,
      highlights: record.highlights ?? null,
      restore: record,
    });
  });
  // A backup of an empty library still restores its settings.
  return report.finish('This backup holds no articles.', backup.settings !== null);
}
