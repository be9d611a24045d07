import type { ComponentChildren } from 'preact';
import type { Article } from '@/utils/model/article';
import { t, type MessageKey } from '@/utils/i18n';
import type { ReadMode, RestrictedReason } from '@/utils/model/messaging';
import type { TabReaderState } from '@/utils/ui/reader-store';
import { Notice } from './Notice';
import { Spinner } from './Spinner';

const RESTRICTED_TEXT: Record<RestrictedReason, MessageKey> = {
  'browser-page': 'restrictedBrowserPage',
  'web-store': 'restrictedWebStore',
  pdf: 'restrictedPdf',
  'file-access': 'restrictedFileAccess',
  'no-page': 'restrictedNoPage',
  unsupported: 'restrictedUnsupported',
  'hidden-page': 'restrictedHiddenPage',
};

/** What reading the tab gave, how to read it again, and how to render an article. */
export interface TabResultViewProps {
  state: TabReaderState;
  onRead: (mode: ReadMode) => void;
  /** Renders the article when there is one. */
  children: (article: Article) => ComponentChildren;
}

/** What reading the current tab produced: the article, or a clear message with what to do next. */
export function TabResultView({ state, onRead, children }: TabResultViewProps) {
  switch (state.status) {
    case 'idle':
    case 'loading':
      return <Spinner label={t('loadingArticle')} />;
    case 'article':
      return <>{children(state.article)}</>;
    case 'no-article':
      return (
        <Notice
          testId="no-article"
          title={t('noArticleTitle')}
          body={t('noArticleBody')}
          actions={[
            { label: t('readAnyway'), onClick: () => onRead('force'), primary: true },
            ...(state.hasSelection ? [{ label: t('readSelection'), onClick: () => onRead('selection') }] : []),
          ]}
        />
      );
    case 'no-selection':
      return (
        <Notice
          testId="no-selection"
          title={t('noSelectionTitle')}
          body={state.message}
          actions={[{ label: t('readAnyway'), onClick: () => onRead('force') }]}
        />
      );
    case 'restricted':
      return <Notice testId="restricted" tone="warning" title={t('restrictedTitle')} body={t(RESTRICTED_TEXT[state.reason])} />;
    case 'needs-access':
      return <Notice testId="needs-access" title={t('needsAccessTitle')} body={t('needsAccessBody')} />;
    case 'too-large':
      return <Notice testId="too-large" tone="warning" title={t('tooLargeTitle')} body={state.message} />;
    case 'error':
      return (
        <Notice
          testId="error"
          tone="error"
          title={t('errorTitle')}
          body={state.message}
          actions={[{ label: t('tryAgain'), onClick: () => onRead('auto'), primary: true }]}
        />
      );
  }
}
