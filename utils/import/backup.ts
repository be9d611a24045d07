/** Reads Reader's own JSON backup (backup-schema.ts) back into import items, records kept whole. */
import * as v from 'valibot';
import { BACKUP_PART_RE, BACKUP_VERSION, BackupArticleSchema, BackupEnvelopeSchema } from './backup-schema';
import { formatCount, importError } from './errors';
import { tooLong } from './fields';
import { hostileKeysWarning, parseJsonSafely } from './json';
import { MAX_CONTENT_CHARS, MAX_ITEMS } from './limits';
import { ReportBuilder } from './report';
import { decodeUtf8 } from './text';
import type { ImportError, ImportResult } from './types';
import { listZip, readZip } from './zip';

function firstIssue(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  if (!issue) return 'It is not a saved article.';
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return path ? `Its field “${path}” is invalid (${issue.message}).` : `It is not a saved article (${issue.message}).`;
}

/** One backup file's envelope, checked: its settings and its articles, not yet each checked. */
type Envelope = { ok: true; settings: ReportSettings; articles: unknown[]; droppedKeys: number } | { ok: false; error: ImportError };
type ReportSettings = v.InferOutput<typeof BackupEnvelopeSchema>['settings'];

function readEnvelope(text: string, where: string): Envelope {
  const json = parseJsonSafely(text);
  if (!json.ok) return { ok: false, error: importError('bad-json', `This backup${where} is not valid JSON (${json.message}); it may be cut short.`) };
  const envelope = v.safeParse(BackupEnvelopeSchema, json.value);
  if (!envelope.success) {
    return { ok: false, error: importError('bad-shape', `This is not a Reader backup, or it is damaged${where}: ${firstIssue(envelope.issues)}`) };
  }
  const backup = envelope.output;
  if (backup.version > BACKUP_VERSION) {
    return {
      ok: false,
      error: importError('newer-backup', `This backup was made by a newer version of Reader (backup version ${backup.version}); update Reader to import it.`),
    };
  }
  return { ok: true, settings: backup.settings, articles: backup.articles, droppedKeys: json.droppedKeys };
}

function tooMany(): ImportResult {
  return {
    ok: false,
    error: importError('too-many-items', `This backup holds more than ${formatCount(MAX_ITEMS)} articles; Reader imports at most that many at once.`),
  };
}

/** Each valid article of the envelopes given, in order, becomes an item carrying its full record; the rest are skipped with why. */
class BackupReport {
  private readonly report: ReportBuilder;
  private row = 0;
  private dropped = 0;
  private settings: ReportSettings = null;

  constructor(format: 'backup-json' | 'backup-zip') {
    this.report = new ReportBuilder(format, 'backup');
  }

  /** Adds one envelope's articles (its settings too, the first that has some). */
  add(envelope: Extract<Envelope, { ok: true }>): void {
    this.dropped += envelope.droppedKeys;
    this.settings ??= envelope.settings;
    for (const raw of envelope.articles) this.article(++this.row, raw);
  }

  private article(row: number, raw: unknown): void {
    const parsed = v.safeParse(BackupArticleSchema, raw);
    if (!parsed.success) {
      this.report.skip(row, firstIssue(parsed.issues));
      return;
    }
    const record = parsed.output;
    const a = record.article;
    if (a.contentHtml.length > MAX_CONTENT_CHARS || a.text.length > MAX_CONTENT_CHARS || [a.title, a.byline, a.siteName, a.excerpt].some(tooLong)) {
      this.report.skip(row, 'A field of this article is too long to be a saved article.');
      return;
    }
    this.report.add(row, {
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
  }

  finish(): ImportResult {
    if (this.dropped > 0) this.report.warn(hostileKeysWarning(this.dropped));
    this.report.settings = this.settings;
    // A backup of an empty library still restores its settings.
    return this.report.finish('This backup holds no articles.', this.settings !== null);
  }
}

/** Parses a backup file's text: each valid article becomes an item carrying its full record. */
export function parseBackupJson(text: string): ImportResult {
  const envelope = readEnvelope(text, '');
  if (!envelope.ok) return envelope;
  if (envelope.articles.length > MAX_ITEMS) return tooMany();
  const report = new BackupReport('backup-json');
  report.add(envelope);
  return report.finish();
}

/**
 * Parses a large library's backup: a zip of parts (backup-schema.ts backupPartName), each a backup
 * file of its own, read one at a time (never the whole library's text at once), in part order. A
 * part missing from the run (1, 2, 4…), damaged or made by a newer Reader refuses the whole file:
 * a backup restores whole or not at all.
 */
export function parseBackupZip(bytes: Uint8Array): ImportResult {
  const listing = listZip(bytes);
  if (!listing.ok) return listing;
  const parts = listing.entries
    .map((entry) => ({ name: entry.name, n: Number(BACKUP_PART_RE.exec(entry.name)?.[1] ?? NaN) }))
    .filter((part) => Number.isInteger(part.n))
    .sort((a, b) => a.n - b.n);
  if (parts.length === 0) return { ok: false, error: importError('bad-shape', 'This zip holds no part of a Reader backup.') };
  const gap = parts.findIndex((part, i) => part.n !== i + 1);
  if (gap >= 0) {
    return { ok: false, error: importError('bad-shape', `This backup is incomplete: part ${gap + 1} of it is missing. Nothing was imported.`) };
  }
  // Each part's articles join the report as it is read: one part's text and objects at a time.
  const report = new BackupReport('backup-zip');
  let articles = 0;
  for (const part of parts) {
    const read = readZip(bytes, (name) => (name === part.name ? 'structural' : 'ignore'));
    if (!read.ok) return read;
    const data = read.contents.files.get(part.name);
    if (!data) return { ok: false, error: importError('corrupt-zip', `This zip file is damaged or incomplete (“${part.name}” could not be read).`) };
    const envelope = readEnvelope(decodeUtf8(data).text, ` (in “${part.name}”)`);
    if (!envelope.ok) return envelope;
    articles += envelope.articles.length;
    if (articles > MAX_ITEMS) return tooMany();
    report.add(envelope);
  }
  return report.finish();
}
