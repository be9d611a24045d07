import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { createSearchClient, type LibrarySearchClient, type PageSources } from '../../../utils/library/search/client';
import type { Endpoint, SearchStatus, WireMessage } from '../../../utils/library/search/protocol';
import { remoteSources } from '../../../utils/library/search/remote-sources';
import { serveLibrarySearch, type ServedSearch, type SnapshotLock } from '../../../utils/library/search/serve';
import { webSnapshotLock } from '../../../utils/library/search/snapshot-lock';
import { SEARCH_DB_VERSION, openSnapshotStore } from '../../../utils/library/search/snapshot-store';
import type { SearchSource } from '../../../utils/library/types';
import { source } from './search-support';

/** Two ends of a channel that deliver structured clones asynchronously, as postMessage does. */
function endpointPair(): [Endpoint, Endpoint] {
  type Listener = (event: { data: unknown }) => void;
  const make = (): Endpoint & { listeners: Set<Listener>; other?: Endpoint & { listeners: Set<Listener> } } => {
    const listeners = new Set<Listener>();
    const end: Endpoint & { listeners: Set<Listener>; other?: Endpoint & { listeners: Set<Listener> } } = {
      listeners,
      postMessage(message: WireMessage) {
        const data = structuredClone(message);
        setTimeout(() => {
          for (const l of [...end.other!.listeners]) l({ data });
        }, 0);
      },
      addEventListener: (_type, l) => listeners.add(l),
      removeEventListener: (_type, l) => listeners.delete(l),
    };
    return end;
  };
  const a = make();
  const b = make();
  a.other = b;
  b.other = a;
  return [a, b];
}

/** Page sources over an in-memory library, recording which ids the worker asked for. */
function memorySources(docs: SearchSource[]) {
  const library = new Map(docs.map((d) => [d.id, d]));
  const loads: Array<string[] | null> = [];
  let gate: Promise<void> = Promise.resolve();
  const sources: PageSources = {
    listSources: async () => [...library.values()].map(({ id, updatedAt }) => ({ id, updatedAt })),
    async *loadSources(ids) {
      loads.push(ids === null ? null : [...ids]);
      await gate;
      const wanted = ids === null ? [...library.values()] : ids.map((id) => library.get(id)).filter((d): d is SearchSource => d !== undefined);
      for (let i = 0; i < wanted.length; i += 2) yield wanted.slice(i, i + 2);
    },
  };
  return {
    sources,
    loads,
    library,
    /** Holds every load until the returned function is called. */
    hold(): () => void {
      let release = (): void => undefined;
      gate = new Promise((r) => (release = r));
      return release;
    },
  };
}

let dbCount = 0;
const running: Array<{ client: LibrarySearchClient; served: ServedSearch }> = [];

function start(
  dbName: string,
  sources: PageSources,
  extra: { lock?: SnapshotLock; writes?: number[] } = {},
): { client: LibrarySearchClient; served: ServedSearch; statuses: SearchStatus[] } {
  const [page, worker] = endpointPair();
  const served = serveLibrarySearch(worker, {
    sources: remoteSources(worker),
    openStore: async () => {
      const store = await openSnapshotStore({ name: dbName });
      const writes = extra.writes;
      if (!writes) return store;
      // Counts the shards this worker writes.
      return { ...store, write: (changes) => (writes.push(...changes.shards.map((s) => s.shard)), store.write(changes)) };
    },
    index: { shardSize: 2 },
    persistDelayMs: 10,
    ...(extra.lock ? { lock: extra.lock } : {}),
  });
  const client = createSearchClient(page, { sources });
  const statuses: SearchStatus[] = [];
  client.onStatus((s) => statuses.push(s));
  running.push({ client, served });
  return { client, served, statuses };
}

const ids = (answer: { hits: Array<{ id: string }> }): string[] => answer.hits.map((h) => h.id).sort();

