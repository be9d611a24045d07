import { Icon } from '@/components/Icon';
import { IconButton } from '@/components/IconButton';
import { Notice } from '@/components/Notice';
import { Spinner } from '@/components/Spinner';
import { TrackedArticle } from '@/components/TrackedArticle';
import { t } from '@/utils/i18n';
import { documentScroller, library, setReadAloud } from '../state';

/** One saved article read from storage, under one toolbar row: back, Read aloud, the time left, read mark, original link and delete. */
export function SavedArticleView() {
  const opened = library.opened.value;
  if (!opened) return null;
  const back = <IconButton label={t('backToLibrary')} icon="back" onClick={library.close} testId="back-to-library" />;
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
            <IconButton
              label={read ? t('markUnread') : t('markRead')}
              icon={read ? 'unread' : 'check'}
              onClick={() => void library.setRead(entry, !read).then(() => library.open(entry.id))}
              testId="toggle-read"
            />
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
            <IconButton
              label={t('deleteArticle')}
              icon="trash"
              danger
              onClick={() => {
                library.close();
                void library.remove(entry);
              }}
              testId="delete-article"
            />
          )}
        </>
      }
    />
  );
}
