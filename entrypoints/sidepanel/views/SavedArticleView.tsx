import type { ComponentChildren } from 'preact';
import { Icon } from '@/components/Icon';
import { IconButton } from '@/components/IconButton';
import { ImageAccessOffer } from '@/components/ImageAccessOffer';
import { LinkFetchStatus } from '@/components/LinkFetchStatus';
import { Notice } from '@/components/Notice';
import { SavedHighlights } from '@/components/SavedHighlights';
import { Spinner } from '@/components/Spinner';
import { TrackedArticle } from '@/components/TrackedArticle';
import { t } from '@/utils/i18n';
import { highlightBlocks } from '@/utils/model/highlights';
import { documentScroller, library, linkFetch, setReadAloud, tagEditing } from '../state';

/**
 * One saved article read from storage, under one toolbar row: back, Read aloud, the time left,
 * read mark, favourite, archive, tags, original link and delete; its tags under the row.
 */
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
  const { saved } = result;
  // The list's entry is fresher than the one read with the record (a tag added a moment ago).
  const entry = opened.entry ?? result.entry;
  if (saved.content === 'link') {
    const fetching = <LinkFetchStatus item={linkFetch.items.value.get(saved.id) ?? null} onRetry={(id) => void linkFetch.retry(id)} />;
    return <SavedLinkView url={saved.article.url} title={saved.article.title} back={back} fetching={fetching} />;
  }
  const read = entry?.readAt != null;
  const archived = entry?.archivedAt != null;
  const blocked = opened.images?.needPermission ?? { origins: [], count: 0 };
  const tags =
    entry && entry.tags.length > 0 ? (
      <ul class="saved-article-tags" aria-label={t('articleTags')} data-testid="saved-article-tags">
        {entry.tags.map((tag) => (
          <li key={tag} class="tag-chip">
            {tag}
          </li>
        ))}
      </ul>
    ) : null;
  return (
    <TrackedArticle
      article={saved.article}
      variant="full"
      positionKey={{ kind: 'saved', id: saved.id }}
      scroller={documentScroller}
      onReadAloud={setReadAloud}
      actions={back}
      images={opened.images}
      online={navigator.onLine}
      afterArticle={saved.highlights !== undefined && <SavedHighlights markdown={saved.highlights} />}
      passages={saved.highlights === undefined ? undefined : highlightBlocks(saved.highlights).flatMap((b) => (b.kind === 'quote' ? [b.text] : []))}
      belowBar={
        <>
          {tags}
          <ImageAccessOffer
            count={blocked.count}
            hosts={blocked.origins.map((origin) => new URL(origin).host)}
            state={library.imageAccess.value}
            onAllow={() => void library.keepBlockedImages()}
          />
        </>
      }
      endActions={
        <>
          {entry && (
            <>
              <IconButton
                label={read ? t('markUnread') : t('markRead')}
                icon={read ? 'unread' : 'check'}
                onClick={() => void library.setRead(entry, !read)}
                testId="toggle-read"
              />
              <button
                type="button"
                class="button button--icon-only"
                aria-label={t('favourite')}
                title={t('favourite')}
                aria-pressed={entry.favourite}
                onClick={() => void library.setFavourite([entry], !entry.favourite)}
                data-testid="toggle-favourite"
              >
                <Icon name="star" filled={entry.favourite} />
              </button>
              <IconButton
                label={archived ? t('unarchive') : t('archive')}
                icon={archived ? 'inbox' : 'archive'}
                onClick={() => void library.setArchived([entry], !archived)}
                testId="toggle-archive"
              />
              <IconButton
                label={t('editTags')}
                icon="tag"
                aria-haspopup="dialog"
                onClick={() => (tagEditing.value = { kind: 'entry', id: entry.id })}
                testId="edit-tags"
              />
            </>
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

/**
 * A saved link (an import without the article's text): its title and address, and the way to get
 * the article without any extra permission — open the page, read it with Reader, and the record
 * is filled in (utils/background/fill-link).
 */
function SavedLinkView({ url, title, back, fetching }: { url: string; title: string; back: ComponentChildren; fetching: ComponentChildren }) {
  return (
    <>
      <div class="toolbar">{back}</div>
      <article class="saved-link" data-testid="saved-link">
        <h1 class="saved-link-title">{title}</h1>
        <p class="saved-link-url">{url}</p>
        <Notice testId="saved-link-notice" title={t('linkOnlyTitle')} body={t('linkOnlyBody')} />
        {/* The background fetch's word on this link (utils/ui/link-fetch-store): why it failed, with Try again. */}
        {fetching}
        <a class="button button--primary" href={url} target="_blank" rel="noopener noreferrer" data-testid="open-the-page">
          {t('openThePage')}
        </a>
      </article>
    </>
  );
}
