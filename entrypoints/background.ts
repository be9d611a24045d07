import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { recordInvocation } from '@/utils/invocations';
import { createLibraryWriter } from '@/utils/library';
import { handleMessages } from '@/utils/messaging';
import { readTab } from '@/utils/read-tab';
import { loadSettings, watchSettings } from '@/utils/settings';
import { applyToolbarAction, onToolbarClick, openReaderPanel } from '@/utils/side-panel';

// Wiring only: every decision lives in utils/. The service worker can be stopped at any time,
// so nothing here keeps state in memory that is not also in storage.
export default defineBackground(() => {
  const library = createLibraryWriter();

  handleMessages({
    readTab: ({ tabId, mode }) => readTab(tabId, mode),
    saveArticle: ({ article }) => library.save(article),
    deleteArticle: ({ id }) => library.remove(id),
    restoreArticle: ({ id }) => library.restore(id),
    setArticleRead: ({ id, read }) => library.setRead(id, read),
  });

  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== 'open-side-panel' || !tab?.id) return;
    // Open first, synchronously: the shortcut's user gesture does not survive an await.
    openReaderPanel({ tabId: tab.id, windowId: tab.windowId }).catch((error: unknown) => console.warn('Reader panel did not open:', error));
    void recordInvocation({ tabId: tab.id, at: Date.now(), intent: 'read' });
  });

  // Reached only when the toolbar button has no popup: the "open the side panel" setting.
  onToolbarClick((tab) => {
    if (tab.id === undefined) return;
    openReaderPanel({ tabId: tab.id, windowId: tab.windowId }).catch((error: unknown) => console.warn('Reader panel did not open:', error));
    void recordInvocation({ tabId: tab.id, at: Date.now(), intent: 'read' });
  });

  const applySettings = () =>
    loadSettings()
      .then((settings) => applyToolbarAction(settings.toolbarAction))
      .catch((error: unknown) => console.warn('Could not apply the toolbar setting:', error));
  browser.runtime.onInstalled.addListener(() => void applySettings());
  browser.runtime.onStartup.addListener(() => void applySettings());
  watchSettings((settings) => void applyToolbarAction(settings.toolbarAction));
});
