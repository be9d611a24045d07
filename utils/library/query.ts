/**
 * What the library list shows, as data: the view (inbox, archive, favourites, all), the filters
 * that combine with it (tag, read state, site, search), the sort, and how that query is written
 * in the full-tab library's URL (`sidepanel.html#library?view=archive&tag=…&q=…`) so a view can be
 * bookmarked and Back/Forward step through it. Pure functions: no storage, no DOM.
 */
import { hostOf } from '../i18n/format';
import { tagKey } from './tags';
import type { LibraryEntry } from './types';

/** Which part of the library: the inbox (not archived), the archive, favourites, or everything. */
export type LibraryView = 'inbox' | 'archive' | 'favourites' | 'all';
/** Read state filter. */
export type ReadFilter = 'any' | 'read' | 'unread';
/**
 * Order of the list. `relevance` (best match first) applies while a search is typed and falls back
 * to `saved-desc` without one; the others are the user's choice in the sort menu.
 */
export type LibrarySort = 'saved-desc' | 'saved-asc' | 'reading-time' | 'site' | 'title' | 'relevance';

/** Everything that decides which saved articles the list shows, and in which order. */
export interface LibraryQuery {
  view: LibraryView;
  /** A tag (matched ignoring case), or null for any. */
  tag: string | null;
  read: ReadFilter;
  /** A site as the list names it (site name, else host), or null for any. */
  site: string | null;
  /** What the user typed in the search field; empty for no search. */
  search: string;
  sort: LibrarySort;
}

export const LIBRARY_VIEWS: readonly LibraryView[] = ['inbox', 'archive', 'favourites', 'all'];
export const READ_FILTERS: readonly ReadFilter[] = ['any', 'unread', 'read'];
export const LIBRARY_SORTS: readonly LibrarySort[] = ['saved-desc', 'saved-asc', 'reading-time', 'site', 'title', 'relevance'];

/** The library as it opens: the inbox, newest first. */
export const DEFAULT_QUERY: Readonly<LibraryQuery> = Object.freeze({ view: 'inbox', tag: null, read: 'any', site: null, search: '', sort: 'saved-desc' });

/** One part of a search snippet: plain text, or text that matched the query (drawn as <mark>). */
export interface SnippetSegment {
  text: string;
  match: boolean;
}

/**
 * One search result (the search worker's contract): its id and score; a `snippet` only where the
 * search makes it at once (the fallback) — the worker's are asked for per row shown (SnippetFn).
 */
export interface SearchHit {
  id: string;
  score: number;
  snippet?: SnippetSegment[];
}

/** What a search answers; `complete` is false while its index is still being built. */
export interface SearchResponse {
  results: SearchHit[];
  complete: boolean;
  /** While not complete: how many articles the index holds so far, of how many (null: not known yet). */
  progress?: { indexed: number; total: number | null };
}

/** The search worker's entry point, injected into the library store; without a limit, every hit (the count shown is theirs). */
export type SearchFn = (query: string, options: { limit?: number }) => Promise<SearchResponse>;

/** The snippets of some results of a search (the rows on screen), by id; ids it does not match are left out. */
export type SnippetFn = (query: string, ids: readonly string[]) => Promise<ReadonlyMap<string, SnippetSegment[]>>;

// One identity for tags everywhere: the writer's (tags.ts), so the list groups and filters as it merges.
export { tagKey };

/** The site the list shows for an entry: its site name, else the page's host. */
export function siteOf(entry: Pick<LibraryEntry, 'siteName' | 'url'>): string {
  const name = entry.siteName?.trim();
  if (name) return name;
  // Parsing the URL is the costly part (site counts and the site filter ask for every entry).
  let host = hosts.get(entry.url);
  if (host === undefined) {
    host = hostOf(entry.url);
    if (hosts.size >= HOSTS_KEPT) hosts.clear();
    hosts.set(entry.url, host);
  }
  return host;
}
const hosts = new Map<string, string>();
const HOSTS_KEPT = 20_000;

