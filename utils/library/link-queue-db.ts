/**
 * The `linkFetch` store's reads and writes (link-queue.ts has the shapes). Each change is one
 * read-modify-write transaction over the store, so the run's counts move with its items, and a
 * service worker stopped anywhere leaves a queue that the next start carries on from. Written by
 * the background only (utils/background/link-fetcher.ts); the library page reads it.
 */
import type { IDBPObjectStore } from 'idb';
import { hasStores, inTransaction, openLibraryDb, type LibraryDb, type LibraryDbSchema } from './db';
import { parseEntry } from './schema';
import {
  IDLE_STATE,
  LINK_ITEM_KEYS,
  LINK_STATE_KEY,
  MAX_ATTEMPTS,
  RETRY_DELAY_MS,
  hostOf,
  linkItemKey,
  parseLinkItem,
  parseLinkState,
  transientFailure,
  type LinkFailureReason,
  type LinkFetchState,
  type LinkFetchUpdate,
  type LinkItem,
} from './link-queue';

type Store = IDBPObjectStore<LibraryDbSchema, ['linkFetch'], 'linkFetch', 'readwrite'>;

/** The database, when it has the store (a newer version's database is opened as it is, read only). */
async function database(write: boolean): Promise<LibraryDb | null> {
  const { db, newer } = await openLibraryDb();
  if (!hasStores(db, 'linkFetch') || (write && newer)) return null;
  return db;
}

/** Runs `work` over the store in one read-write transaction; null when the store cannot be written. */
async function change<T>(work: (store: Store, state: LinkFetchState) => Promise<{ state: LinkFetchState; value: T; items: LinkFetchUpdate['items'] }>) {
  const db = await database(true);
  if (!db) return null;
  return inTransaction(db, ['linkFetch'], 'readwrite', async (tx) => {
    const store = tx.objectStore('linkFetch');
    const before = parseLinkState(await store.get(LINK_STATE_KEY));
    const outcome = await work(store, before);
    await store.put(outcome.state, LINK_STATE_KEY);
    return outcome;
  });
}

/** The run's state and every item (the page reads these once; the channel brings the changes). */
export async function readLinkFetch(): Promise<{ state: LinkFetchState; items: LinkItem[] }> {
  const db = await database(false);
  if (!db) return { state: IDLE_STATE, items: [] };
  return inTransaction(db, ['linkFetch'], 'readonly', async (tx) => {
    const store = tx.objectStore('linkFetch');
    const [state, raws] = await Promise.all([store.get(LINK_STATE_KEY), store.getAll(LINK_ITEM_KEYS())]);
    return { state: parseLinkState(state), items: raws.map(parseLinkItem).filter((item) => item !== null) };
  });
}

/** The saved links (content 'link', not deleted) that have no item yet: what a start queues. */
export async function unqueuedLinks(): Promise<Array<{ articleId: string; url: string }>> {
  const db = await database(false);
  if (!db) return [];
  return inTransaction(db, ['entries', 'linkFetch'], 'readonly', async (tx) => {
    const [raws, keys] = await Promise.all([tx.objectStore('entries').getAll(), tx.objectStore('linkFetch').getAllKeys(LINK_ITEM_KEYS())]);
    const known = new Set(keys.map(String));
    return raws
      .map(parseEntry)
      .filter((e) => e !== null && e.content === 'link' && e.deletedAt === null && !known.has(linkItemKey(e.id)))
      .map((e) => ({ articleId: e!.id, url: e!.url }));
  });
}

/** Queues saved links (those with an item already are left as they are) and sets the run going. */
export async function enqueueLinks(links: ReadonlyArray<{ articleId: string; url: string }>, now: number) {
  return change(async (store, state) => {
    const items: LinkFetchUpdate['items'] = [];
    for (const link of links) {
      const host = hostOf(link.url);
      if (host === null || (await store.get(linkItemKey(link.articleId))) !== undefined) continue;
      const item: LinkItem = {
        articleId: link.articleId,
        url: link.url,
        host,
        status: 'queued',
        attempts: 0,
        notBefore: 0,
        reason: null,
        httpStatus: null,
        queuedAt: now,
        updatedAt: now,
      };
      await store.put(item, linkItemKey(link.articleId));
      items.push({ articleId: link.articleId, item });
    }
    // A finished run's counts start again; a running or paused one grows.
    const base = state.status === 'idle' ? { ...IDLE_STATE } : state;
    const next: LinkFetchState = { ...base, status: base.status === 'paused' ? 'paused' : 'running', total: base.total + items.length, updatedAt: now };
    if (items.length === 0 && state.status === 'idle') return { state, value: 0, items };
    return { state: next, value: items.length, items };
  });
}

