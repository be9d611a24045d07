import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { SearchFn, SearchHit, SnippetFn } from '../../../utils/library/query';
import { getSavedArticle, readLibrary, type LibrarySnapshot, type SavedArticleResult } from '../../../utils/library/store';
import type { LibraryChange } from '../../../utils/library/types';
import type { LibraryEntry, LibraryWriteResult } from '../../../utils/library/types';
import type { MessageName, RequestOf } from '../../../utils/model/messaging';
import { savePosition } from '../../../utils/reading/position';
import {
  CHANGE_DEBOUNCE_MS,
  FIRST_PAINT_ROWS,
  HIT_READ_MAX,
  PREFIX_MIN_ROWS,
  RELEVANCE_PREFIX_READ,
  UNDO_NOTICE_MS,
  createLibraryStore,
  type LibraryStoreDeps,
} from '../../../utils/ui/library-store';
import { makeArticle } from '../support/article-factory';
import { makeEntry } from '../support/entry-factory';
import { englishMessage } from '../support/english-i18n';
import { fakeBackground } from '../support/fake-background';
import { libraryStorageFull } from '../support/library';
import { settle, useFakeClocks } from '../support/settle';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Makes the next library writes fail as a full disk would (IndexedDB's QuotaExceededError). */
const storageFull = libraryStorageFull;

async function titles(): Promise<string[]> {
  return (await readLibrary()).entries.map((e) => e.title);
}

const titlesOf = (list: readonly LibraryEntry[]) => list.map((e) => e.title);

/**
 * A library held in memory behind the store's read side, and a background that answers the
 * protocol from it: every dependency of the store is a fake the test can look into.
 */
function fakeLibrary(initial: LibraryEntry[]) {
  let entries = initial.slice().sort((a, b) => b.savedAt - a.savedAt);
  const listeners = new Set<(change: LibraryChange) => void>();
  const sent: Array<{ type: MessageName; payload: unknown }> = [];
  const reads = { library: 0, newest: 0, articles: [] as string[] };
  const emit = () => listeners.forEach((l) => l({ kind: 'rebuilt', ids: [] }));
  const update = (ids: string[], change: (e: LibraryEntry) => LibraryEntry): LibraryWriteResult<LibraryEntry[]> => {
    const changed: LibraryEntry[] = [];
    entries = entries.map((e) => (ids.includes(e.id) ? (changed.push(change(e)), changed[changed.length - 1]!) : e));
    emit();
    return { ok: true, value: changed };
  };
  const hidden = new Map<string, LibraryEntry>();
  const send = (async <K extends MessageName>(type: K, payload: RequestOf<K>) => {
    sent.push({ type, payload });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a fake answering every message shape
    const p = payload as any;
    switch (type) {
      case 'deleteArticle':
      case 'deleteArticles': {
        const ids: string[] = p.ids ?? [p.id];
        const gone = entries.filter((e) => ids.includes(e.id)).map((e) => ({ ...e, deletedAt: 1 }));
        gone.forEach((e) => hidden.set(e.id, e));
        entries = entries.filter((e) => !ids.includes(e.id));
        emit();
        return type === 'deleteArticle' ? { ok: true, value: gone[0] } : { ok: true, value: gone };
      }
      case 'restoreArticle':
      case 'restoreArticles': {
        const ids: string[] = p.ids ?? [p.id];
        const back = ids.map((id) => ({ ...hidden.get(id)!, deletedAt: null }));
        entries = [...entries, ...back].sort((a, b) => b.savedAt - a.savedAt);
        emit();
        return type === 'restoreArticle' ? { ok: true, value: back[0] } : { ok: true, value: back };
      }
      case 'setArticleRead': {
        const result = update([p.id], (e) => ({ ...e, readAt: p.read ? 5 : null }));
        return result.ok ? { ok: true, value: result.value[0] } : result;
      }
      case 'setArticlesRead':
        return update(p.ids, (e) => ({ ...e, readAt: p.read ? 5 : null }));
      case 'setArticlesArchived':
        return update(p.ids, (e) => ({ ...e, archivedAt: p.archived ? 7 : null }));
      case 'setArticlesFavourite':
        return update(p.ids, (e) => ({ ...e, favourite: p.favourite }));
      case 'addTags':
        return update(p.ids, (e) => ({ ...e, tags: [...e.tags, ...(p.tags as string[])] }));
      case 'removeTags':
        return update(p.ids, (e) => ({ ...e, tags: e.tags.filter((t) => !(p.tags as string[]).includes(t)) }));
      case 'renameTag':
      case 'deleteTag':
        return { ok: true, value: { changed: 1 } };
      default:
        throw new Error(`not faked: ${type}`);
    }
  }) as LibraryStoreDeps['send'];
  const deps: LibraryStoreDeps = {
    send,
    // No frames here: the whole list is read at once after the first page.
    afterPaint: async () => undefined,
    readLibrary: async (): Promise<LibrarySnapshot> => {
      reads.library++;
      return { entries: entries.slice(), problems: [], newerSchema: false };
    },
    // No newest-span hint unless a test gives one (the real one reads IndexedDB).
    readNewestSpan: async () => null,
    readNewestEntries: async (limit) => {
      reads.newest++;
      return { entries: entries.slice(0, limit), total: entries.length, archived: entries.filter((e) => e.archivedAt !== null).length };
    },
    getSavedArticle: async (id): Promise<SavedArticleResult> => {
      reads.articles.push(id);
      const entry = entries.find((e) => e.id === id) ?? null;
      return entry
        ? {
            ok: true,
            saved: {
              schemaVersion: 3,
              content: 'article',
              id,
              savedAt: entry.savedAt,
              archivedAt: null,
              favourite: false,
              tags: [],
              updatedAt: entry.savedAt,
              article: makeArticle({ title: entry.title }),
            },
            entry,
          }
        : { ok: false, error: 'not-found', message: 'gone' };
    },
    watchLibrary: (onChange) => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    loadProgress: vi.fn(async (ids: readonly string[]) => new Map(ids.filter((id) => id.endsWith('1')).map((id) => [id, 0.4]))),
    now: () => 1_000,
    readArticleImages: async () => ({ images: [], set: null }),
    openArticleImages: () => ({ sources: new Map(), notes: new Map(), needPermission: { origins: [], count: 0 }, release: () => undefined }),
    requestOrigins: async () => false,
  };
  return {
    deps,
    sent,
    reads,
    get entries() {
      return entries;
    },
    /** A change made elsewhere (another view, the background). */
    changeElsewhere(change: (list: LibraryEntry[]) => LibraryEntry[]) {
      entries = change(entries);
      emit();
    },
  };
}

/** Lets the store's debounced re-read run. */
async function afterChange(): Promise<void> {
  await settle();
  await vi.advanceTimersByTimeAsync(CHANGE_DEBOUNCE_MS);
  await settle();
}

const five = () => [
  makeEntry({ id: 'e1', title: 'One', savedAt: 50, tags: ['Climate'] }),
  makeEntry({ id: 'e2', title: 'Two', savedAt: 40, siteName: 'Le Monde' }),
  makeEntry({ id: 'e3', title: 'Three', savedAt: 30, archivedAt: 9, tags: ['climate', 'UK'] }),
  makeEntry({ id: 'e4', title: 'Four', savedAt: 20, readAt: 3, favourite: true }),
  makeEntry({ id: 'e5', title: 'Five', savedAt: 10, excerpt: 'A flood of news' }),
];

beforeEach(() => {
  fakeBrowser.reset();
  vi.restoreAllMocks();
  useFakeClocks();
});
afterEach(() => vi.useRealTimers());

describe('library store: reading', () => {
  it('shows a report read by a read that another read overtook (it is said once, so it must not be dropped)', async () => {
    const lib = fakeLibrary([makeEntry({ id: 'a1' })]);
    const first = deferred<void>();
    let calls = 0;
    const read = lib.deps.readLibrary;
    // The first read finds the report (and, as store.ts does, marks it shown); the read that
    // overtakes it finds nothing new to say.
    lib.deps.readLibrary = async () => {
      const call = ++calls;
      const snap = await read();
      if (call === 1) {
        await first.promise;
        return { ...snap, problems: ['The list of saved articles was damaged and has been rebuilt.'] };
      }
      return snap;
    };
    const store = createLibraryStore(lib.deps);
    const overtaken = store.reload();
    await store.reload();
    first.resolve();
    await overtaken;
    await settle();
    expect(store.problems.value).toEqual(['The list of saved articles was damaged and has been rebuilt.']);
    // Nor is it wiped by the next read (the rebuild's own broadcast starts one at once).
    await store.reload();
    expect(store.problems.value).toEqual(['The list of saved articles was damaged and has been rebuilt.']);
  });

  it('paints the newest page first, then the whole list', async () => {
    const many = Array.from({ length: 120 }, (_, i) =>
      makeEntry({ id: `m${i}`, savedAt: 1000 - i, archivedAt: i % 4 === 3 ? 1 : null, favourite: i === 100, tags: i === 110 ? ['late'] : [] }),
    );
    const lib = fakeLibrary(many);
    const full = deferred<void>();
    const read = lib.deps.readLibrary;
    lib.deps.readLibrary = async () => (await full.promise, read());
    const store = createLibraryStore(lib.deps);
    expect(store.loaded.value).toBe('none');
    store.watch();
    await settle();
    expect(store.loaded.value).toBe('partial');
    expect(store.entries.value).toHaveLength(FIRST_PAINT_ROWS);
    expect(store.total.value).toBe(120);
    // The first page's read counts the whole library, the inbox and the archive; favourites, tags
    // and sites are not known until everything is read (counted over 50 rows they would be wrong).
    expect(store.counts.value).toEqual({ all: 120, inbox: 90, archive: 30, favourites: null });
    expect(store.count.value).toBe(90);
    expect(store.tags.value).toBeNull();
    expect(store.sites.value).toBeNull();
    store.setQuery({ view: 'all' });
    expect(store.count.value).toBe(120);
    store.setQuery({ view: 'favourites' });
    expect(store.count.value).toBeNull();
    full.resolve();
    await settle();
    expect(store.loaded.value).toBe('full');
    expect(store.counts.value).toEqual({ all: 120, inbox: 90, archive: 30, favourites: 1 });
    expect(store.tags.value).toEqual([{ tag: 'late', count: 1 }]);
    store.setQuery({ view: 'all' });
    expect(store.visible.value).toHaveLength(120);
  });

  it('re-reads once for changes reported close together, keeping the selection', async () => {
    const lib = fakeLibrary(five());
    const store = createLibraryStore(lib.deps);
    store.watch();
    await settle();
    store.select('e2', true);
    const before = lib.reads.library;
    lib.changeElsewhere((list) => [makeEntry({ id: 'new', title: 'New', savedAt: 99 }), ...list]);
    lib.changeElsewhere((list) => list.map((e) => (e.id === 'e5' ? { ...e, title: 'Five (edited)' } : e)));
    await afterChange();
    expect(lib.reads.library - before).toBe(1);
    expect(titlesOf(store.visible.value)).toEqual(['New', 'One', 'Two', 'Four', 'Five (edited)']);
    expect([...store.selection.value]).toEqual(['e2']);
  });

  it('reads only the rows another view changed (a save, an edit, a delete), not the whole list', async () => {
    const lib = fakeLibrary(five());
    let listener: ((change: LibraryChange) => void) | null = null;
    const asked: string[][] = [];
    const store = createLibraryStore({
      ...lib.deps,
      watchLibrary: (onChange) => ((listener = onChange), () => undefined),
      readEntries: async (ids) => {
        asked.push([...ids]);
        const now = new Map(lib.entries.map((e) => [e.id, e]));
        return { entries: ids.flatMap((id) => (now.has(id) ? [now.get(id)!] : [])), gone: ids.filter((id) => !now.has(id)) };
      },
    });
    store.watch();
    await settle();
    store.select('e1', true);
    const before = lib.reads.library;
    lib.changeElsewhere((list) => [makeEntry({ id: 'new', title: 'New', savedAt: 99 }), ...list.filter((e) => e.id !== 'e1')]);
    listener!({ kind: 'saved', ids: ['new'] });
    listener!({ kind: 'deleted', ids: ['e1'] });
    await afterChange();
    expect(lib.reads.library).toBe(before);
    expect(asked).toEqual([['new', 'e1']]);
    expect(titlesOf(store.visible.value)).toEqual(['New', 'Two', 'Four', 'Five']);
    expect(store.counts.value).toMatchObject({ all: 5, inbox: 4 });
    expect([...store.selection.value]).toEqual([]);
    // A rebuild (or a change of hundreds) reads everything again.
    listener!({ kind: 'rebuilt', ids: [] });
    await afterChange();
    expect(lib.reads.library).toBe(before + 1);
  });

  it('drops selected entries that were deleted elsewhere', async () => {
    const lib = fakeLibrary(five());
    const store = createLibraryStore(lib.deps);
    store.watch();
    await settle();
    store.select('e1', true);
    store.select('e2', true);
    lib.changeElsewhere((list) => list.filter((e) => e.id !== 'e1'));
    await afterChange();
    expect([...store.selection.value]).toEqual(['e2']);
  });

  it('reads again when a read that started before a local change ends after it', async () => {
    const lib = fakeLibrary(five());
    const read = lib.deps.readLibrary;
    let gate: Promise<void> | null = null;
    const store = createLibraryStore({
      ...lib.deps,
      readLibrary: async () => {
        const snap = await read();
        if (gate) await gate;
        return snap;
      },
    });
    store.watch();
    await settle();
    const hold = deferred<void>();
    gate = hold.promise;
    const reloading = store.reload();
    await settle();
    gate = null;
    await store.setFavourite([store.entries.value[0]!], true);
    hold.resolve();
    await reloading;
    expect(store.entries.value[0]?.favourite).toBe(true);
  });

  it('stops following changes when stopped', async () => {
    const lib = fakeLibrary(five());
    const store = createLibraryStore(lib.deps);
    const stop = store.watch();
    await settle();
    stop();
    lib.changeElsewhere((list) => list.slice(1));
    await afterChange();
    expect(store.entries.value).toHaveLength(5);
  });
});

describe('library store: query', () => {
  async function started(entries = five(), overrides: Partial<LibraryStoreDeps> = {}) {
    const lib = fakeLibrary(entries);
    const store = createLibraryStore({ ...lib.deps, ...overrides });
    store.watch();
    await settle();
    return { lib, store };
  }

  it('shows the inbox by default and combines filters', async () => {
    const { store } = await started();
    expect(titlesOf(store.visible.value)).toEqual(['One', 'Two', 'Four', 'Five']);
    store.setQuery({ view: 'all', tag: 'CLIMATE' });
    expect(titlesOf(store.visible.value)).toEqual(['One', 'Three']);
    store.setQuery({ read: 'unread', view: 'archive' });
    expect(titlesOf(store.visible.value)).toEqual(['Three']);
    store.resetQuery();
    expect(store.visible.value).toHaveLength(4);
  });

  it('counts views, tags and sites over the whole library', async () => {
    const { store } = await started();
    expect(store.counts.value).toEqual({ inbox: 4, archive: 1, favourites: 1, all: 5 });
    expect(store.tags.value).toEqual([
      { tag: 'Climate', count: 2 },
      { tag: 'UK', count: 1 },
    ]);
    expect(store.sites.value?.[0]).toEqual({ site: 'Daily Ledger', count: 4 });
  });

  it('searches with the injected search, best match first, and back to newest first when cleared', async () => {
    const hit = (id: string, score: number): SearchHit => ({ id, score, snippet: [{ text: id, match: true }] });
    const search = vi.fn<SearchFn>(async () => ({ results: [hit('e5', 1), hit('e2', 3)], complete: false, progress: { indexed: 3, total: 5 } }));
    const { store } = await started(five(), { search });
    store.setQuery({ search: 'body word' });
    expect(store.query.value.sort).toBe('relevance');
    await settle();
    // No limit: every hit, so the count is the true count.
    expect(search).toHaveBeenCalledWith('body word', {});
    expect(titlesOf(store.visible.value)).toEqual(['Two', 'Five']);
    expect(store.searchHits.value?.get('e2')?.snippet).toEqual([{ text: 'e2', match: true }]);
    expect(store.searchState.value).toMatchObject({ complete: false, progress: { indexed: 3, total: 5 } });
    store.setQuery({ search: '' });
    expect(store.query.value.sort).toBe('saved-desc');
    expect(store.searchHits.value).toBeNull();
    expect(store.visible.value).toHaveLength(4);
  });

  it('sends a keystroke to the search before the query (the URL, the list) follows it, and a cleared search only after', async () => {
    const seen: Array<{ text: string; queryThen: string }> = [];
    const at: { store?: Awaited<ReturnType<typeof started>>['store'] } = {};
    const search = vi.fn<SearchFn>(async (text) => {
      seen.push({ text, queryThen: at.store!.query.peek().search });
      return { results: [{ id: 'e2', score: 1 }], complete: true };
    });
    const { store } = await started(five(), { search });
    at.store = store;
    store.setQuery({ search: 'wo' });
    store.setQuery({ search: 'wor' });
    // The search had the new text while the query still held the one before: its effects ran after.
    expect(seen).toEqual([
      { text: 'wo', queryThen: '' },
      { text: 'wor', queryThen: 'wo' },
    ]);
    await settle();
    expect(store.searchState.value?.text).toBe('wor');
    expect(titlesOf(store.visible.value)).toEqual(['Two']);
    store.setQuery({ search: '' });
    await settle();
    expect(search).toHaveBeenCalledTimes(2);
    expect(store.searchState.value).toBeNull();
    expect(store.visible.value).toHaveLength(4);
  });

  it('asks for the snippets of the rows shown only, once per search, and keeps the latest', async () => {
    const results = Array.from({ length: 5 }, (_, i) => ({ id: `e${i + 1}`, score: 5 - i }));
    const search = vi.fn<SearchFn>(async () => ({ results, complete: true }));
    const snippets = vi.fn<SnippetFn>(async (q, ids) => new Map(ids.map((id) => [id, [{ text: `${q}:${id}`, match: true }]])));
    const { store } = await started(five(), { search, snippets });
    store.setQuery({ search: 'word' });
    await settle();
    expect(search).toHaveBeenCalledTimes(1);
    expect(snippets).not.toHaveBeenCalled();
    store.requestSnippets(['e1', 'e2', 'nope']);
    await settle();
    expect(snippets).toHaveBeenCalledWith('word', ['e1', 'e2']);
    expect(store.snippets.value.get('e2')).toEqual({ text: 'word', parts: [{ text: 'word:e2', match: true }] });
    // The same rows again (a re-render): nothing asked; a new row: only it.
    store.requestSnippets(['e1', 'e2', 'e3']);
    await settle();
    expect(snippets).toHaveBeenCalledTimes(2);
    expect(snippets).toHaveBeenLastCalledWith('word', ['e3']);
    // A new search asks again for the rows it shows; the previous snippet stays until then.
    store.setQuery({ search: 'words' });
    await settle();
    expect(store.snippets.value.get('e1')?.text).toBe('word');
    store.requestSnippets(['e1']);
    await settle();
    expect(snippets).toHaveBeenLastCalledWith('words', ['e1']);
    expect(store.snippets.value.get('e1')?.parts).toEqual([{ text: 'words:e1', match: true }]);
  });

  it('shows a first query whole before the whole library is read: the hits past the first rows are read by id', async () => {
    const lib = fakeLibrary(five());
    const whole = deferred<void>();
    const readLibrary = lib.deps.readLibrary;
    const byId: string[][] = [];
    const search = vi.fn<SearchFn>(async () => ({
      results: [
        { id: 'e5', score: 1 },
        { id: 'e1', score: 2 },
      ],
      complete: true,
    }));
    const store = createLibraryStore({
      ...lib.deps,
      search,
      readNewestEntries: async () => ({ entries: lib.entries.slice(0, 2), total: 5, archived: 1 }),
      readEntries: async (ids) => {
        byId.push([...ids]);
        return { entries: lib.entries.filter((e) => ids.includes(e.id)), gone: [] };
      },
      readLibrary: async () => {
        await whole.promise;
        return readLibrary();
      },
    });
    store.watch();
    await settle();
    expect(store.loaded.value).toBe('partial');
    store.setQuery({ view: 'all', search: 'five' });
    await settle();
    // Only the hit the first page lacks is read; the list is the whole answer, ranked, and counted.
    expect(byId).toEqual([['e5']]);
    expect(store.loaded.value).toBe('partial');
    expect(store.searchPending.value).toBe(false);
    expect(titlesOf(store.visible.value)).toEqual(['One', 'Five']);
    expect(store.count.value).toBe(2);
    // Deleted meanwhile (a change the list patches): the hit read by id leaves the list too.
    await store.remove(store.visible.value[1]!);
    await settle();
    expect(titlesOf(store.visible.value)).toEqual(['One']);
    whole.resolve();
    await settle();
    expect(store.loaded.value).toBe('full');
    expect(store.searchPending.value).toBe(false);
    expect(titlesOf(store.visible.value)).toEqual(['One']);
  });

  describe('a first query with more hits than are read by id', () => {
    // 1,200 entries, saved at 1..1200; the word is in every entry but each fifth (960 hits).
    const many = () => Array.from({ length: 1200 }, (_, i) => makeEntry({ id: `m${i + 1}`, title: `M${i + 1}`, savedAt: i + 1 }));
    const hitsOf = (entries: LibraryEntry[]) =>
      entries.filter((e) => Number(e.id.slice(1)) % 5 !== 0).map((e): SearchHit => ({ id: e.id, score: Number(e.id.slice(1)) % 97 }));

    function setup(
      span: ((entries: LibraryEntry[]) => { since: number; entries: LibraryEntry[] } | null) | null,
      hitsFor: (entries: LibraryEntry[]) => SearchHit[] = hitsOf,
    ) {
      const lib = fakeLibrary(many());
      const whole = deferred<void>();
      const readLibrary = lib.deps.readLibrary;
      const byId: string[][] = [];
      const hits = hitsFor(lib.entries);
      expect(hits.length).toBeGreaterThan(HIT_READ_MAX);
      const store = createLibraryStore({
        ...lib.deps,
        search: async () => ({ results: hits, complete: true }),
        readEntries: async (ids) => {
          byId.push([...ids]);
          return { entries: lib.entries.filter((e) => ids.includes(e.id)), gone: [] };
        },
        readNewestSpan: async () => (span ? span(lib.entries) : null),
        readLibrary: async () => {
          await whole.promise;
          return readLibrary();
        },
      });
      return { lib, store, whole, hits, byId };
    }
    // The entries saved at or after `since` (the fake holds them newest first).
    const spanFrom = (since: number) => (entries: LibraryEntry[]) => ({ since, entries: entries.filter((e) => e.savedAt >= since) });

    it('shows the start of a newest-first list, exactly, from its hits among the newest entries, and the rest with the whole read', async () => {
      const { store, whole, hits } = setup(spanFrom(1001));
      store.watch();
      await settle();
      store.setQuery({ view: 'all', search: 'word', sort: 'saved-desc' });
      await settle();
      expect(store.loaded.value).toBe('partial');
      expect(store.searchPending.value).toBe(false);
      // Entries 1001–1200 less every fifth: the newest 160 hits, newest first, the same as the start of the whole answer.
      const start = titlesOf(store.visible.value);
      expect(start).toHaveLength(160);
      expect(start[0]).toBe('M1199');
      expect(start.at(-1)).toBe('M1001');
      // Only the start is held: the true count waits for the whole list.
      expect(store.count.value).toBeNull();
      whole.resolve();
      await settle();
      expect(store.loaded.value).toBe('full');
      expect(store.count.value).toBe(hits.length);
      expect(titlesOf(store.visible.value).slice(0, 160)).toEqual(start);
    });

    it('keeps waiting for the whole list when the newest entries hold fewer hits than the screens show, or there is no span', async () => {
      for (const span of [spanFrom(1200 - PREFIX_MIN_ROWS), null]) {
        const { store, whole } = setup(span);
        store.watch();
        await settle();
        store.setQuery({ view: 'all', search: 'word', sort: 'saved-desc' });
        await settle();
        expect(store.searchPending.value).toBe(true);
        whole.resolve();
        await settle();
        expect(store.searchPending.value).toBe(false);
        expect(store.count.value).toBe(960);
        store.setQuery({ search: '' });
      }
    });

    it('shows the start of a list by relevance from its best-scored hits read by id, and waits again when the order changes', async () => {
      const { store, whole, hits, byId } = setup(null);
      store.watch();
      await settle();
      store.setQuery({ view: 'all', search: 'word', sort: 'relevance' });
      await settle();
      expect(store.searchPending.value).toBe(false);
      expect(byId.flat().length).toBeLessThanOrEqual(RELEVANCE_PREFIX_READ);
      const best = [...hits].sort((a, b) => b.score - a.score);
      const shown = store.visible.value;
      expect(shown.length).toBeGreaterThanOrEqual(PREFIX_MIN_ROWS);
      // The first rows are the best scores (ties in any order).
      const score = new Map(hits.map((h) => [h.id, h.score]));
      expect(shown.map((e) => score.get(e.id))).toEqual(best.slice(0, shown.length).map((h) => h.score));
      expect(store.count.value).toBeNull();
      // Another order: the start read for relevance is not the start of this list.
      store.setQuery({ sort: 'title' });
      await settle();
      expect(store.searchPending.value).toBe(true);
      whole.resolve();
      await settle();
      expect(store.searchPending.value).toBe(false);
      expect(store.count.value).toBe(hits.length);
    });

    it('shows by relevance only the hits scored above the last one read: a tie past the cut would come before some of them', async () => {
      // 800 hits: 80 score 2, the rest 1; the search lists the ties oldest first, the list newest first.
      const oldestFirst = (entries: LibraryEntry[]) =>
        entries
          .slice(0, 800)
          .reverse()
          .map((e, i): SearchHit => ({ id: e.id, score: i < 80 ? 2 : 1 }));
      const { store, whole } = setup(null, oldestFirst);
      store.watch();
      await settle();
      store.setQuery({ view: 'all', search: 'word', sort: 'relevance' });
      await settle();
      expect(store.searchPending.value).toBe(false);
      const start = titlesOf(store.visible.value);
      expect(start).toHaveLength(80);
      whole.resolve();
      await settle();
      expect(titlesOf(store.visible.value).slice(0, start.length)).toEqual(start);
    });

    it('waits for the whole list when the best hits read all tie (no start can be told apart)', async () => {
      const { store, whole } = setup(null, (entries) => entries.slice(0, 700).map((e): SearchHit => ({ id: e.id, score: 1 })));
      store.watch();
      await settle();
      store.setQuery({ view: 'all', search: 'word', sort: 'relevance' });
      await settle();
      expect(store.searchPending.value).toBe(true);
      whole.resolve();
      await settle();
      expect(store.searchPending.value).toBe(false);
      expect(store.count.value).toBe(700);
    });

    it('lists a hit saved after the span was read at the top, and drops one deleted meanwhile', async () => {
      const { lib, store } = setup(spanFrom(1001));
      store.watch();
      await settle();
      store.setQuery({ view: 'all', search: 'word', sort: 'saved-desc' });
      await settle();
      expect(titlesOf(store.visible.value)[0]).toBe('M1199');
      await store.remove(store.visible.value[0]!);
      await settle();
      expect(titlesOf(store.visible.value)[0]).toBe('M1198');
      expect(lib.entries.some((e) => e.id === 'm1199')).toBe(false);
    });
  });

  it('counts a search as pending until the whole library is read when the hits cannot be read by id, so a hit past the first rows is not left out unsaid', async () => {
    const lib = fakeLibrary(five());
    const whole = deferred<void>();
    const readLibrary = lib.deps.readLibrary;
    const search = vi.fn<SearchFn>(async () => ({ results: [{ id: 'e5', score: 1 }], complete: true }));
    const store = createLibraryStore({
      ...lib.deps,
      search,
      readEntries: async () => {
        throw new Error('unreadable');
      },
      // The first page holds the two newest only; the rest comes with the whole read.
      readNewestEntries: async () => ({ entries: lib.entries.slice(0, 2), total: 5, archived: 1 }),
      readLibrary: async () => {
        await whole.promise;
        return readLibrary();
      },
    });
    store.watch();
    await settle();
    expect(store.loaded.value).toBe('partial');
    store.setQuery({ search: 'five' });
    await settle();
    // The answer is back and complete, but its one hit is not among the entries read yet.
    expect(store.searchState.value).toMatchObject({ complete: true });
    expect(store.visible.value).toEqual([]);
    expect(store.searchPending.value).toBe(true);
    whole.resolve();
    await settle();
    expect(store.searchPending.value).toBe(false);
    expect(titlesOf(store.visible.value)).toEqual(['Five']);
  });

  it('keeps the list as it was until a search’s first results arrive', async () => {
    const answer = deferred<void>();
    const search: SearchFn = async () => {
      await answer.promise;
      return { results: [{ id: 'e2', score: 1, snippet: [] }], complete: true };
    };
    const { store } = await started(five(), { search });
    store.setQuery({ search: 'two' });
    expect(store.visible.value).toHaveLength(4);
    answer.resolve();
    await settle();
    expect(titlesOf(store.visible.value)).toEqual(['Two']);
  });

  it('keeps a sort the user chose while searching', async () => {
    const { store } = await started();
    store.setQuery({ sort: 'title' });
    store.setQuery({ search: 'flood' });
    expect(store.query.value.sort).toBe('title');
  });

  it('shows the answer to the last keystroke when an earlier search answers late', async () => {
    const slow = deferred<void>();
    const search: SearchFn = async (text) => {
      if (text === 'f') await slow.promise;
      return { results: [{ id: text === 'f' ? 'e1' : 'e5', score: 1, snippet: [] }], complete: true };
    };
    const { store } = await started(five(), { search });
    store.setQuery({ search: 'f' });
    store.setQuery({ search: 'fl' });
    await settle();
    slow.resolve();
    await settle();
    expect(titlesOf(store.visible.value)).toEqual(['Five']);
  });

  it('uses the fallback substring search when no search is injected', async () => {
    const { store } = await started();
    store.setQuery({ search: 'flood' });
    await settle();
    expect(titlesOf(store.visible.value)).toEqual(['Five']);
    expect(store.searchHits.value?.get('e5')?.snippet?.some((s) => s.match && s.text === 'flood')).toBe(true);
  });

  it('searches again after the library changed', async () => {
    const search = vi.fn<SearchFn>(async () => ({ results: [], complete: true }));
    const { lib, store } = await started(five(), { search });
    store.setQuery({ search: 'x' });
    await settle();
    lib.changeElsewhere((list) => list.slice(1));
    await afterChange();
    expect(search).toHaveBeenCalledTimes(2);
  });

  it('clears the selection when the filters change, not when the sort does', async () => {
    const { store } = await started();
    store.select('e1', true);
    store.setQuery({ sort: 'title' });
    expect(store.selection.value.size).toBe(1);
    store.setQuery({ view: 'all' });
    expect(store.selection.value.size).toBe(0);
  });

  it('tidies a tag filter', async () => {
    const { store } = await started();
    store.setQuery({ tag: '  climate ' });
    expect(store.query.value.tag).toBe('climate');
    store.setQuery({ tag: '   ' });
    expect(store.query.value.tag).toBeNull();
  });
});

describe('library store: selection and bulk actions', () => {
  async function started() {
    const lib = fakeLibrary(five());
    const store = createLibraryStore(lib.deps);
    store.watch();
    await settle();
    return { lib, store };
  }

  it('selects all the list shows and lists the selected in its order', async () => {
    const { store } = await started();
    store.selectAll();
    expect(store.selection.value.size).toBe(4);
    store.select('e2', false);
    expect(titlesOf(store.selected.value)).toEqual(['One', 'Four', 'Five']);
    store.clearSelection();
    expect(store.selected.value).toEqual([]);
  });

  it('archives the selection in one message and the list shows it at once', async () => {
    const { lib, store } = await started();
    store.select('e1', true);
    store.select('e2', true);
    await store.setArchived(store.selected.value, true);
    expect(lib.sent.map((m) => m.type)).toEqual(['setArticlesArchived']);
    expect(lib.sent[0]?.payload).toEqual({ ids: ['e1', 'e2'], archived: true });
    // Patched from the answer, before any re-read.
    expect(titlesOf(store.visible.value)).toEqual(['Four', 'Five']);
    // Archived entries left the inbox: no longer selected there.
    expect(store.selected.value).toEqual([]);
  });

  it('deletes the selection with one undo that brings all of it back', async () => {
    const { lib, store } = await started();
    store.selectAll();
    await store.removeMany(store.selected.value);
    expect(store.visible.value).toEqual([]);
    expect(store.undo.value).toEqual({ entries: expect.any(Array), expiresAt: 1_000 + UNDO_NOTICE_MS });
    expect(store.undo.value?.entries).toHaveLength(4);
    await store.undoRemove();
    expect(lib.sent.map((m) => m.type)).toEqual(['deleteArticles', 'restoreArticles']);
    expect(lib.sent[1]?.payload).toEqual({ ids: ['e1', 'e2', 'e4', 'e5'] });
    expect(titlesOf(store.visible.value)).toEqual(['One', 'Two', 'Four', 'Five']);
    expect(store.undo.value).toBeNull();
  });

  it('marks read, favourites and tags several at once', async () => {
    const { lib, store } = await started();
    const two = store.visible.value.slice(0, 2);
    await store.setReadMany(two, true);
    await store.setFavourite(two, true);
    await store.addTags(two, [' Long  read ', '']);
    expect(lib.sent.map((m) => m.type)).toEqual(['setArticlesRead', 'setArticlesFavourite', 'addTags']);
    expect(lib.sent[2]?.payload).toEqual({ ids: ['e1', 'e2'], tags: ['Long read'] });
    expect(store.visible.value.slice(0, 2).map((e) => [e.readAt !== null, e.favourite, e.tags.includes('Long read')])).toEqual([
      [true, true, true],
      [true, true, true],
    ]);
    await store.removeTags(two, ['Long read']);
    expect(store.visible.value[1]?.tags).toEqual([]);
  });

  it('sends nothing for an empty selection', async () => {
    const { lib, store } = await started();
    await store.setArchived([], true);
    await store.removeMany([]);
    await store.addTags(store.visible.value, ['  ']);
    expect(lib.sent).toEqual([]);
  });

  it('renames a tag everywhere, following a filter on it', async () => {
    const { lib, store } = await started();
    store.setQuery({ view: 'all', tag: 'climate' });
    expect(await store.renameTag('Climate', ' Environment ')).toBe(true);
    expect(lib.sent[0]).toEqual({ type: 'renameTag', payload: { from: 'Climate', to: 'Environment' } });
    expect(store.query.value.tag).toBe('Environment');
    expect(titlesOf(store.visible.value)).toEqual(['One', 'Three']);
    expect(store.tags.value?.map((t) => t.tag)).toEqual(['Environment', 'UK']);
  });

  it('deletes a tag everywhere and drops a filter on it', async () => {
    const { store } = await started();
    store.setQuery({ tag: 'UK' });
    expect(await store.deleteTag('uk')).toBe(true);
    expect(store.query.value.tag).toBeNull();
    expect(store.tags.value).toEqual([{ tag: 'Climate', count: 2 }]);
  });

  it('says what went wrong when the background cannot be reached', async () => {
    const { lib, store } = await started();
    lib.deps.send = (async () => {
      throw new Error('Receiving end does not exist.');
    }) as LibraryStoreDeps['send'];
    const again = createLibraryStore(lib.deps);
    again.watch();
    await settle();
    await again.setArchived(again.visible.value.slice(0, 1), true);
    expect(again.error.value).toBe('Receiving end does not exist.');
    expect(again.visible.value).toHaveLength(4);
    expect(store.error.value).toBeNull();
  });
});

describe('library store: progress and opening', () => {
  async function started() {
    const lib = fakeLibrary(five());
    const store = createLibraryStore(lib.deps);
    store.watch();
    await settle();
    return { lib, store };
  }

  it('reads the progress of the rows asked for, once each', async () => {
    const { lib, store } = await started();
    await store.requestProgress(['e1', 'e2']);
    await store.requestProgress(['e1', 'e2', 'e4']);
    expect(lib.deps.loadProgress).toHaveBeenNthCalledWith(1, ['e1', 'e2']);
    expect(lib.deps.loadProgress).toHaveBeenNthCalledWith(2, ['e4']);
    expect([...store.progress.value]).toEqual([
      ['e1', 0.4],
      ['e2', 0],
      ['e4', 0],
    ]);
  });

  it('opens an article with its list entry at once, and reads its progress again after', async () => {
    const { store } = await started();
    await store.requestProgress(['e1']);
    const opening = store.open('e1');
    expect(store.opened.value).toMatchObject({ id: 'e1', entry: { title: 'One' }, result: null });
    await opening;
    const result = store.opened.value?.result;
    expect(result?.ok && result.saved.article.title).toBe('One');
    store.close();
    expect(store.opened.value).toBeNull();
    expect(store.progress.value.has('e1')).toBe(false);
  });

  it('opens a prefetched article without reading it again', async () => {
    const { lib, store } = await started();
    store.prefetch('e2');
    store.prefetch('e2');
    await store.open('e2');
    expect(lib.reads.articles).toEqual(['e2']);
  });

  it('keeps the opened article’s entry current when it changes', async () => {
    const { store } = await started();
    await store.open('e1');
    await store.setFavourite([store.opened.value!.entry!], true);
    expect(store.opened.value?.entry?.favourite).toBe(true);
  });

  it('gives back the list’s scroll offset once', async () => {
    const { store } = await started();
    store.rememberListScroll(1234);
    expect(store.takeListScroll()).toBe(1234);
    expect(store.takeListScroll()).toBeNull();
  });
});

// Today's behaviour, on the real writer and the fake browser's storage (moved from reader-store.test.ts).
describe('library store on the real writer', () => {
  async function libraryOf(...names: string[]) {
    const background = fakeBackground();
    for (const [i, title] of names.entries()) {
      await background.writer.save(makeArticle({ url: `https://news.example/${i}`, title }));
      vi.advanceTimersByTime(1000);
    }
    return { background, store: createLibraryStore({ send: background.send }) };
  }

  it('lists the saved articles newest first and follows changes made in any view', async () => {
    const { background, store } = await libraryOf('Older', 'Newer');
    const stop = store.watch();
    await settle();
    expect(titlesOf(store.entries.value)).toEqual(['Newer', 'Older']);
    await background.writer.save(makeArticle({ url: 'https://news.example/latest', title: 'Latest' }));
    await afterChange();
    expect(titlesOf(store.entries.value)).toEqual(['Latest', 'Newer', 'Older']);
    stop();
    await background.writer.save(makeArticle({ url: 'https://news.example/after', title: 'After stop' }));
    await afterChange();
    expect(titlesOf(store.entries.value)).toEqual(['Latest', 'Newer', 'Older']);
  });

  it('opens a saved article from storage, showing it as loading first', async () => {
    const { store } = await libraryOf('Keep me');
    const opening = store.open('id-1');
    expect(store.opened.value).toEqual({ id: 'id-1', entry: null, result: null, images: null });
    await opening;
    const result = store.opened.value?.result;
    expect(result?.ok && result.saved.article.title).toBe('Keep me');
    expect(store.opened.value?.entry?.id).toBe('id-1');
    store.close();
    expect(store.opened.value).toBeNull();
  });

  it('says an article is gone when it is no longer in storage', async () => {
    const { store } = await libraryOf('Keep me');
    await store.open('id-404');
    expect(store.opened.value).toMatchObject({
      id: 'id-404',
      entry: null,
      result: { ok: false, error: 'not-found', message: englishMessage('libraryArticleGone') },
    });
  });

  it('shows the article opened last when an earlier one loads more slowly', async () => {
    const background = fakeBackground();
    for (const [i, title] of ['First', 'Second'].entries()) {
      await background.writer.save(makeArticle({ url: `https://news.example/${i}`, title }));
      vi.advanceTimersByTime(1000);
    }
    const slow = deferred<void>();
    const store = createLibraryStore({
      send: background.send,
      // The first article's read is held back until the second has been shown.
      getSavedArticle: async (id) => {
        if (id === 'id-1') await slow.promise;
        return getSavedArticle(id);
      },
    });
    const first = store.open('id-1');
    await store.open('id-2');
    slow.resolve();
    await first;
    const result = store.opened.value?.result;
    expect(store.opened.value?.id).toBe('id-2');
    expect(result?.ok && result.saved.article.title).toBe('Second');
  });

  it('takes an article out of the list and offers to undo it for a while', async () => {
    const { store } = await libraryOf('Keep me', 'Delete me');
    store.watch();
    await settle();
    const entry = store.entries.value[0]!;
    await store.remove(entry);
    expect(store.undo.value).toEqual({ entries: [entry], expiresAt: Date.now() + UNDO_NOTICE_MS });
    expect(store.error.value).toBeNull();
    expect(titlesOf(store.entries.value)).toEqual(['Keep me']);
  });

  it('brings a deleted article back on undo, with today’s single-article messages', async () => {
    const { background, store } = await libraryOf('Older', 'Delete me');
    const [entry] = (await readLibrary()).entries;
    await store.remove(entry!);
    await store.undoRemove();
    expect(store.undo.value).toBeNull();
    expect(store.error.value).toBeNull();
    expect(await titles()).toEqual(['Delete me', 'Older']);
    expect(background.requests).toEqual(['deleteArticle', 'restoreArticle']);
  });

  it('does nothing on undo when there is nothing to undo', async () => {
    const { background, store } = await libraryOf('Keep me');
    const [entry] = (await readLibrary()).entries;
    await store.undoRemove();
    await store.remove(entry!);
    store.dismissUndo();
    await store.undoRemove();
    expect(background.requests).toEqual(['deleteArticle']);
    expect(await titles()).toEqual([]);
  });

  it('says why a delete failed and offers no undo', async () => {
    const { store } = await libraryOf('Keep me');
    const [entry] = (await readLibrary()).entries;
    storageFull();
    await store.remove(entry!);
    expect(store.error.value).toBe(englishMessage('libraryQuotaFull'));
    expect(store.undo.value).toBeNull();
    vi.restoreAllMocks();
    expect(await titles()).toEqual(['Keep me']);
  });

  it('says why an undo failed', async () => {
    const { store } = await libraryOf('Delete me');
    const [entry] = (await readLibrary()).entries;
    await store.remove(entry!);
    storageFull();
    await store.undoRemove();
    expect(store.error.value).toBe(englishMessage('libraryQuotaFull'));
    expect(store.undo.value).toBeNull();
  });

  it('marks an article read and unread', async () => {
    const { store } = await libraryOf('Keep me');
    const [entry] = (await readLibrary()).entries;
    await store.setRead(entry!, true);
    expect((await readLibrary()).entries[0]?.readAt).toBe(Date.now());
    await store.setRead(entry!, false);
    expect((await readLibrary()).entries[0]?.readAt).toBeNull();
    expect(store.error.value).toBeNull();
  });

  it('clears the last error once a later change succeeds', async () => {
    const { store } = await libraryOf('Keep me');
    const [entry] = (await readLibrary()).entries;
    storageFull();
    await store.setRead(entry!, true);
    expect(store.error.value).toBe(englishMessage('libraryQuotaFull'));
    vi.restoreAllMocks();
    await store.setRead(entry!, true);
    expect(store.error.value).toBeNull();
    expect((await readLibrary()).entries[0]?.readAt).not.toBeNull();
  });

  it('tags, archives and bulk-deletes through the real protocol and writer', async () => {
    const { background, store } = await libraryOf('A', 'B', 'C');
    store.watch();
    await settle();
    const [c, b] = store.visible.value;
    await store.addTags([c!, b!], ['Climate']);
    await store.setArchived([b!], true);
    expect(store.visible.value.map((e) => [e.title, e.tags])).toEqual([
      ['C', ['Climate']],
      ['A', []],
    ]);
    store.setQuery({ view: 'archive' });
    expect(titlesOf(store.visible.value)).toEqual(['B']);
    store.setQuery({ view: 'all' });
    store.selectAll();
    await store.removeMany(store.selected.value);
    expect(await titles()).toEqual([]);
    await store.undoRemove();
    expect(await titles()).toEqual(['C', 'B', 'A']);
    expect(background.requests).toEqual(['addTags', 'setArticlesArchived', 'deleteArticles', 'restoreArticles']);
  });

  it('reads positions of saved articles from storage for the progress of a row', async () => {
    const { store } = await libraryOf('Half read', 'Unread');
    await savePosition({ kind: 'saved', id: 'id-1' }, { block: 3, offset: 0.5, progress: 0.5, updatedAt: 1 });
    await store.requestProgress(['id-1', 'id-2']);
    expect(store.progress.value.get('id-1')).toBe(0.5);
    expect(store.progress.value.get('id-2')).toBe(0);
  });
});
