/**
 * Property: the list and the counts patched change by change (list-patch.ts, and the library store
 * that uses it) are exactly what computing them from scratch gives — applyQuery, viewCounts,
 * tagCounts, siteCounts — whatever the entries (ties in saved time, titles the collator finds
 * equal, tags in several spellings, sites from the address), the query and the changes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countFacets, patchFacets, patchSorted, siteList, tagList } from '../../../utils/library/list-patch';
import {
  LIBRARY_SORTS,
  LIBRARY_VIEWS,
  READ_FILTERS,
  applyQuery,
  entryOrder,
  newestFirst,
  siteCounts,
  tagCounts,
  viewCounts,
  type LibraryQuery,
} from '../../../utils/library/query';
import type { LibraryEntry, LibraryWriteResult } from '../../../utils/library/types';
import { createLibraryStore, type LibraryStoreDeps } from '../../../utils/ui/library-store';
import { makeEntry } from '../support/entry-factory';

const IDS = Array.from({ length: 14 }, (_, i) => `id-${i}`);
const TITLES = ['apple', 'Apple', 'été', 'ete', 'Zebra', 'b 10', 'b 9', ''];
const SITES = ['Daily Ledger', 'daily ledger', 'Ärzte', null];
const TAGS = ['News', 'news', ' Long read ', 'été', 'ÉTÉ', 'x'];

const fields = fc.record({
  savedAt: fc.integer({ min: 1, max: 4 }),
  title: fc.constantFrom(...TITLES),
  siteName: fc.constantFrom(...SITES),
  host: fc.constantFrom('a.example', 'www.b.example'),
  readingTimeMinutes: fc.integer({ min: 0, max: 3 }),
  read: fc.boolean(),
  archived: fc.boolean(),
  favourite: fc.boolean(),
  tags: fc.array(fc.constantFrom(...TAGS), { maxLength: 3 }),
});
type Fields = typeof fields extends fc.Arbitrary<infer F> ? F : never;

const entryOf = (id: string, f: Fields): LibraryEntry =>
  makeEntry({
    id,
    url: `https://${f.host}/${id}`,
    title: f.title,
    siteName: f.siteName,
    savedAt: f.savedAt,
    readingTimeMinutes: f.readingTimeMinutes,
    readAt: f.read ? 5 : null,
    archivedAt: f.archived ? 6 : null,
    favourite: f.favourite,
    tags: f.tags,
  });

const library = fc.uniqueArray(fc.tuple(fc.constantFrom(...IDS), fields), { selector: ([id]) => id, maxLength: IDS.length });
const query = fc.record({
  view: fc.constantFrom(...LIBRARY_VIEWS),
  tag: fc.constantFrom(null, 'news', 'ÉTÉ', 'x'),
  read: fc.constantFrom(...READ_FILTERS),
  site: fc.constantFrom(null, 'Daily Ledger', 'a.example', 'b.example'),
  search: fc.constantFrom('', 'apple', 'ete ledger'),
  sort: fc.constantFrom(...LIBRARY_SORTS),
});
/** One change: an entry put in or replaced (fields), or taken out (null). */
const change = fc.tuple(fc.constantFrom(...IDS), fc.option(fields, { nil: null }));
const changes = fc.array(fc.array(change, { minLength: 1, maxLength: 40 }), { maxLength: 6 });

/** Applies a batch of changes to a map of entries; returns what was taken out and what was put in. */
function apply(byId: Map<string, LibraryEntry>, batch: ReadonlyArray<readonly [string, Fields | null]>) {
  const last = new Map(batch);
  const removed: LibraryEntry[] = [];
  const added: LibraryEntry[] = [];
  for (const [id, f] of last) {
    const old = byId.get(id);
    if (old) removed.push(old);
    if (f === null) byId.delete(id);
    else {
      const entry = entryOf(id, f);
      byId.set(id, entry);
      added.push(entry);
    }
  }
  return { removed, added };
}

