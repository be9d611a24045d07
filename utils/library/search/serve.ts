/**
 * The search worker's logic, apart from the worker entry so tests run it over a message channel.
 *
 * On start: open the `reader-search` snapshot, check its header (another format, tokenizer or body
 * bound: emptied), load its shards newest first, yielding between them; then reconcile with the
 * current sources, drop what is gone, index what is new or changed in small slices; persist.
 * Queries are answered all along, from what is indexed so far, with `complete: false` until done.
 * Changes (sourcesChanged) and the opening run one after another; queries never wait for them
 * longer than one slice.
 *
 * One writer: the side panel and a library tab open together each run a worker over the same
 * snapshot. Both index every change (each view passes on what it hears), so both answer alike, but
 * only the holder of the snapshot lock writes; the other keeps its changes in memory and, when the
 * lock passes to it (the writer's view closed), writes its whole index, since what is stored may
 * have moved on since it read it. (Two writers would not give wrong answers either — reconcile and
 * the shard checks repair a mixed snapshot on the next open — but they would rewrite each other's
 * shards and make that next open re-index them.)
 */
import { createLibrarySearch, type LibrarySearch, type LibrarySearchOptions, type SourceStamp } from './index';
import { workerRequestSchemas, type Endpoint, type SearchAnswer, type SearchStatus, type WireMessage, type WorkerProtocol } from './protocol';
import { serveRequests } from './rpc';
import type { SnapshotStore } from './snapshot-store';
import type { SearchSource } from '../types';

/**
 * Where the worker reads articles from: at merge, the storage layer's readers (IndexedDB works in a
 * worker). `loadSources()` alone is enough (every open then reads every article once, indexing only
 * the new and changed ones); with `listSources` and ids honoured, an open reads only those.
 */
export interface SearchSources {
  /** Every current article's id and updatedAt (cheap: no bodies). */
  listSources?(): Promise<SourceStamp[]>;
  /** The articles with these ids (null or omitted: all), in batches; extra articles are ignored. */
  loadSources(ids?: readonly string[] | null): AsyncIterable<SearchSource[]>;
}

/** What serveLibrarySearch needs. */
export interface ServeOptions {
  sources: SearchSources;
  /** The persisted snapshot; null runs without one (rebuilt on every open). */
  openStore: () => Promise<SnapshotStore | null>;
  /** Index options (tests use small shards). */
  index?: LibrarySearchOptions;
  /** Quiet time after the last change before the index is written (default PERSIST_DELAY_MS). */
  persistDelayMs?: number;
  /** Who may write the snapshot (the worker's Web Lock); without one this worker always writes. */
  lock?: SnapshotLock;
  /**
   * Committed library changes, heard by the worker itself (the shared worker that outlives the
   * views: a save made while no view is open must reach it); returns the unsubscribe. Without it
   * the views pass changes on (sourcesChanged).
   */
  watchChanges?: (onChange: (change: { kind: string; ids: string[] }) => void) => () => void;
}

/** The snapshot's writer lock: one worker of the extension's origin holds it at a time. */
export interface SnapshotLock {
  /**
   * Asks for the lock: `held` says whether this worker got it at once; if not, `onLater` is called
   * when it passes to this worker. `release` lets it go (or withdraws the request).
   */
  request(onLater: () => void): Promise<{ held: boolean; release: () => void }>;
}

/** Shards serialised per write when a worker that became the writer rewrites its whole index: the worker answers queries between them. */
export const REWRITE_SHARDS_PER_WRITE = 1;

/** A change is written this long after the last one: a burst of saves costs one write. */
export const PERSIST_DELAY_MS = 2_000;
/**
 * Articles indexed between two yields to waiting queries. Indexing cost ≈ 1.2 ms of CPU per
 * article with the first BODY_CHARS of the body only, and ≈ 4–5 ms since the whole body is read
 * for the deep index (bench:search, 1,000 articles: 5.1 s of CPU, 2.2 s of it tokenizing 30 MB of
 * text), so a query waits at most ≈ 40 ms for a slice of 8; batches of 500 at once held queries
 * back for seconds on a loaded machine.
 */
export const INDEX_SLICE = 8;
/** While building, the index is written every this many articles, so a closed view does not lose the work. */
export const PERSIST_EVERY = 1_000;

/** The running worker: its index (for tests) and a promise settled once opening is done. */
export interface ServedSearch {
  search: LibrarySearch;
  opened: Promise<void>;
  /** Writes pending changes now (tests; the worker writes on its own after PERSIST_DELAY_MS). */
  flush(): Promise<void>;
  /** Whether this worker writes the snapshot now. */
  readonly writer: boolean;
  /** Serves one more view on its own port (a shared worker's connection); returns the disconnect. */
  connect(endpoint: Endpoint): () => void;
  close(): void;
}