/** Whether an entry belongs to a view. */
export function inView(entry: LibraryEntry, view: LibraryView): boolean {
  switch (view) {
    case 'inbox':
      return entry.archivedAt === null;
    case 'archive':
      return entry.archivedAt !== null;
    case 'favourites':
      return entry.favourite;
    case 'all':
      return true;
  }
}

/** Whether a query asks for a search (something other than blanks typed). */
export function hasSearch(query: Pick<LibraryQuery, 'search'>): boolean {
  return query.search.trim() !== '';
}

/** Letters without accents, in lower case: "Ça Été" → "ca ete". */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** An entry's searchable fields, folded (see foldText). */
export interface FoldedFields {
  title: string;
  tags: string;
  site: string;
  byline: string;
  excerpt: string;
  /** All of the above, one per line. */
  all: string;
}

// Folding is the costly part of matching (Unicode normalisation): done once per entry object.
// Entries are replaced, never changed in place, so a changed entry is folded again.
const folded = new WeakMap<LibraryEntry, FoldedFields>();

/** The searchable fields of an entry (title, site, byline, tags, excerpt), folded, computed once per entry. */
export function foldedFields(entry: LibraryEntry): FoldedFields {
  let fields = folded.get(entry);
  if (!fields) {
    const title = foldText(entry.title);
    const tags = foldText(entry.tags.join(' '));
    const site = foldText(siteOf(entry));
    const byline = foldText(entry.byline ?? '');
    const excerpt = foldText(entry.excerpt ?? '');
    fields = { title, tags, site, byline, excerpt, all: [title, site, byline, tags, excerpt].join('\n') };
    folded.set(entry, fields);
  }
  return fields;
}

/** The searchable text of an entry (title, site, byline, tags, excerpt), folded; for the fallback filter. */
export function searchableText(entry: LibraryEntry): string {
  return foldedFields(entry).all;
}

/** The words of a search, folded; empty for a blank search. */
export function searchTerms(search: string): string[] {
  return foldText(search).split(/\s+/u).filter(Boolean);
}

let collator: Intl.Collator | undefined;
/** One collator for every comparison of titles, sites and tags (creating one per call is slow). */
function collate(a: string, b: string): number {
  collator ??= new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  return collator.compare(a, b);
}

/** Newest first, then by id: a total order (two entries never compare equal), so a sorted list has one place for each entry. */
export const newestFirst = (a: LibraryEntry, b: LibraryEntry): number => b.savedAt - a.savedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Two names in the collator's order, then by code points: a total order, so a list sorted by it can be patched by binary search. */
function byName(a: string, b: string): number {
  if (a === b) return 0;
  return collate(a, b) || (a < b ? -1 : 1);
}

/**
 * The comparator of a sort, pair by pair: the order `applyQuery` gives, used to put one changed
 * entry in place (binary insertion) instead of sorting the list again. `scores` ranks by relevance.
 */
export function entryOrder(sort: LibrarySort, scores?: ReadonlyMap<string, SearchHit>): (a: LibraryEntry, b: LibraryEntry) => number {
  switch (sort) {
    case 'saved-desc':
      return newestFirst;
    case 'saved-asc':
      return (a, b) => -newestFirst(a, b);
    case 'reading-time':
      // Shortest first: "what can I read now".
      return (a, b) => a.readingTimeMinutes - b.readingTimeMinutes || newestFirst(a, b);
    case 'site':
      return (a, b) => byName(siteOf(a), siteOf(b)) || newestFirst(a, b);
    case 'title':
      return (a, b) => byName(a.title, b.title) || newestFirst(a, b);
    case 'relevance':
      if (!scores) return newestFirst;
      return (a, b) => (scores.get(b.id)?.score ?? 0) - (scores.get(a.id)?.score ?? 0) || newestFirst(a, b);
  }
}

