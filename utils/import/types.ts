/**
 * The one shape every import parser produces, whatever the file came from. Parsers are pure: they
 * read bytes or text and return a report; they never touch storage. The library writer turns items
 * into records (sanitizing `contentHtml` with utils/extract/sanitize first).
 */
import type { BackupArticle, BackupSettings } from './backup-schema';

/** Which service's export an item came from. */
export type ImportSource = 'pocket' | 'omnivore' | 'instapaper' | 'wallabag' | 'bookmarks' | 'backup';

/** Every file layout the parsers read; `detectFormat` names one of these. */
export type ImportFormat =
  | 'pocket-zip' // the zip Pocket e-mailed: part_000000.csv, part_000001.csv…
  | 'pocket-csv' // one of those CSV files on its own
  | 'pocket-html' // the classic ril_export.html
  | 'omnivore-zip' // metadata_*.json, content/<slug>.html, highlights/<slug>.md
  | 'omnivore-json' // one metadata_*.json on its own (no bodies)
  | 'instapaper-csv'
  | 'wallabag-json'
  | 'bookmarks-html' // Netscape bookmark file: every browser and most read-later services
  | 'backup-json' // our own backup (backup-schema.ts)
  | 'backup-zip'; // our own backup of a large library: a zip of backup files, a part each

/** One article or link found in an export, in the form every format shares. */
export interface ImportItem {
  /** An http(s) URL; anything else is skipped before an item is made. */
  url: string;
  /** null when the export has none (the writer falls back to the URL). */
  title: string | null;
  /** Milliseconds since the epoch; null when missing or not a plausible date. */
  savedAt: number | null;
  /** Cleaned (trimmed, whitespace collapsed), one per case-insensitive spelling. */
  tags: string[];
  status: 'unread' | 'archived';
  favourite: boolean;
  /** 0…1 through the article; null when the export does not say. */
  readingProgress: number | null;
  readAt: number | null;
  /** The article body from the export. Untrusted: the writer sanitizes it before storing. */
  contentHtml: string | null;
  /** The user's highlights and notes as Markdown (Omnivore, wallabag annotations, Instapaper selection). */
  highlights: string | null;
  excerpt: string | null;
  byline: string | null;
  /** An http(s) image URL, or null. */
  leadImageUrl: string | null;
  /** ISO-8601, or null. */
  publishedTime: string | null;
  lang: string | null;
  source: ImportSource;
  /** The full record when the file is our own backup, so a restore is exact; null for other sources. */
  restore: BackupArticle | null;
}

/** A row, entry or link that was not imported, and why (a sentence for the user). */
export interface SkippedRow {
  /** The row number (a CSV's header is row 1), the entry's position (1-based), or "file:row" inside a zip. */
  row: number | string;
  reason: string;
}

/** A later row whose URL an earlier one already had: merged into it (tags unioned). */
export interface MergedDuplicate {
  row: number | string;
  /** The row it was merged into. */
  into: number | string;
  url: string;
}

/** What a successful parse found: the items to write, and everything the user should hear about. */
export interface ImportReport {
  format: ImportFormat;
  items: ImportItem[];
  skipped: SkippedRow[];
  duplicates: MergedDuplicate[];
  /** Sentences about the file as a whole (formula cells neutralised, hostile keys dropped, bodies too large…). */
  warnings: string[];
  /** Settings from our own backup (to be repaired field by field by utils/settings before use); null otherwise. */
  settings: BackupSettings | null;
  /**
   * Our own backup in parts ('backup-zip'): its articles, counted and checked, read again part by
   * part as the restore reaches them, so a large library is never held whole (`items` is empty).
   */
  backup?: BackupSource;
}

/** A backup's articles, read on demand, in order: each call reads them afresh. */
export interface BackupSource {
  count: number;
  articles(): Iterable<BackupArticle>;
}

/** Why a whole file was refused; the caller writes nothing. */
export type ImportErrorCode =
  | 'empty'
  | 'too-large'
  | 'wrong-format'
  | 'corrupt-zip'
  | 'zip-limits' // too many entries, an entry or the total too large, or a compression ratio of a zip bomb
  | 'bad-encoding'
  | 'bad-json'
  | 'bad-shape' // parsed, but not the structure the format has (wrong columns, not an array…)
  | 'too-many-items'
  | 'newer-backup'
  | 'no-html-parser'
  | 'nothing-to-import';

/** A refused file: a code for the caller and a sentence for the user. */
export interface ImportError {
  code: ImportErrorCode;
  message: string;
}

/** Every parser's answer: a whole report, or a whole refusal — never a partial result. */
export type ImportResult = { ok: true; report: ImportReport } | { ok: false; error: ImportError };

/** Parses HTML into an inert document (scripts never run, nothing is fetched). */
export type HtmlParser = (html: string) => Document;

/** Options shared by the parsers. */
export interface ImportOptions {
  /** How to parse HTML (ril_export.html, bookmark files); the default is the global DOMParser. */
  parseHtml?: HtmlParser;
}
