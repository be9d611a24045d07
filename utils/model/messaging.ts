/**
 * The extension's one message protocol: a map from message name to request and response types,
 * a schema per request (every message is untrusted until checked), and typed send/handle helpers.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import type { Article } from './article';
import { ArticleSchema } from './article-schema';
import type { LibraryEntry, LibraryWriteResult } from '../library/types';
import type { ImportJob } from '../library/import-job';
import type { ImageSet } from '../library/images';
import type { LinkFetchState } from '../library/link-queue';
import { RecordSchema } from '../library/schema';
import type { RestoreResult } from '../library/writer';
import { PositionSchema } from '../reading/position';

/** How to read a tab: the readerable gate on (auto), off ("Read anyway"), or only the selection. */
export type ReadMode = 'auto' | 'force' | 'selection';

/** Why a page cannot be read at all (as opposed to "read, but no article found"). */
export type RestrictedReason =
  | 'browser-page' // chrome://, about:, edge://, the extension's own pages…
  | 'web-store' // extension galleries refuse all extensions by policy
  | 'pdf' // the built-in PDF viewer is not a DOM we can read
  | 'file-access' // file:// without "Allow access to file URLs"
  | 'no-page' // no URL or an unparsable one, a tab that has gone, or the browser's error page
  | 'unsupported' // view-source:, data:, blob: and other schemes
  | 'hidden-page'; // refused right after the user invoked us: Chrome hides about:blank and view-source: tabs from activeTab

/** What reading a tab produced, as shown by the popup and the side panel. */
export type TabReadResult =
  | {
      status: 'article';
      article: Article;
      durationMs: number;
    }
  | { status: 'no-article'; message: string; hasSelection: boolean }
  | { status: 'no-selection'; message: string }
  | { status: 'too-large'; message: string }
  | { status: 'restricted'; reason: RestrictedReason; url: string | null }
  | { status: 'needs-access'; url: string | null }
  | { status: 'error'; message: string };

const TabIdSchema = v.pipe(v.number(), v.integer(), v.minValue(0));
const IdSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
/** Ids of a bulk change: 1 to 10,000 (the largest library an import brings). */
const IdsSchema = v.pipe(v.array(IdSchema), v.minLength(1), v.maxLength(10_000));
/** A tag as typed; the writer cleans it (utils/library/tags.ts) and refuses one that cleans to nothing. */
const TagSchema = v.pipe(v.string(), v.maxLength(1_000));
const TagsSchema = v.pipe(v.array(TagSchema), v.minLength(1), v.maxLength(100));

/** Articles per restoreBackup message (a backup is sent in batches; each is one transaction). */
export const RESTORE_BATCH_MAX = 100;

/** Request schemas, one per message name. */
export const requestSchemas = {
  readTab: v.object({ tabId: TabIdSchema, mode: v.picklist(['auto', 'force', 'selection']) }),
  /** `tabId`: the tab the article was read from, whose images are kept with it (utils/background/save-images). */
  saveArticle: v.object({ article: ArticleSchema, tabId: v.optional(TabIdSchema) }),
  deleteArticle: v.object({ id: IdSchema }),
  restoreArticle: v.object({ id: IdSchema }),
  setArticleRead: v.object({ id: IdSchema, read: v.boolean() }),
  deleteArticles: v.object({ ids: IdsSchema }),
  restoreArticles: v.object({ ids: IdsSchema }),
  setArticlesRead: v.object({ ids: IdsSchema, read: v.boolean() }),
  setArticlesArchived: v.object({ ids: IdsSchema, archived: v.boolean() }),
  setArticlesFavourite: v.object({ ids: IdsSchema, favourite: v.boolean() }),
  addTags: v.object({ ids: IdsSchema, tags: TagsSchema }),
  removeTags: v.object({ ids: IdsSchema, tags: TagsSchema }),
  renameTag: v.object({ from: TagSchema, to: TagSchema }),
  deleteTag: v.object({ tag: TagSchema }),
  /** A page found a schema-1 library still to move (or, with `repair`, a damaged list): the background does it, then answers. */
  prepareLibrary: v.object({ repair: v.boolean() }),
  // ----- Import jobs (utils/library/import-job.ts): the page stages, the background commits -----
  /** The page has staged a job: commit it batch by batch (answers at once; progress comes on the import channel). */
  commitImport: v.object({ jobId: IdSchema }),
  /** Stop a job and roll back what of it landed. */
  cancelImport: v.object({ jobId: IdSchema }),
  /** Forget a finished job (its report was seen). */
  dismissImport: v.object({ jobId: IdSchema }),
  /** A library page opened: carry on with any job a stop or a restart interrupted; answers with every job. */
  resumeImports: v.object({}),
  /** The user allowed Reader to read images from the sites that did not share them: fetch and keep them now. */
  keepArticleImages: v.object({ id: IdSchema }),
  /** One batch of a backup to restore exactly (utils/import/restore-backup.ts): whole records and their positions. */
  restoreBackup: v.object({
    items: v.pipe(v.array(v.object({ record: RecordSchema, position: v.nullable(PositionSchema) })), v.minLength(1), v.maxLength(RESTORE_BATCH_MAX)),
  }),
  // ----- The background fetch of saved links (utils/background/link-fetcher.ts) -----
  /** Start (after the user allowed it: queue every saved link without its article), pause, resume or cancel the fetch. */
  linkFetch: v.object({ action: v.picklist(['start', 'pause', 'resume', 'cancel']) }),
  /** Fetch a saved link again whose page could not be fetched. */
  retryLinkFetch: v.object({ id: IdSchema }),
} as const;

