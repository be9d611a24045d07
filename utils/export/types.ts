/**
 * The exporters' input and output: what one saved article brings to an export, and where the
 * bytes go. Exporters are pure: no storage, no extension API, no UI.
 */
import type { WindowLike } from 'dompurify';
import type { DeflatedFile, Deflater, DeflateLevel } from './deflate';
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
   * Whether an entry has stored images for `images` to find; false lets the Markdown export write
   * its note without asking (and off the page's thread, with `convertNote`). Default: ask for all.
   */
  hasStoredImages?: (entry: ExportEntry) => boolean;
  /**
   * Compresses the zip formats' files (deflate.ts); defaults to compressing in the calling
   * thread. The Export button passes its workers' (export-worker-client.ts).
   */
  deflate?: Deflater;
  /**
   * Converts Markdown notes elsewhere (the Export button's workers, export-worker-client.ts), a few
   * ahead of the one being written; defaults to converting each in the calling thread when written.
   */
  convertNote?: NoteConverter;
  /** Heading over an article's highlights and notes, in the UI's language (default DEFAULT_HIGHLIGHTS_HEADING). */
  highlightsHeading?: string;
}

/** What a Markdown note is made of: the article's fields it shows and its library state (not the article's plain text). */
export type NoteInput = Pick<ExportEntry, 'savedAt' | 'readAt' | 'archivedAt' | 'favourite' | 'tags' | 'highlights'> & {
  article: Pick<Article, 'title' | 'url' | 'byline' | 'siteName' | 'publishedTime' | 'contentHtml'>;
};

/**
 * A note converted but its images not linked yet: each image with a web address is a token in
 * `text`, and its candidate URLs (src, then srcset's) are listed in `images` in token order.
 */
export interface NoteDraft {
  text: string;
  images: string[][];
}

/** How a note is to be converted (markdown.ts convertNote). */
export interface NoteConversion {
  /** Images become tokens listed in the draft (an export that includes stored images); otherwise Turndown's image syntax. */
  collectImages: boolean;
  /** The article has no stored image: the note is finished (web addresses for its images) and compressed at `level` where it is converted. */
  final: boolean;
  level: DeflateLevel;
  highlightsHeading?: string;
}

/** A converted note: finished and compressed, or a draft whose images the page links. */
export type ConvertedNote = { file: DeflatedFile; draft?: undefined } | { draft: NoteDraft; file?: undefined };

/** Converts one note, maybe elsewhere (a worker): the same answer as markdown.ts convertNote in the page. */
export type NoteConverter = (input: NoteInput, conversion: NoteConversion) => Promise<ConvertedNote>;

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
