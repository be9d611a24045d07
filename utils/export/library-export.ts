/**
 * The export the Library's Export button runs, in the extension page: the saved articles of a list
 * of ids read from IndexedDB a batch at a time (library/export-source.ts), converted one at a time
 * by an exporter (or written as Reader's JSON backup) — the zip formats' files compressed, and the
 * Markdown notes converted, by workers meanwhile (export-worker-client.ts) — the bytes folded into a Blob as they come, so the page never holds the
 * library's text at once. The benchmark runs this same module.
 */
import {
  backupArticleJson,
  backupHead,
  backupPartName,
  BACKUP_END,
  BACKUP_PART_ARTICLES,
  BACKUP_PART_CHARS,
  type BackupArticle,
  type BackupSettings,
} from '../import/backup-schema';
import type { ExportRecord } from '../library/export-source';
import type { ReaderSettings } from '../settings/settings';
import { isoSeconds } from './dates';
import { createExportWorkers, type ExportWorkers } from './export-worker-client';
import { EXPORT_FORMATS, exportLibrary, type ExportLibraryOptions } from './index';
import { ChunkWriter } from './output';
import { ZIP_LEVEL, ZipWriter } from './zip';
import type { Deflater } from './deflate';
import type { Bytes, ExportEntry, ExportFormat, ExportImage, ExportOptions, ExportResult, ExportSink, ImageResolver } from './types';

/** What the Export button offers: Reader's own backup, and the formats other tools read. */
export type LibraryExportFormat = 'backup' | ExportFormat;

/** The formats in the order the dialog lists them. */
export const LIBRARY_EXPORT_FORMATS: readonly LibraryExportFormat[] = ['backup', 'markdown', 'html', 'html-single', 'bookmarks', 'csv'];

/** An exporter's view of one saved article. */
export function exportEntryOf({ record, position }: ExportRecord): ExportEntry {
  return {
    id: record.id,
    article: record.article,
    savedAt: record.savedAt,
    readAt: record.readAt,
    archivedAt: record.archivedAt,
    favourite: record.favourite,
    tags: record.tags,
    progress: position?.progress ?? null,
    ...(record.highlights !== undefined ? { highlights: record.highlights } : {}),
  };
}

/** One saved article as the backup holds it: its whole record and its reading position. */
export function backupArticleOf({ record, position }: ExportRecord): BackupArticle {
  return {
    id: record.id,
    savedAt: record.savedAt,
    updatedAt: record.updatedAt,
    readAt: record.readAt,
    archivedAt: record.archivedAt,
    favourite: record.favourite,
    tags: record.tags,
    content: record.content,
    position,
    article: record.article,
    ...(record.highlights !== undefined ? { highlights: record.highlights } : {}),
  };
}

/** Options of exportBackup. */
export interface BackupExportOptions extends Pick<ExportOptions, 'onProgress' | 'signal' | 'now'> {
  settings: Readonly<ReaderSettings> | BackupSettings | null;
  /**
   * Writes a zip of parts (backup-schema.ts backupPartName), each a backup file of its own with at
   * most `partArticles` articles, instead of one JSON file: what a large library needs.
   */
  parts?: { partArticles?: number; partChars?: number; deflate?: Deflater };
}

/** Writes Reader's JSON backup (utils/import/backup-schema.ts) of `records` to `sink`, one article at a time. */
export async function exportBackup(
  records: AsyncIterable<ExportRecord> | Iterable<ExportRecord>,
  sink: ExportSink,
  options: BackupExportOptions,
): Promise<ExportResult> {
  const out = new ChunkWriter(sink);
  const exportedAt = options.now ?? Date.now();
  let count = 0;
  options.signal?.throwIfAborted();
  if (!options.parts) {
    await out.text(backupHead(options.settings, exportedAt));
    for await (const record of records) {
      await out.text(`${count === 0 ? '' : ','}\n${backupArticleJson(backupArticleOf(record))}`);
      count++;
      options.onProgress?.(count);
      options.signal?.throwIfAborted();
    }
    await out.text(BACKUP_END);
    await out.end();
    return { count, skipped: 0, bytes: out.bytes };
  }
  // A part's text is built whole (a few tens of MB at most) and handed to the zip, then dropped.
  const { partArticles = BACKUP_PART_ARTICLES, partChars = BACKUP_PART_CHARS, deflate } = options.parts;
  const zip = new ZipWriter(out, ZIP_LEVEL, deflate);
  let part: string[] = [];
  let chars = 0;
  let parts = 0;
  const close = async (): Promise<void> => {
    parts++;
    // The settings travel in the first part; a part on its own is still a whole backup file.
    const head = backupHead(parts === 1 ? options.settings : null, exportedAt);
    await zip.add(backupPartName(parts), `${head}${part.join(',')}${BACKUP_END}`, exportedAt);
    part = [];
    chars = 0;
  };
  for await (const record of records) {
    const json = `\n${backupArticleJson(backupArticleOf(record))}`;
    if (part.length > 0 && (part.length >= partArticles || chars + json.length > partChars)) await close();
    part.push(json);
    chars += json.length;
    count++;
    options.onProgress?.(count);
    options.signal?.throwIfAborted();
  }
  // An empty library's backup is one part with no articles: its settings still restore.
  if (part.length > 0 || parts === 0) await close();
  await zip.end();
  await out.end();
  return { count, skipped: 0, bytes: out.bytes };
}

