/**
 * Opening the reader panel across Chrome's side_panel and Firefox's sidebar_action; used by the
 * background (shortcut, menu, toolbar) and by the popup's "Read in side panel".
 */
import { browser } from 'wxt/browser';

interface ChromeSidePanel {
  open(options: { tabId?: number; windowId?: number }): Promise<void>;
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
