import { computed } from '@preact/signals';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { Library } from '@/components/Library';
import { LibraryImport } from '@/components/LibraryImport';
import { LibraryExport } from '@/components/LibraryExport';
import { LinkFetchOffer } from '@/components/LinkFetchOffer';
import { lazyComponent } from '@/components/Lazy';
import { Spinner } from '@/components/Spinner';
import { useMediaQuery } from '@/hooks/use-media-query';
import { TagEditor } from '@/components/TagEditor';
import type { LibraryItemActions } from '@/components/LibraryItem';
import { t } from '@/utils/i18n';
import type { LibraryEntry } from '@/utils/library/types';
import { tagKey } from '@/utils/library/query';
import type { ExportScope } from '@/utils/ui/export-store';
import type { SearchState } from '@/utils/ui/library-store';
import { linkFailureText } from '@/utils/ui/link-fetch-store';
import { importer, library, linkFetch, libraryExport, libraryFiltersOpen, libraryRowHeight, tagEditing, warmLibrarySearch } from '../state';

/** A saved article's view (the article renderer, read aloud, its sanitizing) is its own chunk, loaded once the list is shown. */
const savedArticleView = lazyComponent(
  () => import('./SavedArticleView').then((m) => m.SavedArticleView),
  () => <Spinner label={t('loadingArticle')} />,
);
/** After the list's first rows are painted: the page is idle by then, and opening an article needs no load. */
const PRELOAD_ARTICLE_VIEW_MS = 1000;

/** The saved articles, or the one the user opened from them; the tag editor over either. */
export function LibraryView() {
  useEffect(warmLibrarySearch, []);
  useEffect(() => {
    const timer = setTimeout(() => void savedArticleView.preload(), PRELOAD_ARTICLE_VIEW_MS);
    return () => clearTimeout(timer);
  }, []);
  // Shows a running import or an unseen report, and lets the background resume an interrupted one.
  useEffect(() => importer.start(), []);
  // The background fetch of saved links: its state and each link's item, followed while the library is open.
  useEffect(() => linkFetch.start(), []);
  return (
    <>
      {library.opened.value ? <savedArticleView.Lazy /> : <LibraryList />}
      <LibraryTagEditor />
    </>
  );
}

/** Opens an article from the list; the list's scroll offset is kept for the way back. */
function openFromList(entry: LibraryEntry): void {
  library.rememberListScroll(window.scrollY);
  void library.open(entry.id);
  window.scrollTo(0, 0);
}

/**
 * What a row's buttons do: the same functions on every render, so a row whose entry did not change
 * is not rendered again (LibraryItem is memoised).
 */
const rowActions: LibraryItemActions = {
  onOpen: openFromList,
  onPrefetch: (entry) => {
    library.prefetch(entry.id);
    void savedArticleView.preload();
  },
  onSelect: (entry, on) => library.select(entry.id, on),
  onSetRead: (entry, read) => void library.setRead(entry, read),
  onArchive: (entry, archived) => void library.setArchived([entry], archived),
  onFavourite: (entry, favourite) => void library.setFavourite([entry], favourite),
  onEditTags: (entry) => (tagEditing.value = { kind: 'entry', id: entry.id }),
  onDelete: (entry) => void library.remove(entry),
};
const setRowHeight = (height: number) => (libraryRowHeight.value = height);

/** Rows' progress is read once the list rests, not on every frame of a fast scroll. */
const PROGRESS_DELAY_MS = 120;
let progressTimer: ReturnType<typeof setTimeout> | undefined;
function requestProgressSoon(rows: readonly LibraryEntry[]): void {
  clearTimeout(progressTimer);
  progressTimer = setTimeout(() => void library.requestProgress(rows.map((e) => e.id)), PROGRESS_DELAY_MS);
}

/**
 * Snippets once the rows have stayed for a moment (typing paused, scrolling stopped): each set of
 * rows costs the worker a read of their stored articles and a scan for the passage, which the next
 * keystroke would replace while it competes with that keystroke's search. Only the rows on screen
 * ever get one. About one keystroke's interval of someone typing quickly.
 */
