/**
 * The exporters' input and output: what one saved article brings to an export, and where the
 * bytes go. Exporters are pure: no storage, no extension API, no UI.
 */
import type { WindowLike } from 'dompurify';
import type { Deflater } from './deflate';
import type { Article } from '../model/article';

/** One saved article as an exporter sees it: the article and its library state. */
export interface ExportEntry {
  article: Article;
  /** When it was saved (ms since the epoch). */
  savedAt: number;
  /** When it was marked as read, or null. */
  readAt: number | null;
  /** When it was archived, or null. */
  archivedAt: number | null;
  favourite: boolean;
  tags: string[];
  /** Reading progress 0–1, or null when never opened. */
  progress: number | null;
  /** The library's id of the article, for an `images` resolver to find its stored images by. */
  id?: string;
  /** The highlights and notes an import brought (Markdown: `>` quotes and notes), if any. */
  highlights?: string;
}

/** A stored copy of one of an article's images, as an export embeds it. */
export interface ExportImage {
  bytes: Uint8Array;
  /** Its MIME type ("image/png"). */
  type: string;
}

/**
 * Finds the stored copy of an article's image by a URL the article names it by; null when none is
 * stored (the export then keeps the image's own address). The exporters ask once per image, in
 * order, and hold one article's images at a time.
 */
export type ImageResolver = (entry: ExportEntry, url: string) => Promise<ExportImage | null>;

/**
 * Receives the export's bytes in order. `final` is true on the last call only (its chunk may be
 * empty), and a chunk is the sink's to keep. A returned promise is awaited before anything more is produced, so a slow writer (a
 * file, a download stream) holds the exporter back instead of letting chunks pile up in memory.
 * When the export fails or is aborted, no final call comes: what the sink got is to be discarded.
 */
export type ExportSink = (chunk: Bytes, final: boolean) => void | Promise<void>;

/** Bytes on a plain ArrayBuffer: what `new Blob([chunk])` and a stream's enqueue accept as they are. */
export type Bytes = Uint8Array<ArrayBuffer>;

/** The formats `exportLibrary` writes (the JSON backup lives with the importers). */
export type ExportFormat = 'markdown' | 'html' | 'html-single' | 'bookmarks' | 'csv';

/** Options every exporter takes. */
export interface ExportOptions {
  /** Hears the number of articles written so far, after each one. */
  onProgress?: (done: number) => void;
  /** Stops the export between two articles; the exporter then rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * The DOM window the body is re-sanitized with (`sanitizeArticle`); defaults to the global one,
   * which extension pages have. Pass a happy-dom window in Node.
   */
  window?: WindowLike;
  /** The export's date (ms since the epoch), written in headers; defaults to now. */
  now?: number;
  /**
   * Stored images to include: the HTML formats embed them as data: URIs (each page stays one
   * self-contained file), the Markdown zip puts them in an `assets/` folder beside the notes with
   * relative links. Without it, images keep their web addresses.
   */
  images?: ImageResolver;
  /**
   * Compresses the zip formats' files (deflate.ts); defaults to compressing in the calling
   * thread. The Export button passes a worker's (deflate-worker-client.ts).
   */
  deflate?: Deflater;
  /** Heading over an article's highlights and notes, in the UI's language (default DEFAULT_HIGHLIGHTS_HEADING). */
  highlightsHeading?: string;
}

/** The English heading over an article's highlights and notes. */
export const DEFAULT_HIGHLIGHTS_HEADING = 'Highlights and notes';

/** What an export wrote. */
export interface ExportResult {
  /** Articles written. */
  count: number;
  /** Articles left out, e.g. a bookmark whose URL is not http(s) or file, or a body that could not be converted. */
  skipped: number;
  /** Bytes handed to the sink. */
  bytes: number;
}