/** Whether any item is still queued (the run then stays running). */
async function anyQueued(store: Store, exceptId: string | null): Promise<boolean> {
  const all = await store.getAll(LINK_ITEM_KEYS());
  return all.some((raw) => {
    const item = parseLinkItem(raw);
    return item !== null && item.status === 'queued' && item.articleId !== exceptId;
  });
}

/** A run with nothing queued any more is idle (its counts kept for the summary). */
async function settle(store: Store, state: LinkFetchState, exceptId: string | null, now: number): Promise<LinkFetchState> {
  const next = { ...state, updatedAt: now };
  if (next.status !== 'idle' && !(await anyQueued(store, exceptId))) next.status = 'idle';
  return next;
}

/**
 * Records what fetching an item's page came to: `filled` (the article landed), `dropped` (the
 * record is gone, or became an article another way), or a failure with its reason. A failure that
 * may pass is queued again after RETRY_DELAY_MS, up to MAX_ATTEMPTS.
 */
export async function settleItem(
  articleId: string,
  outcome: { kind: 'filled' } | { kind: 'dropped' } | { kind: 'failed'; reason: LinkFailureReason; status: number | null },
  now: number,
) {
  return change(async (store, state) => {
    const key = linkItemKey(articleId);
    const item = parseLinkItem(await store.get(key));
    // Cancelled (or retried elsewhere) meanwhile: nothing to record.
    if (!item || item.status !== 'queued') return { state, value: null, items: [] };
    if (outcome.kind !== 'failed') {
      await store.delete(key);
      const counted = outcome.kind === 'filled' ? { ...state, filled: state.filled + 1 } : { ...state, total: Math.max(0, state.total - 1) };
      return { state: await settle(store, counted, articleId, now), value: null, items: [{ articleId, item: null }] };
    }
    const attempts = item.attempts + 1;
    const again = transientFailure(outcome.reason, outcome.status) && attempts < MAX_ATTEMPTS;
    const next: LinkItem = {
      ...item,
      attempts,
      status: again ? 'queued' : 'failed',
      notBefore: again ? now + RETRY_DELAY_MS : item.notBefore,
      reason: outcome.reason,
      httpStatus: outcome.status,
      updatedAt: now,
    };
    await store.put(next, key);
    const counted = again ? state : { ...state, failed: state.failed + 1 };
    return { state: again ? { ...counted, updatedAt: now } : await settle(store, counted, articleId, now), value: next, items: [{ articleId, item: next }] };
  });
}

/** Pauses or resumes the run (a run with nothing queued stays idle). */
export async function setRunning(running: boolean, now: number) {
  return change(async (store, state) => {
    if (state.status === 'idle') return { state, value: null, items: [] };
    const next: LinkFetchState = { ...state, status: running ? 'running' : 'paused', updatedAt: now };
    return { state: running ? await settle(store, next, null, now) : next, value: null, items: [] };
  });
}

/** Stops the run: queued items are forgotten (failures stay on their items); a finished run's summary is cleared. */
export async function cancelRun(now: number) {
  return change(async (store) => {
    const all = await store.getAll(LINK_ITEM_KEYS());
    const items: LinkFetchUpdate['items'] = [];
    for (const raw of all) {
      const item = parseLinkItem(raw);
      if (item?.status !== 'queued') continue;
      await store.delete(linkItemKey(item.articleId));
      items.push({ articleId: item.articleId, item: null });
    }
    return { state: { ...IDLE_STATE, updatedAt: now }, value: null, items };
  });
}

/** Queues a failed link again (the user's Retry), as part of the run going on, or as a run of its own. */
export async function retryLink(articleId: string, now: number) {
  return change(async (store, state) => {
    const key = linkItemKey(articleId);
    const item = parseLinkItem(await store.get(key));
    if (item?.status !== 'failed') return { state, value: null, items: [] };
    const next: LinkItem = { ...item, status: 'queued', attempts: 0, notBefore: 0, updatedAt: now };
    await store.put(next, key);
    const run: LinkFetchState =
      state.status === 'idle'
        ? { ...IDLE_STATE, status: 'running', total: 1, updatedAt: now }
        : { ...state, failed: Math.max(0, state.failed - 1), updatedAt: now };
    return { state: run, value: next, items: [{ articleId, item: next }] };
  });
}

/** Forgets the items of saved links that are no longer links (the user read the page, or deleted it). */
export async function forgetItem(articleId: string, now: number) {
  return change(async (store, state) => {
    const key = linkItemKey(articleId);
    const item = parseLinkItem(await store.get(key));
    if (!item) return { state, value: null, items: [] };
    await store.delete(key);
    const counted = item.status === 'queued' ? { ...state, total: Math.max(0, state.total - 1) } : state;
    return { state: await settle(store, counted, articleId, now), value: null, items: [{ articleId, item: null }] };
  });
}
