/**
 * The library's state for the side panel and the full-tab library, outside components (Preact
 * signals): the saved entries (first the newest page, then all of them), the query and the list
 * it gives, the search results, the selection for bulk actions, the pending undo of a delete,
 * tags and sites with their counts, the reading progress of the rows on screen, and the saved
 * article opened from the list.
 *
 * Every dependency is injected (reading the library, sending changes to the background, searching,
 * reading positions), so tests run it on fakes and the IndexedDB store and the search worker plug
 * in at merge without changing it.
 */
import { batch, computed, signal } from '@preact/signals';
import { createSubstringSearch } from '../library/fallback-search';
import {
  DEFAULT_QUERY,
  applyQuery,
  effectiveSort,
  entryMatcher,
  entryOrder,
  foldedFields,
  hasSearch,
  newestFirst,
  sameQuery,
  tagKey,
  type LibraryQuery,
  type LibrarySort,
  type LibraryView,
  type SearchFn,
  type SearchHit,
  type SnippetFn,
  type SnippetSegment,
} from '../library/query';
import {
  getSavedArticle,
  readEntries,
  readLibrary,
  readNewestEntries,
  readNewestSpan,
  watchLibrary,
  type LibrarySnapshot,
  type SavedArticleResult,
} from '../library/store';
import { normalizeTag, renamedTags, withoutTags } from '../library/tags';
import type { LibraryChange, LibraryEntry, LibraryWriteResult } from '../library/types';
import { sendMessage } from '../model/messaging';
import { loadSavedProgress } from '../reading/position';
import { browser } from 'wxt/browser';
import { readArticleImages, type ArticleImagesRead } from '../library/image-db';
import { originPattern } from '../library/images';
import { openArticleImages, type ArticleImages } from './stored-images';
import { countFacets, patchFacets, patchSorted, siteList, tagList, type LibraryFacets } from '../library/list-patch';

/** What the library store reads, sends and searches with; every part can be replaced in tests. */
export interface LibraryStoreDeps {
  send: typeof sendMessage;
  readLibrary: () => Promise<LibrarySnapshot>;
  readNewestEntries: (limit: number) => Promise<{ entries: LibraryEntry[]; total: number; archived?: number }>;
  getSavedArticle: (id: string) => Promise<SavedArticleResult>;
  /** The current entries of some ids, and those gone (for a change made elsewhere); without it every change reads the whole library. */
  readEntries?: (ids: readonly string[]) => Promise<{ entries: LibraryEntry[]; gone: string[] }>;
  /**
   * The visible entries saved since about the newest thousand began (library/store readNewestSpan):
   * where a first search's newest hits are, when it has too many to read by id. Null: not known.
   */
  readNewestSpan?: () => Promise<{ since: number; entries: LibraryEntry[] } | null>;
  watchLibrary: (onChange: (change: LibraryChange) => void) => () => void;
  /**
   * The search worker. When left out, the store uses the FALLBACK substring search over the
   * entries it holds (library/fallback-search.ts) until the worker is merged.
   */
  search?: SearchFn;
  /** The worker's snippets of the rows shown (SnippetFn); without it rows show the snippets the search's hits carry, or their excerpt. */
  snippets?: SnippetFn;
  /** Reading progress (0–1) of saved articles, by id; ids without a position are left out. */
  loadProgress: (ids: readonly string[]) => Promise<ReadonlyMap<string, number>>;
  now: () => number;
  /** A saved article's stored images (image-db.ts). */
  readArticleImages: (id: string) => Promise<ArticleImagesRead>;
  /** Turns them into what the view shows (object URLs); replaced in tests, which have no object URLs. */
  openArticleImages: (read: ArticleImagesRead) => ArticleImages;
  /**
   * Asks the user for the optional host permission for these origins; must be called inside the
   * click's user gesture (permissions.request refuses otherwise), so before anything is awaited.
   */
  requestOrigins: (origins: readonly string[]) => Promise<boolean>;
  /**
   * Resolves once the frame with the first rows has been painted: the whole list is read after it
   * (at 10,000 articles, reading and checking every entry is a task of hundreds of ms that would
   * otherwise hold that frame back).
   */
  afterPaint: () => Promise<void>;
}

/** Longest wait for a frame (a hidden page paints none): the whole list is read anyway by then. */
const PAINT_WAIT_MS = 100;

/** After the next frame is painted (a task posted from requestAnimationFrame runs after that paint), or PAINT_WAIT_MS. */
function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, PAINT_WAIT_MS);
    if (typeof requestAnimationFrame !== 'function') return;
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(timer);
        resolve();
      }, 0),
    );
  });
}

const defaultDeps: LibraryStoreDeps = {
  send: sendMessage,
  readLibrary,
  readNewestEntries,
  getSavedArticle,
  readEntries,
  readNewestSpan,
  watchLibrary,
  loadProgress: loadSavedProgress,
  now: () => Date.now(),
  readArticleImages,
  openArticleImages: (read) => openArticleImages(read),
  requestOrigins: (origins) => browser.permissions.request({ origins: origins.map(originPattern) }),
  afterPaint: afterNextPaint,
};

/** Rows read for the first paint, before the whole list. */
export const FIRST_PAINT_ROWS = 50;
/** A first query's hits past the first page read by id, at most (see runSearch): a read by id per hit costs more than the whole list's one read beyond a few hundred (bench:library, under load). */
export const HIT_READ_MAX = 500;
/**
 * A first query's answer shown from only the start of its list (its hits among the newest entries,
 * or its best-scored hits), before the whole list is read, when that start holds at least this
 * many rows: more than two screens of the full-tab list.
 */