const yieldToQueries = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Serves library search on `endpoint` (a dedicated worker's global scope; null for a shared worker, whose views connect()). */
export function serveLibrarySearch(endpoint: Endpoint | null, opts: ServeOptions): ServedSearch {
  const search = createLibrarySearch(opts.index);
  const persistDelay = opts.persistDelayMs ?? PERSIST_DELAY_MS;
  const status: SearchStatus = { phase: 'opening', complete: false, indexed: 0, total: null, persisted: false, unsaved: false };
  let store: SnapshotStore | null = null;
  let persistTimer: ReturnType<typeof setTimeout> | null = null;
  let writing: Promise<void> = Promise.resolve();
  let closed = false;
  /** Whether this worker writes the snapshot (it holds the lock, or there is none). */
  let writer = opts.lock === undefined;
  let releaseLock: (() => void) | null = null;

  /** The views served: status events go to each. */
  const ports = new Set<Endpoint>();
  const post = (m: WireMessage): void => {
    if (!closed) for (const port of ports) port.postMessage(m);
  };
  const announce = (patch: Partial<SearchStatus>): void => {
    Object.assign(status, patch, { indexed: search.size });
    post({ kind: 'status', status: { ...status } });
  };

  let writesQueued = 0;
  const persistNow = (): Promise<void> => {
    if (persistTimer) clearTimeout(persistTimer);
    persistTimer = null;
    writesQueued++;
    writing = writing.then(async () => {
      try {
        // Not the writer: the changes stay pending until this worker is.
        if (!store || closed || !writer) return;
        // Shard by shard, yielding between: serialising a whole index at once would hold queries for seconds.
        for (;;) {
          const changes = search.takeChanges(REWRITE_SHARDS_PER_WRITE);
          if (changes.shards.length === 0 && changes.deleted.length === 0) return;
          await store.write(changes);
          if (closed) return;
          await yieldToQueries();
        }
      } catch (err) {
        // Derived data: a failed write costs a rebuild of those shards at the next open, nothing more.
        console.warn('search: could not write the index', err);
      } finally {
        writesQueued--;
        if (writesQueued === 0 && persistTimer === null && writer) announce({ unsaved: false });
      }
    });
    return writing;
  };
  const persistSoon = (): void => {
    if (!store) return;
    if (persistTimer) clearTimeout(persistTimer);
    status.unsaved = true;
    persistTimer = setTimeout(() => void persistNow(), persistDelay);
  };

  /** Indexes the given articles (null: all) slice by slice, yielding to queries in between. */
  const index = async (ids: readonly string[] | null, keep: (doc: SearchSource) => boolean = () => true): Promise<void> => {
    let sinceWrite = 0;
    // A reader that ignores ids hands back more than was asked: only what was asked is indexed.
    const wanted = ids === null ? null : new Set(ids);
    for await (const all of opts.sources.loadSources(ids)) {
      const batch = all.filter((d) => (wanted === null || wanted.has(d.id)) && keep(d));
      for (let i = 0; i < batch.length && !closed; i += INDEX_SLICE) {
        const slice = batch.slice(i, i + INDEX_SLICE);
        search.add(slice);
        sinceWrite += slice.length;
        if (sinceWrite >= PERSIST_EVERY) {
          sinceWrite = 0;
          void persistNow();
        }
        if (store) status.unsaved = true;
        announce({});
        await yieldToQueries();
      }
      if (closed) return;
    }
  };

  // Opening and changes run one after another on this chain.
  let work: Promise<void> = Promise.resolve();
  const enqueue = (job: () => Promise<void>): Promise<void> => {
    work = work.then(job).catch((err: unknown) => {
      console.error('search:', err);
      announce({ phase: 'failed', error: err instanceof Error ? err.message : String(err) });
    });
    return work;
  };

  /** The lock passed to this worker after it read the snapshot: what is stored may be older or newer than its index. */
  const becomeWriter = (): void => {
    if (closed) return;
    writer = true;
    void enqueue(async () => {
      if (!store || closed) return;
      search.markAllChanged(await store.shardNumbers());
      await persistNow();
    });
  };

  const open = async (): Promise<void> => {
    try {
      store = await opts.openStore();
    } catch (err) {
      console.warn('search: no persisted index, rebuilding in memory', err);
      store = null;
    }
    if (store && opts.lock) {
      // Asked before the snapshot is read: a worker that gets the lock now reads what it will write over.
      try {
        const answer = await opts.lock.request(becomeWriter);
        releaseLock = answer.release;
        writer = answer.held;
        if (closed) releaseLock();
      } catch (err) {
        console.warn('search: no snapshot lock, writing without one', err);
        writer = true;
      }
    }
    if (store) {
      announce({ phase: 'loading', persisted: true });
      let readable = true;
      try {
        search.checkHeader(await store.readHeader());
      } catch {
        readable = false;
      }
      if (readable) {
        for (const n of await store.shardNumbers()) {
          if (closed) return;
          await search.loadShard(await store.readShard(n));
          announce({});
        }
      } else {
        await store.clear();
      }
    }
    if (opts.sources.listSources) {
      const current = await opts.sources.listSources();
      const plan = search.reconcile(current);
      search.remove(plan.drop);
      announce({ phase: 'indexing', total: current.length });
      if (plan.add.length > 0) await index(plan.add);
    } else {
      // No cheap list: one pass over every article, indexing the new and changed ones.
      const held = new Map(search.stamps().map((s) => [s.id, s.updatedAt]));
      const seen = new Set<string>();
      announce({ phase: 'indexing' });
      await index(null, (d) => {
        seen.add(d.id);
        return held.get(d.id) !== d.updatedAt;
      });
      if (closed) return;
      search.remove([...held.keys()].filter((id) => !seen.has(id)));
      announce({ total: seen.size });
    }
    // Changes heard meanwhile (the resident worker's) are still to index after this.
    announce({ phase: 'ready', complete: pendingChanges === 0 });
    await persistNow();
  };

  /** Everything may have changed (the library's entries were rebuilt): reconcile with the library again. */
  const resync = async (): Promise<void> => {
    if (!opts.sources.listSources) return;
    const current = await opts.sources.listSources();
    const plan = search.reconcile(current);
    search.remove(plan.drop);
    if (plan.add.length > 0) await index(plan.add);
    announce({ total: search.size });
    persistSoon();
  };

  const changed = async (change: { changed: string[]; removed: string[] }): Promise<void> => {
    search.remove(change.removed);
    if (change.changed.length > 0) await index(change.changed);
    // Changes run after opening: the index now holds every article.
    announce({ total: search.size });
    persistSoon();
  };

  /** Answers one view's requests on its endpoint; returns the stop. */
  const connect = (port: Endpoint): (() => void) => {
    ports.add(port);
    // Queries that arrive while the worker is busy are answered newest first: a keystroke
    // supersedes the one before it (of the same view), which then is not run.
    let latestQuery = 0;
    const stopServing = serveRequests<WorkerProtocol>(port, workerRequestSchemas, {
      search(request) {
        const mine = ++latestQuery;
        return new Promise<SearchAnswer>((resolve) =>
          setTimeout(() => {
            if (mine !== latestQuery) resolve({ hits: [], complete: status.complete, superseded: true });
            else resolve({ hits: search.search(request.query, request.limit === undefined ? {} : { limit: request.limit }), complete: status.complete });
          }, 0),
        );
      },
      async snippets(request) {
        // From the stored articles, whole (the index holds no text): a row's passage may lie past the indexed part.
        const docs: SearchSource[] = [];
        const wanted = new Set(request.ids);
        for await (const batch of opts.sources.loadSources(request.ids)) for (const d of batch) if (wanted.has(d.id)) docs.push(d);
        return search.snippets(
          request.query,
          docs.map((d) => ({ id: d.id, text: d.text, excerpt: d.excerpt })),
        );
      },
      status: () => ({ ...status }),
      async sourcesChanged(change) {
        // A worker that follows the library itself has heard (or will hear) the change already.
        if (!opts.watchChanges) await enqueue(() => changed(change));
        return { ...status };
      },
    });
    // The view learns where the index is at once (a shared worker may have finished long ago).
    port.postMessage({ kind: 'status', status: { ...status } });
    return () => {
      stopServing();
      ports.delete(port);
    };
  };
  const stop = endpoint ? connect(endpoint) : () => undefined;

  const REMOVED = new Set(['deleted', 'purged']);
  /** Changes heard and not yet indexed: until they are, answers may miss them (an import of 10,000 takes a while). */
  let pendingChanges = 0;
  const catchUp = (job: () => Promise<void>): void => {
    pendingChanges++;
    if (status.complete) announce({ complete: false });
    void enqueue(job).finally(() => {
      pendingChanges--;
      if (pendingChanges === 0 && status.phase === 'ready') announce({ complete: true });
    });
  };
  const stopWatching =
    opts.watchChanges?.((change) => {
      if (change.kind === 'rebuilt') catchUp(resync);
      else if (REMOVED.has(change.kind)) catchUp(() => changed({ changed: [], removed: change.ids }));
      else catchUp(() => changed({ changed: change.ids, removed: [] }));
    }) ?? (() => undefined);

  const opened = enqueue(open);
  return {
    search,
    opened,
    flush: async () => {
      await work;
      await persistNow();
    },
    get writer() {
      return writer;
    },
    connect,
    close() {
      closed = true;
      if (persistTimer) clearTimeout(persistTimer);
      stop();
      stopWatching();
      releaseLock?.();
      store?.close();
    },
  };
}
