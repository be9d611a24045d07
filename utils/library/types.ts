import type { Article } from '../model/article';

/**
 * What a saved record holds: the extracted article, or only a link (an import from a service that
 * exports no bodies — Pocket, Instapaper, bookmarks — or an Omnivore item it never fetched). A
 * link's article has the title and URL and an empty body until the page is read (writer
 * `fillLinkArticle`).
 */
export type ArticleContent = 'article' | 'link';

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
  /** When it was archived; null = in the inbox. */
  archivedAt: number | null;
  favourite: boolean;
  /** Display forms, deduped case-insensitively (tagKey), sorted with localeCompare. */
  tags: string[];
  /** Last change to the record (save, tag, archive, read, favourite, restore). */
  updatedAt: number;
  /** Whether the body is there or only the link (the list and the reader say so). */
  content: ArticleContent;
}

/** A saved article's full record: the entry's id, its organising state and the sanitized article. */
export interface SavedArticle {
  schemaVersion: number;
  id: string;
  savedAt: number;
  archivedAt: number | null;
  favourite: boolean;
  tags: string[];
  updatedAt: number;
  /** 'link' while the article has no body yet (schema 3). */
  content: ArticleContent;
  article: Article;
  /**
   * The user's highlights and notes brought from another service (Omnivore, wallabag, Instapaper),
   * as the Markdown it exported (quotes as `>` lines, notes between them); absent when none (schema 4).
   */
  highlights?: string;
}

/** A change the writer committed, as watchers hear it; `ids` is empty for 'rebuilt' (reload everything). */
export type LibraryChange = { kind: 'saved' | 'updated' | 'deleted' | 'restored' | 'purged' | 'rebuilt' | 'imported'; ids: string[] };

/** What search indexes of one visible saved article (read from the records, in batches). */
export interface SearchSource {
  id: string;
  updatedAt: number;
  title: string;
  siteName: string | null;
  byline: string | null;
  tags: string[];
  excerpt: string | null;
  text: string;
  lang: string | null;
}

/** Why a library write did not happen; the library is unchanged in every case. */
export type LibraryWriteError = 'quota' | 'not-found' | 'newer-schema' | 'invalid' | 'storage';

/** Outcome of a write to the library. */
export type LibraryWriteResult<T> = { ok: true; value: T; created?: boolean } | { ok: false; error: LibraryWriteError; message: string };
