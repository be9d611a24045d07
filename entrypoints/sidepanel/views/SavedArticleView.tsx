import { Icon } from '@/components/Icon';
import { Notice } from '@/components/Notice';
import { Spinner } from '@/components/Spinner';
import { TrackedArticle } from '@/components/TrackedArticle';
import { t } from '@/utils/i18n';
import { documentScroller, library, setReadAloud } from '../state';

/** One saved article read from storage, with back, read mark, original link and delete. */
export function SavedArticleView() {
  const opened = library.opened.value;
  if (!opened) return null;
  const back = (
    <button type="button" class="button button--quiet" onClick={library.close} data-testid="back-to-library">
      <Icon name="back" />
      {t('backToLibrary')}
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
    <>
      <div class="toolbar" role="toolbar" aria-label={t('articleActions')}>
        {back}
        {entry && (
          <button type="button" class="button button--quiet" onClick={() => void library.setRead(entry, !read).then(() => library.open(entry.id))}>
            {read ? t('markUnread') : t('markRead')}
          </button>
        )}
        <a class="button button--quiet" href={saved.article.url} target="_blank" rel="noopener noreferrer">
          {t('openOriginal')}
        </a>
        {entry && (
          <button
            type="button"
            class="button button--quiet button--danger"
            onClick={() => {
              library.close();
              void library.remove(entry);
            }}
          >
            {t('deleteArticle')}
          </button>
        )}
      </div>
      <TrackedArticle
        article={saved.article}
        variant="full"
        positionKey={{ kind: 'saved', id: saved.id }}
        scroller={documentScroller}
        onReadAloud={setReadAloud}
      />
    </>
  );
}
