/**
 * Sources the worker asks the page for, over the worker's endpoint (PageProtocol). For a page that
 * reads the library itself and hands the worker its articles; once the library is in IndexedDB
 * the worker reads it directly and this is not needed.
 */
import { pageResponseSchemas, type Endpoint, type PageProtocol } from './protocol';
import { createCaller } from './rpc';
import type { SearchSources } from './serve';

/** SearchSources answered by the page at the other end of `endpoint` (a client made with `sources`). */
export function remoteSources(endpoint: Endpoint): SearchSources {
  const caller = createCaller<PageProtocol>(endpoint, pageResponseSchemas);
  return {
    listSources: () => caller.call('listSources', {}),
    async *loadSources(ids) {
      let cursor: number | null = null;
      for (;;) {
        const batch: PageProtocol['loadSources']['response'] = await caller.call('loadSources', {
          ids: ids === null || ids === undefined ? null : [...ids],
          cursor,
        });
        cursor = batch.cursor;
        if (batch.docs.length > 0) yield batch.docs;
        if (batch.done) return;
      }
    },
  };
}
