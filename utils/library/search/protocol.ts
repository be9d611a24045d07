/**
 * The messages between the library view and the search worker: a map from name to request and
 * response types and a valibot schema for everything that crosses, checked on arrival on both
 * sides (a message is untrusted until checked, as in utils/model/messaging.ts).
 *
 * Page → worker requests (WorkerProtocol): search (every hit's id and score), snippets (the
 * passages of the rows on screen), status, sourcesChanged. Worker → page requests
 * (PageProtocol), only when the page provides the sources: listSources, and loadSources, which the
 * worker pulls batch by batch (so the page never sends faster than the worker indexes).
 * Worker → page events: status.
 */
import * as v from 'valibot';
import type { HitSnippet, SearchHit, SourceStamp } from './index';
import type { SearchSource } from '../types';

/** Where the worker is: reading its snapshot, indexing what changed, ready, or failed (searching then finds nothing). */
export type SearchPhase = 'opening' | 'loading' | 'indexing' | 'ready' | 'failed';

/** What the worker says about its index. */
export interface SearchStatus {
  phase: SearchPhase;
  /** True once every current article is indexed: results before that may miss some. */
  complete: boolean;
  /** Articles indexed now. */
  indexed: number;
  /** Articles in the library, once known. */
  total: number | null;
  /** Whether the index is kept in IndexedDB (false: it is rebuilt on every open). */
  persisted: boolean;
  /** Changes not yet written to IndexedDB (a write follows PERSIST_DELAY_MS after the last change). */
  unsaved: boolean;
  error?: string;
}

/** A search's answer: every hit, best first, and whether the index was complete when it ran. */
export interface SearchAnswer {
  hits: SearchHit[];
  complete: boolean;
  /** A newer query came in before this one ran: it was not run, the newer one answers. */
  superseded?: boolean;
}

const Str = v.string();
/** Most snippets asked for at once (the rows of a tall screen, with room). */
export const MAX_SNIPPET_IDS = 200;
const Ids = v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(200)));
const Count = v.pipe(v.number(), v.integer(), v.minValue(0));

/** Schemas of the page → worker requests. */
export const workerRequestSchemas = {
  search: v.object({ query: v.pipe(Str, v.maxLength(1_000)), limit: v.optional(Count) }),
  /** The rows on screen: a few dozen at most. */
  snippets: v.object({ query: v.pipe(Str, v.maxLength(1_000)), ids: v.pipe(Ids, v.maxLength(MAX_SNIPPET_IDS)) }),
  status: v.object({}),
  sourcesChanged: v.object({ changed: Ids, removed: Ids }),
} as const;

/** Page → worker: name → request and response. */
export interface WorkerProtocol {
  search: { request: v.InferOutput<typeof workerRequestSchemas.search>; response: SearchAnswer };
  snippets: { request: v.InferOutput<typeof workerRequestSchemas.snippets>; response: HitSnippet[] };
  status: { request: v.InferOutput<typeof workerRequestSchemas.status>; response: SearchStatus };
  sourcesChanged: { request: v.InferOutput<typeof workerRequestSchemas.sourcesChanged>; response: SearchStatus };
}

/** Schemas of the worker → page requests. */
export const pageRequestSchemas = {
  listSources: v.object({}),
  /** The first call (cursor null) starts reading `ids`; later calls with the cursor it returned get the next batch. */
  loadSources: v.object({ ids: v.nullable(Ids), cursor: v.nullable(Count) }),
} as const;

/** One batch of a loadSources read; `done` once there are no more. */
export interface SourcesBatch {
  cursor: number;
  docs: SearchSource[];
  done: boolean;
}

/** Worker → page: name → request and response. */
export interface PageProtocol {
  listSources: { request: v.InferOutput<typeof pageRequestSchemas.listSources>; response: SourceStamp[] };
  loadSources: { request: v.InferOutput<typeof pageRequestSchemas.loadSources>; response: SourcesBatch };
}

