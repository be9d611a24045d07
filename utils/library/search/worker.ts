/**
 * The search worker's entry (bundled by Vite from client.ts's `new URL('./worker.ts', …)`): the
 * index, its snapshot in IndexedDB, and the articles asked from the page that started it.
 * When the library's records move to IndexedDB, `sources` becomes the storage layer's readers.
 */
import type { Endpoint } from './protocol';
import { remoteSources } from './remote-sources';
import { serveLibrarySearch } from './serve';
import { openSnapshotStore } from './snapshot-store';

const scope = self as unknown as Endpoint;
serveLibrarySearch(scope, { sources: remoteSources(scope), openStore: () => openSnapshotStore() });
