/**
 * Requests over an Endpoint with typed names and checked answers, the same on both sides of the
 * search worker: `call` sends a request and resolves with the checked response; `serve` answers
 * the requests a handler map knows, after checking them.
 */
import * as v from 'valibot';
import { parseRequest, parseWire, type Endpoint, type RequestMessage } from './protocol';

/** A protocol: name → request and response (interfaces fit: no index signature needed). */
export type ProtocolShape<P> = { [K in keyof P]: { request: unknown; response: unknown } };

/** Handlers for every request of a protocol (a missing one does not compile). */
export type Handlers<P extends ProtocolShape<P>> = { [K in keyof P]: (request: P[K]['request']) => Promise<P[K]['response']> | P[K]['response'] };

/** Typed requests from one side of an endpoint. */
export interface Caller<P extends ProtocolShape<P>> {
  call<K extends keyof P & string>(type: K, request: P[K]['request']): Promise<P[K]['response']>;
  /** Rejects every pending call and stops listening. */
  close(reason: string): void;
}

/** Makes a caller whose answers are checked against `responseSchemas` (an answer that does not fit rejects the call). */
export function createCaller<P extends ProtocolShape<P>>(endpoint: Endpoint, responseSchemas: { [K in keyof P]: v.GenericSchema }): Caller<P> {
  let nextId = 1;
  const pending = new Map<number, { type: keyof P; resolve: (value: unknown) => void; reject: (err: Error) => void }>();
  const onMessage = (event: { data: unknown }): void => {
    const m = parseWire(event.data);
    if (!m || m.kind !== 'response') return;
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (!m.ok) return p.reject(new Error(m.error));
    const checked = v.safeParse(responseSchemas[p.type], m.value);
    if (checked.success) p.resolve(checked.output);
    else p.reject(new Error(`bad ${String(p.type)} answer: ${checked.issues[0]?.message ?? 'invalid'}`));
  };
  endpoint.addEventListener('message', onMessage);
  return {
    call(type, request) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { type, resolve: resolve as (value: unknown) => void, reject });
        endpoint.postMessage({ kind: 'request', id, type, payload: request });
      });
    },
    close(reason) {
      endpoint.removeEventListener('message', onMessage);
      for (const p of pending.values()) p.reject(new Error(reason));
      pending.clear();
    },
  };
}

/** Answers the requests of `schemas` on `endpoint` with `handlers`; returns a function that stops. */
export function serveRequests<P extends ProtocolShape<P>>(endpoint: Endpoint, schemas: { [K in keyof P]: v.GenericSchema }, handlers: Handlers<P>): () => void {
  const onMessage = (event: { data: unknown }): void => {
    const m = parseWire(event.data);
    if (!m || m.kind !== 'request') return;
    // Requests of the other protocol on the same endpoint are someone else's.
    if (!Object.hasOwn(schemas, m.type)) return;
    void answer(m);
  };
  const answer = async (m: RequestMessage): Promise<void> => {
    const parsed = parseRequest(schemas, m);
    if (!parsed.ok) return endpoint.postMessage({ kind: 'response', id: m.id, ok: false, error: parsed.error });
    try {
      const value = await handlers[parsed.type](parsed.payload as P[typeof parsed.type]['request']);
      endpoint.postMessage({ kind: 'response', id: m.id, ok: true, value });
    } catch (err) {
      endpoint.postMessage({ kind: 'response', id: m.id, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  };
  endpoint.addEventListener('message', onMessage);
  return () => endpoint.removeEventListener('message', onMessage);
}
