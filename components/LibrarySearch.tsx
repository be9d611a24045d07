import { t } from '@/utils/i18n';
import { Icon } from './Icon';

/** The typed search, what typing does, and whether the search's index is still being built. */
export interface LibrarySearchProps {
  value: string;
  onInput: (value: string) => void;
  /**
   * The search could not look everywhere yet (its index is being built): how far it has got
   * (`total` null: not known yet); null when the results are complete.
   */
  incomplete?: { indexed: number; total: number | null } | null;
  /** The field's id: the `/` key and the page focus it by this. */
  id: string;
}

/** The library's search field, searched as you type; Escape clears it; while the index is incomplete, how far it has got. */
export function LibrarySearch({ value, onInput, incomplete = null, id }: LibrarySearchProps) {
  return (
    <div class="library-search" role="search">
      <label class="library-search-label" for={id}>
        <Icon name="search" />
        <span class="visually-hidden">{t('searchLibrary')}</span>
      </label>
      <input
        id={id}
        type="search"
        class="library-search-input"
        value={value}
        placeholder={t('searchPlaceholder')}
        autocomplete="off"
        spellcheck={false}
        enterKeyHint="search"
        aria-describedby={incomplete ? `${id}-incomplete` : undefined}
        onInput={(event) => onInput(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && value !== '') {
            event.preventDefault();
            onInput('');
          }
        }}
        data-testid="library-search"
      />
      <kbd class="library-search-key" aria-hidden="true">
        /
      </kbd>
      {incomplete && (
        <p id={`${id}-incomplete`} class="library-search-note" role="status">
          {incomplete.total === null ? t('searchIncomplete') : t('searchIndexing', incomplete.indexed.toLocaleString(), incomplete.total.toLocaleString())}
        </p>
      )}
    </div>
  );
}
