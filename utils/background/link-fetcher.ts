/**
 * The background's fetch of saved links' articles (issue 11), once the user has allowed it: works
 * through the queue in IndexedDB (utils/library/link-queue-db.ts) with at most GLOBAL_CONCURRENCY
 * pages at once, one request per site at a time and HOST_SPACING_MS between two requests to a site;
 * each page goes through the extraction pipeline (utils/link-fetch) and a found article fills the
 * saved link through the writer (`fillLinkArticle`: a pending delete or a newer version's record is
 * left alone). Nothing lives only in memory: a stopped service worker or a restart carries on from
 * the queue, picked up when the background starts and by an alarm while a run is going.
 */
import { browser } from 'wxt/browser';
import { GLOBAL_CONCURRENCY, HOST_SPACING_MS, dueItems, postLinkFetch, type LinkFetchState, type LinkFetchUpdate, type LinkItem } from '../library/link-queue';
import { fromWire } from '../library/images';
import { cancelRun, enqueueLinks, readLinkFetch, retryLink, setRunning, settleItem, unqueuedLinks } from '../library/link-queue-db';
import type { LibraryWriteResult } from '../library/types';
import type { LibraryWriter } from '../library/writer';
import type { PageFetchOutcome } from '../link-fetch/fetch-page';
import { fetchPageFromBackground } from '../link-fetch/page-fetch-client';
import { t } from '../i18n';
import { namedByArticle, withinCaps } from './save-images';

/** The alarm that wakes a stopped service worker while a run is going. */
export const LINK_FETCH_ALARM = 'reader-link-fetch';
/** The host permission a fetch needs (optional in the manifest; asked for by the library page, inside the user's click). */
export const LINK_FETCH_ORIGINS = ['*://*/*'];
/** The longest the loop sleeps before looking at the queue again (it also keeps Chrome's worker awake). */
const TICK_MS = 1_000;
/**
 * Fetches of one link that may end without an answer (the fetching document closed under it, the
 * browser shutting down) before the link counts as failed: the link stays queued until then, so a
 * restart mid-fetch loses nothing, and a fetch that can never answer does not spin for ever.
 */
export const MAX_INTERRUPTIONS = 3;

/** What the fetcher needs besides the writer; injectable so tests decide. */
export interface LinkFetcherDeps {
  /** Rejects when the page could not be asked at all (see MAX_INTERRUPTIONS), not for the page's own failures. */
  fetchPage?: (url: string) => Promise<PageFetchOutcome>;
  /** Whether the user has allowed Reader to read the sites' pages. */
  allowed?: () => Promise<boolean>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** An extension API call between steps keeps Chrome's service worker awake while it works. */
  keepAlive?: () => Promise<unknown>;
  /** Sets or clears the wake-up alarm. */
  alarm?: (on: boolean) => Promise<unknown>;
  spacing?: number;
  concurrency?: number;
}

const defaultAllowed = () => browser.permissions.contains({ origins: LINK_FETCH_ORIGINS }).catch(() => false);
const defaultAlarm = async (on: boolean) => {
  try {
    if (on) await browser.alarms.create(LINK_FETCH_ALARM, { periodInMinutes: 1 });
    else await browser.alarms.clear(LINK_FETCH_ALARM);
  } catch (error) {
    console.warn('The link fetch alarm could not be set:', error);
  }
};

type Changed<T> = { state: LinkFetchState; value: T; items: LinkFetchUpdate['items'] } | null;

