/**
 * The resident search worker's entry (a SharedWorker, bundled by Vite from client.ts's and the
 * search host's `new URL('./shared-worker.ts', …)`): one index per extension origin, kept loaded
 * while any view or the search host (an offscreen document in Chrome, the background page in
 * Firefox) holds a port to it, so opening the library finds it ready instead of reloading its
 * snapshot (≈ 7.5 s of CPU at 10,000 articles). It reads the library's IndexedDB itself and hears
 * its committed changes on the library's channel, views open or not.
 */
import * as v from 'valibot';
import { LIBRARY_CHANNEL, LibraryChangeSchema } from '../db';
import type { Endpoint } from './protocol';
import { librarySources } from './library-sources';
import { serveLibrarySearch } from './serve';
import { webSnapshotLock } from './snapshot-lock';
import { openSnapshotStore } from './snapshot-store';

/** The writer's committed changes (store.ts's watchLibrary, without the extension API a worker lacks). */
function watchChanges(onChange: (change: { kind: string; ids: string[] }) => void): () => void {
  const channel = new BroadcastChannel(LIBRARY_CHANNEL);
  channel.onmessage = (event: MessageEvent<unknown>) => {
    const parsed = v.safeParse(LibraryChangeSchema, event.data);
    if (parsed.success) onChange(parsed.output);
  };
  return () => channel.close();
}

const lock = webSnapshotLock();
const served = serveLibrarySearch(null, {
  sources: librarySources(),
  openStore: () => openSnapshotStore(),
  watchChanges,
  ...(lock ? { lock } : {}),
});

(self as unknown as { onconnect: ((event: MessageEvent) => void) | null }).onconnect = (event) => {
  const port = event.ports[0];
  if (!port) return;
  const disconnect = served.connect(port as unknown as Endpoint);
  // A closed view's port stops getting status events where the browser says it closed (Chrome's MessagePort close event).
  port.addEventListener('close', disconnect);
  port.start();
};