/** The comparator of a sort over a whole `list` (faster than `entryOrder` for sorting it, same order). */
function comparator(
  sort: LibrarySort,
  scores: ReadonlyMap<string, SearchHit> | undefined,
  list: readonly LibraryEntry[],
): (a: LibraryEntry, b: LibraryEntry) => number {
  if (sort !== 'site') return entryOrder(sort, scores);
  // A library has far fewer sites than articles: each distinct site is collated once, and the
  // entries are ordered by its rank (a collator's compare per pair took 250–400 ms at 10,000).
  const site = new Map(list.map((e) => [e, siteOf(e)]));
  const rank = new Map([...new Set(site.values())].sort(byName).map((name, i) => [name, i]));
  const at = new Map(list.map((e) => [e, rank.get(site.get(e)!)!]));
  return (a, b) => at.get(a)! - at.get(b)! || newestFirst(a, b);
}

/** The sort a query really has: relevance without a search is newest first. */
export function effectiveSort(query: LibraryQuery): LibrarySort {
  return query.sort === 'relevance' && !hasSearch(query) ? 'saved-desc' : query.sort;
}

/**
 * Whether one entry belongs in the list a query shows (what `applyQuery` filters by): with a
 * search, `searchHits` decide, else the search's words in its text.
 */
export function entryMatcher(query: LibraryQuery, searchHits?: ReadonlyMap<string, SearchHit>): (entry: LibraryEntry) => boolean {
  const tag = query.tag === null ? null : tagKey(query.tag);
  const searching = hasSearch(query);
  const terms = searching && !searchHits ? searchTerms(query.search) : [];
  return (e) => {
    if (!inView(e, query.view)) return false;
    if (query.read === 'read' && e.readAt === null) return false;
    if (query.read === 'unread' && e.readAt !== null) return false;
    if (query.site !== null && siteOf(e) !== query.site) return false;
    if (tag !== null && !e.tags.some((t) => tagKey(t) === tag)) return false;
    if (searching) {
      if (searchHits) return searchHits.has(e.id);
      const text = searchableText(e);
      return terms.every((term) => text.includes(term));
    }
    return true;
  };
}

/**
 * The entries a query shows, in its order. With a search, `searchHits` (the search's results by
 * id) decide which entries match and their relevance; without them the search is matched as
 * words in the title, site, byline, tags and excerpt (every word must appear, accents ignored).
 * `entries` is not changed.
 */
export function applyQuery(entries: readonly LibraryEntry[], query: LibraryQuery, searchHits?: ReadonlyMap<string, SearchHit>): LibraryEntry[] {
  const out = entries.filter(entryMatcher(query, searchHits));
  return out.sort(comparator(effectiveSort(query), searchHits, out));
}

/** A tag with the number of entries that carry it. */
export interface TagCount {
  /** The display form (as on the newest entry carrying it). */
  tag: string;
  count: number;
}

/** Every tag in `entries` with its count, in alphabetical order; tags differing only in case are one. */
export function tagCounts(entries: readonly LibraryEntry[]): TagCount[] {
  const byKey = new Map<string, TagCount>();
  // Newest first, so the display form is the one used most recently.
  // (The store keeps them so: sorting 10,000 again on every change is skipped when they already are.)
  const ordered = entries.every((e, i) => i === 0 || newestFirst(entries[i - 1]!, e) <= 0) ? entries : entries.slice().sort(newestFirst);
  for (const entry of ordered) {
    const seen = new Set<string>();
    for (const tag of entry.tags) {
      const key = tagKey(tag.trim());
      if (key === '' || seen.has(key)) continue;
      seen.add(key);
      const count = byKey.get(key);
      if (count) count.count++;
      else byKey.set(key, { tag: tag.trim(), count: 1 });
    }
  }
  return [...byKey.values()].sort(byTagName);
}

/** The tag list's order: alphabetical (code points between names the collator finds equal). */
export const byTagName = (a: TagCount, b: TagCount): number => byName(a.tag, b.tag);

/** A site with the number of entries from it. */
export interface SiteCount {
  site: string;
  count: number;
}

