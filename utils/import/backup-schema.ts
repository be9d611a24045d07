/**
 * Reader's own backup file: every saved article with its full record (tags, archive, favourite,
 * read mark, reading position) and the reader settings. Versioned so a later Reader can read an
 * older backup, and an older Reader refuses a newer one instead of misreading it. The exporter
 * writes it with `serializeBackup` (or `serializeBackupChunks` to stream); the importer checks it
 * with these schemas.
 *
 * Layout (JSON, one article per line so a diff or a text editor can follow it):
 *   {"format":"reader-library-backup","version":1,"exportedAt":<ms>,"settings":{…}|null,
 *    "articles":[
 *   {…BackupArticle…},
 *   …]}
 */
import * as v from 'valibot';
import { HighlightsSchema } from '../library/schema';
import { ArticleSchema } from '../model/article-schema';
import type { Article } from '../model/article';
import type { ReadingPosition } from '../reading/progress';
import type { ReaderSettings } from '../settings/settings';

/** The `format` field that marks a Reader backup. */
export const BACKUP_FORMAT = 'reader-library-backup';

/** The version this code writes; it reads every version up to this one. */
export const BACKUP_VERSION = 1;

/** One saved article as backed up: the library record's state plus the article itself. */
export interface BackupArticle {
  id: string;
  /** Milliseconds since the epoch, like every time in the backup. */
  savedAt: number;
  updatedAt: number;
  readAt: number | null;
  archivedAt: number | null;
  favourite: boolean;
  tags: string[];
  /** Whether the record holds the article or only a saved link; absent in backups made before links. */
  content?: 'article' | 'link';
  /** Where the reader stopped; null when it was never opened. */
  position: ReadingPosition | null;
  article: Article;
  /** The highlights and notes an import brought (Markdown); absent when none, and in backups made before them. */
  highlights?: string;
}

/**
 * The settings as backed up: a flat object of the settings' values. Restoring passes it through
 * utils/settings `normalizeSettings`, which keeps each valid field and defaults the rest, so a
 * backup from an older or newer Reader never installs an invalid setting.
 */
export type BackupSettings = Record<string, string | number | boolean>;

/** A whole backup. */
export interface LibraryBackup {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  exportedAt: number;
  settings: BackupSettings | null;
  articles: BackupArticle[];
}

const Time = v.pipe(v.number(), v.finite());
const Fraction = v.pipe(v.number(), v.minValue(0), v.maxValue(1));

/** Runtime shape of a reading position (the same rules as utils/reading/position). */
export const BackupPositionSchema = v.object({
  block: v.pipe(v.number(), v.integer(), v.minValue(0)),
  offset: Fraction,
  progress: Fraction,
  updatedAt: Time,
});

/** Runtime shape of one backed-up article; unknown fields are dropped. */
export const BackupArticleSchema = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  savedAt: Time,
  updatedAt: Time,
  readAt: v.nullable(Time),
  archivedAt: v.nullable(Time),
  favourite: v.boolean(),
  tags: v.pipe(v.array(v.pipe(v.string(), v.maxLength(1000))), v.maxLength(1000)),
  content: v.optional(v.picklist(['article', 'link'])),
  position: v.nullable(BackupPositionSchema),
  article: ArticleSchema,
  /** The highlights and notes an import brought (library schema 4; backups before it have none). */
  highlights: v.optional(HighlightsSchema),
});

/** Runtime shape of the settings object. */
export const BackupSettingsSchema = v.pipe(
  v.record(v.pipe(v.string(), v.maxLength(100)), v.union([v.pipe(v.string(), v.maxLength(1000)), v.pipe(v.number(), v.finite()), v.boolean()])),
  v.check((settings) => Object.keys(settings).length <= 200, 'too many settings'),
);

/**
 * Runtime shape of the file around the articles. Articles are checked one by one (BackupArticleSchema)
 * so one damaged article is skipped with its reason instead of refusing the whole backup.
 */
export const BackupEnvelopeSchema = v.object({
  format: v.literal(BACKUP_FORMAT),
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  exportedAt: Time,
  settings: v.optional(v.nullable(BackupSettingsSchema), null),
  articles: v.array(v.unknown()),
});

