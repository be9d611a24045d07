/**
 * The Library's export, outside components (Preact signals): which format and which articles
 * (the whole library, the list as filtered, or the selection), the export's progress, and its
 * outcome. The file is a Blob handed to the browser through a link with the download attribute:
 * no `downloads` permission (README, "Permissions").
 *
 * Every dependency is injected, so tests run the store on fakes.
 */
import { signal } from '@preact/signals';
import type { LibraryExportFormat, LibraryExportOptions, LibraryExportResult } from '../export/library-export';
import type { BookmarkLabels } from '../export/bookmarks';
import type { HtmlLabels } from '../export/html';
import { t } from '../i18n';
import { readExportRecords } from '../library/export-source';
import { readStoredImage } from '../library/image-db';
import { loadSettings, type ReaderSettings } from '../settings/settings';
import { MAX_BACKUP_FILE_BYTES, MAX_FILE_BYTES } from '../import/limits';
// The import's own units: the limit reads as its refusal of a larger file words it ("200 MB").
import { formatBytes } from '../import/errors';

/** Which articles an export covers. */
export type ExportScope = 'library' | 'view' | 'selection';

/** Where an export stands. */
export type ExportStatus =
  | { phase: 'idle' }
  | { phase: 'running'; format: LibraryExportFormat; done: number; total: number }
  | { phase: 'done'; format: LibraryExportFormat; filename: string; count: number; skipped: number }
  | { phase: 'failed'; message: string };

/** What the export store runs with; every part can be replaced in tests. */
export interface ExportStoreDeps {
  run: (format: LibraryExportFormat, ids: readonly string[], options: LibraryExportOptions) => Promise<LibraryExportResult>;
  download: (blob: Blob, filename: string) => void;
  loadSettings: () => Promise<ReaderSettings>;
  read: LibraryExportOptions['read'];
  /** Reads a stored image for the formats that include them (Markdown, HTML). */
  readImage: NonNullable<LibraryExportOptions['readImage']>;
  now: () => number;
  /** The largest backup Reader's import restores (limits.ts: MAX_FILE_BYTES for one JSON file, MAX_BACKUP_FILE_BYTES for a zip of parts): a larger one is not downloaded. */
  maxBackupBytes: (type: string) => number;
}

/** How long the object URL of a download is kept: the browser has started reading it by then. */
const REVOKE_AFTER_MS = 60_000;

/** Hands a Blob to the browser as a download, from the extension page (a link with the download attribute). */
export function downloadBlob(blob: Blob, filename: string, doc: Document = document): void {
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.hidden = true;
  doc.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

const defaultDeps: ExportStoreDeps = {
  // The exporters (Markdown, zip, HTML) load when an export starts: the library page opens without them.
  run: async (format, ids, options) => (await import('../export/library-export')).exportToBlob(format, ids, options),
  download: (blob, filename) => downloadBlob(blob, filename),
  loadSettings,
  read: (ids, onSkip) => readExportRecords(ids, { onSkip }),
  readImage: async (articleId, url) => {
    const image = await readStoredImage(articleId, url);
    return image && { bytes: new Uint8Array(image.bytes), type: image.type };
  },
  now: () => Date.now(),
  maxBackupBytes: (type) => (type === 'application/zip' ? MAX_BACKUP_FILE_BYTES : MAX_FILE_BYTES),
};

/** The words of exported HTML pages and bookmark folders, in the UI's language. */
function labels(): { labels: HtmlLabels; bookmarkLabels: BookmarkLabels } {
  return {
    labels: {
      by: t('exportLabelBy'),
      // The exporter puts the number in place of {n}.
      minutes: t('exportLabelMinutes', '{n}'),
      saved: t('exportLabelSaved'),
      original: t('exportLabelOriginal'),
      tags: t('exportLabelTags'),
      contents: t('exportLabelContents'),
      collection: t('exportLabelCollection'),
      highlights: t('exportLabelHighlights'),
    },
    bookmarkLabels: { title: t('exportLabelBookmarks'), unread: t('exportLabelUnread'), archive: t('exportLabelArchive') },
  };
}

/** Progress is shown every this many articles (and at the end): a render per article would cost more than the export. */
const PROGRESS_STEP = 25;

/** Creates the export store; `deps` default to the real library, settings and download. */
export function createExportStore(overrides: Partial<ExportStoreDeps> = {}) {
  const deps: ExportStoreDeps = { ...defaultDeps, ...overrides };
  const format = signal<LibraryExportFormat>('backup');
  const scope = signal<ExportScope>('library');
  const status = signal<ExportStatus>({ phase: 'idle' });
  let abort: AbortController | null = null;

  return {
    format,
    scope,
    status,
    /** Exports the articles `ids` (in that order) in the chosen format, and downloads the file. */
    async start(ids: readonly string[]): Promise<void> {
      if (status.value.phase === 'running') return;
      const chosen = format.value;
      const mine = new AbortController();
      abort = mine;
      status.value = { phase: 'running', format: chosen, done: 0, total: ids.length };
      try {
        const settings = chosen === 'backup' ? await deps.loadSettings() : null;
        const result = await deps.run(chosen, ids, {
          ...labels(),
          settings,
          read: deps.read,
          readImage: deps.readImage,
          now: deps.now(),
          signal: mine.signal,
          onProgress: (done, total) => {
            if (done % PROGRESS_STEP === 0 || done === total) status.value = { phase: 'running', format: chosen, done, total };
          },
        });
        // A backup the import would refuse is no backup: the user is told to back up in parts
        // rather than handed a file that cannot be restored (and, past ~500 MB, that Chromium
        // cancels as a download).
        const limit = deps.maxBackupBytes(result.blob.type);
        if (chosen === 'backup' && result.blob.size > limit) {
          status.value = { phase: 'failed', message: t('exportBackupTooLarge', formatBytes(result.blob.size), formatBytes(limit)) };
          return;
        }
        deps.download(result.blob, result.filename);
        status.value = { phase: 'done', format: chosen, filename: result.filename, count: result.count, skipped: result.skipped };
      } catch (error) {
        status.value = mine.signal.aborted
          ? { phase: 'idle' }
          : { phase: 'failed', message: t('exportFailed', error instanceof Error ? error.message : String(error)) };
      } finally {
        if (abort === mine) abort = null;
      }
    },
    /** Stops a running export between two articles; nothing is downloaded. */
    cancel(): void {
      abort?.abort(new DOMException('The export was cancelled.', 'AbortError'));
    },
    /** Clears the outcome shown after an export. */
    dismiss(): void {
      if (status.value.phase !== 'running') status.value = { phase: 'idle' };
    },
  };
}

/** The store of the Library's export. */
export type ExportStore = ReturnType<typeof createExportStore>;