const SnippetSchema = v.array(v.object({ text: Str, match: v.boolean() }));
const HitSchema = v.object({ id: Str, score: v.number() });
const HitSnippetSchema = v.object({ id: Str, snippet: SnippetSchema });
const StatusSchema = v.object({
  phase: v.picklist(['opening', 'loading', 'indexing', 'ready', 'failed']),
  complete: v.boolean(),
  indexed: Count,
  total: v.nullable(Count),
  persisted: v.boolean(),
  unsaved: v.boolean(),
  error: v.optional(Str),
});
const StampSchema = v.object({ id: Str, updatedAt: v.number() });
/** Runtime shape of one SearchSource, as the page sends it to the worker. */
export const SearchSourceSchema = v.object({
  id: v.pipe(Str, v.minLength(1)),
  updatedAt: v.number(),
  title: Str,
  siteName: v.nullable(Str),
  byline: v.nullable(Str),
  tags: v.array(Str),
  excerpt: v.nullable(Str),
  text: Str,
  lang: v.nullable(Str),
});

/** Schemas of the responses, to check what comes back. */
export const workerResponseSchemas = {
  search: v.object({ hits: v.array(HitSchema), complete: v.boolean(), superseded: v.optional(v.boolean()) }),
  snippets: v.array(HitSnippetSchema),
  status: StatusSchema,
  sourcesChanged: StatusSchema,
} as const;
/** Schemas of the page's responses. */
export const pageResponseSchemas = {
  listSources: v.array(StampSchema),
  loadSources: v.object({ cursor: Count, docs: v.array(SearchSourceSchema), done: v.boolean() }),
} as const;

/** A request on the wire (either direction). */
export interface RequestMessage {
  kind: 'request';
  id: number;
  type: string;
  payload: unknown;
}
/** A response on the wire: the value, or why there is none. */
export type ResponseMessage = { kind: 'response'; id: number; ok: true; value: unknown } | { kind: 'response'; id: number; ok: false; error: string };
/** A status event from the worker. */
export interface StatusMessage {
  kind: 'status';
  status: SearchStatus;
}
/** Anything on the wire. */
export type WireMessage = RequestMessage | ResponseMessage | StatusMessage;

const WireSchema = v.variant('kind', [
  v.object({ kind: v.literal('request'), id: Count, type: Str, payload: v.unknown() }),
  v.object({ kind: v.literal('response'), id: Count, ok: v.literal(true), value: v.unknown() }),
  v.object({ kind: v.literal('response'), id: Count, ok: v.literal(false), error: Str }),
  v.object({ kind: v.literal('status'), status: StatusSchema }),
]);

/** Checks a message off the wire: the typed message, or null for anything else (ignored). */
export function parseWire(raw: unknown): WireMessage | null {
  const parsed = v.safeParse(WireSchema, raw);
  return parsed.success ? (parsed.output as WireMessage) : null;
}

/** Checks a request's payload against the schemas of its side; the reason when it does not fit. */
export function parseRequest<S extends Record<string, v.GenericSchema>>(
  schemas: S,
  message: RequestMessage,
): { ok: true; type: keyof S & string; payload: v.InferOutput<S[keyof S]> } | { ok: false; error: string } {
  if (!Object.hasOwn(schemas, message.type)) return { ok: false, error: `unknown request ${message.type}` };
  const type = message.type as keyof S & string;
  const parsed = v.safeParse(schemas[type]!, message.payload);
  if (!parsed.success) return { ok: false, error: `bad ${type} request: ${parsed.issues[0]?.message ?? 'invalid'}` };
  return { ok: true, type, payload: parsed.output as v.InferOutput<S[keyof S]> };
}

/** The smallest part of a Worker (or a worker's global scope, or a MessagePort) the two sides use. */
export interface Endpoint {
  postMessage(message: WireMessage): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

/** The worker's name when it reads the library database itself. */
export const LIBRARY_SOURCES_WORKER_NAME = 'library-search';
/** The worker's name when the page that started it answers its requests for articles. */
export const PAGE_SOURCES_WORKER_NAME = 'library-search:page-sources';