export const SNIPPET_DELAY_MS = 120;
let snippetTimer: ReturnType<typeof setTimeout> | undefined;
function requestSnippetsSoon(rows: readonly LibraryEntry[]): void {
  clearTimeout(snippetTimer);
  const ids = rows.map((e) => e.id);
  snippetTimer = setTimeout(() => void library.requestSnippets(ids), SNIPPET_DELAY_MS);
}

/** From this width (the library opened as a tab) the sidebar sits beside the list. */
const WIDE_LAYOUT = '(min-width: 900px)';

/** What sticky bars (the section tabs, the library's header) cover at the top of the viewport. */
const headerBottom = () =>
  // The header counts where it sticks (wide, or narrow with the bulk bar); scrolled away, its bottom is above 0.
  Math.max(0, ...['.panel-nav', '.library-header'].map((selector) => document.querySelector(selector)?.getBoundingClientRect().bottom ?? 0));

function LibraryList() {
  // Back from an article: the same scroll offset (the list's height is known at once, as every
  // row has the remembered height).
  useLayoutEffect(() => {
    const y = library.takeListScroll();
    if (y !== null) window.scrollTo(0, y);
  }, []);

  // Another view, filter, sort or search shows another list: from its top, not mid-way down.
  const query = library.query.value;
  const shownQuery = useRef(query);
  useLayoutEffect(() => {
    if (shownQuery.current === query) return;
    shownQuery.current = query;
    if (window.scrollY > 0) window.scrollTo(0, 0);
  }, [query]);

  const wide = useMediaQuery(WIDE_LAYOUT);
  const loaded = library.loaded.value;
  const selected = library.selected.value;
  return (
    <Library
      query={query}
      entries={library.visible.value}
      count={library.count.value}
      complete={loaded === 'full'}
      empty={loaded === 'full' && library.entries.value.length === 0}
      problems={library.problems.value}
      counts={library.counts.value}
      tags={library.tags.value}
      sites={library.sites.value}
      selection={library.selection.value}
      selected={selected}
      progress={library.progress.value}
      searchHits={library.searchHits.value}
      snippets={library.snippets.value}
      searchPending={library.searchPending.value}
      searchIncomplete={searchProgress(library.searchState.value)}
      rowHeight={libraryRowHeight.value}
      onRowHeight={setRowHeight}
      wide={wide}
      filtersOpen={libraryFiltersOpen.value}
      onToggleFilters={() => (libraryFiltersOpen.value = !libraryFiltersOpen.value)}
      onQuery={library.setQuery}
      onResetFilters={() => library.setQuery({ tag: null, site: null, read: 'any', search: '' })}
      onSelectAll={library.selectAll}
      onClearSelection={library.clearSelection}
      onBulkArchive={(archived) => void library.setArchived(selected, archived)}
      onBulkRead={(read) => void library.setReadMany(selected, read)}
      onBulkTag={() => (tagEditing.value = { kind: 'selection' })}
      onBulkDelete={() => void library.removeMany(selected)}
      onRenameTag={library.renameTag}
      onDeleteTag={library.deleteTag}
      onRendered={(rows) => {
        requestProgressSoon(rows);
        requestSnippetsSoon(rows);
      }}
      topInset={headerBottom}
      {...rowActions}
      banner={<LinkFetchControl />}
      notes={linkFetchNotes()}
      actions={
        <>
          <LibraryImportControl />
          {!(loaded === 'full' && library.entries.value.length === 0) && <LibraryExportTools />}
        </>
      }
    />
  );
}

/** The ids each export scope covers, in the order the list shows them (the whole library newest first). */
function scopeIds(scope: ExportScope): string[] {
  const list = scope === 'library' ? library.entries.value : scope === 'view' ? library.visible.value : library.selected.value;
  return list.map((e) => e.id);
}