describe('list patches (property)', () => {
  it('patchSorted and patchFacets give what a sort and a count from scratch give', () => {
    fc.assert(
      fc.property(library, query, changes, (initial, q, batches) => {
        const byId = new Map(initial.map(([id, f]) => [id, entryOf(id, f)]));
        const order = entryOrder(q.sort === 'relevance' ? 'saved-desc' : q.sort);
        let sorted = [...byId.values()].sort(order);
        let newest = [...byId.values()].sort(newestFirst);
        const facets = countFacets(newest);
        for (const batch of batches) {
          const { removed, added } = apply(byId, batch);
          sorted = patchSorted(sorted, removed, added, order);
          newest = patchSorted(newest, removed, added, newestFirst);
          patchFacets(facets, removed, added);
          const all = [...byId.values()];
          expect(sorted.map((e) => e.id)).toEqual(
            all
              .slice()
              .sort(order)
              .map((e) => e.id),
          );
          expect(newest.map((e) => e.id)).toEqual(
            all
              .slice()
              .sort(newestFirst)
              .map((e) => e.id),
          );
          expect(facets.views).toEqual(viewCounts(all));
          expect(tagList(facets, newest)).toEqual(tagCounts(newest));
          expect(siteList(facets)).toEqual(siteCounts(all));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the library store’s list, counts, tags and sites stay what applyQuery and the counts give, through changes and queries', async () => {
    await fc.assert(
      fc.asyncProperty(
        library,
        fc.array(fc.tuple(fc.option(query, { nil: null }), fc.array(change, { minLength: 1, maxLength: 8 }), fc.boolean()), { maxLength: 6 }),
        async (initial, steps) => {
          const held = new Map(initial.map(([id, f]) => [id, entryOf(id, f)]));
          let answer: LibraryEntry[] = [];
          // The background answers a change with the entries it changed (deleted ones with deletedAt).
          const send = (async () => ({ ok: true, value: answer }) as LibraryWriteResult<LibraryEntry[]>) as unknown as LibraryStoreDeps['send'];
          const store = createLibraryStore({
            send,
            readLibrary: async () => ({ entries: [...held.values()].sort(newestFirst), problems: [], newerSchema: false }),
            readNewestEntries: async (limit) => ({ entries: [...held.values()].sort(newestFirst).slice(0, limit), total: held.size }),
            watchLibrary: () => () => undefined,
            loadProgress: async () => new Map(),
            afterPaint: async () => undefined,
            // Every word matched in the entries' text (applyQuery without hits), answered as hits.
            search: async (text) => ({
              results: applyQuery([...held.values()], { ...store.query.value, view: 'all', tag: null, read: 'any', site: null, search: text }).map((e) => ({
                id: e.id,
                score: e.readingTimeMinutes,
                snippet: [],
              })),
              complete: true,
            }),
          });
          const stop = store.watch();
          for (let i = 0; i < 5; i++) await Promise.resolve();
          await store.reload();
          const check = () => {
            const all = store.entries.value;
            expect(all.map((e) => e.id)).toEqual([...held.values()].sort(newestFirst).map((e) => e.id));
            const q: LibraryQuery = store.query.value;
            const hits = store.searchHits.value;
            const expected = q.search.trim() !== '' && !hits ? applyQuery(all, { ...q, search: '' }) : applyQuery(all, q, hits ?? undefined);
            expect(store.visible.value.map((e) => e.id)).toEqual(expected.map((e) => e.id));
            expect(store.counts.value).toEqual(viewCounts(all));
            expect(store.tags.value).toEqual(tagCounts(all));
            expect(store.sites.value).toEqual(siteCounts(all));
          };
          check();
          for (const [nextQuery, batch, look] of steps) {
            if (nextQuery) store.replaceQuery(nextQuery);
            const { removed, added } = apply(held, batch);
            const addedIds = new Set(added.map((e) => e.id));
            answer = [...added, ...removed.filter((e) => !addedIds.has(e.id)).map((e) => ({ ...e, deletedAt: 9 }))];
            await store.setReadMany(answer, true);
            // Read now or only after the next change: the list catches up over one delta or several.
            if (look) check();
            for (let i = 0; i < 5; i++) await Promise.resolve();
          }
          check();
          stop();
        },
      ),
      { numRuns: 150 },
    );
  });
});
