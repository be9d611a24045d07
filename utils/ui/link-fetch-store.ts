/**
 * The library page's side of the background fetch of saved links (utils/background/link-fetcher):
 * the run's state and each link's item (read once from IndexedDB, then followed on the background's
 * channel), whether the user has allowed it, and the user's actions. Allowing asks the browser for
 * the optional host permission inside the user's click (before anything is awaited: the browser
 * refuses a request made later); nothing is fetched without it. Every dependency is injectable.
 */
import { signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import { t } from '../i18n';
import { formatNumber } from '../i18n/format';
import { IDLE_STATE, watchLinkFetch, type LinkFetchState, type LinkFetchUpdate, type LinkItem } from '../library/link-queue';
import { readLinkFetch } from '../library/link-queue-db';
import { sendMessage } from '../model/messaging';

/** The host patterns the fetch needs (the manifest's optional one). */
const ORIGINS = ['*://*/*'];

/** What the store reads, sends and asks with; every part can be replaced in tests. */
export interface LinkFetchStoreDeps {
  read: typeof readLinkFetch;
  watch: typeof watchLinkFetch;
  send: typeof sendMessage;
  /** Asks the user for the permission; must be called inside the click. */
  request: () => Promise<boolean>;
  /** Whether the permission is granted now. */
  granted: () => Promise<boolean>;
}

const defaultDeps: LinkFetchStoreDeps = {
  read: readLinkFetch,
  watch: watchLinkFetch,
  send: sendMessage,
  request: () => browser.permissions.request({ origins: ORIGINS }),
  granted: () => browser.permissions.contains({ origins: ORIGINS }).catch(() => false),
};

/** Where the user's last request stands: nothing asked, the browser's prompt open, refused, or a sentence why it failed. */
export type LinkFetchAsk = { status: 'idle' } | { status: 'asking' } | { status: 'denied' } | { status: 'failed'; message: string };

/** Why a link's page could not be fetched, as the item shows it ("Could not fetch: …"). */
export function linkFailureText(item: Pick<LinkItem, 'reason' | 'httpStatus'>): string {
  const why = (() => {
    switch (item.reason) {
      case 'http':
        return t('linkFetchReasonHttp', item.httpStatus ?? '?');
      case 'not-article':
        return t('linkFetchReasonNotArticle');
      case 'timeout':
        return t('linkFetchReasonTimeout');
      case 'too-large':
        return t('linkFetchReasonTooLarge');
      case 'not-html':
        return t('linkFetchReasonNotHtml');
      case 'blocked':
        return t('linkFetchReasonBlocked');
      default:
        return t('linkFetchReasonFailed');
    }
  })();
  return t('linkFetchCouldNot', why);
}

/** The progress line of a run ("Fetching articles: 120 of 3,400"). */
export function linkFetchProgressText(state: LinkFetchState): string {
  const done = formatNumber(state.filled + state.failed);
  const total = formatNumber(state.total);
  return state.status === 'paused' ? t('linkFetchPausedProgress', done, total) : t('linkFetchProgress', done, total);
}

/** Creates the link fetch store of one library page. */
export function createLinkFetchStore(overrides: Partial<LinkFetchStoreDeps> = {}) {
  const deps: LinkFetchStoreDeps = { ...defaultDeps, ...overrides };
  const state = signal<LinkFetchState>(IDLE_STATE);
  const items = signal<ReadonlyMap<string, LinkItem>>(new Map());
  /** Null until known. */
  const allowed = signal<boolean | null>(null);
  const ask = signal<LinkFetchAsk>({ status: 'idle' });

  function apply(update: LinkFetchUpdate): void {
    // Updates can cross a reply: the later state wins.
    if (update.state.updatedAt >= state.value.updatedAt) state.value = update.state;
    if (update.items.length === 0) return;
    const next = new Map(items.value);
    for (const { articleId, item } of update.items) {
      if (item) next.set(articleId, item);
      else next.delete(articleId);
    }
    items.value = next;
  }

  const refreshPermission = async () => {
    allowed.value = await deps.granted().catch(() => false);
  };

  async function send(action: 'start' | 'pause' | 'resume' | 'cancel'): Promise<void> {
    try {
      const answer = await deps.send('linkFetch', { action });
      if (answer.ok) apply({ state: answer.value, items: [] });
      else ask.value = { status: 'failed', message: answer.message };
      // A start or a cancel changes many items: read them again.
      if (action === 'start' || action === 'cancel') {
        const read = await deps.read();
        items.value = new Map(read.items.map((item) => [item.articleId, item]));
        if (read.state.updatedAt >= state.value.updatedAt) state.value = read.state;
      }
    } catch (error) {
      ask.value = { status: 'failed', message: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Asks for the permission (inside the click) and runs `then` once it is granted. */
  function withPermission(then: () => Promise<void>): Promise<void> {
    // Called before any await: the click's user gesture is still there.
    const asked = allowed.value === true ? Promise.resolve(true) : deps.request();
    ask.value = { status: 'asking' };
    return asked.then(
      async (granted) => {
        allowed.value = granted;
        if (!granted) {
          ask.value = { status: 'denied' };
          return;
        }
        ask.value = { status: 'idle' };
        await then();
      },
      (error: unknown) => {
        ask.value = { status: 'failed', message: error instanceof Error ? error.message : String(error) };
      },
    );
  }

  return {
    state,
    items,
    allowed,
    ask,
    /** Reads the queue, follows the background's updates and checks the permission; returns the stop. */
    start(): () => void {
      const stop = deps.watch(apply);
      const onFocus = () => void refreshPermission();
      // The permission can be withdrawn from the browser's own settings meanwhile.
      globalThis.addEventListener?.('focus', onFocus);
      void (async () => {
        try {
          const read = await deps.read();
          items.value = new Map(read.items.map((item) => [item.articleId, item]));
          if (read.state.updatedAt >= state.value.updatedAt) state.value = read.state;
        } catch (error) {
          console.warn('The link fetch queue could not be read:', error);
        }
        await refreshPermission();
      })();
      return () => {
        stop();
        globalThis.removeEventListener?.('focus', onFocus);
      };
    },
    /** The user's click on "Allow and fetch the articles": the permission, then every saved link queued. */
    allow: () => withPermission(() => send('start')),
    pause: () => send('pause'),
    /** Resumes a paused run (asking again if the permission was withdrawn). */
    resume: () => withPermission(() => send('resume')),
    /** Stops the run (or closes a finished run's summary). */
    cancel: () => send('cancel'),
    /** The user's Retry on a link that could not be fetched. */
    retry: (id: string) =>
      withPermission(async () => {
        const answer = await deps.send('retryLinkFetch', { id });
        if (!answer.ok) ask.value = { status: 'failed', message: answer.message };
        else apply({ state: answer.value, items: [] });
      }),
  };
}

/** The link fetch store of a library page. */
export type LinkFetchStore = ReturnType<typeof createLinkFetchStore>;
