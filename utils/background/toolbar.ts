/**
 * The toolbar button: whether it opens the popup or (a setting) the side panel, its clicks, and
 * the badge that reports a save made from the context menu.
 */
import { browser } from 'wxt/browser';
import { t } from '../i18n';
import type { ToolbarAction } from '../settings/settings';

interface ChromePanelBehavior {
  setPanelBehavior(behavior: { openPanelOnActionClick: boolean }): Promise<void>;
}

function actionApi(): typeof browser.action {
  // Firefox MV2 has browserAction where MV3 has action; the calls used here are the same.
  return browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
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
  await (browser as unknown as { sidePanel?: ChromePanelBehavior }).sidePanel?.setPanelBehavior({ openPanelOnActionClick: false });
}

/** Listens for toolbar clicks, which reach us only when there is no popup (the side panel setting). */
export function onToolbarClick(listener: (tab: { id?: number; windowId?: number }) => void): void {
  actionApi().onClicked.addListener(listener);
}

/** Shows the outcome of a background save on the toolbar button of that tab for a few seconds. */
export async function flashBadge(tabId: number, outcome: 'saved' | 'failed', title: string): Promise<void> {
  const action = actionApi();
  await action.setBadgeBackgroundColor({ tabId, color: outcome === 'saved' ? '#2e7d32' : '#b3261e' });
  await action.setBadgeText({ tabId, text: outcome === 'saved' ? '✓' : '!' });
  await action.setTitle({ tabId, title });
  setTimeout(() => {
    void action.setBadgeText({ tabId, text: '' }).catch(() => undefined);
    void action.setTitle({ tabId, title: t('actionTitle') }).catch(() => undefined);
  }, 4000);
}
