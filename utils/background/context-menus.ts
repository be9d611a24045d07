/**
 * The page's context menu: "Read in side panel", "Read selection in side panel" and "Save page
 * for later". A context-menu click counts as invoking the extension, so it grants activeTab.
 */
import { browser } from 'wxt/browser';
import { t } from '../i18n';

/** Ids of our context-menu items. */
export type MenuItemId = 'read-in-panel' | 'read-selection' | 'save-page';

/** (Re)creates the menu items; called on install and update, when Chrome drops them. */
export async function createContextMenus(): Promise<void> {
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({ id: 'read-in-panel', title: t('readInSidePanel'), contexts: ['page'] });
  browser.contextMenus.create({ id: 'read-selection', title: t('readSelectionInSidePanel'), contexts: ['selection'] });
  browser.contextMenus.create({ id: 'save-page', title: t('savePageForLater'), contexts: ['page', 'selection'] });
}
