/** Small search sources for the search tests. */
import type { SearchSource } from '../../../utils/library/types';

/** A search source with every field but those given empty. */
export function source(id: string, fields: Partial<Omit<SearchSource, 'id'>> = {}): SearchSource {
  return {
    id,
    updatedAt: 1,
    title: `Article ${id}`,
    siteName: null,
    byline: null,
    tags: [],
    excerpt: null,
    text: '',
    lang: null,
    ...fields,
  };
}

/** The text of a snippet, marks dropped; and the marked words alone. */
export function snippetText(parts: ReadonlyArray<{ text: string; match: boolean }>): { text: string; marked: string[] } {
  return { text: parts.map((p) => p.text).join(''), marked: parts.filter((p) => p.match).map((p) => p.text) };
}
