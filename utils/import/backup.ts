/** Reads Reader's own JSON backup (backup-schema.ts) back into import items, records kept whole. */
import * as v from 'valibot';
import { BACKUP_PART_RE, BACKUP_VERSION, BackupArticleSchema, BackupEnvelopeSchema, type BackupArticle } from './backup-schema';
import { formatCount, importError } from './errors';
import { tooLong, unionTags } from './fields';
import { canonicalArticleUrl } from '../library/canonical-url';
import { hostileKeysWarning, parseJsonSafely } from './json';
import { MAX_CONTENT_CHARS, MAX_ITEMS } from './limits';
import { ReportBuilder } from './report';
import { decodeUtf8 } from './text';
import type { ImportError, ImportItem, ImportReport, ImportResult } from './types';
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

/** An article of a backup checked: its record, or why it is skipped. */
function checkArticle(raw: unknown): { ok: true; record: BackupArticle } | { ok: false; reason: string } {
  const parsed = v.safeParse(BackupArticleSchema, raw);
  if (!parsed.success) return { ok: false, reason: firstIssue(parsed.issues) };
  const a = parsed.output.article;
  if (a.contentHtml.length > MAX_CONTENT_CHARS || a.text.length > MAX_CONTENT_CHARS || [a.title, a.byline, a.siteName, a.excerpt].some(tooLong)) {
    return { ok: false, reason: 'A field of this article is too long to be a saved article.' };
  }
  return { ok: true, record: parsed.output };
}

/**
 * The report of the envelopes given, in order: each valid article an item carrying its full
 * record (`keep`), or only counted (a backup in parts, read again when restored); the rest
 * skipped with why.
 */
class BackupReport {
  private readonly report: ReportBuilder;
  private row = 0;
  private dropped = 0;
  private settings: ReportSettings = null;
  /** Valid articles seen. */
  valid = 0;
  /** Articles counted once per address (`keep` false): what the restore writes. */
  unique = 0;
  /** Each address's tags (`keep` false), combined over its repeats as `add` merges them; `merged` says which were. */
  private readonly tagsOf = new Map<string, string[]>();
  private readonly merged = new Set<string>();

  constructor(
    format: 'backup-json' | 'backup-zip',
    private readonly keep: boolean,
  ) {
    this.report = new ReportBuilder(format, 'backup');
  }

  /** Adds one envelope's articles (its settings too, the first that has some). */
  add(envelope: Extract<Envelope, { ok: true }>): void {
    this.dropped += envelope.droppedKeys;
    this.settings ??= envelope.settings;
    for (const raw of envelope.articles) {
      const row = ++this.row;
      const checked = checkArticle(raw);
      if (!checked.ok) {
        this.report.skip(row, checked.reason);
        continue;
      }
      this.valid++;
      if (this.keep) {
        this.report.add(row, itemOf(checked.record));
        continue;
      }
      const { record } = checked;
      const key = canonicalArticleUrl(record.article.url);
      if (this.report.count(row, record.article.url)) {
        this.unique++;
        this.tagsOf.set(key, record.tags);
      } else {
        this.tagsOf.set(key, unionTags(this.tagsOf.get(key) ?? [], record.tags));
        this.merged.add(key);
      }
    }
  }

  /** The records a restore writes, from the articles read again in order: one per address, with its repeats' tags. */
  *restored(articles: Iterable<BackupArticle>): Generator<BackupArticle> {
    const written = new Set<string>();
    for (const record of articles) {
      const key = canonicalArticleUrl(record.article.url);
      if (written.has(key)) continue;
      written.add(key);
      yield this.merged.has(key) ? { ...record, tags: this.tagsOf.get(key)! } : record;
    }
  }

  finish(): ImportReport | ImportError {
    if (this.dropped > 0) this.report.warn(hostileKeysWarning(this.dropped));
    this.report.settings = this.settings;
    // A backup of an empty library still restores its settings.
    const result = this.report.finish('This backup holds no articles.', this.settings !== null || this.valid > 0);
    return result.ok ? result.report : result.error;
  }
}

function itemOf(record: BackupArticle): Omit<ImportItem, 'source'> {
  const a = record.article;
  return {
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
  };
}

/** Parses a backup file's text: each valid article becomes an item carrying its full record. */
export function parseBackupJson(text: string): ImportResult {
  const envelope = readEnvelope(text, '');
  if (!envelope.ok) return envelope;
  if (envelope.articles.length > MAX_ITEMS) return tooMany();
  const report = new BackupReport('backup-json', true);
  report.add(envelope);
  const finished = report.finish();
  return 'items' in finished ? { ok: true, report: finished } : { ok: false, error: finished };
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
  // Each part is read, checked and counted, then let go; the restore reads the parts again (below).
  const report = new BackupReport('backup-zip', false);
  let articles = 0;
  for (const part of parts) {
    const envelope = readPart(bytes, part.name);
    if (!envelope.ok) return envelope;
    articles += envelope.articles.length;
    if (articles > MAX_ITEMS) return tooMany();
    report.add(envelope);
  }
  const finished = report.finish();
  if (!('items' in finished)) return { ok: false, error: finished };
  // The same parts, checked the same way, a part at a time: the articles the report counted, in order.
  function* reread(): Generator<BackupArticle> {
    for (const part of parts) {
      const envelope = readPart(bytes, part.name);
      if (!envelope.ok) throw new Error(envelope.error.message);
      for (const raw of envelope.articles) {
        const checked = checkArticle(raw);
        if (checked.ok) yield checked.record;
      }
    }
  }
  return { ok: true, report: { ...finished, backup: { count: report.unique, articles: () => report.restored(reread()) } } };
}

/** One part of a backup zip, inflated, decoded and its envelope checked. */
function readPart(bytes: Uint8Array, name: string): Envelope {
  const read = readZip(bytes, (entry) => (entry === name ? 'structural' : 'ignore'));
  if (!read.ok) return read;
  const data = read.contents.files.get(name);
  if (!data) return { ok: false, error: importError('corrupt-zip', `This zip file is damaged or incomplete (“${name}” could not be read).`) };
  return readEnvelope(decodeUtf8(data).text, ` (in “${name}”)`);
}
