/**
 * A tiny signal from the background or the popup to the side panel: "the user just invoked the
 * reader on tab N" (toolbar, shortcut, context menu, the popup's buttons). Those gestures grant
 * activeTab, so a side panel that could not read a tab until now retries when it sees one. Kept in session storage: it means
 * nothing after a restart.
 */
import { storage } from 'wxt/utils/storage';

/** One user invocation of the reader on a tab. */
export interface Invocation {
  tabId: number;
  at: number;
  /**
   * What the user asked for: 'read' shows the tab's article, 'library' the saved list, and
   * 'refresh' (the popup opened) re-reads the tab without moving the panel to another view,
   * 'selection' reads only the text selected on the page.
   */
  intent: 'read' | 'library' | 'refresh' | 'selection';
}

const invocationItem = storage.defineItem<Invocation | null>('session:last-invocation', { fallback: null });

/** Records an invocation (background, popup). */
export async function recordInvocation(invocation: Invocation): Promise<void> {
  await invocationItem.setValue(invocation);
}

/** Calls `onInvocation` for each new invocation (reader pages). */
export function watchInvocations(onInvocation: (invocation: Invocation) => void): () => void {
  return invocationItem.watch((value) => {
    if (value) onInvocation(value);
  });
}

/** How recent an invocation must be for a panel that just opened to act on it. */
export const FRESH_INVOCATION_MS = 5000;

/**
 * The invocation that opened this panel, if any: the panel may start after it was recorded, so
 * watching alone would miss it.
 */
export async function recentInvocation(now: number = Date.now()): Promise<Invocation | null> {
  const last = await invocationItem.getValue();
  return last && now - last.at <= FRESH_INVOCATION_MS ? last : null;
}

/**
 * The mode of a panel's first read of `tabId`: "Read selection" from the context menu may be what
 * opened the panel, and then only the selection is read.
 */
export function openingReadMode(invocation: Invocation | null, tabId: number): 'auto' | 'selection' {
  return invocation?.tabId === tabId && invocation.intent === 'selection' ? 'selection' : 'auto';
}
