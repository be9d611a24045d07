import { useEffect } from 'preact/hooks';
import { KeyboardHelp } from '@/components/KeyboardHelp';
import { lazyComponent } from '@/components/Lazy';
import { UndoToast } from '@/components/UndoToast';
import { useReaderKeys } from '@/hooks/use-reader-keys';
import { t } from '@/utils/i18n';
import { sharedCommands } from '@/utils/keyboard/commands';
import { watchLibrary } from '@/utils/library/store';
import { openingReadMode, recentInvocation, watchInvocations } from '@/utils/panel/invocations';
import { followActiveTab } from '@/utils/panel/tab-follow';
import { isLibraryHash, syncLibraryUrl } from '@/utils/ui/library-url';
import { documentScroller, focusLibrarySearch, followInvocation, helpOpen, library, readAloud, reader, settings, showView, view, type View } from './state';
import { LibraryView } from './views/LibraryView';

// The views the library does not show are their own chunks: the library's first rows do not wait
// for the reader's and the settings' code to be parsed and run.
const readerView = lazyComponent(() => import('./views/ReaderView').then((m) => m.ReaderView));
const settingsPanel = lazyComponent(() => import('./views/SettingsPanel').then((m) => m.SettingsPanel));
/** Starts loading the reader's view (the panel opens on it), alongside the page's own start. */
export const preloadReaderView = (): void => void readerView.preload();

/** How the panel page was opened: in the side panel of a window, or as a tab. */
export interface AppProps {
  /** True when opened as a full browser tab (the library) rather than in the side panel. */
  inTab: boolean;
  /** The window whose active tab the panel follows; null in a full tab. */
  windowId: number | null;
  /** The browser's key for opening the panel, shown in the settings. */
  shortcut: string | null;
  /** `#library` (with or without a query) opens the panel on the library. */
  initialHash: string;
}

/** The side panel: wires the stores to the browser and shows one view at a time. */
export function App({ inTab, windowId, shortcut, initialHash }: AppProps) {
  useEffect(() => {
    if (inTab || isLibraryHash(initialHash)) view.value = 'library';
    const stops = [library.watch(), watchLibrary(() => void reader.syncSaved()), settings.start()];
    // The full-tab library keeps its view, filters and opened article in the URL (bookmarks, Back).
    if (inTab) stops.push(syncLibraryUrl(library, window));
    if (!inTab && windowId !== null) {
      // The invocation that opened this panel may have been recorded before we started watching.
      const opening = recentInvocation();
      void opening.then((invocation) => {
        if (invocation?.intent === 'library') view.value = 'library';
      });
      stops.push(
        followActiveTab(windowId, (tabId, initial) => {
          if (!initial) return void reader.read(tabId, 'auto');
          void opening.then((invocation) => reader.read(tabId, openingReadMode(invocation, tabId), { expectAccess: true }));
        }),
      );
      stops.push(watchInvocations(followInvocation));
    }
    return () => stops.forEach((stop) => stop());
  }, [inTab, windowId, initialHash]);

  useReaderKeys(window, {
    ...sharedCommands(settings, documentScroller, window),
    toggleSave: view.value === 'reader' ? () => void reader.toggleSave() : undefined,
    openLibrary: () => showView('library'),
    focusSearch: focusLibrarySearch,
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
            onClick={() => showView(tab.id)}
            data-testid={`nav-${tab.id}`}
          >
            {tab.label}
          </button>
        ))}
      </nav>
      <main class="panel-main">
        {current === 'reader' && <readerView.Lazy />}
        {current === 'library' && <LibraryView />}
        {current === 'settings' && <settingsPanel.Lazy shortcut={shortcut} />}
      </main>
      {library.error.value && (
        <p class="inline-error panel-error" role="alert">
          {library.error.value}
        </p>
      )}
      {helpOpen.value && <KeyboardHelp onClose={() => (helpOpen.value = false)} />}
      {pendingUndo && (
        <UndoToast
          message={pendingUndo.entries.length === 1 ? t('deletedToast', pendingUndo.entries[0]!.title) : t('deletedManyToast', pendingUndo.entries.length)}
          expiresAt={pendingUndo.expiresAt}
          onUndo={() => void library.undoRemove()}
          onDismiss={library.dismissUndo}
        />
      )}
    </div>
  );
}
