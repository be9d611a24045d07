import type { Article } from '../model/article';

/** What the library list shows for one saved article (everything but the body). */
export interface LibraryEntry {
  id: string;
  url: string;
  /** URL without fragment and tracking parameters: the key for "already saved". */
  canonicalUrl: string;
  title: string;
  siteName: string | null;
  byline: string | null;
  excerpt: string | null;
  lang: string | null;
  dir: 'ltr' | 'rtl' | null;
  leadImageUrl: string | null;
  publishedTime: string | null;
  wordCount: number;
  readingTimeMinutes: number;
  savedAt: number;
  readAt: number | null;
  /** Set while a delete can still be undone; the entry is hidden from the list. */
  deletedAt: number | null;
  /** When it was moved to the archive; null while it is in the inbox. */
  archivedAt: number | null;
  favourite: boolean;
  /** The article's tags in their display form, unique ignoring case. */
  tags: string[];
  /** Last change of anything the list shows (read mark, archive, favourite, tags); savedAt until then. */
  updatedAt: number;
}

/** A saved article's full record: the entry's id plus the sanitized article. */
export interface SavedArticle {
  schemaVersion: number;
  id: string;
  savedAt: number;
  article: Article;
}

/** Why a library write did not happen; the library is unchanged in every case. */
export type LibraryWriteError = 'quota' | 'not-found' | 'newer-schema' | 'invalid' | 'storage';

/** Outcome of a write to the library. */
export type LibraryWriteResult<T> = { ok: true; value: T; created?: boolean } | { ok: false; error: LibraryWriteError; message: string };
