/**
 * The side panel follows the active tab of its window: a tab switch or a page load in the
 * active tab re-reads it.
 */
import { browser } from 'wxt/browser';

/**
 * Calls `onTab` with the active tab now (`initial` true: the panel was just opened, usually by a
 * gesture that grants access) and whenever it changes or navigates; returns the stop function.
 */
export function followActiveTab(windowId: number, onTab: (tabId: number, initial: boolean) => void): () => void {
  let current: number | null = null;
  const show = (tabId: number, initial = false) => {
    current = tabId;
    onTab(tabId, initial);
  };
  void browser.tabs.query({ active: true, windowId }).then(([tab]) => {
    if (tab?.id !== undefined) show(tab.id, true);
  });
  const activated = (info: { tabId: number; windowId: number }) => {
    if (info.windowId === windowId) show(info.tabId);
  };
  const updated = (tabId: number, change: { status?: string }) => {
    // A new page finished loading in the tab we show: its article is a different one.
    if (tabId === current && change.status === 'complete') show(tabId);
  };
  browser.tabs.onActivated.addListener(activated);
  browser.tabs.onUpdated.addListener(updated);
  return () => {
    browser.tabs.onActivated.removeListener(activated);
    browser.tabs.onUpdated.removeListener(updated);
  };
}
