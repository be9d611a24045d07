/**
 * A page built only with READER_SEARCH_CHECK=1 (see wxt.config.ts), never shipped: it starts the
 * real search worker the way the library view does (startLibrarySearch) and lets a harness in
 * headless Chromium or Firefox fill a library and type queries (scripts/check-search-worker.ts,
 * bench:search --browser). Its articles live in an IndexedDB database of the page's own and
 * stream to the worker in batches, as the library's records will from the storage layer.
 */
import { openDB } from 'idb';
import { startLibrarySearch, type LibrarySearchClient, type PageSources } from '@/utils/library/search/client';
import type { SearchSource } from '@/utils/library/types';

const SOURCES_DB = 'search-check-sources';
const BATCH = 200;

const db = openDB(SOURCES_DB, 1, { upgrade: (d) => void d.createObjectStore('sources', { keyPath: 'id' }) });

const sources: PageSources = {
  async listSources() {
    const all: Array<{ id: string; updatedAt: number }> = [];
    let cursor = await (await db).transaction('sources').store.openCursor();
    // A cursor rather than getAll: the bodies are not needed, and 10,000 of them are 300 MB.
    while (cursor) {
      const s = cursor.value as SearchSource;
      all.push({ id: s.id, updatedAt: s.updatedAt });
      cursor = await cursor.continue();
    }
    return all;
  },
  async *loadSources(ids) {
    loads.push(ids === null ? null : [...ids]);
    const wanted = ids ?? (await sources.listSources()).map((s) => s.id);
    for (let i = 0; i < wanted.length; i += BATCH) {
      const store = (await db).transaction('sources').store;
      const docs = await Promise.all(wanted.slice(i, i + BATCH).map((id) => store.get(id) as Promise<SearchSource | undefined>));
      yield docs.filter((d): d is SearchSource => d !== undefined);
    }
  },
};

let client: LibrarySearchClient | null = null;
/** What the worker asked to read, call by call (null: everything): a reopen must not read it all again. */
const loads: Array<string[] | null> = [];

/** What the harness calls (page.evaluate). */
const api = {
  async fill(docs: SearchSource[]): Promise<number> {
    const tx = (await db).transaction('sources', 'readwrite');
    await Promise.all([...docs.map((d) => tx.store.put(d)), tx.done]);
    return docs.length;
  },
  async remove(ids: string[]): Promise<void> {
    const tx = (await db).transaction('sources', 'readwrite');
    await Promise.all([...ids.map((id) => tx.store.delete(id)), tx.done]);
  },
  start(): void {
    client?.close();
    client = startLibrarySearch({ sources });
  },
  stop(): void {
    client?.close();
    client = null;
  },
  async status() {
    if (!client) throw new Error('not started');
    return client.status();
  },
  /** One query as the UI would send it, timed in the page from send to answer. */
  async search(query: string, limit?: number) {
    if (!client) throw new Error('not started');
    const t0 = performance.now();
    const answer = await client.search(query, { limit });
    return { ms: performance.now() - t0, ...answer };
  },
  /** The snippets of some results, as the library asks for the rows it shows. */
  async snippets(query: string, ids: string[]) {
    if (!client) throw new Error('not started');
    return client.snippets(query, ids);
  },
  /**
   * The resident worker the library view uses (over the library's own, here empty, database): its
   * status once complete, and whether it is the shared one that follows the library itself.
   */
  async resident(): Promise<{ followsLibrary: boolean; status: Awaited<ReturnType<LibrarySearchClient['status']>> }> {
    const resident = startLibrarySearch();
    try {
      for (let i = 0; i < 600; i++) {
        const status = await resident.status();
        if (status.complete || status.phase === 'failed') return { followsLibrary: resident.followsLibrary, status };
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the resident search worker did not finish opening');
    } finally {
      resident.close();
    }
  },
  /** The worker's reads since the last call. */
  loads(): Array<string[] | null> {
    return loads.splice(0);
  },
  async changed(change: { changed?: string[]; removed?: string[] }) {
    if (!client) throw new Error('not started');
    return client.sourcesChanged(change);
  },
};

(globalThis as { searchCheck?: typeof api }).searchCheck = api;
document.getElementById('state')!.textContent = 'ready';
