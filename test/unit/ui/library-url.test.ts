import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LibrarySnapshot, SavedArticleResult } from '../../../utils/library/store';
import { createLibraryStore } from '../../../utils/ui/library-store';
import { isLibraryHash, syncLibraryUrl } from '../../../utils/ui/library-url';
import { makeArticle } from '../support/article-factory';
import { makeEntry } from '../support/entry-factory';
import { settle } from '../support/settle';

function store() {
  const entries = [makeEntry({ id: 'a', title: 'A' })];
  return createLibraryStore({
    send: (() => Promise.reject(new Error('no writes here'))) as never,
    readLibrary: async (): Promise<LibrarySnapshot> => ({ entries, problems: [], newerSchema: false }),
    readNewestEntries: async () => ({ entries, total: 1 }),
    getSavedArticle: async (id): Promise<SavedArticleResult> => ({
      ok: true,
      saved: { schemaVersion: 3, id, savedAt: 1, archivedAt: null, favourite: false, tags: [], updatedAt: 1, content: 'article', article: makeArticle() },
      entry: entries[0]!,
    }),
    watchLibrary: () => () => undefined,
    loadProgress: async () => new Map(),
    now: () => 0,
  });
}

/** Back, as the browser does it: the URL changes, then popstate. */
async function back(): Promise<void> {
  const done = new Promise((resolve) => window.addEventListener('popstate', resolve, { once: true }));
  history.back();
  await done;
  await settle();
}

describe('the full-tab library in the URL', () => {
  let stop: (() => void) | undefined;
  beforeEach(() => history.replaceState(null, '', '/sidepanel.html#library'));
  afterEach(() => stop?.());

  it('recognises the library hash with or without a query', () => {
    expect(isLibraryHash('#library')).toBe(true);
    expect(isLibraryHash('#library?view=archive')).toBe(true);
    expect(isLibraryHash('#settings')).toBe(false);
  });

  it('opens the view a bookmark names, with the article it had open', async () => {
    history.replaceState(null, '', '/sidepanel.html#library?view=archive&tag=Climate&q=flood&open=a');
    const s = store();
    stop = syncLibraryUrl(s, window);
    expect(s.query.value).toMatchObject({ view: 'archive', tag: 'Climate', search: 'flood' });
    await settle();
    expect(s.opened.value?.id).toBe('a');
    expect(location.hash).toBe('#library?view=archive&tag=Climate&q=flood&open=a');
  });

  it('adds a history entry per view or filter, and Back goes to the previous one', async () => {
    const s = store();
    stop = syncLibraryUrl(s, window);
    const length = history.length;
    s.setQuery({ view: 'archive' });
    expect(location.hash).toBe('#library?view=archive');
    s.setQuery({ tag: 'Climate' });
    expect(location.hash).toBe('#library?view=archive&tag=Climate');
    expect(history.length).toBe(length + 2);
    await back();
    expect(s.query.value).toMatchObject({ view: 'archive', tag: null });
    await back();
    expect(s.query.value).toMatchObject({ view: 'inbox', tag: null });
    expect(location.hash).toBe('#library');
  });

  it('replaces the entry while a search is typed', () => {
    const s = store();
    stop = syncLibraryUrl(s, window);
    s.setQuery({ view: 'favourites' });
    const length = history.length;
    s.setQuery({ search: 'f' });
    s.setQuery({ search: 'fl' });
    s.setQuery({ search: 'flo' });
    expect(history.length).toBe(length);
    expect(location.hash).toBe('#library?view=favourites&q=flo&sort=relevance');
  });

  it('Back from an opened article closes it and keeps the filters', async () => {
    const s = store();
    stop = syncLibraryUrl(s, window);
    s.setQuery({ view: 'all' });
    await s.open('a');
    expect(location.hash).toBe('#library?view=all&open=a');
    await back();
    expect(s.opened.value).toBeNull();
    expect(s.query.value.view).toBe('all');
  });

  it('follows a hash typed in the address bar', async () => {
    const s = store();
    stop = syncLibraryUrl(s, window);
    location.hash = '#library?read=unread';
    await new Promise((resolve) => window.addEventListener('hashchange', resolve, { once: true }));
    expect(s.query.value.read).toBe('unread');
  });
});
