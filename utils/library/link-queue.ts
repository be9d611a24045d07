/**
 * The background fetch of saved links (issue 11): the shapes of the `linkFetch` store (db.ts,
 * version 3), their runtime checks, the channel the background reports progress on, and the pure
 * scheduling rule (which queued link may be fetched now). Shared by the background, which is the
 * only writer of the store (utils/background/link-fetcher.ts), and the library page, which reads it.
 *
 * Keys: `state` (the run: running or paused, and its counts) and `item:<articleId>` (one saved link
 * waiting for its page, or the reason it could not be fetched). A link whose article landed has no
 * item any more: the record says it is an article.
 */
import * as v from 'valibot';

/** Name of the BroadcastChannel the background posts the run's state on. */
export const LINK_FETCH_CHANNEL = 'reader-link-fetch';
/** The store's key of the run's state. */
export const LINK_STATE_KEY = 'state';
/** The store's key of a saved link's item. */
export const linkItemKey = (articleId: string): string => `item:${articleId}`;
/** The keys of every item. */
export const LINK_ITEM_KEYS = (): IDBKeyRange => IDBKeyRange.bound('item:', 'item:\uffff');

/** Pages fetched at once, over every site. */
export const GLOBAL_CONCURRENCY = 3;
/** Time between two requests to one site (one request per site at a time besides). */
export const HOST_SPACING_MS = 3_000;
/** A page that has not answered (headers and body) by then is given up: `timeout`. */
export const FETCH_TIMEOUT_MS = 20_000;
/** Largest page read (bytes): above it, `too-large`. Articles are 50–500 kB of HTML; 5 MB is a very heavy page. */
export const MAX_PAGE_BYTES = 5 * 1024 * 1024;
/** Attempts of a link whose failure may pass (a timeout, a refused connection, a 5xx or 429) before it counts as failed. */
export const MAX_ATTEMPTS = 2;
/** How long such a link waits before its next attempt. */
export const RETRY_DELAY_MS = 60_000;

/**
 * Why a page did not become an article:
 * - `http`: the site answered with an error (the status is kept);
 * - `not-article`: the page is there but the article gate found no article in it;
 * - `timeout`: no complete answer within FETCH_TIMEOUT_MS;
 * - `too-large`: over MAX_PAGE_BYTES, or too many elements to parse;
 * - `not-html`: the answer is not a web page (a PDF, an image, JSON…);
 * - `blocked`: no answer at all (offline, refused, a network error, or the permission was withdrawn);
 * - `failed`: the extraction itself broke (kept with its message in the console).
 */
export type LinkFailureReason = 'http' | 'not-article' | 'timeout' | 'too-large' | 'not-html' | 'blocked' | 'failed';
const REASONS = ['http', 'not-article', 'timeout', 'too-large', 'not-html', 'blocked', 'failed'] as const;

/** Whether a failure may pass if tried again later. */
export function transientFailure(reason: LinkFailureReason, status: number | null): boolean {
  if (reason === 'timeout' || reason === 'blocked') return true;
  return reason === 'http' && status !== null && (status === 429 || status >= 500);
}

const Count = v.pipe(v.number(), v.integer(), v.minValue(0));
const Time = v.pipe(v.number(), v.finite());

/** Runtime shape of one item. */
export const LinkItemSchema = v.object({
  articleId: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  /** The saved address (what is fetched). */
  url: v.pipe(v.string(), v.maxLength(8192)),
  /** Its host, for the per-site rate limit. */
  host: v.pipe(v.string(), v.maxLength(300)),
  status: v.picklist(['queued', 'failed']),
  attempts: Count,
  /** Not fetched before this time (a retry's wait). */
  notBefore: Time,
  /** Set when `status` is 'failed' (and kept, while queued again, for a transient one). */
  reason: v.nullable(v.picklist(REASONS)),
  /** The HTTP status of an `http` failure. */
  httpStatus: v.nullable(v.pipe(v.number(), v.integer())),
  /** When it was queued (the order items are fetched in). */
  queuedAt: Time,
  updatedAt: Time,
});
/** One saved link in the queue. */
export type LinkItem = v.InferOutput<typeof LinkItemSchema>;