/** The Export button with its dialog and progress, for the whole library, the list as filtered, or the selection. */
function LibraryExportTools() {
  const scope = libraryExport.scope.value;
  return (
    <LibraryExport
      status={libraryExport.status.value}
      format={libraryExport.format.value}
      scope={scope}
      counts={{ library: library.entries.value.length, view: library.visible.value.length, selection: library.selected.value.length }}
      ready={library.loaded.value === 'full'}
      onFormat={(format) => (libraryExport.format.value = format)}
      onScope={(next) => (libraryExport.scope.value = next)}
      onStart={() => void libraryExport.start(scopeIds(libraryExport.scope.value))}
      onCancel={libraryExport.cancel}
      onDismiss={libraryExport.dismiss}
    />
  );
}

/** The Import button and dialog, wired to the page's import store. */
function LibraryImportControl() {
  return (
    <LibraryImport
      view={importer.view.value}
      onFile={(file) =>
        void importer.importFile({
          name: file.name,
          size: file.size,
          bytes: async () => new Uint8Array(await file.arrayBuffer()),
          slice: async (start, end) => new Uint8Array(await file.slice(start, end).arrayBuffer()),
        })
      }
      onCancel={() => void importer.cancel()}
      onDismiss={() => void importer.dismiss()}
      onRestore={() => void importer.restore()}
    />
  );
}

/** Why each saved link whose page could not be fetched was not (shown under its row). */
function linkFetchNotes(): ReadonlyMap<string, string> {
  const notes = new Map<string, string>();
  for (const item of linkFetch.items.value.values()) if (item.status === 'failed') notes.set(item.articleId, linkFailureText(item));
  return notes;
}

/** The offer to fetch saved links' articles in the background, or the run's progress. */
/** Saved links not yet queued: computed when the entries or the queue change, not on every render of the list (a keystroke). */
const unfetchedLinks = computed(() => {
  const items = linkFetch.items.value;
  let links = 0;
  for (const e of library.entries.value) if (e.content === 'link' && e.deletedAt === null && !items.has(e.id)) links++;
  return links;
});

function LinkFetchControl() {
  const links = unfetchedLinks.value;
  return (
    <LinkFetchOffer
      links={links}
      state={linkFetch.state.value}
      allowed={linkFetch.allowed.value}
      ask={linkFetch.ask.value}
      onAllow={() => void linkFetch.allow()}
      onPause={() => void linkFetch.pause()}
      onResume={() => void linkFetch.resume()}
      onCancel={() => void linkFetch.cancel()}
    />
  );
}

/** How far the search index has got, while the search's results are incomplete. */
function searchProgress(state: SearchState | null): { indexed: number; total: number | null } | null {
  if (!state || state.complete) return null;
  return state.progress ?? { indexed: 0, total: null };
}

/** Tags shown for a selection: every tag any of them has, once. */
function unionOfTags(entries: readonly LibraryEntry[]): string[] {
  const seen = new Map<string, string>();
  for (const e of entries) for (const tag of e.tags) if (!seen.has(tagKey(tag))) seen.set(tagKey(tag), tag);
  return [...seen.values()];
}

/** The tag editor, for one article (from its row or the reader) or for the selection. */
function LibraryTagEditor() {
  const editing = tagEditing.value;
  if (!editing) return null;
  const close = () => (tagEditing.value = null);
  let targets: LibraryEntry[];
  let title: string;
  let hint: string | undefined;
  if (editing.kind === 'entry') {
    const open = library.opened.value;
    const entry = library.entries.value.find((e) => e.id === editing.id) ?? (open?.id === editing.id ? open.entry : null);
    if (!entry) return null;
    targets = [entry];
    title = t('tagsOf', entry.title);
  } else {
    targets = library.selected.value;
    if (targets.length === 0) return null;
    title = t('tagsOfSelected', targets.length);
    hint = t('tagsOfSelectedHint');
  }
  return (
    <TagEditor
      title={title}
      hint={hint}
      tags={unionOfTags(targets)}
      suggestions={library.tags.value ?? []}
      onAdd={(tag) => void library.addTags(targets, [tag])}
      onRemove={(tag) => void library.removeTags(targets, [tag])}
      onClose={close}
    />
  );
}