/** The background's link fetcher: start, pause, resume, cancel, retry, and the loop that does the work. */
export function createLinkFetcher(writer: Pick<LibraryWriter, 'fillLinkArticle' | 'addImages'>, deps: LinkFetcherDeps = {}) {
  const fetchPage = deps.fetchPage ?? fetchPageFromBackground;
  const allowed = deps.allowed ?? defaultAllowed;
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const keepAlive = deps.keepAlive ?? (() => browser.runtime.getPlatformInfo());
  const alarm = deps.alarm ?? defaultAlarm;
  const spacing = deps.spacing ?? HOST_SPACING_MS;
  const concurrency = deps.concurrency ?? GLOBAL_CONCURRENCY;
  let loop: Promise<void> | null = null;
  /** Fetches of each link that ended without an answer, in a row (in memory: a new background starts again). */
  const interruptions = new Map<string, number>();

  /** Posts a committed change to the library pages; answers with the run's state. */
  function announce<T>(changed: Changed<T>): LinkFetchState | null {
    if (!changed) return null;
    postLinkFetch({ state: changed.state, items: changed.items });
    return changed.state;
  }

  /** Fetches one item's page and records what came of it. */
  async function work(item: LinkItem): Promise<void> {
    let outcome: PageFetchOutcome;
    try {
      outcome = await fetchPage(item.url);
      interruptions.delete(item.articleId);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const count = (interruptions.get(item.articleId) ?? 0) + 1;
      if (count < MAX_INTERRUPTIONS) {
        // Left queued: the loop tries it again after the site's spacing, or the next background does.
        interruptions.set(item.articleId, count);
        console.warn('A saved link’s fetch ended without an answer; it will be tried again:', message);
        return;
      }
      interruptions.delete(item.articleId);
      outcome = { ok: false, reason: 'failed', status: null, message };
    }
    if (!outcome.ok) {
      announce(await settleItem(item.articleId, { kind: 'failed', reason: outcome.reason, status: outcome.status }, now()));
      return;
    }
    // The saved address stays the record's (the writer keeps it); it is also how the link is found.
    const filled = await writer.fillLinkArticle({ ...outcome.article, url: item.url });
    if (!filled.ok) {
      console.warn('A fetched article could not be kept:', filled.message);
      announce(await settleItem(item.articleId, { kind: 'failed', reason: 'failed', status: null }, now()));
      return;
    }
    // Its images, checked as a page's are (shape, types, caps), land before the item counts as
    // filled: a stop in between fetches the page again, finds no link to fill, and drops the item.
    const wire = filled.value && outcome.images ? fromWire(outcome.images) : null;
    // Only the article's own images (what its HTML names), as for a save.
    const images = wire && {
      kept: wire.kept.filter((i) => namedByArticle(outcome.article, i.url)),
      missed: wire.missed.filter((m) => namedByArticle(outcome.article, m.url)),
    };
    if (filled.value && images && (images.kept.length > 0 || images.missed.length > 0)) {
      const added = await writer.addImages(filled.value.id, withinCaps(images));
      if (!added.ok) console.warn('A fetched article’s images could not be kept:', added.message);
    }
    announce(await settleItem(item.articleId, filled.value ? { kind: 'filled' } : { kind: 'dropped' }, now()));
  }

  /** Works through the queue until it is empty, paused or not allowed; one loop per background. The wake-up alarm is on only while it can work. */
  async function run(): Promise<void> {
    const busy = new Set<string>();
    const lastStart = new Map<string, number>();
    const inFlight = new Set<Promise<void>>();
    await alarm(true);
    try {
      for (;;) {
        const { state, items } = await readLinkFetch();
        if (state.status !== 'running') break;
        // Without the permission (withdrawn, or unanswerable while the browser shuts down) nothing is
        // fetched and the loop stops, but the run is not recorded as paused: a pause is the user's, and
        // a shutdown answering "no" must not leave a run that never carries on. The library page shows
        // the run waiting for the permission (its alarm cleared below); a grant (permissions.onAdded),
        // the user's Resume or the next start of the background carries on.
        if (!(await allowed().catch(() => false))) break;
        const { start, nextAt } = dueItems(items, { busy, lastStart }, now(), concurrency - inFlight.size, spacing);
        for (const item of start) {
          busy.add(item.host);
          lastStart.set(item.host, now());
          const task: Promise<void> = work(item)
            .catch((error: unknown) => console.warn('A saved link could not be fetched:', error))
            .finally(() => {
              busy.delete(item.host);
              inFlight.delete(task);
            });
          inFlight.add(task);
        }
        if (inFlight.size === 0 && nextAt === null && !items.some((item) => item.status === 'queued')) {
          // Nothing left: the run is over (its counts stay for the summary).
          announce(await setRunning(true, now()));
          break;
        }
        const wait = Math.min(TICK_MS, nextAt === null ? TICK_MS : Math.max(0, nextAt - now()));
        await Promise.race([sleep(wait), ...inFlight]);
        await Promise.resolve()
          .then(keepAlive)
          .catch(() => undefined);
      }
    } finally {
      // Paused or cancelled with pages still on their way: their outcomes are recorded all the same.
      await Promise.all([...inFlight]);
      const { state } = await readLinkFetch().catch(() => ({ state: null }));
      if (state?.status !== 'running' || !(await allowed().catch(() => false))) await alarm(false);
    }
  }

  /** Starts the loop unless it is running; the loop stops by itself. */
  function drive(): Promise<void> {
    loop ??= run()
      .catch((error: unknown) => console.warn('The link fetch stopped:', error))
      .finally(() => (loop = null));
    return loop;
  }

  /** The result a page gets back: the run's state, or why the store could not be changed. */
  const answer = (state: LinkFetchState | null): LibraryWriteResult<LinkFetchState> =>
    state ? { ok: true, value: state } : { ok: false, error: 'storage', message: t('linkFetchUnavailable') };

  async function guarded(task: () => Promise<LinkFetchState | null>): Promise<LibraryWriteResult<LinkFetchState>> {
    try {
      return answer(await task());
    } catch (error) {
      return { ok: false, error: 'storage', message: t('libraryStorageFailed', error instanceof Error ? error.message : String(error)) };
    }
  }

  return {
    /** Queues every saved link that has no article yet and starts fetching (the page asked the permission first). */
    start: () =>
      guarded(async () => {
        const state = announce(await enqueueLinks(await unqueuedLinks(), now())) ?? (await readLinkFetch()).state;
        if (state.status === 'paused') announce(await setRunning(true, now()));
        void drive();
        return (await readLinkFetch()).state;
      }),
    pause: () => guarded(async () => announce(await setRunning(false, now()))),
    resume: () =>
      guarded(async () => {
        const state = announce(await setRunning(true, now()));
        void drive();
        return state;
      }),
    cancel: () => guarded(async () => announce(await cancelRun(now()))),
    retry: (articleId: string) =>
      guarded(async () => {
        const state = announce(await retryLink(articleId, now()));
        void drive();
        return state;
      }),
    /** Carries on with a run a stopped worker or a restart interrupted (the background's start, the alarm). */
    resumeIfRunning: async (): Promise<void> => {
      const { state } = await readLinkFetch();
      if (state.status === 'running') await drive();
      else await alarm(false);
    },
    /** Resolves when the loop running now has stopped (tests). */
    idle: async (): Promise<void> => {
      while (loop) await loop;
    },
  };
}

/** The background's link fetcher. */
export type LinkFetcher = ReturnType<typeof createLinkFetcher>;
