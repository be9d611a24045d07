import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createContextMenus, type MenuItemId } from '@/utils/background/context-menus';
import { invokeReader } from '@/utils/background/invoke';
import { readTab } from '@/utils/background/read-tab';
import { saveTabFromMenu } from '@/utils/background/save-tab';
import { applyToolbarAction, onToolbarClick } from '@/utils/background/toolbar';
import { createLibraryWriter } from '@/utils/library/writer';
import { handleMessages } from '@/utils/model/messaging';
import { loadSettings, watchSettings } from '@/utils/settings/settings';

// Wiring only: every decision lives in utils/. The service worker can be stopped at
// any time, so nothing here keeps state in memory that is not also in storage.
export default defineBackground(() => {
  const library = createLibraryWriter();

  handleMessages({
    readTab: ({ tabId, mode }) => readTab(tabId, mode),
    saveArticle: ({ article }) => library.save(article),
    deleteArticle: ({ id }) => library.remove(id),
    restoreArticle: ({ id }) => library.restore(id),
    setArticleRead: ({ id, read }) => library.setRead(id, read),
    deleteArticles: ({ ids }) => library.deleteArticles(ids),
    restoreArticles: ({ ids }) => library.restoreArticles(ids),
    setArticlesRead: ({ ids, read }) => library.setArticlesRead(ids, read),
    setArticlesArchived: ({ ids, archived }) => library.setArticlesArchived(ids, archived),
    setArticlesFavourite: ({ ids, favourite }) => library.setArticlesFavourite(ids, favourite),
    addTags: ({ ids, tags }) => library.addTags(ids, tags),
    removeTags: ({ ids, tags }) => library.removeTags(ids, tags),
    renameTag: ({ from, to }) => library.renameTag(from, to),
    deleteTag: ({ tag }) => library.deleteTag(tag),
    prepareLibrary: ({ repair }) => library.prepare({ repair }),
    restoreBackup: ({ items }) => library.restoreRecords(items),
  });

  // `wxt build --mode bench` only (scripts/bench-library.ts): the benchmark fills the library
  // through the writer's import path from the service worker. Not in any other build.
  if (import.meta.env.MODE === 'bench') Object.assign(globalThis, { __readerLibraryBench: { importRecords: library.importRecords } });

  // An update from schema 1 moves the library into IndexedDB now, before a view asks for it.
  void library.prepare().then((result) => {
    if (!result.ok) console.warn('The library is not ready:', result.message);
  });

  browser.commands.onCommand.addListener((command, tab) => {
    if (command === 'open-side-panel') invokeReader(tab, 'read');
  });

  // Reached only when the toolbar button has no popup: the "open the side panel" setting.
  onToolbarClick((tab) => invokeReader(tab, 'read'));

  browser.contextMenus.onClicked.addListener((info, tab) => {
    const item = info.menuItemId as MenuItemId;
    if (item === 'read-in-panel') invokeReader(tab, 'read');
    else if (item === 'read-selection') invokeReader(tab, 'selection');
    else if (item === 'save-page' && tab?.id) void saveTabFromMenu(tab.id, library);
  });

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
