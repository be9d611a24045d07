import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { IconButton } from '@/components/IconButton';
import { KeyboardHelp } from '@/components/KeyboardHelp';
import { Notice } from '@/components/Notice';
import { ReaderBar } from '@/components/ReaderBar';
import { SaveButton } from '@/components/SaveButton';
import { SettingsView } from '@/components/SettingsView';
import { TabResultView } from '@/components/TabResultView';
import { TrackedArticle } from '@/components/TrackedArticle';
import { t } from '@/utils/i18n';
import { recordInvocation } from '@/utils/panel/invocations';
import { watchLibrary } from '@/utils/library/store';
import { sharedCommands } from '@/utils/keyboard/commands';
import { createTabReader } from '@/utils/ui/reader-store';
import { createSettingsStore } from '@/utils/settings/store';
import { hasReaderPanel, openReaderPanel } from '@/utils/panel/side-panel';
import type { ReadAloudController } from '@/utils/speech/controller';
import { useReaderKeys } from '@/hooks/use-reader-keys';

const reader = createTabReader();
const settings = createSettingsStore(window, document.documentElement);
const showSettings = signal(false);
const helpOpen = signal(false);
const readAloud = signal<ReadAloudController | null>(null);
const setReadAloud = (controller: ReadAloudController | null) => {
  readAloud.value = controller;
};
// The popup opens only from a toolbar click or the shortcut, which grant activeTab before it loads;
// one short retry covers a slow grant.
const POPUP_ACCESS = { expectAccess: true, accessRetriesMs: [150] } as const;
const popupScroller = () => document.querySelector<HTMLElement>('.popup-main');

/** The popup: the active tab's article in a compact reader, with its actions and settings. */
export function App({ tabId, windowId }: { tabId: number | null; windowId: number | null }) {
  useEffect(() => {
    const stops = [settings.start(), watchLibrary(() => void reader.syncSaved())];
    if (tabId !== null) {
      void reader.read(tabId, 'auto', POPUP_ACCESS);
      // Opening the popup is a toolbar click, which grants access to this tab: let an open side
      // panel that could not read it try again.
      void recordInvocation({ tabId, at: Date.now(), intent: 'refresh' });
    }
    return () => stops.forEach((stop) => stop());
  }, [tabId]);

  const openPanel = (intent: 'read' | 'library') => {
    if (tabId === null) return;
    // sidePanel.open needs the click's user gesture: call it before anything is awaited.
    const opening = openReaderPanel({ tabId, windowId: windowId ?? undefined });
    void recordInvocation({ tabId, at: Date.now(), intent })
      .then(() => opening)
      .then(
        () => window.close(),
        () => undefined,
      );
  };

  const state = reader.state.value;
  useReaderKeys(window, {
    ...sharedCommands(settings, popupScroller, window),
    toggleSave: state.status === 'article' ? () => void reader.toggleSave() : undefined,
    openLibrary: () => openPanel('library'),
    // The search is the library's, in the side panel.
    focusSearch: () => openPanel('library'),
    openSettings: () => (showSettings.value = !showSettings.value),
    showHelp: () => (helpOpen.value = true),
    toggleReadAloud: readAloud.value ? () => readAloud.value?.toggle() : undefined,
  });

  if (tabId === null) return <Notice title={t('restrictedTitle')} body={t('restrictedNoPage')} />;

  // The view's own buttons, at the end of the one toolbar row whatever the popup shows.
  const viewButtons = (
    <>
      <IconButton
        label={t('openSettings')}
        icon="type"
        aria-label={showSettings.value ? t('closeSettings') : t('openSettings')}
        aria-pressed={showSettings.value}
        onClick={() => (showSettings.value = !showSettings.value)}
        testId="open-settings"
      />
      <IconButton label={t('openLibrary')} icon="library" onClick={() => openPanel('library')} testId="open-library" />
    </>
  );
  const panelButton = hasReaderPanel() && <IconButton label={t('readInSidePanel')} icon="panel" onClick={() => openPanel('read')} testId="open-side-panel" />;

  return (
    <div class="popup-shell">
      <main class="popup-main">
        {showSettings.value || state.status !== 'article' ? (
          <ReaderBar label={t('articleActions')} end={viewButtons}>
            {panelButton}
          </ReaderBar>
        ) : null}
        {showSettings.value ? (
          <SettingsView
            level={2}
            showToolbarChoice={false}
            settings={settings.settings.value}
            status={settings.status.value}
            shortcut={null}
            onChange={settings.change}
            onReset={() => settings.reset()}
            onShowShortcuts={() => (helpOpen.value = true)}
          />
        ) : (
          <TabResultView state={state} onRead={(mode) => void reader.read(tabId, mode, POPUP_ACCESS)}>
            {(article) => (
              <TrackedArticle
                article={article}
                variant="compact"
                positionKey={null}
                scroller={popupScroller}
                onReadAloud={setReadAloud}
                actions={
                  <>
                    <SaveButton state={reader.save.value} onToggle={() => void reader.toggleSave()} />
                    {panelButton}
                  </>
                }
                endActions={viewButtons}
              />
            )}
          </TabResultView>
        )}
      </main>
      {helpOpen.value && <KeyboardHelp onClose={() => (helpOpen.value = false)} />}
    </div>
  );
}
