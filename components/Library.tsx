import type { ComponentChildren } from 'preact';
import type { LibraryEntry } from '@/utils/library/types';
import {
  hasFilters,
  hasSearch,
  type LibraryQuery,
  type LibraryView,
  type SearchHit,
  type SiteCount,
  type SnippetSegment,
  type TagCount,
} from '@/utils/library/query';
import { t, type MessageKey } from '@/utils/i18n';
import { Icon } from './Icon';
import { LibraryBulkBar } from './LibraryBulkBar';
import { LibraryFilterBar } from './LibraryFilterBar';
import { LibraryItem, type LibraryItemActions } from './LibraryItem';
import { LibrarySearch } from './LibrarySearch';
import { LibrarySidebar } from './LibrarySidebar';
import { Notice } from './Notice';
import { Spinner } from './Spinner';
import { VirtualList } from './VirtualList';

const VIEW_TITLES: Record<LibraryView, MessageKey> = { inbox: 'viewInbox', archive: 'viewArchive', favourites: 'viewFavourites', all: 'viewAll' };
const EMPTY_VIEW: Record<LibraryView, MessageKey> = {
  inbox: 'inboxEmptyTitle',
  archive: 'archiveEmptyTitle',
  favourites: 'favouritesEmptyTitle',
  all: 'libraryEmptyTitle',
};

/** The ids the library's parts are found by (the `/` key focuses the search field). */
export const LIBRARY_SEARCH_ID = 'library-search';
const SIDEBAR_ID = 'library-sidebar';

/** What the library shows and what each of its controls does. */
export interface LibraryProps extends LibraryItemActions {
  query: LibraryQuery;
  /** The list the query gives, in its order. */
  entries: readonly LibraryEntry[];
  /** The count beside the heading; null while not known yet. */
  count: number | null;
  /** Whether the whole library has been read (before that, the first page only). */
  complete: boolean;
  /** The library holds no article at all. */
  empty: boolean;
  problems: readonly string[];
  /** Articles per view; null where not known yet. */
  counts: Record<LibraryView, number | null>;
  /** Null until the whole list is read. */
  tags: readonly TagCount[] | null;
  sites: readonly SiteCount[] | null;
  selection: ReadonlySet<string>;
  selected: readonly LibraryEntry[];
  progress: ReadonlyMap<string, number>;
  searchHits: ReadonlyMap<string, SearchHit> | null;
  /** The search snippets made so far for the rows shown (the worker's; a hit may carry its own). */
  snippets: ReadonlyMap<string, { parts: readonly SnippetSegment[] }>;
  /** A search was typed whose results have not arrived yet (the list still shows the previous ones). */
  searchPending: boolean;
  /** While the search's index is incomplete, how far it has got; null once complete (or no search). */
  searchIncomplete: { indexed: number; total: number | null } | null;
  rowHeight: number;
  onRowHeight: (height: number) => void;
  /** The wide layout (the full-tab library, from 900 px): the sidebar beside the list. */
  wide: boolean;
  /** Narrow layout: whether the sidebar is shown (the Filters button). */
  filtersOpen: boolean;
  onToggleFilters: () => void;
  onQuery: (change: Partial<LibraryQuery>) => void;
  onResetFilters: () => void;
  onSelectAll: () => void;
  onClearSelection: () => void;
  onBulkArchive: (archived: boolean) => void;
  onBulkRead: (read: boolean) => void;
  onBulkTag: () => void;
  onBulkDelete: () => void;
  onRenameTag: (from: string, to: string) => Promise<boolean>;
  onDeleteTag: (tag: string) => Promise<boolean>;
  /** The rows now in the DOM (their reading progress is read). */
  onRendered: (entries: readonly LibraryEntry[]) => void;
  /** What sticky bars cover at the top of the viewport. */
  topInset: () => number;
  /** The library's own actions beside the heading (Import, Export), shown also when it is empty. */
  actions?: ComponentChildren;
  /** Above the list: the offer to fetch saved links' articles, or its progress (components/LinkFetchOffer). */
  banner?: ComponentChildren;
  /** A line under some rows, by id: why a saved link's page could not be fetched. */
  notes?: ReadonlyMap<string, string>;
}

/**
 * The library: search, filters and sort above a windowed list of saved articles; a sidebar of
 * views, tags and sites (beside the list from 900 px, behind the Filters button below that); a
 * bulk bar in place of the filters while articles are selected.
 */
