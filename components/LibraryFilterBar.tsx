import { t, type MessageKey } from '@/utils/i18n';
import { READ_FILTERS, hasSearch, type LibraryQuery, type LibrarySort, type ReadFilter } from '@/utils/library/query';
import { Icon } from './Icon';

const READ_LABELS: Record<ReadFilter, MessageKey> = { any: 'readAny', unread: 'readUnread', read: 'readRead' };
const SORT_LABELS: Record<LibrarySort, MessageKey> = {
  'saved-desc': 'sortSavedDesc',
  'saved-asc': 'sortSavedAsc',
  'reading-time': 'sortReadingTime',
  site: 'sortSite',
  title: 'sortTitle',
  relevance: 'sortRelevance',
};
const SORTS: readonly LibrarySort[] = ['saved-desc', 'saved-asc', 'reading-time', 'site', 'title'];

/** The query, what changing it does, and the compact layout's filter button. */
export interface LibraryFilterBarProps {
  query: LibraryQuery;
  onQuery: (change: Partial<LibraryQuery>) => void;
  /** The id of the sidebar the Filters button shows and hides; null in the wide layout (no button). */
  sidebarId: string | null;
  filtersOpen: boolean;
  onToggleFilters: () => void;
  /** Filters set in the sidebar (tag, site): counted on the button while the sidebar is hidden. */
  sidebarFilters: number;
}

/** Read state and sort, each a labelled menu, and (in a narrow view) the button that shows the sidebar. */
export function LibraryFilterBar({ query, onQuery, sidebarId, filtersOpen, onToggleFilters, sidebarFilters }: LibraryFilterBarProps) {
  const sorts = hasSearch(query) ? (['relevance', ...SORTS] as const) : SORTS;
  return (
    <div class="library-filter-bar" data-testid="library-filter-bar">
      {sidebarId !== null && (
        <button
          type="button"
          class="button button--quiet library-filters-toggle"
          aria-expanded={filtersOpen}
          aria-controls={sidebarId}
          onClick={onToggleFilters}
          data-testid="library-filters-toggle"
        >
          <Icon name="filter" />
          {sidebarFilters > 0 ? t('libraryFiltersActive', sidebarFilters) : t('libraryFilters')}
        </button>
      )}
      <label class="library-select">
        <span class="library-select-label">{t('readFilterLabel')}</span>
        <select value={query.read} onChange={(event) => onQuery({ read: event.currentTarget.value as ReadFilter })} data-testid="library-read-filter">
          {READ_FILTERS.map((read) => (
            <option key={read} value={read}>
              {t(READ_LABELS[read])}
            </option>
          ))}
        </select>
      </label>
      <label class="library-select">
        <span class="library-select-label">{t('sortLabel')}</span>
        <select
          value={query.sort === 'relevance' && !hasSearch(query) ? 'saved-desc' : query.sort}
          onChange={(event) => onQuery({ sort: event.currentTarget.value as LibrarySort })}
          data-testid="library-sort"
        >
          {sorts.map((sort) => (
            <option key={sort} value={sort}>
              {t(SORT_LABELS[sort])}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
