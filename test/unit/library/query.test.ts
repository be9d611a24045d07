import { describe, expect, it } from 'vitest';
import {
  DEFAULT_QUERY,
  applyQuery,
  hasFilters,
  openedFromUrl,
  queryFromUrl,
  queryToUrl,
  siteCounts,
  siteOf,
  tagCounts,
  viewCounts,
  type LibraryQuery,
  type SearchHit,
} from '../../../utils/library/query';
import { makeEntry } from '../support/entry-factory';

const q = (over: Partial<LibraryQuery> = {}): LibraryQuery => ({ ...DEFAULT_QUERY, ...over });
const ids = (list: Array<{ id: string }>) => list.map((e) => e.id);

const library = [
  makeEntry({ id: 'a', title: 'Flood defences fail', siteName: 'Daily Ledger', savedAt: 5, readingTimeMinutes: 9, tags: ['Climate', 'UK'] }),
  makeEntry({ id: 'b', title: 'Élan of the élite', siteName: 'Le Monde', savedAt: 4, readingTimeMinutes: 3, readAt: 10, favourite: true }),
  makeEntry({ id: 'c', title: 'An archived piece', siteName: 'Daily Ledger', savedAt: 3, readingTimeMinutes: 5, archivedAt: 20, tags: ['climate'] }),
  makeEntry({ id: 'd', title: 'Budget day', siteName: null, url: 'https://www.gov.example/budget', savedAt: 2, readingTimeMinutes: 1, excerpt: 'Flood money' }),
  makeEntry({ id: 'e', title: 'zebra crossings', siteName: 'Le Monde', savedAt: 1, readingTimeMinutes: 3, archivedAt: 30, readAt: 40, favourite: true }),
];

