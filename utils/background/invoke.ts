/**
 * What happens when the user invokes the reader on a tab from outside the popup (keyboard
 * shortcut, toolbar button in side-panel mode, context menu): open the panel, then tell it
 * which tab and what for.
 */
import { recordInvocation, type Invocation } from '../panel/invocations';
import { openReaderPanel } from '../panel/side-panel';

/** The tab a browser event names; `id` is missing for tabs an extension cannot address. */
export interface InvokedTab {
  id?: number;
  windowId?: number;
}

/**
 * Opens the reader panel on `tab` and records the invocation for the panel to follow. The panel
 * is opened first and synchronously: the gesture behind the event does not survive an await.
 */
export function invokeReader(tab: InvokedTab | undefined, intent: Invocation['intent'], now: () => number = Date.now): void {
  if (!tab?.id) return;
  openReaderPanel({ tabId: tab.id, windowId: tab.windowId }).catch((error: unknown) => console.warn('Reader panel did not open:', error));
  void recordInvocation({ tabId: tab.id, at: now(), intent });
}
