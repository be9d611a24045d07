/**
 * The full-tab library keeps its query, and the article opened from it, in the page's URL
 * (`sidepanel.html#library?view=archive&tag=…&q=…&open=<id>`): a view can be bookmarked and
 * reloaded, and Back/Forward step through views and back from an article. Choosing a view, a
 * filter or a sort, or opening an article, adds a history entry; typing a search replaces the
 * current one (Back does not replay each keystroke).
 */
import { effect } from '@preact/signals';
import { LIBRARY_HASH, openedFromUrl, queryFromUrl, queryToUrl, type LibraryQuery } from '../library/query';
import type { LibraryStore } from './library-store';

/** Whether a hash is the library's (`#library`, with or without a query). */
export function isLibraryHash(hash: string): boolean {
  return hash === LIBRARY_HASH || hash.startsWith(`${LIBRARY_HASH}?`);
}

/** Only the search differs between the two queries (typing): replace rather than push. */
function onlySearchChanged(a: LibraryQuery, b: LibraryQuery): boolean {
  return a.search !== b.search && a.view === b.view && a.tag === b.tag && a.read === b.read && a.site === b.site;
}

/**
 * Starts keeping `store` and the URL of `win` in step: the URL's query and opened article are
 * applied now, then each change of either side reaches the other. Returns the stop function.
 */
export function syncLibraryUrl(store: LibraryStore, win: Window): () => void {
  const history = win.history;
  // The list's own scroll restoration (library-store) decides where Back lands, not the browser's.
  if ('scrollRestoration' in history) history.scrollRestoration = 'manual';

  let applying = false;
  let last = { query: store.query.peek(), open: store.opened.peek()?.id ?? null, hash: win.location.hash };

  const applyUrl = () => {
    const hash = win.location.hash;
    if (!isLibraryHash(hash) || hash === last.hash) return;
    applying = true;
    try {
      store.replaceQuery(queryFromUrl(hash));
      const open = openedFromUrl(hash);
      if (open === null) store.close();
      else if (store.opened.peek()?.id !== open) void store.open(open);
    } finally {
      applying = false;
    }
    last = { query: store.query.peek(), open: store.opened.peek()?.id ?? null, hash };
  };

  if (isLibraryHash(last.hash)) {
    last.hash = '';
    applyUrl();
  }

  const stopEffect = effect(() => {
    const query = store.query.value;
    const open = store.opened.value?.id ?? null;
    if (applying) return;
    const hash = queryToUrl(query, open);
    if (hash === last.hash) return;
    const replace = open === last.open && onlySearchChanged(last.query, query);
    const url = `${win.location.pathname}${win.location.search}${hash}`;
    if (replace) history.replaceState(history.state, '', url);
    else history.pushState(null, '', url);
    last = { query, open, hash };
  });

  win.addEventListener('popstate', applyUrl);
  win.addEventListener('hashchange', applyUrl);
  return () => {
    stopEffect();
    win.removeEventListener('popstate', applyUrl);
    win.removeEventListener('hashchange', applyUrl);
  };
}
