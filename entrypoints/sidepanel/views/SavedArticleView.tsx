import { Icon } from '@/components/Icon';
import { Notice } from '@/components/Notice';
import { Spinner } from '@/components/Spinner';
import { TrackedArticle } from '@/components/TrackedArticle';
import { t } from '@/utils/i18n';
import { documentScroller, library, setReadAloud } from '../state';

/** One saved article read from storage, under one toolbar row: back, Read aloud, the time left, read mark, original link and delete. */
export function SavedArticleView() {
  const opened = library.opened.value;
  if (!opened) return null;
  const back = (
    <button
      type="button"
      class="button button--icon-only"
      aria-label={t('backToLibrary')}
      title={t('backToLibrary')}
      onClick={library.close}
      data-testid="back-to-library"
    >
      <Icon name="back" />
    </button>
  );
  const { result } = opened;
  if (!result) return <Spinner label={t('loadingArticle')} />;
  if (!result.ok) {
    return (
      <>
        <div class="toolbar">{back}</div>
        <Notice testId="saved-error" tone="error" title={t('errorTitle')} body={result.message} />
      </>
    );
  }
  const { saved, entry } = result;
  const read = entry?.readAt != null;
  return (
    <TrackedArticle
      article={saved.article}
      variant="full"
      positionKey={{ kind: 'saved', id: saved.id }}
      scroller={documentScroller}
      onReadAloud={setReadAloud}
      actions={back}
      endActions={
        <>
          {entry && (
            <button
              type="button"
              class="button button--icon-only"
              aria-label={read ? t('markUnread') : t('markRead')}
              title={read ? t('markUnread') : t('markRead')}
              onClick={() => void library.setRead(entry, !read).then(() => library.open(entry.id))}
              data-testid="toggle-read"
            >
              <Icon name={read ? 'unread' : 'check'} />
            </button>
          )}
          <a
            class="button button--icon-only"
            href={saved.article.url}
            target="_blank"
            rel="noopener noreferrer"
            aria-label={t('openOriginal')}
            title={t('openOriginal')}
            data-testid="open-original"
          >
            <Icon name="external" />
          </a>
          {entry && (
            <button
              type="button"
              class="button button--icon-only button--danger"
              aria-label={t('deleteArticle')}
              title={t('deleteArticle')}
              onClick={() => {
                library.close();
                void library.remove(entry);
              }}
              data-testid="delete-article"
            >
              <Icon name="trash" />
            </button>
          )}
        </>
      }
    />
  );
}
