import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createContextMenus, type MenuItemId } from '@/utils/background/context-menus';
import { fillSavedLink } from '@/utils/background/fill-link';
import { createImportRunner } from '@/utils/background/import-runner';
import { invokeReader } from '@/utils/background/invoke';
import { LINK_FETCH_ALARM, createLinkFetcher } from '@/utils/background/link-fetcher';
import { readTab } from '@/utils/background/read-tab';
import { keepArticleImages, saveWithImages } from '@/utils/background/save-images';
import { saveTabFromMenu } from '@/utils/background/save-tab';
import { keepSearchResident } from '@/utils/background/search-host';
import { applyToolbarAction, onToolbarClick } from '@/utils/background/toolbar';
import { createLibraryWriter } from '@/utils/library/writer';
import { handleMessages } from '@/utils/model/messaging';
import { loadSettings, watchSettings } from '@/utils/settings/settings';

// Wiring only: every decision lives in utils/. The service worker can be stopped at
// any time, so nothing here keeps state in memory that is not also in storage.
export default defineBackground(() => {
  const library = createLibraryWriter();
  const imports = createImportRunner(library);
  // Saved links' articles fetched in the background, once the user allowed it (utils/background/link-fetcher).
  const linkFetcher = createLinkFetcher(library);

  handleMessages({
    // A saved link whose page this is gets the article (utils/background/fill-link).
    readTab: async ({ tabId, mode }) => fillSavedLink(library, await readTab(tabId, mode), mode),
    // With the images of the tab it was read from (utils/background/save-images).
    saveArticle: ({ article, tabId }) => saveWithImages(library, article, tabId),
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
    keepArticleImages: ({ id }) => keepArticleImages(library, id),
    // Import jobs: the library page stages them, the background commits them.
    commitImport: ({ jobId }) => imports.commit(jobId),
    cancelImport: ({ jobId }) => imports.cancel(jobId),
    dismissImport: ({ jobId }) => imports.dismiss(jobId),
    resumeImports: () => imports.resume(),
    // The background fetch of saved links: the library page asked the permission inside the user's click.
    linkFetch: ({ action }) => linkFetcher[action](),
    retryLinkFetch: ({ id }) => linkFetcher.retry(id),
  });

  // A fetch of saved links a stopped worker or a restart interrupted carries on; the alarm wakes the worker while it runs.
  const resumeLinkFetch = () => void linkFetcher.resumeIfRunning().catch((error: unknown) => console.warn('The link fetch could not resume:', error));
  resumeLinkFetch();
  browser.alarms?.onAlarm.addListener((alarm) => {
    if (alarm.name === LINK_FETCH_ALARM) resumeLinkFetch();
  });
  // A run that stopped for want of the permission carries on once the user grants it.
  browser.permissions?.onAdded?.addListener((granted) => {
    if ((granted.origins?.length ?? 0) > 0) resumeLinkFetch();
  });

  // An import a stopped worker or a restart interrupted carries on (or, abandoned while staging, is rolled back).
  void imports.resume().then((result) => {
    if (!result.ok) console.warn('Import jobs could not be resumed:', result.message);
  });

  // `wxt build --mode bench` only (scripts/bench-library.ts): the benchmark fills the library
  // through the writer's import path from the service worker. Not in any other build.
  if (import.meta.env.MODE === 'bench') Object.assign(globalThis, { __readerLibraryBench: { importRecords: library.importRecords } });

  // An update from schema 1 moves the library into IndexedDB now, before a view asks for it.
  void library.prepare().then((result) => {
    if (!result.ok) console.warn('The library is not ready:', result.message);
  });

  // Library search: its index stays loaded between library opens (utils/background/search-host),
  // from each start of this worker (a browser start, an install, any event that wakes it).
  void keepSearchResident();

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
