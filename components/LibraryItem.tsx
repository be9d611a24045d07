import { memo } from 'preact/compat';
import type { SnippetSegment } from '@/utils/library/query';
import type { LibraryEntry } from '@/utils/library/types';
import { formatDate, formatReadingTime } from '@/utils/i18n/format';
import { siteOf } from '@/utils/library/query';
import { t } from '@/utils/i18n';
import { Highlight } from './Highlight';
import { Icon } from './Icon';

/** What a row's actions do; the list passes the same functions to every row. */
export interface LibraryItemActions {
  onOpen: (entry: LibraryEntry) => void;
  /** The pointer or focus is on the row's title: read the article ahead. */
  onPrefetch?: (entry: LibraryEntry) => void;
  onSelect: (entry: LibraryEntry, selected: boolean) => void;
  onSetRead: (entry: LibraryEntry, read: boolean) => void;
  onArchive: (entry: LibraryEntry, archived: boolean) => void;
  onFavourite: (entry: LibraryEntry, favourite: boolean) => void;
  onEditTags: (entry: LibraryEntry) => void;
  onDelete: (entry: LibraryEntry) => void;
}

/** One entry, whether it is selected, how far it has been read, its search snippet, and its actions. */
export interface LibraryItemProps extends LibraryItemActions {
  entry: LibraryEntry;
  selected: boolean;
  /** 0–1 through the article; null while not known. */
  progress: number | null;
  /** The search's snippet for this entry (shown instead of the excerpt), or null. */
  snippet: readonly SnippetSegment[] | null;
  /** A line about the row's saved link (why its page could not be fetched), or null. */
  note?: string | null;
}

/**
 * One saved article in the library list: select box, title (opens it), site, date, reading time,
 * read mark, favourite, progress, tags, excerpt or search snippet, and its actions. Every row has
 * the same height (assets/library.css), which the windowed list relies on. Memoised: a scroll, a
 * change of another row or of the list around it renders only the rows whose props changed (the
 * actions must be the same functions from render to render).
 */
export const LibraryItem = memo(function LibraryItem({
  entry,
  selected,
  progress,
  snippet,
  note = null,
  onOpen,
  onPrefetch,
  onSelect,
  onSetRead,
  onArchive,
  onFavourite,
  onEditTags,
  onDelete,
}: LibraryItemProps) {
  const read = entry.readAt !== null;
  const archived = entry.archivedAt !== null;
  // Unique per entry without useId: the row's key is its id, and ids are unique in the list.
  const titleId = `library-item-title-${entry.id}`;
  const percent = progress === null ? 0 : Math.round(progress * 100);
  const link = entry.content === 'link';
  const classes = ['library-item', read && 'library-item--read', selected && 'library-item--selected', link && 'library-item--link'].filter(Boolean).join(' ');
  const prefetch = onPrefetch ? () => onPrefetch(entry) : undefined;
  return (
    <div class={classes} data-testid="library-item" data-entry-id={entry.id} data-content={entry.content}>
      <input
        type="checkbox"
        class="library-item-select"
        checked={selected}
        aria-label={t('selectArticle', entry.title)}
        onChange={(event) => onSelect(entry, event.currentTarget.checked)}
        data-testid="library-item-select"
      />
      <div class="library-item-body" lang={entry.lang ?? undefined} dir={entry.dir ?? 'auto'}>
        <button type="button" class="library-item-open" onClick={() => onOpen(entry)} onPointerEnter={prefetch} onFocus={prefetch}>
          <span class="library-item-title" id={titleId}>
            {entry.title}
          </span>
        </button>
        <p class="library-item-meta">
          {entry.favourite && (
            <span class="library-item-star" title={t('favouriteBadge')}>
              <Icon name="star" filled />
              <span class="visually-hidden">{t('favouriteBadge')}</span>
            </span>
          )}
          <span>{siteOf(entry)}</span>
          <span class="library-item-saved">{t('savedOn', formatDate(entry.savedAt) ?? '')}</span>
          {/* A link has no text to time: it says it is only a link until its page is read. */}
          {link ? (
            <>
              <span class="badge badge--link" data-testid="library-item-link">
                {t('linkOnlyBadge')}
              </span>
              {note && (
                <span class="library-item-fetch-note" data-testid="library-item-fetch-note">
                  {note}
                </span>
              )}
            </>
          ) : (
            <span>{formatReadingTime(entry.readingTimeMinutes)}</span>
          )}
          {read ? (
            <span class="badge">{t('readBadge')}</span>
          ) : (
            percent > 0 && (
              <span class="library-item-progress" data-testid="library-item-progress">
                <span class="library-item-progress-bar" aria-hidden="true">
                  <span style={{ inlineSize: `${percent}%` }} />
                </span>
                {t('progressRead', percent)}
              </span>
            )
          )}
        </p>
        <p class={snippet ? 'library-item-excerpt library-item-snippet' : 'library-item-excerpt'} data-testid={snippet ? 'library-item-snippet' : undefined}>
          {snippet ? <Highlight segments={snippet} /> : entry.excerpt}
        </p>
        {entry.tags.length > 0 && (
          <ul class="library-item-tags" aria-label={t('articleTags')}>
            {entry.tags.map((tag) => (
              <li key={tag} class="tag-chip">
                {tag}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div class="library-item-actions">
        {/* Named by its visible text (WCAG 2.5.3, axe label-content-name-mismatch), described by the title. */}
        <button type="button" class="button button--quiet" aria-describedby={titleId} onClick={() => onSetRead(entry, !read)}>
          {read ? t('markUnread') : t('markRead')}
        </button>
        <button
          type="button"
          class="button button--icon-only"
          aria-label={archived ? t('unarchive') : t('archive')}
          title={archived ? t('unarchive') : t('archive')}
          aria-describedby={titleId}
          onClick={() => onArchive(entry, !archived)}
          data-testid="library-item-archive"
        >
          <Icon name={archived ? 'inbox' : 'archive'} />
        </button>
        <button
          type="button"
          class="button button--icon-only library-item-favourite"
          aria-label={t('favourite')}
          title={t('favourite')}
          aria-pressed={entry.favourite}
          aria-describedby={titleId}
          onClick={() => onFavourite(entry, !entry.favourite)}
          data-testid="library-item-favourite"
        >
          <Icon name="star" filled={entry.favourite} />
        </button>
        <button
          type="button"
          class="button button--icon-only"
          aria-label={t('addTag')}
          title={t('addTag')}
          aria-describedby={titleId}
          aria-haspopup="dialog"
          onClick={() => onEditTags(entry)}
          data-testid="library-item-tags"
        >
          <Icon name="tag" />
        </button>
        <button type="button" class="button button--quiet button--danger" aria-label={t('deleteArticleNamed', entry.title)} onClick={() => onDelete(entry)}>
          {t('deleteArticle')}
        </button>
      </div>
    </div>
  );
});
