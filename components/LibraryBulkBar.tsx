import { t } from '@/utils/i18n';
import { Icon } from './Icon';

/** How many are selected out of how many shown, and what each bulk action does. */
export interface LibraryBulkBarProps {
  selected: number;
  shown: number;
  /** Every selected article is archived: the archive action moves them back to the inbox. */
  allArchived: boolean;
  /** Every selected article is read: the read action marks them unread. */
  allRead: boolean;
  onSelectAll: () => void;
  onClear: () => void;
  onArchive: (archived: boolean) => void;
  onSetRead: (read: boolean) => void;
  onTag: () => void;
  onDelete: () => void;
}

/** Shown while articles are selected: archive, tag, mark read and delete them all at once. */
export function LibraryBulkBar({ selected, shown, allArchived, allRead, onSelectAll, onClear, onArchive, onSetRead, onTag, onDelete }: LibraryBulkBarProps) {
  return (
    <div class="library-bulk-bar" role="toolbar" aria-label={t('bulkActions')} data-testid="library-bulk-bar">
      <span class="library-bulk-count" role="status">
        {t('selectedCount', selected)}
      </span>
      {selected < shown && (
        <button type="button" class="button button--quiet" onClick={onSelectAll} data-testid="bulk-select-all">
          {t('selectAllShown', shown)}
        </button>
      )}
      <button type="button" class="button button--quiet" onClick={onClear} data-testid="bulk-clear">
        {t('clearSelection')}
      </button>
      <span class="library-bulk-gap" />
      <button type="button" class="button" onClick={() => onArchive(!allArchived)} data-testid="bulk-archive">
        <Icon name={allArchived ? 'inbox' : 'archive'} />
        {allArchived ? t('unarchive') : t('archive')}
      </button>
      <button type="button" class="button" onClick={() => onSetRead(!allRead)} data-testid="bulk-read">
        <Icon name={allRead ? 'unread' : 'check'} />
        {allRead ? t('markUnread') : t('markRead')}
      </button>
      <button type="button" class="button" aria-haspopup="dialog" onClick={onTag} data-testid="bulk-tag">
        <Icon name="tag" />
        {t('tagSelected')}
      </button>
      <button type="button" class="button button--danger" onClick={onDelete} data-testid="bulk-delete">
        <Icon name="trash" />
        {t('deleteArticle')}
      </button>
    </div>
  );
}
