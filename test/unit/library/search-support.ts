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

/** The snippet of the best hit of `query`, made from the texts of `docs` (as the worker makes it from the stored articles). */
export function firstSnippet(
  search: {
    search(q: string): Array<{ id: string }>;
    snippets(
      q: string,
      d: Array<{ id: string; text: string; excerpt: string | null }>,
    ): Array<{ id: string; snippet: Array<{ text: string; match: boolean }> }>;
  },
  docs: readonly SearchSource[],
  query: string,
): Array<{ text: string; match: boolean }> {
  const best = search.search(query)[0];
  if (!best) throw new Error(`no hit for ${query}`);
  const doc = docs.find((d) => d.id === best.id)!;
  const [made] = search.snippets(query, [{ id: doc.id, text: doc.text, excerpt: doc.excerpt }]);
  if (!made) throw new Error(`no snippet for ${query}`);
  return made.snippet;
}
