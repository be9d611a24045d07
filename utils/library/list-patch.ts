/**
 * The library list kept up to date by changes instead of being computed again: a sorted list
 * patched by binary search (a change of k entries costs k·log n comparisons and one copy, not a
 * sort of n), and the counts the sidebar shows (views, tags, sites) patched by what the changed
 * entries add and take away (O(changed)). Pure: the store (utils/ui/library-store) holds the state.
 *
 * Both give exactly what computing from scratch gives (applyQuery, viewCounts, tagCounts,
 * siteCounts in query.ts); test/unit/library/list-patch.property.test.ts checks it.
 */
import { bySiteCount, byTagName, siteOf, tagKey, type LibraryView, type SiteCount, type TagCount } from './query';
import type { LibraryEntry } from './types';

type Compare<T> = (a: T, b: T) => number;

/** The first index of `list` (sorted by `compare`) whose item sorts after `item`: where it is inserted. */
export function insertionIndex<T>(list: readonly T[], item: T, compare: Compare<T>): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compare(list[mid]!, item) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Where `item` (or the item with its id) is in `list`, sorted by `compare`; -1 when it is not there. */
function indexOfSorted(list: readonly LibraryEntry[], item: LibraryEntry, compare: Compare<LibraryEntry>): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compare(list[mid]!, item) < 0) low = mid + 1;
    else high = mid;
  }
  if (list[low]?.id === item.id) return low;
  // Not where its order says (a comparator that is not a total order, or an item that changed in
  // place): found the slow way, so a patch is never wrong.
  return list.findIndex((e) => e.id === item.id);
}

/** Above this many changes one merge of the two sorted lists is cheaper than splicing each in. */
const SPLICE_MAX = 32;

/**
 * `list` (sorted by `compare`, a total order) with the entries of `removed` taken out (found by
 * their place in the order, so they must be the entries as the list holds them) and `added` put in
 * at their places. A new array; `list` is not changed.
 */
export function patchSorted(
  list: readonly LibraryEntry[],
  removed: readonly LibraryEntry[],
  added: readonly LibraryEntry[],
  compare: Compare<LibraryEntry>,
): LibraryEntry[] {
  if (removed.length + added.length <= SPLICE_MAX) {
    const next = list.slice();
    for (const entry of removed) {
      const at = indexOfSorted(next, entry, compare);
      if (at !== -1) next.splice(at, 1);
    }
    for (const entry of added) next.splice(insertionIndex(next, entry, compare), 0, entry);
    return next;
  }
  const gone = new Set(removed.map((e) => e.id));
  const kept = gone.size === 0 ? list : list.filter((e) => !gone.has(e.id));
  const fresh = added.slice().sort(compare);
  const next: LibraryEntry[] = new Array<LibraryEntry>(kept.length + fresh.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < kept.length && j < fresh.length) next[k++] = compare(kept[i]!, fresh[j]!) <= 0 ? kept[i++]! : fresh[j++]!;
  while (i < kept.length) next[k++] = kept[i++]!;
  while (j < fresh.length) next[k++] = fresh[j++]!;
  return next;
}

// ---------- Counts ----------

/** One tag's count, and how often each spelling of it is used (the list shows one spelling). */
interface TagTally {
  count: number;
  spellings: Map<string, number>;
}

/** The counts of a library: per view, per tag (case-insensitive) and per site. Changed in place by `patchFacets`. */
export interface LibraryFacets {
  views: Record<LibraryView, number>;
  tags: Map<string, TagTally>;
  sites: Map<string, number>;
}

/** An entry's tags as the counts see them: trimmed, one per tag key, in its order. */
function tagsOf(entry: LibraryEntry): Array<{ key: string; spelling: string }> {
  const out: Array<{ key: string; spelling: string }> = [];
  for (const tag of entry.tags) {
    const spelling = tag.trim();
    const key = tagKey(spelling);
    if (key !== '' && !out.some((t) => t.key === key)) out.push({ key, spelling });
  }
  return out;
}

function tally(facets: LibraryFacets, entry: LibraryEntry, by: 1 | -1): void {
  const { views } = facets;
  views.all += by;
  if (entry.archivedAt === null) views.inbox += by;
  else views.archive += by;
  if (entry.favourite) views.favourites += by;
  for (const { key, spelling } of tagsOf(entry)) {
    let t = facets.tags.get(key);
    if (!t) facets.tags.set(key, (t = { count: 0, spellings: new Map() }));
    t.count += by;
    const n = (t.spellings.get(spelling) ?? 0) + by;
    if (n > 0) t.spellings.set(spelling, n);
    else t.spellings.delete(spelling);
    if (t.count <= 0) facets.tags.delete(key);
  }
  const site = siteOf(entry);
  const n = (facets.sites.get(site) ?? 0) + by;
  if (n > 0) facets.sites.set(site, n);
  else facets.sites.delete(site);
}

/** The counts of `entries`, from scratch. */
export function countFacets(entries: readonly LibraryEntry[]): LibraryFacets {
  const facets: LibraryFacets = { views: { inbox: 0, archive: 0, favourites: 0, all: 0 }, tags: new Map(), sites: new Map() };
  for (const entry of entries) tally(facets, entry, 1);
  return facets;
}

/** Takes what `removed` (the entries as they were) counted out of `facets` and adds what `added` counts: the cost of the change, not of the library. */
export function patchFacets(facets: LibraryFacets, removed: readonly LibraryEntry[], added: readonly LibraryEntry[]): void {
  for (const entry of removed) tally(facets, entry, -1);
  for (const entry of added) tally(facets, entry, 1);
}

/**
 * The tag list the sidebar shows, alphabetical; a tag is shown as the newest entry carrying it
 * spells it (as tagCounts does). Only a tag written in several spellings at once (the writer keeps
 * one) looks for that entry, in `newestFirst` (the library, newest first).
 */
export function tagList(facets: LibraryFacets, newestFirst: readonly LibraryEntry[]): TagCount[] {
  const out: TagCount[] = [];
  for (const [key, { count, spellings }] of facets.tags) {
    let tag = spellings.size === 1 ? spellings.keys().next().value! : null;
    if (tag === null) {
      for (const entry of newestFirst) {
        const found = tagsOf(entry).find((t) => t.key === key);
        if (found) {
          tag = found.spelling;
          break;
        }
      }
    }
    out.push({ tag: tag ?? key, count });
  }
  return out.sort(byTagName);
}

/** The site list the sidebar shows: most saved first, then alphabetical. */
export function siteList(facets: LibraryFacets): SiteCount[] {
  return [...facets.sites].map(([site, count]) => ({ site, count })).sort(bySiteCount);
}
