/**
 * The library store's search, answered by the search worker (utils/library/search): started once
 * the library is shown (its snapshot loads while the user looks at the list), told of every
 * committed library change, and replaced by the substring search over the list when the worker
 * cannot run (a browser without module workers, a failed start).
 */
import type { SearchFn, SearchResponse, SnippetFn } from '../library/query';
import type { LibrarySearchClient } from '../library/search/client';
import type { LibraryChange } from '../library/types';

/** What the store and the view use of the worker search. */
export interface WorkerSearch {
  search: SearchFn;
  /** The snippets of the rows shown (none while the worker cannot answer: the fallback's hits carry theirs). */
  snippets: SnippetFn;
  /** Starts the worker ahead of the first query (when the library view opens). */
  warm(): void;
  /** Passes a committed library change on to the index. */
  onChange(change: LibraryChange): void;
  close(): void;
}

const REMOVED_KINDS: ReadonlySet<LibraryChange['kind']> = new Set(['deleted', 'purged']);

/** How often, at most, a growing index asks the view to search again while it loads. */
export const REFRESH_WHILE_INDEXING_MS = 400;

/**
 * A worker search over `start` (startLibrarySearch in the extension), falling back to `fallback`.
 * `onIndexed` is called (throttled) as the index grows and once it is complete, so a search typed
 * while it loaded is run again and fills in.
 */
export function createWorkerSearch(start: () => LibrarySearchClient, fallback: SearchFn, onIndexed: () => void = () => undefined): WorkerSearch {
  let client: LibrarySearchClient | null = null;
  let failed = false;
  let last: { complete: boolean; indexed: number; total: number | null } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function refreshSoon(immediate: boolean): void {
    if (immediate) {
      clearTimeout(timer);
      timer = undefined;
      onIndexed();
    } else if (timer === undefined) {
      timer = setTimeout(() => {
        timer = undefined;
        onIndexed();
      }, REFRESH_WHILE_INDEXING_MS);
    }
  }

  function ensure(): LibrarySearchClient | null {
    if (client || failed) return client;
    try {
      client = start();
      client.onStatus((status) => {
        const grew = last !== null && status.indexed !== last.indexed;
        const completed = status.complete && last?.complete !== true;
        last = { complete: status.complete, indexed: status.indexed, total: status.total };
        if (completed) refreshSoon(true);
        else if (grew) refreshSoon(false);
      });
    } catch (error) {
      console.warn('Search worker not started; searching titles and excerpts only:', error);
      failed = true;
    }
    return client;
  }

  return {
    async search(query, options): Promise<SearchResponse> {
      const worker = ensure();
      if (!worker) return fallback(query, options);
      try {
        const answer = await worker.search(query, options.limit === undefined ? {} : { limit: options.limit });
        const complete = answer.complete && !answer.superseded;
        // How far the index has got, for "N of M articles indexed" beside partial results.
        const progress = complete ? {} : { progress: { indexed: last?.indexed ?? 0, total: last?.total ?? null } };
        return { results: answer.hits, complete, ...progress };
      } catch (error) {
        // A closed or crashed worker: the list still answers, from what it holds.
        console.warn('Search worker failed; searching titles and excerpts only:', error);
        client?.close();
        client = null;
        failed = true;
        return fallback(query, options);
      }
    },
    async snippets(query, ids) {
      if (!client || failed || ids.length === 0) return new Map();
      try {
        const found = await client.snippets(query, ids);
        return new Map(found.map((s) => [s.id, s.snippet]));
      } catch (error) {
        // The row keeps its excerpt; the next search says whether the worker is gone.
        console.warn('Search worker gave no snippets:', error);
        return new Map();
      }
    },
    warm() {
      ensure();
    },
    onChange(change) {
      // The resident worker hears the library's changes itself.
      if (!client || client.followsLibrary) return;
      if (change.kind === 'rebuilt') {
        // Everything may have changed: a fresh worker reconciles its snapshot with the library.
        client.close();
        client = null;
        last = null;
        ensure();
        return;
      }
      const update = REMOVED_KINDS.has(change.kind) ? { removed: change.ids } : { changed: change.ids };
      void client.sourcesChanged(update).catch(() => undefined);
    },
    close() {
      clearTimeout(timer);
      client?.close();
      client = null;
    },
  };
}