export function Library(props: LibraryProps) {
  const { query, entries, count, complete, empty, problems, selection, selected, progress, searchHits, rowHeight, onQuery } = props;
  const sidebarFilters = (query.tag !== null ? 1 : 0) + (query.site !== null ? 1 : 0) + (query.view !== 'inbox' ? 1 : 0);
  const searching = hasSearch(query);
  const filtered = hasFilters(query);

  let body;
  if (empty) {
    body = <Notice testId="library-empty" title={t('libraryEmptyTitle')} body={t('libraryEmptyBody')} />;
  } else if (entries.length === 0 && !complete) {
    body = <Spinner label={t('loadingLibrary')} />;
  } else if (entries.length === 0) {
    body = filtered ? (
      <Notice
        testId="library-no-match"
        title={t('noMatchesTitle')}
        body={t('noMatchesBody')}
        actions={[{ label: t('clearFilters'), onClick: props.onResetFilters, primary: true }]}
      />
    ) : (
      <Notice testId="library-view-empty" title={t(EMPTY_VIEW[query.view])} body={t('viewEmptyBody')} />
    );
  } else {
    body = (
      <VirtualList
        items={entries}
        keyOf={(e) => e.id}
        rowHeight={rowHeight}
        onRowHeight={props.onRowHeight}
        label={t('libraryList')}
        class="library-list"
        testId="library-list"
        focusSelector=".library-item-open"
        topInset={props.topInset}
        onRendered={props.onRendered}
        renderRow={(entry) => (
          <LibraryItem
            entry={entry}
            selected={selection.has(entry.id)}
            progress={progress.get(entry.id) ?? null}
            snippet={searchHits?.get(entry.id)?.snippet ?? (searchHits?.has(entry.id) ? props.snippets.get(entry.id)?.parts : null) ?? null}
            note={props.notes?.get(entry.id) ?? null}
            onOpen={props.onOpen}
            onPrefetch={props.onPrefetch}
            onSelect={props.onSelect}
            onSetRead={props.onSetRead}
            onArchive={props.onArchive}
            onFavourite={props.onFavourite}
            onEditTags={props.onEditTags}
            onDelete={props.onDelete}
          />
        )}
      />
    );
  }

  const sidebar = !empty && (props.wide || props.filtersOpen) && (
    <LibrarySidebar
      id={SIDEBAR_ID}
      view={query.view}
      tag={query.tag}
      site={query.site}
      counts={props.counts}
      tags={props.tags}
      sites={props.sites}
      onQuery={onQuery}
      onRenameTag={props.onRenameTag}
      onDeleteTag={props.onDeleteTag}
    />
  );

  const header = (
    <div class="library-header">
      <h1 id="library-heading" class="library-heading">
        {t(VIEW_TITLES[query.view])}{' '}
        <span class="library-count" data-testid="library-count">
          {count === null ? '' : searching ? t('libraryFound', count) : t('libraryCount', count)}
        </span>
      </h1>
      {props.actions && <div class="library-actions">{props.actions}</div>}
      {!empty && <LibrarySearch id={LIBRARY_SEARCH_ID} value={query.search} onInput={(search) => onQuery({ search })} incomplete={props.searchIncomplete} />}
      {!empty &&
        (selected.length > 0 ? (
          <LibraryBulkBar
            selected={selected.length}
            shown={entries.length}
            allArchived={selected.every((e) => e.archivedAt !== null)}
            allRead={selected.every((e) => e.readAt !== null)}
            onSelectAll={props.onSelectAll}
            onClear={props.onClearSelection}
            onArchive={props.onBulkArchive}
            onSetRead={props.onBulkRead}
            onTag={props.onBulkTag}
            onDelete={props.onBulkDelete}
          />
        ) : (
          <LibraryFilterBar
            query={query}
            onQuery={onQuery}
            sidebarId={props.wide ? null : SIDEBAR_ID}
            filtersOpen={props.filtersOpen}
            onToggleFilters={props.onToggleFilters}
            sidebarFilters={sidebarFilters}
          />
        ))}
      {(query.tag !== null || query.site !== null) && (
        <ul class="library-active-filters" aria-label={t('libraryFilters')}>
          {[query.tag, query.site].map(
            (name, i) =>
              name !== null && (
                <li key={i} class="tag-chip tag-chip--removable">
                  {i === 0 && <Icon name="tag" />}
                  <span>{name}</span>
                  <button
                    type="button"
                    class="tag-chip-remove"
                    aria-label={t('removeFilter', name)}
                    title={t('removeFilter', name)}
                    onClick={() => onQuery(i === 0 ? { tag: null } : { site: null })}
                    data-testid="remove-filter"
                  >
                    <Icon name="close" />
                  </button>
                </li>
              ),
          )}
        </ul>
      )}
    </div>
  );

  const content = (
    <div class="library-content">
      {problems.map((problem) => (
        <p key={problem} class="inline-error" role="alert">
          {problem}
        </p>
      ))}
      {props.banner}
      {body}
    </div>
  );

  // Wide: the sidebar first (left of the list, first in Tab order). Narrow: it opens under the
  // Filters button that shows it, so it comes right after the header.
  return (
    <section
      class={props.wide ? 'library library--wide' : 'library'}
      aria-labelledby="library-heading"
      aria-busy={props.searchPending ? 'true' : undefined}
      data-loaded={complete ? 'full' : 'partial'}
      data-testid="library"
    >
      {props.wide ? (
        <>
          {sidebar}
          <div class="library-main">
            {header}
            {content}
          </div>
        </>
      ) : (
        <>
          {header}
          {sidebar}
          {content}
        </>
      )}
    </section>
  );
}
