/**
 * FALLBACK SEARCH — a stand-in for the search worker until it is merged: a plain substring match
 * over the entries the store already holds (title, site, byline, tags, excerpt; not the body),
 * every word of the query required, accents and case ignored, no typo tolerance. It answers with
 * the search worker's contract (`SearchFn`), so the store and the UI do not change when the real
 * search replaces it.
 */
import { foldText, foldedFields, searchTerms, type SearchFn, type SearchHit, type SnippetSegment } from './query';
import type { LibraryEntry } from './types';

/** Characters of context kept before the first match in a snippet. */
const SNIPPET_LEAD = 40;
/** Longest snippet, in characters. */
const SNIPPET_LENGTH = 180;

/** A string folded for matching, with the index in the original of each folded character. */
function foldWithMap(text: string): { folded: string; map: number[] } {
  let folded = '';
  const map: number[] = [];
  let index = 0;
  for (const ch of text) {
    const f = foldText(ch);
    for (let i = 0; i < f.length; i++) map.push(index);
    folded += f;
    index += ch.length;
  }
  map.push(text.length);
  return { folded, map };
}

/** The ranges of `text` (original indexes) where any of `terms` occur, merged and in order. */
export function matchRanges(text: string, terms: readonly string[]): Array<[number, number]> {
  const { folded, map } = foldWithMap(text);
  const ranges: Array<[number, number]> = [];
  for (const term of terms) {
    for (let at = folded.indexOf(term); at !== -1; at = folded.indexOf(term, at + term.length)) {
      const start = map[at]!;
      // The end is the start of the first original character after the match.
      const endFolded = at + term.length;
      let end = map[endFolded] ?? text.length;
      if (end <= start) end = start + 1;
      ranges.push([start, end]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** `text` cut into plain and matching segments, around the first match, at most SNIPPET_LENGTH long. */
export function snippetOf(text: string, terms: readonly string[]): SnippetSegment[] {
  const ranges = matchRanges(text, terms);
  let from = 0;
  let to = text.length;
  if (text.length > SNIPPET_LENGTH) {
    const first = ranges[0]?.[0] ?? 0;
    from = Math.max(0, first - SNIPPET_LEAD);
    // Start on a word boundary when one is near.
    const space = text.lastIndexOf(' ', from);
    if (from > 0 && space > from - 15) from = space + 1;
    to = Math.min(text.length, from + SNIPPET_LENGTH);
  }
  const segments: SnippetSegment[] = [];
  const push = (s: string, match: boolean) => {
    if (s) segments.push({ text: s, match });
  };
  let at = from;
  for (const [start, end] of ranges) {
    if (end <= from || start >= to) continue;
    push(text.slice(at, Math.max(at, start)), false);
    push(text.slice(Math.max(at, start), Math.min(end, to)), true);
    at = Math.min(end, to);
  }
  push(text.slice(at, to), false);
  if (from > 0) segments.unshift({ text: '…', match: false });
  if (to < text.length) segments.push({ text: '…', match: false });
  return segments;
}

/** Field weights of the fallback's score: a word in the title counts most. */
const WEIGHTS = { title: 4, tags: 3, site: 2, byline: 2, excerpt: 1 } as const;
const FIELDS = Object.keys(WEIGHTS) as Array<keyof typeof WEIGHTS>;

/** Scores one entry for `terms` (0 = some term is missing), with its snippet. */
export function scoreEntry(entry: LibraryEntry, terms: readonly string[]): SearchHit | null {
  const fields = foldedFields(entry);
  // Most entries miss some word: one look at all the text rules them out.
  if (!terms.every((term) => fields.all.includes(term))) return null;
  let score = 0;
  for (const term of terms) {
    let best = 0;
    for (const field of FIELDS) if (fields[field].includes(term)) best = Math.max(best, WEIGHTS[field]);
    if (best === 0) return null;
    score += best;
  }
  // The snippet comes from the excerpt when it matches, else the title.
  const excerpt = entry.excerpt ?? '';
  const source = terms.some((term) => fields.excerpt.includes(term)) ? excerpt : entry.title;
  return { id: entry.id, score, snippet: snippetOf(source, terms) };
}

/** FALLBACK: a `SearchFn` over the entries `current()` returns (the store's list). */
export function createSubstringSearch(current: () => readonly LibraryEntry[]): SearchFn {
  return async (query, { limit }) => {
    const terms = searchTerms(query);
    if (terms.length === 0) return { results: [], complete: true };
    const results: SearchHit[] = [];
    for (const entry of current()) {
      const hit = scoreEntry(entry, terms);
      if (hit) results.push(hit);
    }
    results.sort((a, b) => b.score - a.score);
    return { results: results.slice(0, limit), complete: true };
  };
}
