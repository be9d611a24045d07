import type { LibraryEntry } from '../../../utils/library/types';

let n = 0;

/** A library entry with overridable fields, for tests of the list, its filters and its store. */
export function makeEntry(overrides: Partial<LibraryEntry> = {}): LibraryEntry {
  const id = overrides.id ?? `entry-${++n}`;
  const savedAt = overrides.savedAt ?? 1_700_000_000_000;
  return {
    id,
    url: `https://news.example/${id}`,
    canonicalUrl: `https://news.example/${id}`,
    title: `Article ${id}`,
    siteName: 'Daily Ledger',
    byline: null,
    excerpt: null,
    lang: 'en',
    dir: 'ltr',
    leadImageUrl: null,
    publishedTime: null,
    wordCount: 400,
    readingTimeMinutes: 2,
    savedAt,
    readAt: null,
    deletedAt: null,
    archivedAt: null,
    favourite: false,
    tags: [],
    updatedAt: savedAt,
    content: 'article',
    ...overrides,
  };
}