describe('applyQuery: views', () => {
  it('shows the inbox (not archived) by default, newest first', () => {
    expect(ids(applyQuery(library, q()))).toEqual(['a', 'b', 'd']);
  });
  it('shows the archive, favourites and everything', () => {
    expect(ids(applyQuery(library, q({ view: 'archive' })))).toEqual(['c', 'e']);
    expect(ids(applyQuery(library, q({ view: 'favourites' })))).toEqual(['b', 'e']);
    expect(ids(applyQuery(library, q({ view: 'all' })))).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
  it('does not change the entries it is given', () => {
    const copy = library.slice();
    applyQuery(library, q({ view: 'all', sort: 'title' }));
    expect(library).toEqual(copy);
  });
});

describe('applyQuery: filters combine', () => {
  it('filters by tag ignoring case', () => {
    expect(ids(applyQuery(library, q({ view: 'all', tag: 'CLIMATE' })))).toEqual(['a', 'c']);
  });
  it('filters by read state', () => {
    expect(ids(applyQuery(library, q({ view: 'all', read: 'unread' })))).toEqual(['a', 'c', 'd']);
    expect(ids(applyQuery(library, q({ view: 'all', read: 'read' })))).toEqual(['b', 'e']);
  });
  it('filters by site, naming a site without a name by its host', () => {
    expect(ids(applyQuery(library, q({ view: 'all', site: 'Le Monde' })))).toEqual(['b', 'e']);
    expect(ids(applyQuery(library, q({ site: 'gov.example' })))).toEqual(['d']);
  });
  it('tag + unread + site + search + view together', () => {
    expect(ids(applyQuery(library, q({ view: 'all', tag: 'climate', read: 'unread', site: 'Daily Ledger', search: 'archived' })))).toEqual(['c']);
    expect(ids(applyQuery(library, q({ tag: 'climate', read: 'unread', site: 'Daily Ledger', search: 'archived' })))).toEqual([]);
  });
});

describe('applyQuery: search', () => {
  it('without search results, matches every word in title, site, byline, tags and excerpt, accents ignored', () => {
    expect(ids(applyQuery(library, q({ search: 'flood' })))).toEqual(['a', 'd']);
    expect(ids(applyQuery(library, q({ search: 'elite ELAN' })))).toEqual(['b']);
    expect(ids(applyQuery(library, q({ view: 'all', search: 'climate ledger' })))).toEqual(['a', 'c']);
    expect(ids(applyQuery(library, q({ search: '   ' })))).toEqual(['a', 'b', 'd']);
  });
  it('with search results, shows those entries only, best match first under the relevance sort', () => {
    const hits = new Map<string, SearchHit>([
      ['d', { id: 'd', score: 9, snippet: [] }],
      ['a', { id: 'a', score: 2, snippet: [] }],
      ['c', { id: 'c', score: 5, snippet: [] }],
    ]);
    expect(ids(applyQuery(library, q({ search: 'x', sort: 'relevance' }), hits))).toEqual(['d', 'a']);
    expect(ids(applyQuery(library, q({ view: 'all', search: 'x', sort: 'relevance' }), hits))).toEqual(['d', 'c', 'a']);
    expect(ids(applyQuery(library, q({ view: 'all', search: 'x', sort: 'saved-asc' }), hits))).toEqual(['d', 'c', 'a']);
    expect(ids(applyQuery(library, q({ view: 'all', search: 'x', sort: 'title' }), hits))).toEqual(['c', 'd', 'a']);
  });
  it('falls back to newest first under the relevance sort when nothing is searched', () => {
    expect(ids(applyQuery(library, q({ sort: 'relevance' })))).toEqual(['a', 'b', 'd']);
  });
});

describe('applyQuery: sorts', () => {
  const all = (sort: LibraryQuery['sort']) => ids(applyQuery(library, q({ view: 'all', sort })));
  it('by saved date both ways', () => {
    expect(all('saved-desc')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(all('saved-asc')).toEqual(['e', 'd', 'c', 'b', 'a']);
  });
  it('by reading time, shortest first, newest first among equals', () => {
    expect(all('reading-time')).toEqual(['d', 'b', 'e', 'c', 'a']);
  });
  it('by site, then newest', () => {
    expect(all('site')).toEqual(['a', 'c', 'd', 'b', 'e']);
  });
  it('by title, alphabetically ignoring case and accents', () => {
    expect(all('title')).toEqual(['c', 'd', 'b', 'a', 'e']);
  });
});

describe('counts', () => {
  it('counts tags once per entry, ignoring case, in alphabetical order, in their newest form', () => {
    expect(tagCounts(library)).toEqual([
      { tag: 'Climate', count: 2 },
      { tag: 'UK', count: 1 },
    ]);
    expect(tagCounts([makeEntry({ tags: ['a', 'A', ' '] })])).toEqual([{ tag: 'a', count: 1 }]);
  });
  it('counts sites, most saved first', () => {
    expect(siteCounts(library)).toEqual([
      { site: 'Daily Ledger', count: 2 },
      { site: 'Le Monde', count: 2 },
      { site: 'gov.example', count: 1 },
    ]);
  });
  it('counts the views', () => {
    expect(viewCounts(library)).toEqual({ inbox: 3, archive: 2, favourites: 2, all: 5 });
  });
  it('names a site by its host without www when it has no name', () => {
    expect(siteOf({ siteName: '  ', url: 'https://www.example.org/x' })).toBe('example.org');
  });
  it('says whether anything beyond the view filters the list', () => {
    expect(hasFilters(q({ view: 'archive' }))).toBe(false);
    expect(hasFilters(q({ search: ' x' }))).toBe(true);
    expect(hasFilters(q({ read: 'read' }))).toBe(true);
  });
});

describe('the query in the URL', () => {
  it('is #library for the default query', () => {
    expect(queryToUrl(q())).toBe('#library');
    expect(queryFromUrl('#library')).toEqual(q());
  });
  it('round-trips every field, with characters that need escaping', () => {
    const query = q({ view: 'archive', tag: 'C++ & Rust', read: 'unread', site: 'Le Monde', search: 'flood #2 ?x=y', sort: 'title' });
    const hash = queryToUrl(query);
    expect(hash).toMatch(/^#library\?/);
    expect(hash).not.toContain(' ');
    expect(queryFromUrl(hash)).toEqual(query);
  });
  it('keeps the article opened from the list', () => {
    const hash = queryToUrl(q({ view: 'favourites' }), 'id-7');
    expect(hash).toBe('#library?view=favourites&open=id-7');
    expect(openedFromUrl(hash)).toBe('id-7');
    expect(queryFromUrl(hash)).toEqual(q({ view: 'favourites' }));
    expect(openedFromUrl('#library')).toBeNull();
  });
  it('takes the default for what is missing or wrong, and for another hash', () => {
    expect(queryFromUrl('#library?view=trash&sort=random&read=maybe&tag=&site=%20')).toEqual(q());
    expect(queryFromUrl('#settings?view=archive')).toEqual(q());
    expect(queryFromUrl('')).toEqual(q());
    expect(queryFromUrl('#libraryx?view=archive')).toEqual(q());
  });
});
