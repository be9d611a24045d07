/**
 * The search worker's entry (bundled by Vite from client.ts's `new URL('./worker.ts', …)`): the
 * index, its snapshot in IndexedDB `reader-search`, and the articles read from the library's
 * own IndexedDB (library-sources.ts) — or asked from the page that started it, when it said it
 * would answer (the search-check page and its tests); the snapshot written by one worker at a time
 * (snapshot-lock.ts).
 */
import { PAGE_SOURCES_WORKER_NAME, type Endpoint } from './protocol';
import { librarySources } from './library-sources';
import { remoteSources } from './remote-sources';
import { serveLibrarySearch } from './serve';
import { SNAPSHOT_LOCK_NAME, webSnapshotLock } from './snapshot-lock';
import { PAGE_SOURCES_SEARCH_DB_NAME, openSnapshotStore } from './snapshot-store';

const scope = self as unknown as Endpoint;
const fromPage = (self as unknown as { name?: string }).name === PAGE_SOURCES_WORKER_NAME;
// A worker over the page's articles keeps its index apart from the library's (which the resident worker may hold).
const lock = fromPage ? webSnapshotLock(undefined, `${SNAPSHOT_LOCK_NAME}:page-sources`) : webSnapshotLock();
serveLibrarySearch(scope, {
  sources: fromPage ? remoteSources(scope) : librarySources(),
  openStore: () => openSnapshotStore(fromPage ? { name: PAGE_SOURCES_SEARCH_DB_NAME } : {}),
  ...(lock ? { lock } : {}),
});
