import { useEffect } from 'preact/hooks';
import { ArticleView } from '@/components/ArticleView';
import { Icon } from '@/components/Icon';
import { Notice } from '@/components/Notice';
import { SaveButton } from '@/components/SaveButton';
import { TabResultView } from '@/components/TabResultView';
import { t } from '@/utils/i18n';
import { recordInvocation } from '@/utils/invocations';
import { watchLibrary } from '@/utils/library';
import { createTabReader } from '@/utils/reader-store';
import { hasReaderPanel, openReaderPanel } from '@/utils/side-panel';

const reader = createTabReader();

/** The popup: the active tab's article in a compact reader, with the three actions. */
export function App({ tabId, windowId }: { tabId: number | null; windowId: number | null }) {
  useEffect(() => {
    if (tabId === null) return undefined;
    void reader.read(tabId);
    // Opening the popup is a toolbar click, which grants access to this tab: let an open side
    // panel that could not read it try again.
    void recordInvocation({ tabId, at: Date.now(), intent: 'refresh' });
    return watchLibrary(() => void reader.syncSaved());
  }, [tabId]);

  if (tabId === null) return <Notice title={t('restrictedTitle')} body={t('restrictedNoPage')} />;

  const openPanel = (intent: 'read' | 'library') => {
    // sidePanel.open needs the click's user gesture: call it before anything is awaited.
    const opening = openReaderPanel({ tabId, windowId: windowId ?? undefined });
    void recordInvocation({ tabId, at: Date.now(), intent }).then(() => opening).then(() => window.close(), () => undefined);
  };

  const state = reader.state.value;
  return (
    <div class="popup-shell">
      <nav class="toolbar" aria-label={t('articleActions')}>
        {state.status === 'article' && <SaveButton state={reader.save.value} onToggle={() => void reader.toggleSave()} />}
        {hasReaderPanel() && (
          <button type="button" class="button" onClick={() => openPanel('read')} data-testid="open-side-panel">
            <Icon name="panel" />
            {t('readInSidePanel')}
          </button>
        )}
        <button type="button" class="button button--quiet toolbar-end" onClick={() => openPanel('library')} data-testid="open-library">
          <Icon name="library" />
          {t('openLibrary')}
        </button>
      </nav>
      <main class="popup-main">
        <TabResultView state={state} onRead={(mode) => void reader.read(tabId, mode)}>
          {(article) => <ArticleView article={article} variant="compact" />}
        </TabResultView>
      </main>
    </div>
  );
}
