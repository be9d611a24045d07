/**
 * The side panel's state, outside its components (Preact signals): the active tab's reader, the
 * library, the settings, which view is shown, and the read-aloud controller the keys drive.
 */
import { signal } from '@preact/signals';
import { createSettingsStore } from '@/utils/settings/store';
import type { ReadAloudController } from '@/utils/speech/controller';
import type { Invocation } from '@/utils/panel/invocations';
import { LIBRARY_SEARCH_ID } from '@/components/Library';
import { createSubstringSearch } from '@/utils/library/fallback-search';
import { startLibrarySearch } from '@/utils/library/search/client';
import { readNewestEntries, watchLibrary } from '@/utils/library/store';
import { createImportStore } from '@/utils/ui/import-store';
import { createExportStore } from '@/utils/ui/export-store';
import { FIRST_PAINT_ROWS, createLibraryStore } from '@/utils/ui/library-store';
import { isLibraryHash } from '@/utils/ui/library-url';
import { createLinkFetchStore } from '@/utils/ui/link-fetch-store';
import { createWorkerSearch } from '@/utils/ui/worker-search';
import { createTabReader } from '@/utils/ui/reader-store';
import { createStorageUsage } from '@/utils/ui/storage-usage';

/** The panel's top-level views (a saved article opens inside the library view). */
export type View = 'reader' | 'library' | 'settings';

/** The active tab's article and its save state. */
export const reader = createTabReader();
/** Full-text search in its worker; the list's own substring search if the worker cannot run. */
const librarySearch = createWorkerSearch(
  () => startLibrarySearch(),
  createSubstringSearch(() => library.entries.value),
  () => library.refreshSearch(),
);
/**
 * A page opened on the library (its URL says so) starts reading the first page at once, while the
 * rest of the page starts (the browser's answers about the tab, the first render): the store takes
 * that read instead of starting its own.
 */
let earlyFirstPage = isLibraryHash(location.hash) ? readNewestEntries(FIRST_PAINT_ROWS) : null;
/** The library list, the saved article opened from it, and the pending undo. */
export const library = createLibraryStore({
  readNewestEntries: (limit) => {
    const early = earlyFirstPage;
    earlyFirstPage = null;
    return early && limit === FIRST_PAINT_ROWS ? early : readNewestEntries(limit);
  },
  search: librarySearch.search,
  snippets: librarySearch.snippets,
  // The index hears every committed change, whichever view made it.
  watchLibrary: (onChange) =>
    watchLibrary((change) => {
      librarySearch.onChange(change);
      onChange(change);
    }),
});
/** Library → Import: the file being imported, its job's progress and its report. */
export const importer = createImportStore();
/** Saved links' articles fetched in the background: the offer, the run's progress, each link's failure. */
export const linkFetch = createLinkFetchStore();
/** The Library's export: its choices, progress and outcome. */
export const libraryExport = createExportStore();
/** Starts the search worker, so its index has loaded by the time the user types. */
export const warmLibrarySearch = (): void => librarySearch.warm();
/** The reader settings, applied to this page as they change. */
export const settings = createSettingsStore(window, document.documentElement);
/** The settings' "Storage used" figures (saved articles and their images). */
export const storageUsage = createStorageUsage();
/** The view on screen. */
export const view = signal<View>('reader');
/** Whether the keyboard-shortcuts dialog is open. */
export const helpOpen = signal(false);
/** The read-aloud controller of the article on screen, for the `r` key. */
export const readAloud = signal<ReadAloudController | null>(null);

/** Keeps the controller of the article on screen, for the `r` key. */
export const setReadAloud = (controller: ReadAloudController | null) => {
  readAloud.value = controller;
};

/** The panel scrolls as a document, unlike the popup's inner scroller. */
export const documentScroller = () => document.scrollingElement as HTMLElement | null;

/** The height of a library row as last measured (CSS decides it; kept so a return to the list lays out at once). */
export const libraryRowHeight = signal(150);
/** Whether the narrow layout shows the library's sidebar (views, tags, sites). */
export const libraryFiltersOpen = signal(false);
/** Whose tags the tag editor is editing: one article, or the selection. */
export const tagEditing = signal<{ kind: 'entry'; id: string } | { kind: 'selection' } | null>(null);

/** The library's search field, for the `/` key: shows the list and puts the cursor in the field. */
export function focusLibrarySearch(): void {
  library.close();
  view.value = 'library';
  // After the list has rendered.
  requestAnimationFrame(() => document.getElementById(LIBRARY_SEARCH_ID)?.focus());
}

/** Shows another view; leaves an opened saved article, so the library shows its list next time. */
export function showView(next: View): void {
  library.close();
  view.value = next;
}

/** A user invoked the reader on a tab (toolbar, shortcut, menu): show what they asked for. */
export function followInvocation(invocation: Invocation): void {
  if (invocation.intent === 'library') {
    view.value = 'library';
  } else if (invocation.intent === 'read' || invocation.intent === 'selection') {
    showView('reader');
  }
  // The gesture behind an invocation grants access to the tab: read it now, even if a moment
  // ago we could not.
  void reader.read(invocation.tabId, invocation.intent === 'selection' ? 'selection' : 'auto', { expectAccess: true });
}
