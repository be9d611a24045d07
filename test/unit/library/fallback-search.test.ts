import { describe, expect, it } from 'vitest';
import { createSubstringSearch, matchRanges, snippetOf } from '../../../utils/library/fallback-search';
import { makeEntry } from '../support/entry-factory';

const marked = (segments: Array<{ text: string; match: boolean }>) => segments.map((s) => (s.match ? `[${s.text}]` : s.text)).join('');

describe('fallback search (substring, until the search worker is merged)', () => {
  const entries = [
    makeEntry({ id: 'a', title: 'River flood defences', excerpt: 'The town builds a wall.', savedAt: 3 }),
    makeEntry({ id: 'b', title: 'Café culture', excerpt: 'Flooding the streets with tables.', savedAt: 2, tags: ['Food'] }),
    makeEntry({ id: 'c', title: 'Budget', byline: 'Ann Flood', savedAt: 1 }),
  ];
  const search = createSubstringSearch(() => entries);

  it('finds every entry with all the words, title matches ranked first', async () => {
    const { results, complete } = await search('flood', { limit: 10 });
    expect(complete).toBe(true);
    expect(results.map((r) => r.id)).toEqual(['a', 'c', 'b']);
    expect((await search('flood tables', { limit: 10 })).results.map((r) => r.id)).toEqual(['b']);
    expect((await search('food cafe', { limit: 10 })).results.map((r) => r.id)).toEqual(['b']);
  });

  it('answers at most `limit` results, and none for a blank query', async () => {
    expect((await search('flood', { limit: 1 })).results).toHaveLength(1);
    expect(await search('  ', { limit: 10 })).toEqual({ results: [], complete: true });
  });

  it('gives a snippet with the matches marked, from the excerpt when it matches, else the title', async () => {
    const { results } = await search('flood', { limit: 10 });
    expect(marked(results.find((r) => r.id === 'b')!.snippet!)).toBe('[Flood]ing the streets with tables.');
    expect(marked(results.find((r) => r.id === 'a')!.snippet!)).toBe('River [flood] defences');
  });
});

describe('snippets', () => {
  it('marks matches ignoring accents and case, keeping the original text', () => {
    expect(marked(snippetOf('Élan and élite', ['elan', 'elite']))).toBe('[Élan] and [élite]');
    expect(marked(snippetOf('Ça va', ['ca']))).toBe('[Ça] va');
  });
  it('merges overlapping matches', () => {
    expect(matchRanges('flooding', ['flood', 'oodi'])).toEqual([[0, 6]]);
  });
  it('cuts a long text around the first match', () => {
    const text = `${'word '.repeat(60)}needle ${'tail '.repeat(60)}`;
    const segments = snippetOf(text, ['needle']);
    const joined = segments.map((s) => s.text).join('');
    expect(joined.startsWith('…')).toBe(true);
    expect(joined.endsWith('…')).toBe(true);
    expect(joined.length).toBeLessThanOrEqual(182);
    expect(segments.filter((s) => s.match)).toEqual([{ text: 'needle', match: true }]);
  });
  it('is the plain text when nothing matches', () => {
    expect(snippetOf('Plain', ['x'])).toEqual([{ text: 'Plain', match: false }]);
  });
});