export const PREFIX_MIN_ROWS = 30;
/** The best-scored hits read by id for the start of a list by relevance: the screens' rows, with room for filters. */
export const RELEVANCE_PREFIX_READ = 100;
/** Changes reported close together are read once. */
export const CHANGE_DEBOUNCE_MS = 16;
/** A change of more articles than this (an import, a bulk change elsewhere) reads the whole list again rather than its rows. */
export const PATCH_READ_MAX = 500;
/** How long the "Deleted — Undo" notice stays. */
export const UNDO_NOTICE_MS = 8000;
/** Saved articles kept read ahead (hover, focus) for an immediate open. */
const PREFETCHED = 6;

/** A pending "undo" for a delete of one or several articles (one undo for the whole batch). */
export interface PendingUndo {
  entries: LibraryEntry[];
  expiresAt: number;
}

/** How much of the library has been read: nothing yet, the first page, or all of it. */
export type LoadState = 'none' | 'partial' | 'full';

/** The search results for one typed text. */
export interface SearchState {
  text: string;
  hits: ReadonlyMap<string, SearchHit>;
  /** False while the search index is still being built: results may be missing. */
  complete: boolean;
  /** While not complete: articles indexed so far, of how many (null: not known yet). */
  progress: { indexed: number; total: number | null } | null;
}

/** The saved article open for reading, and the list's entry for it (fresher than the record's). */
export interface OpenedArticle {
  id: string;
  entry: LibraryEntry | null;
  result: SavedArticleResult | null;
  /** Its stored images (object URLs, revoked when it closes); null when they could not be read. */
  images: ArticleImages | null;
}

/** Where keeping the images the user may allow stands: offered, asking, fetching, refused, or failed with a sentence. */
export type ImageAccessState = { status: 'idle' } | { status: 'fetching' } | { status: 'denied' } | { status: 'failed'; message: string };

/**
 * One change of the entries: the list before and after it, the entries as they were (taken out)
 * and as they are (put in). The list the query shows and the counts follow these instead of
 * being computed again over the whole library.
 */
interface EntriesDelta {
  from: readonly LibraryEntry[];
  to: readonly LibraryEntry[];
  removed: readonly LibraryEntry[];
  added: readonly LibraryEntry[];
}
/** Deltas kept for the list the query shows to catch up with (it is computed when read, maybe after several). */
const DELTAS_KEPT = 16;

/**
 * The entries of a search's hits read before the whole list (see runSearch), for the answer `hits`.
 * With `prefix`, only the start of the answer's list is held, exactly: the hits that pass it (the
 * newest, or the best-scored) come before every other hit in the list's order.
 */
interface HitEntries {
  hits: ReadonlyMap<string, SearchHit>;
  entries: ReadonlyMap<string, LibraryEntry>;
  prefix: ((entry: LibraryEntry) => boolean) | null;
  /** The order the prefix is the start of. */
  sort: LibrarySort;
}