/** Runtime shape of the run's state. */
export const LinkStateSchema = v.object({
  /** `running`: the background works through the queue; `paused` by the user; `idle`: nothing queued. */
  status: v.picklist(['running', 'paused', 'idle']),
  /** Links queued since the run began (for "120 of 3,400"). */
  total: Count,
  /** Of those, how many got their article. */
  filled: Count,
  /** Of those, how many could not be fetched. */
  failed: Count,
  updatedAt: Time,
});
/** The run's state. */
export type LinkFetchState = v.InferOutput<typeof LinkStateSchema>;

/** The state of a store that holds nothing yet. */
export const IDLE_STATE: LinkFetchState = { status: 'idle', total: 0, filled: 0, failed: 0, updatedAt: 0 };

/** Validates a stored item; null when damaged. */
export function parseLinkItem(raw: unknown): LinkItem | null {
  const parsed = v.safeParse(LinkItemSchema, raw);
  return parsed.success ? parsed.output : null;
}

/** Validates the stored state; the idle state when missing or damaged. */
export function parseLinkState(raw: unknown): LinkFetchState {
  const parsed = v.safeParse(LinkStateSchema, raw);
  return parsed.success ? parsed.output : IDLE_STATE;
}

/** The host a link is rate-limited under (lower case, port kept); null for an address that is not http(s). */
export function hostOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.host.toLowerCase() : null;
  } catch {
    return null;
  }
}

/** What the scheduler knows of each site: whether a request is in flight, and when the last one started. */
export interface HostTraffic {
  busy: ReadonlySet<string>;
  lastStart: ReadonlyMap<string, number>;
}

/**
 * The queued items that may start now, oldest first: at most `slots` of them, one per site, none
 * to a site with a request in flight or one that started less than `spacing` ago, none before its
 * `notBefore`. Also says when the earliest waiting item becomes due (null when none waits).
 */
export function dueItems(
  items: readonly LinkItem[],
  traffic: HostTraffic,
  now: number,
  slots: number,
  spacing = HOST_SPACING_MS,
): { start: LinkItem[]; nextAt: number | null } {
  const start: LinkItem[] = [];
  const taken = new Set<string>();
  let nextAt: number | null = null;
  const queued = items.filter((item) => item.status === 'queued').sort((a, b) => a.queuedAt - b.queuedAt || a.articleId.localeCompare(b.articleId));
  for (const item of queued) {
    if (traffic.busy.has(item.host) || taken.has(item.host)) continue;
    const last = traffic.lastStart.get(item.host);
    const at = Math.max(item.notBefore, last === undefined ? 0 : last + spacing);
    if (at > now) {
      nextAt = nextAt === null ? at : Math.min(nextAt, at);
      continue;
    }
    if (start.length < slots) {
      start.push(item);
      taken.add(item.host);
    }
  }
  return { start, nextAt };
}

/** Tells every open library page how the run stands (a BroadcastChannel does not echo to its sender). */
export function postLinkFetch(update: LinkFetchUpdate): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(LINK_FETCH_CHANNEL);
  try {
    channel.postMessage(update);
  } finally {
    channel.close();
  }
}

/** What the background posts: the run's state, and the items that changed (null: gone, filled or cancelled). */
export interface LinkFetchUpdate {
  state: LinkFetchState;
  items: Array<{ articleId: string; item: LinkItem | null }>;
}

const UpdateSchema = v.object({
  state: LinkStateSchema,
  items: v.array(v.object({ articleId: v.string(), item: v.nullable(LinkItemSchema) })),
});

/** Calls `onUpdate` with each update the background posts (checked); returns the unsubscribe. */
export function watchLinkFetch(onUpdate: (update: LinkFetchUpdate) => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const channel = new BroadcastChannel(LINK_FETCH_CHANNEL);
  channel.onmessage = (event: MessageEvent<unknown>) => {
    const parsed = v.safeParse(UpdateSchema, event.data);
    if (parsed.success) onUpdate(parsed.output);
  };
  return () => channel.close();
}