/** navigator.locks as the Web Locks spec has it, for one origin: exclusive locks granted in request order; ifAvailable answers null when held. */
function fakeLocks() {
  const held = new Set<string>();
  const queues = new Map<string, Array<() => void>>();
  const grant = (name: string, callback: (lock: unknown) => Promise<void> | void): Promise<void> => {
    held.add(name);
    return Promise.resolve(callback({ name })).finally(() => {
      held.delete(name);
      queues.get(name)?.shift()?.();
    });
  };
  return {
    request(name: string, ...rest: unknown[]): Promise<unknown> {
      const callback = rest.at(-1) as (lock: unknown) => Promise<void> | void;
      const ifAvailable = rest.length === 2 && (rest[0] as { ifAvailable?: boolean }).ifAvailable === true;
      if (!held.has(name)) return grant(name, callback);
      if (ifAvailable) return Promise.resolve(callback(null));
      return new Promise<void>((resolve) => {
        const queue = queues.get(name) ?? [];
        queue.push(() => void grant(name, callback).then(resolve));
        queues.set(name, queue);
      });
    },
  };
}

const LIBRARY = [
  source('a', { title: 'Aurora borealis over Tromsø', text: 'Green light over the fjord.' }),
  source('b', { title: 'Bread at home', text: 'Sourdough needs time.' }),
  source('c', { title: 'Cycling the Danube', text: 'From Passau to Vienna by bike.' }),
  source('d', { title: 'Deep sea creatures', text: 'Anglerfish carry their own light.' }),
  source('e', { title: 'Espresso chemistry', text: 'Crema is an emulsion of oils and gas.' }),
];

afterEach(() => {
  for (const r of running.splice(0)) {
    r.client.close();
    r.served.close();
  }
});