/** Message name → request and response types. */
export interface ProtocolMap {
  readTab: { request: v.InferOutput<typeof requestSchemas.readTab>; response: TabReadResult };
  saveArticle: { request: v.InferOutput<typeof requestSchemas.saveArticle>; response: LibraryWriteResult<LibraryEntry> };
  deleteArticle: { request: v.InferOutput<typeof requestSchemas.deleteArticle>; response: LibraryWriteResult<LibraryEntry> };
  restoreArticle: { request: v.InferOutput<typeof requestSchemas.restoreArticle>; response: LibraryWriteResult<LibraryEntry> };
  setArticleRead: { request: v.InferOutput<typeof requestSchemas.setArticleRead>; response: LibraryWriteResult<LibraryEntry> };
  deleteArticles: { request: v.InferOutput<typeof requestSchemas.deleteArticles>; response: LibraryWriteResult<LibraryEntry[]> };
  restoreArticles: { request: v.InferOutput<typeof requestSchemas.restoreArticles>; response: LibraryWriteResult<LibraryEntry[]> };
  setArticlesRead: { request: v.InferOutput<typeof requestSchemas.setArticlesRead>; response: LibraryWriteResult<LibraryEntry[]> };
  setArticlesArchived: { request: v.InferOutput<typeof requestSchemas.setArticlesArchived>; response: LibraryWriteResult<LibraryEntry[]> };
  setArticlesFavourite: { request: v.InferOutput<typeof requestSchemas.setArticlesFavourite>; response: LibraryWriteResult<LibraryEntry[]> };
  addTags: { request: v.InferOutput<typeof requestSchemas.addTags>; response: LibraryWriteResult<LibraryEntry[]> };
  removeTags: { request: v.InferOutput<typeof requestSchemas.removeTags>; response: LibraryWriteResult<LibraryEntry[]> };
  renameTag: { request: v.InferOutput<typeof requestSchemas.renameTag>; response: LibraryWriteResult<{ changed: number }> };
  deleteTag: { request: v.InferOutput<typeof requestSchemas.deleteTag>; response: LibraryWriteResult<{ changed: number }> };
  prepareLibrary: { request: v.InferOutput<typeof requestSchemas.prepareLibrary>; response: LibraryWriteResult<{ repaired: boolean }> };
  commitImport: { request: v.InferOutput<typeof requestSchemas.commitImport>; response: LibraryWriteResult<ImportJob | null> };
  cancelImport: { request: v.InferOutput<typeof requestSchemas.cancelImport>; response: LibraryWriteResult<ImportJob | null> };
  dismissImport: { request: v.InferOutput<typeof requestSchemas.dismissImport>; response: LibraryWriteResult<null> };
  resumeImports: { request: v.InferOutput<typeof requestSchemas.resumeImports>; response: LibraryWriteResult<ImportJob[]> };
  keepArticleImages: { request: v.InferOutput<typeof requestSchemas.keepArticleImages>; response: LibraryWriteResult<ImageSet> };
  restoreBackup: { request: v.InferOutput<typeof requestSchemas.restoreBackup>; response: LibraryWriteResult<RestoreResult> };
  linkFetch: { request: v.InferOutput<typeof requestSchemas.linkFetch>; response: LibraryWriteResult<LinkFetchState> };
  retryLinkFetch: { request: v.InferOutput<typeof requestSchemas.retryLinkFetch>; response: LibraryWriteResult<LinkFetchState> };
}

