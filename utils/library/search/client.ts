/**
 * The library view's side of search: a typed, promise-based API over the search worker's messages.
 * The index lives in the worker (its heap, not the view's); the view sends queries and, until the
 * worker reads the library itself, answers the worker's requests for articles (`sources`).
 */
import {
  LIBRARY_SOURCES_WORKER_NAME,
  PAGE_SOURCES_WORKER_NAME,
  pageRequestSchemas,
  parseWire,
  workerResponseSchemas,
  type Endpoint,
  type PageProtocol,
  type SearchAnswer,
  type SearchStatus,
  type WorkerProtocol,
} from './protocol';
import { createCaller, serveRequests } from './rpc';
import type { HitSnippet, SourceStamp } from './index';
import type { SearchSource } from '../types';

export type { SearchAnswer, SearchStatus } from './protocol';
export type { HitSnippet, SearchHit } from './index';
export type { SnippetPart } from './snippet';

/** Articles the page hands the worker: the same shape as the worker's own sources. */
export interface PageSources {
  listSources(): Promise<SourceStamp[]>;
  loadSources(ids: readonly string[] | null): AsyncIterable<SearchSource[]>;
}

/** The page's handle on the search worker. */
export interface LibrarySearchClient {
  /**
   * Every result's id and score, best first; `complete` is false while the worker is still indexing.
   * A query overtaken by a newer one before the worker ran it resolves with `superseded: true` and no hits.
   */
  search(query: string, opts?: { limit?: number }): Promise<SearchAnswer>;
  /** The matching passages of these results of `query` (the rows on screen); ids it does not match are left out. */
  snippets(query: string, ids: readonly string[]): Promise<HitSnippet[]>;
  /** Where the worker is (loading, indexing, ready) and how many articles it holds. */
  status(): Promise<SearchStatus>;
  /** Tells the worker articles were saved or changed (`changed`) or deleted (`removed`). */
  sourcesChanged(change: { changed?: readonly string[]; removed?: readonly string[] }): Promise<SearchStatus>;
  /** Calls `listener` with every status the worker announces; returns the unsubscribe. */
  onStatus(listener: (status: SearchStatus) => void): () => void;
  /** Stops the worker (or stops listening to the endpoint); pending calls reject. */
  close(): void;
  /** Whether the worker hears the library's changes itself (the resident one): the view then need not pass them on. */
  readonly followsLibrary: boolean;
}

/** Options of createSearchClient and startLibrarySearch. */
export interface SearchClientOptions {
  /** Answer the worker's requests for articles from the page (needed while the worker cannot read storage itself). */
  sources?: PageSources;
  /** The worker follows the library's changes itself (createSearchClient: what the endpoint is). */
  followsLibrary?: boolean;
}

/** A search client over any endpoint (a Worker, or one end of a MessageChannel in tests). */
export function createSearchClient(endpoint: Endpoint & { terminate?: () => void; close?: () => void }, opts: SearchClientOptions = {}): LibrarySearchClient {
  const caller = createCaller<WorkerProtocol>(endpoint, workerResponseSchemas);
  const listeners = new Set<(status: SearchStatus) => void>();
  const onStatus = (event: { data: unknown }): void => {
    // Checked like every answer: a status that does not fit is dropped.
    const m = parseWire(event.data);
    if (m?.kind === 'status') for (const l of listeners) l(m.status);
  };
  endpoint.addEventListener('message', onStatus);

  let stopSources: (() => void) | null = null;
  if (!opts.sources) {
    // A worker that asks for articles nobody gives would wait for ever: it is told, and fails visibly.
    const refuse = (): never => {
      throw new Error('The page gave the search worker no sources.');
    };
    stopSources = serveRequests<PageProtocol>(endpoint, pageRequestSchemas, { listSources: refuse, loadSources: refuse });
  } else {
    const sources = opts.sources;
    const reads = new Map<number, AsyncIterator<SearchSource[]>>();
    let nextCursor = 1;
    stopSources = serveRequests<PageProtocol>(endpoint, pageRequestSchemas, {
      listSources: () => sources.listSources(),
      async loadSources({ ids, cursor }) {
        const id = cursor ?? nextCursor++;
        let it = reads.get(id);
        if (!it) {
          if (cursor !== null) throw new Error(`no read ${cursor}`);
          it = sources.loadSources(ids)[Symbol.asyncIterator]();
          reads.set(id, it);
        }
        const next = await it.next();
        if (next.done) reads.delete(id);
        // Whole bodies: the worker makes snippets from them too, and a passage may lie past the indexed part.
        return { cursor: id, docs: next.done ? [] : next.value, done: next.done === true };
      },
    });
  }

  return {
    search: (query, o = {}) => caller.call('search', o.limit === undefined ? { query } : { query, limit: o.limit }),
    snippets: (query, ids) => caller.call('snippets', { query, ids: [...ids] }),
    status: () => caller.call('status', {}),
    sourcesChanged: (change) => caller.call('sourcesChanged', { changed: [...(change.changed ?? [])], removed: [...(change.removed ?? [])] }),
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      caller.close('The search worker was closed.');
      stopSources?.();
      endpoint.removeEventListener('message', onStatus);
      endpoint.terminate?.();
      endpoint.close?.();
    },
    followsLibrary: opts.followsLibrary === true,
  };
}

/** The resident search worker's name (a SharedWorker is found again by its script and name). */
export const RESIDENT_WORKER_NAME = 'library-search:resident';

let held: { close: () => void } | null = null;
/** Keeps the resident search worker (and its loaded index) alive from this context: the search host's, or Firefox's background page. False where there are no shared workers. */
export function holdResidentSearch(): boolean {
  if (held) return true;
  const port = connectResidentSearch();
  if (!port) return false;
  // Status events only; nothing is asked of the worker here.
  port.start();
  held = port;
  return true;
}

/**
 * Connects to the resident search worker (shared-worker.ts), starting it if no view or host holds
 * it: one index per extension origin that outlives the views (docs/architecture.md, "Library
 * search"). Null where there are no module shared workers.
 */
export function connectResidentSearch(): (Endpoint & { close: () => void; start: () => void }) | null {
  if (typeof SharedWorker === 'undefined') return null;
  const worker = new SharedWorker(new URL('./shared-worker.ts', import.meta.url), { type: 'module', name: RESIDENT_WORKER_NAME });
  worker.addEventListener('error', (event) => console.error('resident search worker failed:', (event as ErrorEvent).message ?? event.type));
  return worker.port as unknown as Endpoint & { close: () => void; start: () => void };
}

/**
 * Starts the search worker (a module worker bundled from ./worker.ts: same origin, no eval, so
 * extension pages' CSP allows it in Chrome and Firefox) and returns its client.
 */
export function startLibrarySearch(opts: SearchClientOptions = {}): LibrarySearchClient {
  if (!opts.sources) {
    // The resident worker first: its index is loaded already when a view or the host kept it.
    const port = connectResidentSearch();
    if (port) {
      const client = createSearchClient(port, { followsLibrary: true });
      port.start();
      return client;
    }
  }
  // The worker reads the library's IndexedDB itself unless the page hands it articles (the
  // search-check page, tests): its name tells it which, before any message arrives.
  const name = opts.sources ? PAGE_SOURCES_WORKER_NAME : LIBRARY_SOURCES_WORKER_NAME;
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name });
  const client = createSearchClient(worker as unknown as Endpoint & { terminate: () => void }, opts);
  // A worker that fails to load (blocked script, syntax error) says so once; calls would hang otherwise.
  worker.addEventListener('error', (event) => {
    console.error('search worker failed:', event.message);
    client.close();
  });
  return client;
}
