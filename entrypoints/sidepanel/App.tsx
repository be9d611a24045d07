import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { TrackedArticle } from '@/components/TrackedArticle';
import { KeyboardHelp } from '@/components/KeyboardHelp';
import { Library } from '@/components/Library';
import { Icon } from '@/components/Icon';
import { Notice } from '@/components/Notice';
import { SaveButton } from '@/components/SaveButton';
import { SettingsView } from '@/components/SettingsView';
import { Spinner } from '@/components/Spinner';
import { TabResultView } from '@/components/TabResultView';
import { UndoToast } from '@/components/UndoToast';
import { t } from '@/utils/i18n';
import { recentInvocation, watchInvocations, type Invocation } from '@/utils/invocations';
import { watchLibrary } from '@/utils/library';
import { createLibraryStore, createTabReader } from '@/utils/reader-store';
import { sharedCommands } from '@/utils/reader-commands';
import { createSettingsStore } from '@/utils/settings-store';
import type { ReadAloud as ReadAloudController } from '@/utils/speech/controller';
import { useReaderKeys } from '@/utils/use-reader-keys';
import { followActiveTab } from '@/utils/tab-follow';

type View = 'reader' | 'library' | 'settings';

const reader = createTabReader();
const library = createLibraryStore();
const view = signal<View>('reader');
const settings = createSettingsStore(window, document.documentElement);
const helpOpen = signal(false);
const readAloud = signal<ReadAloudController | null>(null);
const setReadAloud = (controller: ReadAloudController | null) => {
  readAloud.value = controller;
};

/** Props of the side panel App. */
export interface AppProps {
  /** True when opened as a full browser tab (the library) rather than in the side panel. */
  inTab: boolean;
  windowId: number | null;
  shortcut: string | null;
  initialHash: string;
}

/** The side panel: the active tab's article, the library and the settings. */
export function App({ inTab, windowId, shortcut, initialHash }: AppProps) {
  useEffect(() => {
    if (inTab || initialHash === '#library') view.value = 'library';
    const stops = [library.watch(), watchLibrary(() => void reader.syncSaved()), settings.start()];
    if (!inTab && windowId !== null) {
      stops.push(followActiveTab(windowId, (tabId, initial) => void reader.read(tabId, 'auto', { expectAccess: initial })));
      stops.push(watchInvocations(followInvocation));
      // The invocation that opened this panel may have been recorded before we started watching.
      void recentInvocation().then((invocation) => {
        if (invocation?.intent === 'library') view.value = 'library';
      });
    }
    return () => stops.forEach((stop) => stop());
  }, [inTab, windowId, initialHash]);

  useReaderKeys(window, {
    ...sharedCommands(settings, documentScroller, window),
    toggleSave: view.value === 'reader' ? () => void reader.toggleSave() : undefined,
    openLibrary: () => {
      library.close();
      view.value = 'library';
    },
    openSettings: () => (view.value = 'settings'),
    showHelp: () => (helpOpen.value = true),
    toggleReadAloud: readAloud.value ? () => readAloud.value?.toggle() : undefined,
  });

  const tabs: Array<{ id: View; label: string }> = [
    ...(inTab ? [] : [{ id: 'reader' as const, label: t('readerTab') }]),
    { id: 'library', label: t('libraryTab') },
    { id: 'settings', label: t('settingsTab') },
  ];
  const current = view.value;
  const pendingUndo = library.undo.value;

  return (
    <div class="panel-shell">
      <nav class="panel-nav" aria-label={t('mainNavigation')}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            class="panel-nav-item"
            aria-current={current === tab.id ? 'page' : undefined}
            onClick={() => {
              library.close();
              view.value = tab.id;
            }}
            data-testid={`nav-${tab.id}`}
          >
            {tab.label}
          </button>
        ))}
      </nav>
      <main class="panel-main">
        {current === 'reader' && <ReaderView />}
        {current === 'library' && <LibraryView />}
        {current === 'settings' && (
          <SettingsView
            settings={settings.settings.value}
            status={settings.status.value}
            shortcut={shortcut}
            onChange={settings.change}
            onReset={() => settings.reset()}
            onShowShortcuts={() => (helpOpen.value = true)}
          />
        )}
      </main>
      {library.error.value && (
        <p class="inline-error panel-error" role="alert">
          {library.error.value}
        </p>
      )}
      {helpOpen.value && <KeyboardHelp onClose={() => (helpOpen.value = false)} />}
      {pendingUndo && (
        <UndoToast
          message={t('deletedToast', pendingUndo.entry.title)}
          expiresAt={pendingUndo.expiresAt}
          onUndo={() => void library.undoRemove()}
          onDismiss={library.dismissUndo}
        />
      )}
    </div>
  );
}

/** A user invoked the reader on a tab (toolbar, shortcut, menu): show what they asked for. */
function followInvocation(invocation: Invocation): void {
  if (invocation.intent === 'library') {
    view.value = 'library';
  } else if (invocation.intent === 'read' || invocation.intent === 'selection') {
    library.close();
    view.value = 'reader';
  }
  // The gesture behind an invocation grants access to the tab: read it now, even if a moment
  // ago we could not.
  void reader.read(invocation.tabId, invocation.intent === 'selection' ? 'selection' : 'auto', { expectAccess: true });
}

const documentScroller = () => document.scrollingElement as HTMLElement | null;

function ReaderView() {
  const state = reader.state.value;
  const tabId = 'tabId' in state ? state.tabId : null;
  return (
    <TabResultView state={state} onRead={(mode) => tabId !== null && void reader.read(tabId, mode)}>
      {(article) => (
        <>
          <div class="toolbar" role="toolbar" aria-label={t('articleActions')}>
            <SaveButton state={reader.save.value} onToggle={() => void reader.toggleSave()} />
            <SettingsButton />
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

function SettingsButton() {
  return (
    <button type="button" class="button button--quiet toolbar-end" onClick={() => (view.value = 'settings')} data-testid="open-settings">
      <Icon name="type" />
      {t('openSettings')}
    </button>
  );
}

function LibraryView() {
  const opened = library.opened.value;
  if (opened) return <SavedArticleView />;
  const snapshot = library.snapshot.value;
  if (!snapshot) return <Spinner label={t('loadingArticle')} />;
  return (
    <Library
      entries={snapshot.entries}
      problems={snapshot.problems}
      onOpen={(entry) => void library.open(entry.id)}
      onDelete={(entry) => void library.remove(entry)}
      onSetRead={(entry, read) => void library.setRead(entry, read)}
    />
  );
}

function SavedArticleView() {
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
      <TrackedArticle article={saved.article} variant="full" positionKey={{ kind: 'saved', id: saved.id }} scroller={documentScroller} onReadAloud={setReadAloud} />
    </>
  );
}

