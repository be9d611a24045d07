/**
 * State shared by the popup and the side panel, kept outside components (Preact signals):
 * what the current tab reads as and whether it is saved (the library list is library-store.ts). Components get
 * values and callbacks from these stores and never talk to the background or storage themselves.
 */
import { batch, computed, signal } from '@preact/signals';
import type { Article } from '../model/article';
import { findSavedByUrl } from '../library/store';
import type { LibraryEntry } from '../library/types';
import { sendMessage, type ReadMode, type TabReadResult } from '../model/messaging';

/** Where the reader is for the current tab. */
export type TabReaderState = { status: 'idle' } | { status: 'loading'; tabId: number } | (TabReadResult & { tabId: number });

/** Save button state for the article on screen. */
export type SaveState = { status: 'unsaved' } | { status: 'saving' } | { status: 'saved'; entry: LibraryEntry } | { status: 'failed'; message: string };

/** Waits before asking again for a tab whose activeTab grant may still be on its way. */
export const ACCESS_RETRY_DELAYS_MS = [150, 400, 1000] as const;

/** The messaging calls the stores make; injectable so tests need no background. */
export interface StoreDeps {
  send: typeof sendMessage;
}
const defaultDeps: StoreDeps = { send: sendMessage };

/** Creates the store for reading one tab at a time and saving what it shows. */
export function createTabReader(deps: StoreDeps = defaultDeps) {
  const state = signal<TabReaderState>({ status: 'idle' });
  const save = signal<SaveState>({ status: 'unsaved' });
  const article = computed<Article | null>(() => (state.value.status === 'article' ? state.value.article : null));
  // Every read gets a number; a slow answer for a tab the user has already left is dropped.
  let generation = 0;

  async function refreshSaved(url: string): Promise<void> {
    const entry = await findSavedByUrl(url);
    save.value = entry ? { status: 'saved', entry } : { status: 'unsaved' };
  }

  return {
    state,
    save,
    article,
    /**
     * Reads `tabId` with the given mode, replacing what is shown. With `expectAccess` (right
     * after a toolbar click or shortcut) a missing grant is retried briefly, as Chrome can deliver
     * the activeTab grant a moment after the panel has already asked (`accessRetriesMs`; the
     * popup's grant comes before it opens, so it waits less). If the grant still does not come, the
     * browser keeps this tab from extensions (about:blank, view-source:), so asking the user to
     * click again would be wrong: that is shown as a restricted page.
     */
    async read(tabId: number, mode: ReadMode = 'auto', options: { expectAccess?: boolean; accessRetriesMs?: readonly number[] } = {}): Promise<void> {
      const mine = ++generation;
      batch(() => {
        state.value = { status: 'loading', tabId };
        save.value = { status: 'unsaved' };
      });
      const retries = options.expectAccess ? [...(options.accessRetriesMs ?? ACCESS_RETRY_DELAYS_MS)] : [];
      let result: TabReadResult;
      for (;;) {
        try {
          result = await deps.send('readTab', { tabId, mode });
        } catch (error) {
          result = { status: 'error', message: error instanceof Error ? error.message : String(error) };
        }
        const delay = retries.shift();
        if (result.status !== 'needs-access' || delay === undefined || mine !== generation) break;
        await new Promise((done) => setTimeout(done, delay));
        // The user may have moved to another tab while we waited: do not ask for this one again.
        if (mine !== generation) return;
      }
      if (mine !== generation) return;
      if (result.status === 'needs-access' && options.expectAccess) result = { status: 'restricted', reason: 'hidden-page', url: result.url };
      state.value = { ...result, tabId };
      if (result.status === 'article') await refreshSaved(result.article.url);
    },
    /** Saves the article on screen, or removes it when it is already saved (the undo of a save). */
    async toggleSave(): Promise<void> {
      const current = article.value;
      const saveState = save.value;
      if (!current || saveState.status === 'saving') return;
      if (saveState.status === 'saved') {
        save.value = { status: 'saving' };
        const result = await deps.send('deleteArticle', { id: saveState.entry.id });
        save.value = result.ok ? { status: 'unsaved' } : { status: 'saved', entry: saveState.entry };
        return;
      }
      save.value = { status: 'saving' };
      // The tab it was read from: the background keeps the article's images from there.
      const from = state.value.status === 'article' ? state.value.tabId : undefined;
      const result = await deps.send('saveArticle', from === undefined ? { article: current } : { article: current, tabId: from });
      save.value = result.ok ? { status: 'saved', entry: result.value } : { status: 'failed', message: result.message };
    },
    /** Re-checks the saved state (after the library changed elsewhere). */
    async syncSaved(): Promise<void> {
      const current = article.value;
      if (current && save.value.status !== 'saving') await refreshSaved(current.url);
    },
  };
}

/** The store of the tab being read. */
export type TabReader = ReturnType<typeof createTabReader>;
