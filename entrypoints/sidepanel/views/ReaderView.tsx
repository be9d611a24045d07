import { Icon } from '@/components/Icon';
import { SaveButton } from '@/components/SaveButton';
import { TabResultView } from '@/components/TabResultView';
import { TrackedArticle } from '@/components/TrackedArticle';
import { t } from '@/utils/i18n';
import { documentScroller, reader, setReadAloud, view } from '../state';

/** The active tab's article, or why there is none, with its save and settings buttons. */
export function ReaderView() {
  const state = reader.state.value;
  const tabId = 'tabId' in state ? state.tabId : null;
  return (
    <TabResultView state={state} onRead={(mode) => tabId !== null && void reader.read(tabId, mode)}>
      {(article) => (
        <>
          <div class="toolbar" role="toolbar" aria-label={t('articleActions')}>
            <SaveButton state={reader.save.value} onToggle={() => void reader.toggleSave()} />
            <button type="button" class="button button--quiet toolbar-end" onClick={() => (view.value = 'settings')} data-testid="open-settings">
              <Icon name="type" />
              {t('openSettings')}
            </button>
          </div>
          <TrackedArticle
            article={article}
            variant="full"
            positionKey={tabId !== null ? { kind: 'tab', tabId, url: article.url } : null}
            scroller={documentScroller}
            onReadAloud={setReadAloud}
          />
        </>
      )}
    </TabResultView>
  );
}