/** Creates the library store; `deps` default to the real library, background and positions. */
export function createLibraryStore(overrides: Partial<LibraryStoreDeps> = {}) {
  const deps: LibraryStoreDeps = { ...defaultDeps, ...overrides };

  const entries = signal<LibraryEntry[]>([]);
  const loaded = signal<LoadState>('none');
  /** How many entries the library holds (known from the first page on). */
  const total = signal<number | null>(null);
  /** How many of them are archived, as the first page's read counted them (until the whole list is read). */
  const firstArchived = signal<number | null>(null);
  const problems = signal<string[]>([]);
  const newerSchema = signal(false);
  const query = signal<LibraryQuery>({ ...DEFAULT_QUERY });
  const searchState = signal<SearchState | null>(null);
  const selection = signal<ReadonlySet<string>>(new Set());
  const undo = signal<PendingUndo | null>(null);
  const error = signal<string | null>(null);
  const opened = signal<OpenedArticle | null>(null);
  const progress = signal<ReadonlyMap<string, number>>(new Map());
  const imageAccess = signal<ImageAccessState>({ status: 'idle' });

  /** Reads an article's images for its view; a failed read shows the article with its images' own addresses. */
  async function loadImages(id: string): Promise<ArticleImages | null> {
    try {
      return deps.openArticleImages(await deps.readArticleImages(id));
    } catch (e) {
      console.warn('Could not read the saved article’s images:', e);
      return null;
    }
  }

  /** Sets the opened article, revoking the object URLs of the images it no longer shows. */
  function setOpened(next: OpenedArticle | null): void {
    const before = opened.value?.images;
    opened.value = next;
    if (before && before !== next?.images) before.release();
  }

  const search: SearchFn = deps.search ?? createSubstringSearch(() => entries.value);

  /** The search results that apply to the query: the latest ones while newer ones are on their way. */
  const searchHits = computed<ReadonlyMap<string, SearchHit> | null>(() => {
    if (!hasSearch(query.value)) return null;
    return searchState.value?.hits ?? null;
  });
  /**
   * While only the newest page of the library is read: the entries of the current search's hits
   * that page does not hold, read by id (`readHitEntries`), so the first query after opening is
   * shown whole without waiting for the whole list. `hits` says which answer they were read for.
   */
  const hitEntries = signal<HitEntries | null>(null);
  /**
   * True while the search typed has no answer that the list can show whole: its results are not
   * back yet, or they are but only the newest page of the library is read and the hits' entries
   * past it are not read yet (a hit missing from the list would make it look complete without it).
   */
  const searchPending = computed<boolean>(() => {
    const q = query.value;
    if (!hasSearch(q)) return false;
    const state = searchState.value;
    if (state?.text !== q.search) return true;
    if (loaded.value === 'full') return false;
    const held = hitEntries.value;
    if (held?.hits !== state.hits) return true;
    // The start of the list alone is an answer when it fills the screens, in the order it was read
    // for; else the whole list is awaited.
    return held.prefix !== null && (held.sort !== effectiveSort(q) || visible.value.length < PREFIX_MIN_ROWS);
  });
  // ---------- The entries, and what follows their changes ----------

  /** The entries by id (the list's own objects), kept with `entries`. */
  let byId = new Map<string, LibraryEntry>();
  /** Views', tags' and sites' counts over `entries`, patched with it; `facetsVersion` says when they changed. */
  let facets: LibraryFacets = countFacets([]);
  const facetsVersion = signal(0);
  /** The latest changes of `entries`, oldest first, for the list the query shows to catch up with. */
  let deltas: EntriesDelta[] = [];

  /**
   * Sets the entries (newest first): after a read (`delta` null) everything is counted again;
   * after a change only what it touched is (O(changed), not O(library)).
   */
  function setEntries(list: LibraryEntry[], delta: EntriesDelta | null): void {
    if (delta) {
      deltas.push(delta);
      if (deltas.length > DELTAS_KEPT) deltas.shift();
      patchFacets(facets, delta.removed, delta.added);
      for (const e of delta.removed) byId.delete(e.id);
      for (const e of delta.added) byId.set(e.id, e);
    } else {
      deltas = [];
      facets = countFacets(list);
      byId = new Map(list.map((e) => [e.id, e]));
    }
    entries.value = list;
    facetsVersion.value++;
  }

  /** The list the query showed last, and for which entries, query, hits and hits' entries: a change of the entries patches it. */
  let shown: {
    entries: readonly LibraryEntry[];
    query: LibraryQuery;
    hits: ReadonlyMap<string, SearchHit> | undefined;
    extra: ReadonlyMap<string, LibraryEntry> | null;
    list: LibraryEntry[];
  } | null = null;

  /**
   * The list `query` shows for `to`, from the one it showed for `from`, through the deltas between
   * them: each changed entry taken out of its place and put in its new one (binary search), no
   * filter or sort of the whole library. Null when the deltas do not reach (a read replaced the list).
   */
  function catchUp(
    from: readonly LibraryEntry[],
    list: LibraryEntry[],
    to: readonly LibraryEntry[],
    q: LibraryQuery,
    hits: ReadonlyMap<string, SearchHit> | undefined,
  ) {
    if (from === to) return list;
    const start = deltas.findIndex((d) => d.from === from);
    if (start === -1) return null;
    const matches = entryMatcher(q, hits);
    const order = entryOrder(effectiveSort(q), hits);
    let out = list;
    let at = from;
    for (let i = start; i < deltas.length && at !== to; i++) {
      const d = deltas[i]!;
      if (d.from !== at) return null;
      out = patchSorted(out, d.removed.filter(matches), d.added.filter(matches), order);
      at = d.to;
    }
    return at === to ? out : null;
  }

  /**
   * The entries a search's list is made from: the hits' own entries (by id), not the whole library
   * filtered, so a keystroke's work follows its hits, not the library's size. Before the whole
   * library is read, the hits past the first page come from the entries read for them by id, and
   * with a `prefix` only the hits it passes (the start of the list) are listed.
   */
  function searchCandidates(
    hits: ReadonlyMap<string, SearchHit>,
    extra: ReadonlyMap<string, LibraryEntry> | null,
    prefix: HitEntries['prefix'] = null,
  ): LibraryEntry[] {
    const out: LibraryEntry[] = [];
    for (const id of hits.keys()) {
      // An entry the list holds (patched since) is fresher than the one read for the hits.
      const e = byId.get(id) ?? extra?.get(id);
      if (e && (prefix === null || prefix(e))) out.push(e);
    }
    return out;
  }

  /** Whether two queries give the same list: with the same hits the typed text no longer matters (the hits decide). */
  const sameList = (a: LibraryQuery, b: LibraryQuery, hits: ReadonlyMap<string, SearchHit> | undefined): boolean =>
    hits ? sameQuery({ ...a, search: '' }, { ...b, search: '' }) : sameQuery(a, b);

  /**
   * The list the query shows. Until a search's first results arrive, the list stays as it was
   * without the search (matching 10,000 entries here would freeze the keystroke); a keystroke
   * typed while the last hits still apply keeps their list. A change of the entries patches the
   * list shown; a new query or new search results compute it again, from the hits' entries.
   */
  const visible = computed(() => {
    const q = query.value;
    const hits = searchHits.value ?? undefined;
    const list = entries.value;
    const read = loaded.value === 'full' ? null : hitEntries.value;
    const extra = hits && read?.hits === hits ? read.entries : null;
    const prefix = extra && read ? read.prefix : null;
    const effective = hasSearch(q) && !hits ? { ...q, search: '' } : q;
    const before = shown;
    // The start of a list is computed again on a change (a few hundred hits): a patch could add an entry past it.
    const patched =
      prefix === null && before && before.hits === hits && before.extra === extra && sameList(before.query, effective, hits)
        ? catchUp(before.entries, before.list, list, effective, hits)
        : null;
    const out = patched ?? applyQuery(hits ? searchCandidates(hits, extra, prefix) : list, effective, hits);
    shown = { entries: list, query: effective, hits, extra, list: out };
    return out;
  });
  /**
   * Tags and sites with counts over the whole library; null until all of it is read (counted over
   * the first page they would be wrong).
   */
  const tags = computed(() => {
    void facetsVersion.value;
    return loaded.value === 'full' ? tagList(facets, entries.value) : null;
  });
  const sites = computed(() => {
    void facetsVersion.value;
    return loaded.value === 'full' ? siteList(facets) : null;
  });
  /**
   * How many articles each view holds: from the first page on for everything, the inbox and the
   * archive (counted by the read of the first page, from the indexes), favourites once all is read.
   */
  const counts = computed<Record<LibraryView, number | null>>(() => {
    void facetsVersion.value;
    if (loaded.value === 'full') return { ...facets.views };
    const all = total.value;
    const archive = firstArchived.value;
    return { all, archive, inbox: all !== null && archive !== null ? all - archive : null, favourites: null };
  });
  /**
   * The count to show beside the list: known once everything is read, or from the first page on
   * when the query is a whole view (its count).
   */
  const count = computed<number | null>(() => {
    if (loaded.value === 'full') return visible.value.length;
    const q = query.value;
    // Every hit's entry is held (read by id): the list is the whole answer.
    if (hasSearch(q) && !searchPending.value && searchHits.value && !hitEntries.value?.prefix) return visible.value.length;
    const wholeView = q.tag === null && q.read === 'any' && q.site === null && !hasSearch(q);
    return wholeView ? counts.value[q.view] : null;
  });
  /** The selected entries the list shows, in its order. */
  const selected = computed(() => {
    const ids = selection.value;
    return ids.size === 0 ? [] : visible.value.filter((e) => ids.has(e.id));
  });
  // ---------- Reading ----------

  let readGeneration = 0;
  /** Counts local patches, so a read that started before one does not undo it. */
  let patches = 0;
  const prefetched = new Map<string, Promise<SavedArticleResult>>();

  /** Drops from the selection what the entries no longer hold. */
  function keepSelection(): void {
    if (selection.value.size === 0) return;
    const kept = [...selection.value].filter((id) => byId.has(id));
    if (kept.length !== selection.value.size) selection.value = new Set(kept);
  }

  /**
   * What a read says about the library is kept for as long as the view is open: the library says
   * each report once (store.ts marks it shown as it reads it), and the read that found it is often
   * followed at once by another (the repair it asked for is broadcast), or overtaken by one.
   */
  function keepProblems(found: readonly string[]): void {
    if (found.some((p) => !problems.value.includes(p))) problems.value = [...new Set([...problems.value, ...found])];
  }

  /** Reads the whole library; a read overtaken by another read or by a local change is read again. */
  async function reload(): Promise<void> {
    const mine = ++readGeneration;
    const patchesBefore = patches;
    const snap = await deps.readLibrary();
    if (mine !== readGeneration) return keepProblems(snap.problems);
    if (patches !== patchesBefore) {
      keepProblems(snap.problems);
      return reload();
    }
    prefetched.clear();
    // Newest first as the patches keep it (a no-op sort when the read gives them so).
    const list = snap.entries.slice().sort(newestFirst);
    batch(() => {
      setEntries(list, null);
      keepProblems(snap.problems);
      newerSchema.value = snap.newerSchema;
      total.value = list.length;
      loaded.value = 'full';
      hitEntries.value = null;
      keepSelection();
    });
    if (hasSearch(query.value)) void runSearch();
    else if (!deps.search) warmFallback(snap.entries);
    refreshOpenedLink(snap.entries);
  }

  /** A saved link open on screen whose page was just read (its entry is an article now) shows the article. */
  function refreshOpenedLink(list: readonly LibraryEntry[]): void {
    const open = opened.value;
    if (!open?.result?.ok || open.result.saved.content !== 'link') return;
    const fresh = list.find((e) => e.id === open.id);
    if (fresh?.content !== 'article') return;
    void deps.getSavedArticle(open.id).then((result) => {
      if (opened.value?.id === open.id) opened.value = { ...opened.value, entry: fresh, result };
    });
  }

  /** FALLBACK only: folds the entries' text in small slices while idle, so the first search is quick. */
  let warming: ReturnType<typeof setTimeout> | null = null;
  function warmFallback(list: readonly LibraryEntry[]): void {
    if (warming !== null) clearTimeout(warming);
    let at = 0;
    const slice = () => {
      const end = Math.min(list.length, at + 500);
      for (; at < end; at++) foldedFields(list[at]!);
      warming = at < list.length ? setTimeout(slice, 0) : null;
    };
    warming = setTimeout(slice, 0);
  }

  let changeTimer: ReturnType<typeof setTimeout> | null = null;
  /** Ids changed elsewhere since the last read; null: read everything (a rebuild, a large change). */
  let changedIds: Set<string> | null = new Set();
  function onLibraryChange(change: LibraryChange): void {
    if (change.kind === 'rebuilt' || changedIds === null || changedIds.size + change.ids.length > PATCH_READ_MAX) changedIds = null;
    else for (const id of change.ids) changedIds.add(id);
    if (changeTimer !== null) return;
    changeTimer = setTimeout(() => {
      changeTimer = null;
      const ids = changedIds;
      changedIds = new Set();
      // Only the rows that changed, once the whole list is held (10,000 entries take ≈ 1 s to read again).
      if (ids !== null && deps.readEntries && loaded.value === 'full') void readChanged([...ids]);
      else void reload();
    }, CHANGE_DEBOUNCE_MS);
  }

  /** Reads the changed rows and puts them in the list; the whole list again if that read fails. */
  async function readChanged(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const generation = readGeneration;
    let found;
    try {
      found = await deps.readEntries!(ids);
    } catch {
      return reload();
    }
    // A whole read started meanwhile holds these rows too.
    if (generation !== readGeneration) return;
    // A row gone (deleted, purged) leaves the list as a local delete does: patched with its deletion.
    const gone = found.gone.flatMap((id) => {
      const e = current(id);
      return e ? [{ ...e, deletedAt: deps.now() }] : [];
    });
    patch([...found.entries, ...gone]);
    refreshOpenedLink(found.entries);
    if (hasSearch(query.value)) void runSearch();
  }

  /** Puts entries the background answered with into the list (a delete takes them out). */
  function patch(changed: readonly LibraryEntry[]): void {
    if (changed.length === 0) return;
    patches++;
    // Each changed entry leaves its place and takes its new one (binary search): nothing else of
    // the library is looked at, here or in the list shown and the counts, which follow the delta.
    const removed: LibraryEntry[] = [];
    const added: LibraryEntry[] = [];
    for (const update of new Map(changed.map((e) => [e.id, e])).values()) {
      const old = byId.get(update.id);
      if (old) removed.push(old);
      if (update.deletedAt === null) added.push(update);
    }
    const from = entries.value;
    const next = removed.length + added.length === 0 ? from : patchSorted(from, removed, added, newestFirst);
    batch(() => {
      if (next !== from) setEntries(next, { from, to: next, removed, added });
      dropHitEntries(changed);
      if (loaded.value === 'full') total.value = next.length;
      keepSelection();
      const open = opened.value;
      const openedUpdate = open && changed.find((e) => e.id === open.id);
      if (open && openedUpdate) opened.value = { ...open, entry: openedUpdate.deletedAt === null ? openedUpdate : null };
    });
  }

  /** A changed entry read for the hits leaves them: the list now holds it (or it is deleted). */
  function dropHitEntries(changed: readonly LibraryEntry[]): void {
    const extra = hitEntries.value;
    if (!extra || !changed.some((e) => extra.entries.has(e.id))) return;
    const kept = new Map(extra.entries);
    for (const e of changed) kept.delete(e.id);
    hitEntries.value = { ...extra, entries: kept };
  }

  function report<T>(result: LibraryWriteResult<T>): result is { ok: true; value: T } {
    error.value = result.ok ? null : result.message;
    return result.ok;
  }

  /** Sends a change; a refusal or an unreachable background becomes the store's error. */
  async function write<T>(run: () => Promise<LibraryWriteResult<T>>): Promise<T | null> {
    let result: LibraryWriteResult<T>;
    try {
      result = await run();
    } catch (e) {
      result = { ok: false, error: 'storage', message: e instanceof Error ? e.message : String(e) };
    }
    return report(result) ? result.value : null;
  }

  // ---------- Search ----------

  let searchGeneration = 0;
  /** Searches for `text` (default: the query's search); the answer applies while no newer search has started. */
  async function runSearch(text: string = query.value.search): Promise<void> {
    const mine = ++searchGeneration;
    if (!hasSearch({ search: text })) {
      searchState.value = null;
      return;
    }
    let response;
    try {
      // Every hit: the count shown is the true count; snippets are asked for per row shown (requestSnippets).
      response = await search(text, {});
    } catch {
      // A failed search shows what the list's own words match (applyQuery without hits).
      if (mine === searchGeneration) searchState.value = null;
      return;
    }
    if (mine !== searchGeneration) return;
    const hits = new Map(response.results.map((r) => [r.id, r]));
    const missing = loaded.value === 'full' ? [] : [...hits.keys()].filter((id) => !byId.has(id));
    // Only the first page is held: the hits past it are read by id before the answer is shown, at
    // most HIT_READ_MAX of them; past that, the start of the list (readHitPrefix), while the whole
    // list is read.
    const sort = effectiveSort(query.value);
    const found: Omit<HitEntries, 'hits'> | null =
      missing.length === 0
        ? { entries: new Map(), prefix: null, sort }
        : missing.length <= HIT_READ_MAX && deps.readEntries
          ? await readHitEntries(missing).then((entries) => entries && { entries, prefix: null, sort })
          : await readHitPrefix(hits, sort);
    if (mine !== searchGeneration) return;
    batch(() => {
      searchState.value = {
        text,
        hits,
        complete: response.complete,
        progress: response.complete ? null : (response.progress ?? null),
      };
      if (loaded.value !== 'full' && found) hitEntries.value = { hits, ...found };
    });
  }

  /**
   * The start of the list of a search with more hits than HIT_READ_MAX, exactly, for the orders
   * where it can be read without the whole library: newest first, its hits among the newest
   * entries (readNewestSpan: an older hit comes after all of them); by relevance (the order a
   * search starts in), of its RELEVANCE_PREFIX_READ best-scored hits those scored above the last
   * (ties are ordered newest first, and a tie may lie past the cut). Null for the other orders, or
   * when the read fails.
   */
  async function readHitPrefix(hits: ReadonlyMap<string, SearchHit>, sort: LibrarySort): Promise<Omit<HitEntries, 'hits'> | null> {
    try {
      if (sort === 'saved-desc' && deps.readNewestSpan) {
        const span = await deps.readNewestSpan();
        if (!span) return null;
        const { since } = span;
        const entries = new Map(span.entries.filter((e) => hits.has(e.id)).map((e) => [e.id, e]));
        return { entries, prefix: (e) => e.savedAt >= since, sort };
      }
      if (sort === 'relevance' && deps.readEntries) {
        const best = [...hits.values()].sort((a, b) => b.score - a.score).slice(0, RELEVANCE_PREFIX_READ);
        // Hits tied with the last one read may lie past the cut, and the list orders ties newest
        // first: the start is the hits scored above it, every one of which was read.
        const cutoff = best.at(-1)?.score ?? Infinity;
        const ids = new Set(best.filter((h) => h.score > cutoff).map((h) => h.id));
        const entries = await readHitEntries([...ids].filter((id) => !byId.has(id)));
        return entries && { entries, prefix: (e) => ids.has(e.id), sort };
      }
    } catch {
      // The whole list, read meanwhile, answers instead.
    }
    return null;
  }

  /** The entries of these hits, by id; null when the read failed (the list waits for the whole read). */
  async function readHitEntries(ids: readonly string[]): Promise<Map<string, LibraryEntry> | null> {
    // Every hit already listed: no transaction to queue behind the whole read.
    if (ids.length === 0) return new Map();
    try {
      const read = await deps.readEntries!(ids);
      return new Map(read.entries.map((e) => [e.id, e]));
    } catch {
      return null;
    }
  }

  // ---------- Search snippets (the rows on screen only, asked for as they are shown) ----------

  /** The snippets shown, by id, with the search text each was made for (an older one stays until its row's new one arrives). */
  const snippets = signal<ReadonlyMap<string, { text: string; parts: SnippetSegment[] }>>(new Map());
  /** The ids asked for, per search text, not answered yet. */
  const snippetsAsked = new Set<string>();
  let snippetsAskedFor = '';

  /** Asks for the snippets of the given rows for the current search, those not shown or asked for yet. */
  async function requestSnippets(rowIds: readonly string[]): Promise<void> {
    const state = searchState.value;
    if (!deps.snippets || !state || !hasSearch(query.value) || state.text !== query.value.search) return;
    const text = state.text;
    if (snippetsAskedFor !== text) {
      snippetsAsked.clear();
      snippetsAskedFor = text;
    }
    const wanted = rowIds.filter((id) => state.hits.has(id) && !state.hits.get(id)!.snippet && snippets.value.get(id)?.text !== text && !snippetsAsked.has(id));
    if (wanted.length === 0) return;
    for (const id of wanted) snippetsAsked.add(id);
    let found: ReadonlyMap<string, SnippetSegment[]>;
    try {
      found = await deps.snippets(text, wanted);
    } catch {
      found = new Map();
    }
    if (snippetsAskedFor === text) for (const id of wanted) snippetsAsked.delete(id);
    if (found.size === 0 || query.value.search !== text) return;
    const next = new Map(snippets.value);
    for (const [id, parts] of found) next.set(id, { text, parts });
    snippets.value = next;
  }

  // ---------- Query ----------

  function setWholeQuery(next: LibraryQuery): void {
    const previous = query.value;
    if (sameQuery(previous, next)) return;
    const narrows =
      previous.view !== next.view || previous.tag !== next.tag || previous.read !== next.read || previous.site !== next.site || previous.search !== next.search;
    const searchChanged = previous.search !== next.search;
    // A keystroke's search is sent to the worker first: the URL and the list follow the query
    // (a render, history.replaceState) while it searches, not before it has the query.
    if (searchChanged && hasSearch(next)) void runSearch(next.search);
    batch(() => {
      query.value = next;
      if (narrows && selection.value.size > 0) selection.value = new Set();
    });
    // Cleared: the search state goes once the query has no search (else the old text would be matched over the whole list).
    if (searchChanged && !hasSearch(next)) void runSearch(next.search);
  }

  // ---------- Progress ----------

  const progressPending = new Set<string>();
  async function requestProgress(ids: readonly string[]): Promise<void> {
    const missing = ids.filter((id) => !progress.value.has(id) && !progressPending.has(id));
    if (missing.length === 0) return;
    for (const id of missing) progressPending.add(id);
    let found: ReadonlyMap<string, number>;
    try {
      found = await deps.loadProgress(missing);
    } catch {
      found = new Map();
    } finally {
      for (const id of missing) progressPending.delete(id);
    }
    const next = new Map(progress.value);
    // Rows without a remembered position are unread from the start: 0, not asked again.
    for (const id of missing) next.set(id, found.get(id) ?? 0);
    progress.value = next;
  }

  function forgetProgress(id: string): void {
    if (!progress.value.has(id)) return;
    const next = new Map(progress.value);
    next.delete(id);
    progress.value = next;
  }

  // ---------- Scroll of the list, kept while an article is open ----------

  let listScroll: number | null = null;

  // ---------- Undo ----------

  function offerUndo(deleted: LibraryEntry[]): void {
    if (deleted.length > 0) undo.value = { entries: deleted, expiresAt: deps.now() + UNDO_NOTICE_MS };
  }

  const ids = (list: readonly LibraryEntry[]) => list.map((e) => e.id);
  const current = (id: string) => byId.get(id) ?? null;

  return {
    entries,
    loaded,
    total,
    problems,
    newerSchema,
    query,
    searchState,
    searchHits,
    searchPending,
    snippets,
    /** Asks for the search snippets of the rows now shown (their ids); the others are never made. */
    requestSnippets(rowIds: readonly string[]): void {
      void requestSnippets(rowIds);
    },
    visible,
    count,
    tags,
    sites,
    counts,
    selection,
    selected,
    undo,
    error,
    opened,
    progress,
    reload,

    /** Runs the current search again (the index has grown since it answered). */
    refreshSearch(): void {
      if (hasSearch(query.value)) void runSearch();
    },
    /** Shows the newest entries first, then the whole list, and follows changes from any view; returns the stop. */
    watch(): () => void {
      const stop = deps.watchLibrary(onLibraryChange);
      const mine = ++readGeneration;
      let watching = true;
      void deps
        .readNewestEntries(FIRST_PAINT_ROWS)
        .then((first) => {
          if (mine !== readGeneration || loaded.value !== 'none') return;
          batch(() => {
            setEntries(first.entries.slice().sort(newestFirst), null);
            total.value = first.total;
            firstArchived.value = first.archived ?? null;
            loaded.value = 'partial';
          });
        })
        .catch(() => undefined)
        // The first rows are painted before the rest is read.
        .then(() => (loaded.value === 'partial' ? deps.afterPaint() : undefined))
        .then(() => (watching ? reload() : undefined));
      return () => {
        watching = false;
        stop();
        if (changeTimer !== null) clearTimeout(changeTimer);
        if (warming !== null) clearTimeout(warming);
        changeTimer = warming = null;
      };
    },

    // The query

    /** Changes part of the query. Typing a search ranks by best match; clearing it goes back to newest first. */
    setQuery(change: Partial<LibraryQuery>): void {
      const previous = query.value;
      const next = { ...previous, ...change };
      if (change.search !== undefined && change.sort === undefined) {
        const was = hasSearch(previous);
        const is = hasSearch(next);
        if (!was && is && next.sort === 'saved-desc') next.sort = 'relevance';
        if (was && !is && next.sort === 'relevance') next.sort = 'saved-desc';
      }
      if (change.tag !== undefined && change.tag !== null) next.tag = normalizeTag(change.tag);
      setWholeQuery(next);
    },
    /** Replaces the whole query (from the URL: Back, Forward, a bookmark). */
    replaceQuery(next: LibraryQuery): void {
      setWholeQuery({ ...next });
    },
    /** Back to the inbox, newest first, nothing filtered. */
    resetQuery(): void {
      setWholeQuery({ ...DEFAULT_QUERY });
    },

    // Selection

    /** Selects or unselects one entry. */
    select(id: string, on: boolean): void {
      const next = new Set(selection.value);
      if (on) next.add(id);
      else next.delete(id);
      selection.value = next;
    },
    /** Selects everything the list shows. */
    selectAll(): void {
      selection.value = new Set(ids(visible.value));
    },
    clearSelection(): void {
      if (selection.value.size > 0) selection.value = new Set();
    },

    // Progress

    /** Reads the progress of these rows (the ones on screen) when not known yet. */
    requestProgress,

    // Opening a saved article

    /** Reads a saved article ahead (the pointer is on it, or it has focus), so opening it is immediate. */
    prefetch(id: string): void {
      if (prefetched.has(id)) return;
      if (prefetched.size >= PREFETCHED) prefetched.delete(prefetched.keys().next().value!);
      const reading = deps.getSavedArticle(id);
      reading.catch(() => prefetched.delete(id));
      prefetched.set(id, reading);
    },
    /** Opens a saved article for reading (from storage, no network). */
    async open(id: string): Promise<void> {
      setOpened({ id, entry: current(id), result: null, images: null });
      imageAccess.value = { status: 'idle' };
      const reading = prefetched.get(id) ?? deps.getSavedArticle(id);
      prefetched.delete(id);
      // Read together: the body is shown once, with its stored images (no flash of network addresses).
      const imagesRead = loadImages(id);
      let result: SavedArticleResult;
      try {
        result = await reading;
      } catch (e) {
        result = { ok: false, error: 'damaged', message: e instanceof Error ? e.message : String(e) };
      }
      const images = await imagesRead;
      const open = opened.value;
      if (open?.id === id && open.result === null) setOpened({ ...open, entry: current(id) ?? (result.ok ? result.entry : null), result, images });
      else images?.release();
    },
    /** How keeping the opened article's other sites' images stands. */
    imageAccess,
    /**
     * Asks for permission to read images from the sites that did not share them with the page,
     * then has the background fetch and keep them, and shows them. Call it from the click itself.
     */
    keepBlockedImages(): Promise<void> {
      const open = opened.value;
      const origins = open?.images?.needPermission.origins ?? [];
      if (!open || origins.length === 0) return Promise.resolve();
      // First, synchronously: the browser grants the prompt only inside the user's gesture.
      const asking = deps.requestOrigins(origins);
      return (async () => {
        let granted = false;
        try {
          granted = await asking;
        } catch (e) {
          console.warn('The permission request failed:', e);
        }
        if (!granted) {
          imageAccess.value = { status: 'denied' };
          return;
        }
        imageAccess.value = { status: 'fetching' };
        let result: LibraryWriteResult<unknown>;
        try {
          result = await deps.send('keepArticleImages', { id: open.id });
        } catch (e) {
          result = { ok: false, error: 'storage', message: e instanceof Error ? e.message : String(e) };
        }
        if (!result.ok) {
          imageAccess.value = { status: 'failed', message: result.message };
          return;
        }
        const images = await loadImages(open.id);
        const now = opened.value;
        if (now?.id === open.id) setOpened({ ...now, images });
        else images?.release();
        imageAccess.value = { status: 'idle' };
      })();
    },
    /** Back to the list; the progress of the article just read is read again. */
    close(): void {
      const open = opened.value;
      if (!open) return;
      setOpened(null);
      forgetProgress(open.id);
    },
    /** Keeps the list's scroll offset while an article is open. */
    rememberListScroll(y: number): void {
      listScroll = y;
    },
    /** The list's scroll offset to go back to, once. */
    takeListScroll(): number | null {
      const y = listScroll;
      listScroll = null;
      return y;
    },

    // Changes (sent to the background, the library's only writer)

    /** Deletes one entry (today's message) and offers to undo it. */
    async remove(entry: LibraryEntry): Promise<void> {
      const removed = await write(() => deps.send('deleteArticle', { id: entry.id }));
      if (!removed) return;
      patch([removed]);
      offerUndo([entry]);
    },
    /** Deletes several entries at once, with one undo for all of them. */
    async removeMany(list: readonly LibraryEntry[]): Promise<void> {
      if (list.length === 0) return;
      const removed = await write(() => deps.send('deleteArticles', { ids: ids(list) }));
      if (!removed) return;
      patch(removed);
      const gone = new Set(ids(removed));
      offerUndo(list.filter((e) => gone.has(e.id)));
    },
    /** Brings back what was deleted last, while the offer stands. */
    async undoRemove(): Promise<void> {
      const pending = undo.value;
      if (!pending) return;
      undo.value = null;
      if (pending.entries.length === 1) {
        const restored = await write(() => deps.send('restoreArticle', { id: pending.entries[0]!.id }));
        if (restored) patch([restored]);
      } else {
        const restored = await write(() => deps.send('restoreArticles', { ids: ids(pending.entries) }));
        if (restored) patch(restored);
      }
    },
    /** Withdraws the undo offer (the notice was closed or timed out). */
    dismissUndo(): void {
      undo.value = null;
    },
    /** Marks one entry read or unread (today's message). */
    async setRead(entry: LibraryEntry, read: boolean): Promise<void> {
      const updated = await write(() => deps.send('setArticleRead', { id: entry.id, read }));
      if (updated) patch([updated]);
    },
    /** Marks several entries read or unread. */
    async setReadMany(list: readonly LibraryEntry[], read: boolean): Promise<void> {
      if (list.length === 0) return;
      const updated = await write(() => deps.send('setArticlesRead', { ids: ids(list), read }));
      if (updated) patch(updated);
    },
    /** Moves entries to the archive, or back to the inbox. */
    async setArchived(list: readonly LibraryEntry[], archived: boolean): Promise<void> {
      if (list.length === 0) return;
      const updated = await write(() => deps.send('setArticlesArchived', { ids: ids(list), archived }));
      if (updated) patch(updated);
    },
    async setFavourite(list: readonly LibraryEntry[], favourite: boolean): Promise<void> {
      if (list.length === 0) return;
      const updated = await write(() => deps.send('setArticlesFavourite', { ids: ids(list), favourite }));
      if (updated) patch(updated);
    },
    /** Adds tags (tidied; empty ones dropped) to entries. */
    async addTags(list: readonly LibraryEntry[], tagsToAdd: readonly string[]): Promise<void> {
      const clean = tagsToAdd.map(normalizeTag).filter((t): t is string => t !== null);
      if (list.length === 0 || clean.length === 0) return;
      const updated = await write(() => deps.send('addTags', { ids: ids(list), tags: clean }));
      if (updated) patch(updated);
    },
    async removeTags(list: readonly LibraryEntry[], tagsToRemove: readonly string[]): Promise<void> {
      if (list.length === 0 || tagsToRemove.length === 0) return;
      const updated = await write(() => deps.send('removeTags', { ids: ids(list), tags: [...tagsToRemove] }));
      if (updated) patch(updated);
    },
    /** Renames a tag on every entry; the list follows at once, and the tag filter with it. */
    async renameTag(from: string, to: string): Promise<boolean> {
      const target = normalizeTag(to);
      if (target === null || target === from) return false;
      const done = await write(() => deps.send('renameTag', { from, to: target }));
      if (!done) return false;
      const key = tagKey(from);
      patch(entries.value.filter((e) => e.tags.some((t) => tagKey(t) === key)).map((e) => ({ ...e, tags: renamedTags(e.tags, from, target) })));
      if (query.value.tag !== null && tagKey(query.value.tag) === key) setWholeQuery({ ...query.value, tag: target });
      return true;
    },
    /** Removes a tag from every entry; a filter on it is dropped. */
    async deleteTag(tag: string): Promise<boolean> {
      const done = await write(() => deps.send('deleteTag', { tag }));
      if (!done) return false;
      const key = tagKey(tag);
      patch(entries.value.filter((e) => e.tags.some((t) => tagKey(t) === key)).map((e) => ({ ...e, tags: withoutTags(e.tags, [tag]) })));
      if (query.value.tag !== null && tagKey(query.value.tag) === key) setWholeQuery({ ...query.value, tag: null });
      return true;
    },
    /** Clears the error shown under the view. */
    dismissError(): void {
      error.value = null;
    },
  };
}

/** The store of the library list, its query and selection, and the saved article opened from it. */
export type LibraryStore = ReturnType<typeof createLibraryStore>;
