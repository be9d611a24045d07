import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createContextMenus, flashBadge } from '@/utils/context-menus';
import { t } from '@/utils/i18n';
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

  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (!tab?.id) return;
    const tabId = tab.id;
    if (info.menuItemId === 'read-in-panel' || info.menuItemId === 'read-selection') {
      openReaderPanel({ tabId, windowId: tab.windowId }).catch((error: unknown) => console.warn('Reader panel did not open:', error));
      void recordInvocation({ tabId, at: Date.now(), intent: info.menuItemId === 'read-selection' ? 'selection' : 'read' });
    } else if (info.menuItemId === 'save-page') {
      void saveTab(tabId);
    }
  });

  /** "Save page for later" from the context menu: read the page, save it, say so on the button. */
  async function saveTab(tabId: number): Promise<void> {
    const read = await readTab(tabId, 'auto');
    if (read.status !== 'article') {
      const reason = read.status === 'no-article' ? t('noArticleTitle') : read.status === 'restricted' ? t('restrictedTitle') : t('errorTitle');
      await flashBadge(tabId, 'failed', t('saveFromMenuFailed', reason));
      return;
    }
    const saved = await library.save(read.article);
    await flashBadge(tabId, saved.ok ? 'saved' : 'failed', saved.ok ? t('savedFromMenu') : t('saveFromMenuFailed', saved.message));
  }

  const applySettings = () =>
    loadSettings()
      .then((settings) => applyToolbarAction(settings.toolbarAction))
      .catch((error: unknown) => console.warn('Could not apply the toolbar setting:', error));
  browser.runtime.onInstalled.addListener(() => {
    void applySettings();
    void createContextMenus().catch((error: unknown) => console.warn('Context menus not created:', error));
  });
  browser.runtime.onStartup.addListener(() => void applySettings());
  watchSettings((settings) => void applyToolbarAction(settings.toolbarAction));
});
