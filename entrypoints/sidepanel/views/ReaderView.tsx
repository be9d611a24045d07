import { IconButton } from '@/components/IconButton';
import { SaveButton } from '@/components/SaveButton';
import { TabResultView } from '@/components/TabResultView';
import { TrackedArticle } from '@/components/TrackedArticle';
import { t } from '@/utils/i18n';
import { documentScroller, reader, setReadAloud, view } from '../state';

/** The active tab's article, or why there is none, under one toolbar row: Save, Read aloud, the time left, settings. */
export function ReaderView() {
  const state = reader.state.value;
  const tabId = 'tabId' in state ? state.tabId : null;
  return (
    <TabResultView state={state} onRead={(mode) => tabId !== null && void reader.read(tabId, mode)}>
      {(article) => (
        <TrackedArticle
          article={article}
          variant="full"
          positionKey={tabId !== null ? { kind: 'tab', tabId, url: article.url } : null}
          scroller={documentScroller}
          onReadAloud={setReadAloud}
          actions={<SaveButton state={reader.save.value} onToggle={() => void reader.toggleSave()} />}
          endActions={
            // The library is one tab away in the panel's navigation, right above this row.
            <IconButton label={t('openSettings')} icon="type" onClick={() => (view.value = 'settings')} testId="open-settings" />
          }
        />
      )}
    </TabResultView>
  );
}