/** The name of a message of the protocol. */
export type MessageName = keyof ProtocolMap;
/** What message `K` carries. */
export type RequestOf<K extends MessageName> = ProtocolMap[K]['request'];
/** What the background answers to message `K`. */
export type ResponseOf<K extends MessageName> = ProtocolMap[K]['response'];

/** The envelope on the wire. */
export interface Envelope<K extends MessageName = MessageName> {
  type: K;
  payload: RequestOf<K>;
}

/** A refusal from the receiving side: the message was malformed or its handler threw. */
export interface ProtocolError {
  protocolError: string;
}

/** Longest message name quoted back in a refusal (a 200 kB name is not worth echoing). */
const QUOTED_TYPE_CHARS = 80;

/**
 * A message's `type` as a refusal names it. Only a string is quoted: `String()` of an object calls
 * its own `toString`/`valueOf`, and `{ toString: '' }` (or a null-prototype object) makes it throw.
 */
function describeType(type: unknown): string {
  if (typeof type === 'string') return type.length > QUOTED_TYPE_CHARS ? `${type.slice(0, QUOTED_TYPE_CHARS)}…` : type;
  return type === null ? 'null' : typeof type;
}

/** What a handler threw that is not an Error, as text; never throws itself (see describeType). */
function describeThrown(value: unknown): string {
  try {
    return String(value);
  } catch {
    return typeof value;
  }
}

/** Checks an incoming message; returns the typed envelope or a reason it was refused. */
export function parseEnvelope(raw: unknown): { ok: true; envelope: Envelope } | { ok: false; error: string } {
  if (typeof raw !== 'object' || raw === null) return { ok: false, error: 'message is not an object' };
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.hasOwn(requestSchemas, type)) {
    return { ok: false, error: `unknown message type: ${describeType(type)}` };
  }
  const name = type as MessageName;
  const result = v.safeParse(requestSchemas[name], (raw as { payload?: unknown }).payload);
  if (!result.success) {
    const issue = result.issues[0];
    const where = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    return { ok: false, error: `invalid ${name} request${where ? ` at ${where}` : ''}: ${issue.message}` };
  }
  return { ok: true, envelope: { type: name, payload: result.output } as Envelope };
}

function isProtocolError(value: unknown): value is ProtocolError {
  return typeof value === 'object' && value !== null && typeof (value as ProtocolError).protocolError === 'string';
}

/** Sends a message to the background and returns its typed response; throws on a refusal. */
export async function sendMessage<K extends MessageName>(type: K, payload: RequestOf<K>): Promise<ResponseOf<K>> {
  const envelope: Envelope<K> = { type, payload };
  const response: unknown = await browser.runtime.sendMessage(envelope);
  if (isProtocolError(response)) throw new Error(response.protocolError);
  if (response === undefined) throw new Error(`no handler answered ${type}`);
  return response as ResponseOf<K>;
}

/** Handlers for every message of the protocol. */
export type Handlers = { [K in MessageName]: (payload: RequestOf<K>, sender: { tabId?: number }) => Promise<ResponseOf<K>> };

/**
 * Installs the background's message listener. Messages that fail validation get a ProtocolError
 * (never reach a handler); messages from other extensions are ignored.
 */
export function handleMessages(handlers: Handlers): void {
  browser.runtime.onMessage.addListener((raw: unknown, sender, sendResponse: (response: unknown) => void) => {
    if (sender.id !== undefined && sender.id !== browser.runtime.id) return undefined;
    // sendResponse + `return true` is the one async-reply form every browser (and the polyfill)
    // accepts; a returned promise is not understood by Chrome without the polyfill.
    void dispatch(handlers, raw, { tabId: sender.tab?.id }).then(sendResponse);
    return true;
  });
}

/** Validates and routes one message; exported so tests can drive it without a runtime. */
export async function dispatch(handlers: Handlers, raw: unknown, sender: { tabId?: number }): Promise<unknown> {
  const parsed = parseEnvelope(raw);
  if (!parsed.ok) return { protocolError: parsed.error } satisfies ProtocolError;
  const { type, payload } = parsed.envelope;
  try {
    const handler = handlers[type] as (p: unknown, s: { tabId?: number }) => Promise<unknown>;
    return await handler(payload, sender);
  } catch (error) {
    return { protocolError: `${type} failed: ${error instanceof Error ? error.message : describeThrown(error)}` } satisfies ProtocolError;
  }
}
