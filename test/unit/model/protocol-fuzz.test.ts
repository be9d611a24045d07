/**
 * The message protocol under arbitrary input (fast-check): whatever arrives — any JSON, wrong
 * types, huge strings, prototype keys, any message name with any payload — `dispatch` answers with
 * a typed value and never throws, and a handler only ever sees a payload its schema accepted.
 */
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { dispatch, requestSchemas, type Handlers, type MessageName } from '../../../utils/model/messaging';
import { makeArticle } from '../support/article-factory';

const NAMES = Object.keys(requestSchemas) as MessageName[];

/** Handlers that record what they were given and check it against the message's own schema. */
function recordingHandlers(seen: Array<{ type: MessageName; valid: boolean }>): Handlers {
  return Object.fromEntries(
    NAMES.map((name) => [
      name,
      async (payload: unknown) => {
        seen.push({ type: name, valid: v.is(requestSchemas[name], payload) });
        return { ok: false, error: 'invalid', message: 'recorded' };
      },
    ]),
  ) as unknown as Handlers;
}

/** Values with the keys that attack plain-object code: __proto__, constructor, prototype. */
const hostileObject = fc
  .dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'type', 'payload', 'id', 'ids', 'article'), fc.jsonValue())
  .map((o) => JSON.parse(JSON.stringify(o)) as unknown);

const payloadLike = fc.oneof(
  fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true }),
  fc.jsonValue(),
  hostileObject,
  fc
    .constantFrom('x', '\u0000', '<', '\ud83d')
    .map((c) => c.repeat(200_000))
    .map((s) => ({ id: s, ids: [s], tabId: s, article: { ...makeArticle(), title: s } })),
  fc.record({ article: fc.record({ url: fc.oneof(fc.webUrl(), fc.string()), title: fc.string(), contentHtml: fc.string() }, { requiredKeys: [] }) }),
);

describe('the message protocol under arbitrary input', () => {
  it('answers anything at all without throwing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything(), fc.jsonValue(), hostileObject), async (raw) => {
        const seen: Array<{ type: MessageName; valid: boolean }> = [];
        const response = await dispatch(recordingHandlers(seen), raw, {});
        expect(response).toBeTypeOf('object');
        expect(seen.every((s) => s.valid)).toBe(true);
      }),
      // Found by this property about once in 75 runs (seed-dependent): `String()` of a type that
      // is an object with its own `toString` threw inside parseEnvelope. Kept as fixed examples.
      { numRuns: 300, examples: [[{ type: { toString: '' } }], [{ type: { valueOf: 1, toString: null } }], [{ type: Object.create(null) }]] },
    );
  });

  it('answers every message name with any payload: a typed refusal, or a handler given a valid payload', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...NAMES), payloadLike, async (type, payload) => {
        const seen: Array<{ type: MessageName; valid: boolean }> = [];
        const response = (await dispatch(recordingHandlers(seen), { type, payload }, {})) as Record<string, unknown>;
        if (seen.length === 0) expect(response.protocolError).toMatch(new RegExp(`^invalid ${type} request`));
        else expect(seen).toEqual([{ type, valid: true }]);
      }),
      { numRuns: 400 },
    );
  });

  it('refuses a message whose type is an object that cannot be turned into text', async () => {
    for (const type of [{ toString: '' }, { toString: 0, valueOf: 0 }, Object.create(null) as object, Symbol('x'), 10n]) {
      const response = await dispatch(recordingHandlers([]), { type, payload: {} }, {});
      expect(response).toEqual({ protocolError: `unknown message type: ${typeof type}` });
    }
    const long = await dispatch(recordingHandlers([]), { type: 'x'.repeat(200_000), payload: {} }, {});
    expect((long as { protocolError: string }).protocolError.length).toBeLessThan(200);
  });

  it('answers with a typed refusal whatever a handler throws, even a value without a text form', async () => {
    const handlers = recordingHandlers([]);
    handlers.deleteTag = () => Promise.reject(Object.create(null) as Error);
    expect(await dispatch(handlers, { type: 'deleteTag', payload: { tag: 'x' } }, {})).toEqual({ protocolError: 'deleteTag failed: object' });
  });

  it('never lets a prototype key stand for a message name', async () => {
    for (const type of ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf']) {
      const seen: Array<{ type: MessageName; valid: boolean }> = [];
      const response = await dispatch(recordingHandlers(seen), JSON.parse(`{"type":"${type}","payload":{}}`), {});
      expect(response).toMatchObject({ protocolError: expect.stringMatching(/unknown message type/) });
      expect(seen).toEqual([]);
    }
  });
});
