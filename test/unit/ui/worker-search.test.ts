import { describe, expect, it, vi } from 'vitest';
import type { SearchFn } from '../../../utils/library/query';
import type { LibrarySearchClient } from '../../../utils/library/search/client';
import { REFRESH_WHILE_INDEXING_MS, createWorkerSearch } from '../../../utils/ui/worker-search';

function fakeClient(answer: Awaited<ReturnType<LibrarySearchClient['search']>> | Error) {
  return {
    search: vi.fn(async () => {
      if (answer instanceof Error) throw answer;
      return answer;
    }),
    snippets: vi.fn(async (_query: string, ids: readonly string[]) => ids.map((id) => ({ id, snippet: [{ text: id, match: true }] }))),
    status: vi.fn(),
    sourcesChanged: vi.fn(async () => ({}) as never),
    onStatus: vi.fn(() => () => undefined),
    close: vi.fn(),
    followsLibrary: false,
  } satisfies LibrarySearchClient;
}

const hit = { id: 'a', score: 3 };

describe('the library store search over the worker', () => {
  it('starts the worker once, on warm or the first query, and answers with its hits', async () => {
    const client = fakeClient({ hits: [hit], complete: true });
    const start = vi.fn(() => client);
    const fallback: SearchFn = vi.fn(async () => ({ results: [], complete: true }));
    const search = createWorkerSearch(start, fallback);
    search.warm();
    search.warm();
    expect(start).toHaveBeenCalledTimes(1);
    expect(await search.search('riv', { limit: 50 })).toEqual({ results: [hit], complete: true });
    expect(client.search).toHaveBeenCalledWith('riv', { limit: 50 });
    expect(fallback).not.toHaveBeenCalled();
  });

  it('says results may be missing while the index loads or when a newer query overtook this one', async () => {
    const loading = createWorkerSearch(() => fakeClient({ hits: [], complete: false }), vi.fn());
    expect((await loading.search('x', { limit: 5 })).complete).toBe(false);
    const overtaken = createWorkerSearch(() => fakeClient({ hits: [], complete: true, superseded: true }), vi.fn());
    expect((await overtaken.search('x', { limit: 5 })).complete).toBe(false);
  });

  it('falls back to the list search when the worker cannot start or fails', async () => {
    const fallback: SearchFn = vi.fn(async () => ({ results: [hit], complete: true }));
    const cannot = createWorkerSearch(() => {
      throw new Error('no module workers');
    }, fallback);
    expect((await cannot.search('r', { limit: 5 })).results).toEqual([hit]);
    const client = fakeClient(new Error('worker crashed'));
    const crashing = createWorkerSearch(() => client, fallback);
    expect((await crashing.search('r', { limit: 5 })).results).toEqual([hit]);
    expect(client.close).toHaveBeenCalled();
    expect(fallback).toHaveBeenCalledTimes(2);
  });

  it('passes committed changes on: saved and updated ids to index, deleted ones to drop, a rebuild restarts', async () => {
    const clients = [fakeClient({ hits: [], complete: true }), fakeClient({ hits: [], complete: true })];
    const start = vi.fn(() => clients[start.mock.calls.length - 1]!);
    const search = createWorkerSearch(start, vi.fn());
    search.onChange({ kind: 'saved', ids: ['x'] });
    expect(start).not.toHaveBeenCalled();
    search.warm();
    search.onChange({ kind: 'saved', ids: ['a'] });
    search.onChange({ kind: 'updated', ids: ['b', 'c'] });
    search.onChange({ kind: 'deleted', ids: ['d'] });
    expect(clients[0]!.sourcesChanged.mock.calls).toEqual([[{ changed: ['a'] }], [{ changed: ['b', 'c'] }], [{ removed: ['d'] }]]);
    search.onChange({ kind: 'rebuilt', ids: [] });
    expect(clients[0]!.close).toHaveBeenCalled();
    expect(start).toHaveBeenCalledTimes(2);
  });

  it('asks the view to search again as the index grows (throttled) and at once when it is complete', async () => {
    vi.useFakeTimers();
    try {
      const client = fakeClient({ hits: [], complete: false });
      let listener: ((status: Parameters<Parameters<LibrarySearchClient['onStatus']>[0]>[0]) => void) | undefined;
      client.onStatus.mockImplementation(((l: typeof listener) => {
        listener = l;
        return () => undefined;
      }) as never);
      const onIndexed = vi.fn();
      const search = createWorkerSearch(() => client, vi.fn(), onIndexed);
      search.warm();
      const status = (indexed: number, complete: boolean) => ({ phase: 'indexing' as const, complete, indexed, total: 1000, persisted: true, unsaved: false });
      listener!(status(0, false));
      listener!(status(100, false));
      listener!(status(200, false));
      expect(onIndexed).not.toHaveBeenCalled();
      vi.advanceTimersByTime(REFRESH_WHILE_INDEXING_MS);
      expect(onIndexed).toHaveBeenCalledTimes(1);
      // Partial answers say how far the index has got, for the "N of M indexed" note.
      await expect(search.search('riv', { limit: 20 })).resolves.toEqual({ results: [], complete: false, progress: { indexed: 200, total: 1000 } });
      listener!(status(1000, true));
      expect(onIndexed).toHaveBeenCalledTimes(2);
      listener!(status(1000, true));
      vi.advanceTimersByTime(REFRESH_WHILE_INDEXING_MS);
      expect(onIndexed).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