// Compile-time proof that the schemas and the interfaces describe the same things.
type SchemaArticle = v.InferOutput<typeof BackupArticleSchema>;
const _sameShape: [SchemaArticle extends BackupArticle ? true : false, BackupArticle extends SchemaArticle ? true : false] = [true, true];
void _sameShape;

/** What the exporter passes: the articles, the current settings, and the time of the export. */
export interface BackupInput {
  articles: Iterable<BackupArticle>;
  settings: Readonly<ReaderSettings> | BackupSettings | null;
  exportedAt: number;
}

/**
 * The backup's opening: the envelope without its closing brace, up to the `[` of the articles
 * array. The articles follow (backupArticleJson, separated by ","), then BACKUP_END.
 */
export function backupHead(settings: BackupInput['settings'], exportedAt: number): string {
  const head = { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt, settings: settings ? { ...settings } : null };
  return `${JSON.stringify(head).slice(0, -1)},"articles":[`;
}

/** One article of the backup as a line of JSON (exactly the backed-up fields, in a fixed order). */
export function backupArticleJson(article: BackupArticle): string {
  return JSON.stringify(pickArticle(article));
}

/**
 * A large library's backup is a zip of parts, each a whole backup file of its own (the envelope,
 * the settings in the first part only, a slice of the articles): restored a part at a time, each
 * under the import's caps, never one string past V8's limit. A part holds at most this many
 * articles, and closes early past BACKUP_PART_BYTES.
 */
export const BACKUP_PART_ARTICLES = 500;
/** A part closes once its text passes this many characters (well under MAX_ZIP_ENTRY_BYTES). */
export const BACKUP_PART_CHARS = 24 * 1024 * 1024;
/** The name of part `n` (from 1) inside a backup zip. */
export function backupPartName(n: number): string {
  return `reader-backup-part-${String(n).padStart(4, '0')}.json`;
}
/** A backup zip's part, as backupPartName writes it. */
export const BACKUP_PART_RE = /^reader-backup-part-(\d{4,})\.json$/;

/** What closes a backup after its last article. */
export const BACKUP_END = '\n]}\n';

/**
 * The backup as JSON text in pieces (the envelope, then one article per piece), so an exporter
 * can stream ten thousand articles into a file or zip without one giant string.
 */
export function* serializeBackupChunks(input: BackupInput): Generator<string, void, undefined> {
  yield backupHead(input.settings, input.exportedAt);
  let first = true;
  for (const article of input.articles) {
    yield `${first ? '' : ','}\n${backupArticleJson(article)}`;
    first = false;
  }
  yield BACKUP_END;
}

/** The whole backup as one JSON string. */
export function serializeBackup(input: BackupInput): string {
  return [...serializeBackupChunks(input)].join('');
}

// Exactly the backed-up fields, in a fixed order: a record with extra fields (deletedAt, a
// derived entry's counts) does not leak them into the file.
function pickArticle(a: BackupArticle): BackupArticle {
  return {
    id: a.id,
    savedAt: a.savedAt,
    updatedAt: a.updatedAt,
    readAt: a.readAt,
    archivedAt: a.archivedAt,
    favourite: a.favourite,
    tags: a.tags,
    ...(a.content ? { content: a.content } : {}),
    position: a.position && { block: a.position.block, offset: a.position.offset, progress: a.position.progress, updatedAt: a.position.updatedAt },
    article: {
      url: a.article.url,
      title: a.article.title,
      byline: a.article.byline,
      siteName: a.article.siteName,
      publishedTime: a.article.publishedTime,
      lang: a.article.lang,
      dir: a.article.dir,
      excerpt: a.article.excerpt,
      leadImageUrl: a.article.leadImageUrl,
      wordCount: a.article.wordCount,
      readingTimeMinutes: a.article.readingTimeMinutes,
      contentHtml: a.article.contentHtml,
      text: a.article.text,
      readerable: a.article.readerable,
      ...(a.article.truncated ? { truncated: true as const } : {}),
    },
    ...(a.highlights !== undefined ? { highlights: a.highlights } : {}),
  };
}
