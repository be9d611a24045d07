/**
 * Exports of the library: pure, streaming modules with no storage and no UI. The caller hands in
 * the articles as an async iterable (one at a time: 10,000 never sit in memory together) and a
 * sink for the bytes, and gets progress as articles pass.
 */
import { exportBookmarks, type BookmarkExportOptions } from './bookmarks';
import { exportCsv } from './csv';
import { exportHtml, exportHtmlSingle, type HtmlExportOptions } from './html';
import { exportMarkdown } from './markdown';
import { streamFrom } from './output';
import type { Bytes, ExportEntry, ExportFormat, ExportOptions, ExportResult, ExportSink } from './types';

export type { Bytes, ExportEntry, ExportFormat, ExportOptions, ExportResult, ExportSink } from './types';

/** What a download of each format is: its MIME type and file extension. */
export const EXPORT_FORMATS: Readonly<Record<ExportFormat, { mimeType: string; extension: string }>> = {
  markdown: { mimeType: 'application/zip', extension: 'zip' },
  html: { mimeType: 'application/zip', extension: 'zip' },
  'html-single': { mimeType: 'text/html', extension: 'html' },
  bookmarks: { mimeType: 'text/html', extension: 'html' },
  csv: { mimeType: 'text/csv', extension: 'csv' },
};

/** Options of exportLibrary: those of every exporter, plus the labels the HTML formats use. */
export type ExportLibraryOptions = ExportOptions & Pick<HtmlExportOptions, 'labels'> & { bookmarkLabels?: BookmarkExportOptions['labels'] };

/** Writes `entries` in `format` to `sink`, reporting the count of articles done to `onProgress`. */
export function exportLibrary(
  format: ExportFormat,
  entries: AsyncIterable<ExportEntry> | Iterable<ExportEntry>,
  sink: ExportSink,
  options: ExportLibraryOptions = {},
): Promise<ExportResult> {
  switch (format) {
    case 'markdown':
      // The Markdown notes' one heading of their own, in the words the HTML pages use.
      return exportMarkdown(entries, sink, { ...options, highlightsHeading: options.highlightsHeading ?? options.labels?.highlights });
    case 'html':
      return exportHtml(entries, sink, options);
    case 'html-single':
      return exportHtmlSingle(entries, sink, options);
    case 'bookmarks':
      return exportBookmarks(entries, sink, { ...options, labels: options.bookmarkLabels });
    case 'csv':
      return exportCsv(entries, sink, options);
    default:
      return Promise.reject(new Error(`Unknown export format: ${String(format satisfies never)}`));
  }
}

/**
 * The export as a ReadableStream, produced as fast as it is read (for a download or a Blob);
 * cancelling the stream stops the export between two articles.
 */
export function exportStream(
  format: ExportFormat,
  entries: AsyncIterable<ExportEntry> | Iterable<ExportEntry>,
  options: ExportLibraryOptions = {},
): ReadableStream<Bytes> {
  return streamFrom((sink, signal) => {
    const signals = options.signal ? [options.signal, signal] : [signal];
    return exportLibrary(format, entries, sink, { ...options, signal: AbortSignal.any(signals) });
  });
}
