import { useId } from 'preact/hooks';
import type { LibraryEntry } from '@/utils/library/types';
import { formatDate, formatReadingTime, hostOf } from '@/utils/i18n/format';
import { t } from '@/utils/i18n';

/** One entry and what its open, delete and read-mark actions do. */
export interface LibraryItemProps {
  entry: LibraryEntry;
  onOpen: (entry: LibraryEntry) => void;
  onDelete: (entry: LibraryEntry) => void;
  onSetRead: (entry: LibraryEntry, read: boolean) => void;
}

/** One saved article in the library list. */
export function LibraryItem({ entry, onOpen, onDelete, onSetRead }: LibraryItemProps) {
  const read = entry.readAt !== null;
  const titleId = useId();
  return (
    <li class={read ? 'library-item library-item--read' : 'library-item'} data-testid="library-item" lang={entry.lang ?? undefined} dir={entry.dir ?? 'auto'}>
      <button type="button" class="library-item-open" onClick={() => onOpen(entry)}>
        <span class="library-item-title" id={titleId}>
          {entry.title}
        </span>
      </button>
      <p class="library-item-meta">
        <span>{entry.siteName ?? hostOf(entry.url)}</span>
        <span>{t('savedOn', formatDate(entry.savedAt) ?? '')}</span>
        <span>{formatReadingTime(entry.readingTimeMinutes)}</span>
        {read && <span class="badge">{t('readBadge')}</span>}
      </p>
      {entry.excerpt && <p class="library-item-excerpt">{entry.excerpt}</p>}
      <div class="library-item-actions">
        {/* Named by its visible text (WCAG 2.5.3, axe label-content-name-mismatch), described by the title. */}
        <button type="button" class="button button--quiet" aria-describedby={titleId} onClick={() => onSetRead(entry, !read)}>
          {read ? t('markUnread') : t('markRead')}
        </button>
        <button type="button" class="button button--quiet button--danger" aria-label={t('deleteArticleNamed', entry.title)} onClick={() => onDelete(entry)}>
          {t('deleteArticle')}
        </button>
      </div>
    </li>
  );
}