/** Every site in `entries` with its count, most saved first (then alphabetical). */
export function siteCounts(entries: readonly LibraryEntry[]): SiteCount[] {
  const counts = new Map<string, number>();
  for (const entry of entries) {
    const site = siteOf(entry);
    counts.set(site, (counts.get(site) ?? 0) + 1);
  }
  return [...counts].map(([site, count]) => ({ site, count })).sort(bySiteCount);
}

/** The site list's order: most saved first, then alphabetical. */
export const bySiteCount = (a: SiteCount, b: SiteCount): number => b.count - a.count || byName(a.site, b.site);

/** How many entries each view holds. */
export function viewCounts(entries: readonly LibraryEntry[]): Record<LibraryView, number> {
  const counts: Record<LibraryView, number> = { inbox: 0, archive: 0, favourites: 0, all: entries.length };
  for (const e of entries) {
    if (e.archivedAt === null) counts.inbox++;
    else counts.archive++;
    if (e.favourite) counts.favourites++;
  }
  return counts;
}

/** Whether the query filters anything beyond its view (tag, read state, site, search). */
export function hasFilters(query: LibraryQuery): boolean {
  return query.tag !== null || query.read !== 'any' || query.site !== null || hasSearch(query);
}

// ---------- The query in the URL ----------

/** The hash of the full-tab library; the query follows it as `?name=value` pairs. */
export const LIBRARY_HASH = '#library';

const PARAM = { view: 'view', tag: 'tag', read: 'read', site: 'site', search: 'q', sort: 'sort', open: 'open' } as const;

function paramsOf(hash: string): URLSearchParams | null {
  if (hash !== LIBRARY_HASH && !hash.startsWith(`${LIBRARY_HASH}?`)) return null;
  return new URLSearchParams(hash.slice(LIBRARY_HASH.length + 1));
}

function pick<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/**
 * The query a URL hash names (`#library?view=archive&tag=climate&q=flood`); what it leaves out,
 * or names wrongly, takes the default. Any other hash gives the default query.
 */
export function queryFromUrl(hash: string): LibraryQuery {
  const params = paramsOf(hash);
  if (!params) return { ...DEFAULT_QUERY };
  const text = (name: string): string | null => {
    const value = params.get(name)?.trim();
    return value ? value : null;
  };
  return {
    view: pick(params.get(PARAM.view), LIBRARY_VIEWS, DEFAULT_QUERY.view),
    tag: text(PARAM.tag),
    read: pick(params.get(PARAM.read), READ_FILTERS, DEFAULT_QUERY.read),
    site: text(PARAM.site),
    search: params.get(PARAM.search) ?? '',
    sort: pick(params.get(PARAM.sort), LIBRARY_SORTS, DEFAULT_QUERY.sort),
  };
}

/** The saved article a URL hash opens (`…&open=<id>`), or null. */
export function openedFromUrl(hash: string): string | null {
  return paramsOf(hash)?.get(PARAM.open) || null;
}

/** The URL hash of a query (defaults left out, so the plain library is `#library`), and of the article opened from it. */
export function queryToUrl(query: LibraryQuery, open: string | null = null): string {
  const params = new URLSearchParams();
  if (query.view !== DEFAULT_QUERY.view) params.set(PARAM.view, query.view);
  if (query.tag !== null) params.set(PARAM.tag, query.tag);
  if (query.read !== DEFAULT_QUERY.read) params.set(PARAM.read, query.read);
  if (query.site !== null) params.set(PARAM.site, query.site);
  if (query.search !== '') params.set(PARAM.search, query.search);
  if (query.sort !== DEFAULT_QUERY.sort) params.set(PARAM.sort, query.sort);
  if (open !== null) params.set(PARAM.open, open);
  const text = params.toString();
  return text ? `${LIBRARY_HASH}?${text}` : LIBRARY_HASH;
}

/** Whether two queries show the same list. */
export function sameQuery(a: LibraryQuery, b: LibraryQuery): boolean {
  return a.view === b.view && a.tag === b.tag && a.read === b.read && a.site === b.site && a.search === b.search && a.sort === b.sort;
}