/** A backup of more articles than one part holds is written as a zip of parts. */
export function backupInParts(articles: number): boolean {
  return articles > BACKUP_PART_ARTICLES;
}

/** The downloaded file's name: "reader-backup-2024-04-19.json" (a zip of parts for a large library), "reader-markdown-2024-04-19.zip"… */
export function exportFileName(format: LibraryExportFormat, now: number, articles = 0): string {
  const day = (isoSeconds(now) ?? '').slice(0, 10);
  if (format === 'backup') return `reader-backup-${day}.${backupInParts(articles) ? 'zip' : 'json'}`;
  const name = format === 'bookmarks' ? 'bookmarks' : format === 'csv' ? 'pocket' : format;
  return `reader-${name}-${day}.${EXPORT_FORMATS[format].extension}`;
}

/** The MIME type of a format's file (of `articles` articles). */
export function exportMimeType(format: LibraryExportFormat, articles = 0): string {
  if (format === 'backup') return backupInParts(articles) ? 'application/zip' : 'application/json';
  return EXPORT_FORMATS[format].mimeType;
}

/** Chunks are folded into the Blob every few megabytes: the bytes then live in the browser's blob storage, not in the page's heap. */
const FOLD_BYTES = 4 * 1024 * 1024;

/** A sink that assembles a Blob from the chunks it gets, folding them in as they pile up. */
export function blobSink(type: string): { sink: ExportSink; blob: () => Blob } {
  let blob = new Blob([], { type });
  let parts: Bytes[] = [];
  let held = 0;
  const fold = () => {
    blob = new Blob([blob, ...parts], { type });
    parts = [];
    held = 0;
  };
  return {
    sink: (chunk, final) => {
      parts.push(chunk);
      held += chunk.length;
      if (held >= FOLD_BYTES || final) fold();
    },
    blob: () => blob,
  };
}

/** Options of exportToBlob. */
export interface LibraryExportOptions extends Pick<ExportLibraryOptions, 'labels' | 'bookmarkLabels' | 'signal' | 'now'> {
  /** Hears the articles written so far and the number asked for. */
  onProgress?: (done: number, total: number) => void;
  /** The settings a backup holds (loaded by the caller: utils/settings loadSettings). */
  settings?: Readonly<ReaderSettings> | null;
  /** Where the records come from: the library's reader (library/export-source.ts readExportRecords) in the extension. */
  read: (ids: readonly string[], onSkip: (id: string) => void) => AsyncIterable<ExportRecord>;
  /**
   * Reads one stored image of an article (library/image-db.ts readStoredImage in the extension):
   * with it, the Markdown and HTML formats include the images each record says are stored.
   */
  readImage?: (articleId: string, url: string) => Promise<ExportImage | null>;
  /**
   * Starts what compresses the zip formats' files and converts the Markdown notes: workers
   * (export-worker-client.ts) by default, so the page reads and writes meanwhile and every core
   * converts; the page does it where no worker starts.
   */
  startWorkers?: () => ExportWorkers;
}

/** A finished export. */
export interface LibraryExportResult {
  blob: Blob;
  filename: string;
  /** Articles in the file. */
  count: number;
  /** Articles asked for but not in the file: deleted meanwhile, unreadable, or with a URL the format cannot hold. */
  skipped: number;
}

/** Exports the saved articles `ids` (in that order) in `format` into a Blob. */
export async function exportToBlob(format: LibraryExportFormat, ids: readonly string[], options: LibraryExportOptions): Promise<LibraryExportResult> {
  const now = options.now ?? Date.now();
  let missing = 0;
  const records = options.read(ids, () => missing++);
  const { sink, blob } = blobSink(exportMimeType(format, ids.length));
  const onProgress = (done: number) => options.onProgress?.(done, ids.length);
  let result: ExportResult;
  if (format === 'backup') {
    const workers = backupInParts(ids.length) ? (options.startWorkers ?? createExportWorkers)() : null;
    try {
      result = await exportBackup(records, sink, {
        settings: options.settings ?? null,
        now,
        onProgress,
        signal: options.signal,
        ...(workers ? { parts: { deflate: workers.deflate } } : {}),
      });
    } finally {
      workers?.close();
    }
  } else {
    // Which images each entry has stored, as its record said: the resolver reads only those.
    const stored = new WeakMap<ExportEntry, ReadonlySet<string>>();
    async function* entries(): AsyncGenerator<ExportEntry> {
      for await (const record of records) {
        const entry = exportEntryOf(record);
        if (record.storedImages) stored.set(entry, record.storedImages);
        yield entry;
      }
    }
    const { labels, bookmarkLabels, signal, readImage } = options;
    const images: ImageResolver | undefined = readImage && (async (entry, url) => (entry.id && stored.get(entry)?.has(url) ? readImage(entry.id, url) : null));
    const zipped = EXPORT_FORMATS[format].extension === 'zip';
    const workers = zipped ? (options.startWorkers ?? createExportWorkers)() : null;
    try {
      result = await exportLibrary(format, entries(), sink, {
        labels,
        bookmarkLabels,
        signal,
        now,
        onProgress,
        images,
        hasStoredImages: (entry) => stored.has(entry),
        ...(workers ? { deflate: workers.deflate, ...(format === 'markdown' ? { convertNote: workers.convertNote } : {}) } : {}),
      });
    } finally {
      workers?.close();
    }
  }
  return { blob: blob(), filename: exportFileName(format, now, ids.length), count: result.count, skipped: result.skipped + missing };
}
