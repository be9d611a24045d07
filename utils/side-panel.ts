/**
 * Opening the reader panel and choosing what the toolbar button does, across Chrome's
 * side_panel and Firefox's sidebar_action.
 */
import { browser } from 'wxt/browser';
import type { ToolbarAction } from './settings';

interface ChromeSidePanel {
  open(options: { tabId?: number; windowId?: number }): Promise<void>;
  setPanelBehavior(behavior: { openPanelOnActionClick: boolean }): Promise<void>;
}
interface FirefoxSidebarAction {
  open(): Promise<void>;
}

function chromeSidePanel(): ChromeSidePanel | undefined {
  return (browser as unknown as { sidePanel?: ChromeSidePanel }).sidePanel;
}
function firefoxSidebar(): FirefoxSidebarAction | undefined {
  return (browser as unknown as { sidebarAction?: FirefoxSidebarAction }).sidebarAction;
}

/**
 * Opens the reader panel for a tab. Must be called synchronously inside a user gesture (a click,
 * a command, a context-menu click): both browsers refuse it otherwise, so do not await before it.
 */
export function openReaderPanel(target: { tabId?: number; windowId?: number }): Promise<void> {
  const side = chromeSidePanel();
  if (side) return side.open(target.tabId !== undefined ? { tabId: target.tabId } : { windowId: target.windowId });
  const sidebar = firefoxSidebar();
  if (sidebar) return sidebar.open();
  return Promise.reject(new Error('This browser has no side panel.'));
}

/** Whether this browser can show the reader in a side panel at all. */
export function hasReaderPanel(): boolean {
  return chromeSidePanel() !== undefined || firefoxSidebar() !== undefined;
}

function actionApi(): typeof browser.action {
  // Firefox MV2 has browserAction where MV3 has action; the calls used here are the same.
  return (browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction);
}

/**
 * Makes the toolbar button open the popup or the side panel, as the setting says. For the side
 * panel we remove the popup and open the panel from action.onClicked ourselves rather than use
 * Chrome's openPanelOnActionClick: that shortcut does not count as invoking the extension on
 * the page, so the panel would get no activeTab grant and could not read the tab.
 */
export async function applyToolbarAction(choice: ToolbarAction): Promise<void> {
  const manifest = browser.runtime.getManifest();
  const defaultPopup = (manifest.action ?? manifest.browser_action)?.default_popup ?? 'popup.html';
  await actionApi().setPopup({ popup: choice === 'popup' ? defaultPopup : '' });
  await chromeSidePanel()?.setPanelBehavior({ openPanelOnActionClick: false });
}

/** Listens for toolbar clicks, which reach us only when there is no popup (the side panel setting). */
export function onToolbarClick(listener: (tab: { id?: number; windowId?: number }) => void): void {
  actionApi().onClicked.addListener(listener);
}