describe('search worker and client', () => {
  it('indexes the page’s articles and answers searches with snippets, complete once indexed', async () => {
    const lib = memorySources(LIBRARY);
    const { client, served, statuses } = start(`t${++dbCount}`, lib.sources);
    await served.opened;
    const answer = await client.search('light');
    expect(answer.complete).toBe(true);
    expect(ids(answer)).toEqual(['a', 'd']);
    // Snippets are asked for per row shown, made from the article's whole text as the sources give it.
    const snippets = await client.snippets('light', ['d', 'a', 'b']);
    expect(snippets.map((x) => x.id)).toEqual(['d', 'a']);
    expect(snippets[1]!.snippet.some((p) => p.match && p.text === 'light')).toBe(true);
    expect(await client.status()).toMatchObject({ phase: 'ready', complete: true, indexed: 5, total: 5, persisted: true });
    expect(statuses.at(-1)).toMatchObject({ phase: 'ready', complete: true });
    expect(lib.loads).toEqual([
      ['a', 'b', 'c', 'd', 'e'],
      ['d', 'a', 'b'],
    ]);
  });

  it('resident: serves several views from one index that stays loaded, and follows the library’s changes itself', async () => {
    const library = new Map(LIBRARY.map((d) => [d.id, d]));
    const loads: Array<string[] | null> = [];
    let emit: (change: { kind: string; ids: string[] }) => void = () => undefined;
    const served = serveLibrarySearch(null, {
      sources: {
        listSources: async () => [...library.values()].map(({ id, updatedAt }) => ({ id, updatedAt })),
        async *loadSources(wanted) {
          loads.push(wanted === null || wanted === undefined ? null : [...wanted]);
          yield (wanted ?? [...library.keys()]).flatMap((id) => library.get(id) ?? []);
        },
      },
      openStore: async () => openSnapshotStore({ name: `t${++dbCount}` }),
      index: { shardSize: 2 },
      persistDelayMs: 10,
      watchChanges: (onChange) => {
        emit = onChange;
        return () => (emit = () => undefined);
      },
    });
    await served.opened;
    const connectView = () => {
      const [page, worker] = endpointPair();
      const disconnect = served.connect(worker);
      const client = createSearchClient(page, { followsLibrary: true });
      return { client, disconnect };
    };
    const one = connectView();
    const two = connectView();
    expect(ids(await one.client.search('light'))).toEqual(['a', 'd']);
    expect(ids(await two.client.search('crema'))).toEqual(['e']);
    expect(one.client.followsLibrary).toBe(true);
    // A view that closes leaves the index loaded for the next: nothing is read again.
    one.disconnect();
    one.client.close();
    const three = connectView();
    expect(ids(await three.client.search('light'))).toEqual(['a', 'd']);
    expect(loads).toEqual([['a', 'b', 'c', 'd', 'e']]);
    // A save and a delete announced on the library's channel reach it with no view passing them on;
    // until they are indexed, answers say they may be missing some.
    const seen: boolean[] = [];
    three.client.onStatus((st) => seen.push(st.complete));
    library.set('f', source('f', { title: 'Lighthouses', text: 'Keepers of the light.' }));
    emit({ kind: 'saved', ids: ['f'] });
    library.delete('a');
    emit({ kind: 'deleted', ids: ['a'] });
    await expect.poll(async () => ids(await three.client.search('light'))).toEqual(['d', 'f']);
    await expect.poll(() => seen.at(-1)).toBe(true);
    expect(seen).toContain(false);
    // Changes the view reports too are not indexed twice.
    expect((await three.client.sourcesChanged({ changed: ['f'] })).indexed).toBe(5);
    expect(loads).toEqual([['a', 'b', 'c', 'd', 'e'], ['f']]);
    for (const v of [two, three]) {
      v.disconnect();
      v.client.close();
    }
    served.close();
  });

  it('reopens from its snapshot without reading the bodies again; only what changed is read', async () => {
    const name = `t${++dbCount}`;
    const lib = memorySources(LIBRARY);
    const first = start(name, lib.sources);
    await first.served.opened;
    await first.served.flush();
    first.served.close();
    first.client.close();

    lib.library.set('b', source('b', { updatedAt: 2, title: 'Bread at home', text: 'Rye needs even more time.' }));
    lib.library.delete('e');
    lib.library.set('f', source('f', { title: 'Fog harvesting', text: 'Nets catch water in the desert.' }));
    lib.loads.length = 0;
    const second = start(name, lib.sources);
    await second.served.opened;
    expect(lib.loads).toEqual([['b', 'f']]);
    expect(ids(await second.client.search('rye'))).toEqual(['b']);
    expect(ids(await second.client.search('sourdough'))).toEqual([]);
    expect(ids(await second.client.search('espresso'))).toEqual([]);
    expect(ids(await second.client.search('nets'))).toEqual(['f']);
  });

  it('answers from the snapshot while it is still indexing, and says so', async () => {
    const name = `t${++dbCount}`;
    const lib = memorySources(LIBRARY.slice(0, 3));
    const first = start(name, lib.sources);
    await first.served.opened;
    await first.served.flush();
    first.served.close();
    first.client.close();

    lib.library.set('d', LIBRARY[3]!);
    const release = lib.hold();
    const second = start(name, lib.sources);
    await expect.poll(() => lib.loads.length).toBe(2);
    const early = await second.client.search('light');
    expect(early.complete).toBe(false);
    expect(ids(early)).toEqual(['a']);
    release();
    await second.served.opened;
    const late = await second.client.search('light');
    expect(late.complete).toBe(true);
    expect(ids(late)).toEqual(['a', 'd']);
  });

  it('rebuilds a damaged shard from its articles, and keeps the rest', async () => {
    const name = `t${++dbCount}`;
    const lib = memorySources(LIBRARY);
    const first = start(name, lib.sources);
    await first.served.opened;
    await first.served.flush();
    first.served.close();
    first.client.close();

    // Shards of two: shard 1 holds c and d. Damage it as a failing disk or an old build might.
    const db = await openDB(name, SEARCH_DB_VERSION);
    const shard = (await db.get('shards', 1)) as { index: string };
    await db.put('shards', { ...shard, index: shard.index.slice(0, 50) }, 1);
    db.close();

    lib.loads.length = 0;
    const second = start(name, lib.sources);
    await second.served.opened;
    expect(lib.loads).toEqual([['c', 'd']]);
    expect(ids(await second.client.search('light'))).toEqual(['a', 'd']);
    expect(ids(await second.client.search('danube'))).toEqual(['c']);
  });

  it('rebuilds everything from a snapshot of another version, or a database of another version', async () => {
    const name = `t${++dbCount}`;
    const lib = memorySources(LIBRARY);
    const first = start(name, lib.sources);
    await first.served.opened;
    await first.served.flush();
    first.served.close();
    first.client.close();

    const db = await openDB(name, SEARCH_DB_VERSION);
    await db.put('meta', { format: 0, tokenizer: 'old', bodyChars: 1 }, 'header');
    db.close();
    lib.loads.length = 0;
    const second = start(name, lib.sources);
    await second.served.opened;
    expect(lib.loads).toEqual([['a', 'b', 'c', 'd', 'e']]);
    expect(ids(await second.client.search('crema'))).toEqual(['e']);
    await second.served.flush();
    second.served.close();
    second.client.close();

    // A database left by a newer build (a higher version) is deleted and made again.
    const other = `t${++dbCount}`;
    const newer = await openDB(other, SEARCH_DB_VERSION + 1, { upgrade: (d) => void d.createObjectStore('something-else') });
    newer.close();
    const third = start(other, lib.sources);
    await third.served.opened;
    expect(await third.client.status()).toMatchObject({ phase: 'ready', persisted: true, indexed: 5 });
  });

  it('applies saves and deletes the page reports, and persists them', async () => {
    const name = `t${++dbCount}`;
    const lib = memorySources(LIBRARY);
    const { client, served } = start(name, lib.sources);
    await served.opened;
    lib.library.set('g', source('g', { title: 'Glaciers retreat', text: 'Ice loss measured by satellite.' }));
    lib.library.delete('a');
    expect(await client.sourcesChanged({ changed: ['g'], removed: ['a'] })).toMatchObject({ indexed: 5, total: 5 });
    expect(ids(await client.search('satellite'))).toEqual(['g']);
    expect(ids(await client.search('aurora'))).toEqual([]);
    await served.flush();
    const store = await openSnapshotStore({ name });
    const stored = await Promise.all((await store.shardNumbers()).map((n) => store.readShard(n)));
    store.close();
    const storedIds = stored.flatMap((s) => (s as { docs: Array<[string]> }).docs.map(([id]) => id)).sort();
    expect(storedIds).toEqual(['b', 'c', 'd', 'e', 'g']);
  });

  it('side panel and library tab at once: both answer alike, one writes the snapshot, the other takes over when it closes', async () => {
    const name = `t${++dbCount}`;
    const lib = memorySources(LIBRARY);
    const locks = fakeLocks();
    const writesA: number[] = [];
    const writesB: number[] = [];
    const a = start(name, lib.sources, { lock: webSnapshotLock(locks, 'test'), writes: writesA });
    await a.served.opened;
    const b = start(name, lib.sources, { lock: webSnapshotLock(locks, 'test'), writes: writesB });
    await b.served.opened;
    expect([a.served.writer, b.served.writer]).toEqual([true, false]);

    // A save and a delete, heard by both views and passed on to both workers.
    lib.library.set('g', source('g', { title: 'Glaciers retreat', text: 'Ice loss measured by satellite.' }));
    lib.library.delete('a');
    for (const w of [a, b]) await w.client.sourcesChanged({ changed: ['g'], removed: ['a'] });
    for (const query of ['satellite', 'light', 'aurora', 'bread']) expect(ids(await b.client.search(query))).toEqual(ids(await a.client.search(query)));
    await a.served.flush();
    await b.served.flush();
    expect(writesA.length).toBeGreaterThan(0);
    expect(writesB).toEqual([]);

    // B hears one more change while A is gone; the lock passes to B, which writes its whole index.
    a.served.close();
    a.client.close();
    lib.library.set('h', source('h', { title: 'Honey bees', text: 'Waggle dance of the hive.' }));
    await b.client.sourcesChanged({ changed: ['h'] });
    await expect.poll(() => b.served.writer).toBe(true);
    await b.served.flush();
    expect(new Set(writesB)).toEqual(new Set(b.served.search.toJSON().shards.map((s) => s.shard)));
    b.served.close();
    b.client.close();

    // The next open finds the library as it is in the snapshot: nothing to read again.
    lib.loads.length = 0;
    const c = start(name, lib.sources, { lock: webSnapshotLock(locks, 'test') });
    await c.served.opened;
    expect(lib.loads).toEqual([]);
    expect(ids(await c.client.search('waggle'))).toEqual(['h']);
    expect(ids(await c.client.search('satellite'))).toEqual(['g']);
    expect(ids(await c.client.search('aurora'))).toEqual([]);
    expect(c.served.writer).toBe(true);
  });

  it('answers only the newest of queries that arrive together; refuses malformed requests', async () => {
    const lib = memorySources(LIBRARY);
    const { client, served } = start(`t${++dbCount}`, lib.sources);
    await served.opened;
    const [older, newer] = await Promise.all([client.search('bre'), client.search('bread')]);
    expect(older).toMatchObject({ superseded: true, hits: [] });
    expect(ids(newer)).toEqual(['b']);

    // A raw request that does not fit the schema gets an error, not a crash.
    const [page, worker] = endpointPair();
    const other = serveLibrarySearch(worker, { sources: lib.sources, openStore: async () => null });
    const replies: unknown[] = [];
    page.addEventListener('message', (e) => replies.push(e.data));
    page.postMessage({ kind: 'request', id: 7, type: 'search', payload: { query: 42 } } as unknown as WireMessage);
    await expect.poll(() => replies.find((r) => (r as { kind: string }).kind === 'response')).toMatchObject({ id: 7, ok: false });
    await other.opened;
    other.close();
  });

  it('works without IndexedDB: indexes in memory and says it is not persisted', async () => {
    const lib = memorySources(LIBRARY);
    const [page, worker] = endpointPair();
    const served = serveLibrarySearch(worker, { sources: remoteSources(worker), openStore: () => Promise.reject(new Error('no IndexedDB')) });
    const client = createSearchClient(page, { sources: lib.sources });
    running.push({ client, served });
    await served.opened;
    expect(await client.status()).toMatchObject({ phase: 'ready', persisted: false, indexed: 5 });
    expect(ids(await client.search('vienna'))).toEqual(['c']);
  });

  it('fails visibly, not silently, when the page gives the worker no sources', async () => {
    const [page, worker] = endpointPair();
    const served = serveLibrarySearch(worker, { sources: remoteSources(worker), openStore: async () => null });
    const client = createSearchClient(page);
    running.push({ client, served });
    await served.opened;
    expect(await client.status()).toMatchObject({ phase: 'failed', complete: false, error: 'The page gave the search worker no sources.' });
    expect(await client.search('anything')).toMatchObject({ hits: [], complete: false });
  });

  it('works with a reader that only lists everything (no listSources, ids ignored): indexes only what changed', async () => {
    const name = `t${++dbCount}`;
    const library = new Map(LIBRARY.map((d) => [d.id, d]));
    let added = 0;
    const readAll = {
      // The contract's simplest reader: every article, in batches, whatever is asked.
      async *loadSources() {
        const all = [...library.values()];
        for (let i = 0; i < all.length; i += 2) yield all.slice(i, i + 2);
      },
    };
    const open = () => {
      const [, worker] = endpointPair();
      const served = serveLibrarySearch(worker, {
        sources: readAll,
        openStore: () => openSnapshotStore({ name }),
        index: { shardSize: 2 },
        persistDelayMs: 10,
      });
      const add = served.search.add.bind(served.search);
      served.search.add = (docs) => {
        added += docs.length;
        add(docs);
      };
      return served;
    };
    const first = open();
    await first.opened;
    await first.flush();
    first.close();
    expect(added).toBe(5);

    added = 0;
    library.set('b', source('b', { updatedAt: 2, title: 'Bread at home', text: 'Rye needs even more time.' }));
    library.delete('e');
    const second = open();
    await second.opened;
    expect(added).toBe(1);
    expect(second.search.search('rye').map((h) => h.id)).toEqual(['b']);
    expect(second.search.has('e')).toBe(false);
    expect(second.search.size).toBe(4);
    second.close();
  });
});
