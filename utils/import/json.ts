/**
 * JSON from an untrusted file. JSON.parse itself never pollutes a prototype (it defines
 * `__proto__` as an own property), but any later spread, merge or `Object.assign` of such an
 * object would; so the keys that can reach a prototype are removed while parsing, and counted.
 */

/** Keys that can reach Object.prototype through assignment or merging. */
const HOSTILE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Parsed JSON without hostile keys, and how many were dropped; or the parser's complaint. */
export type SafeJson = { ok: true; value: unknown; droppedKeys: number } | { ok: false; message: string };

/** Parses JSON text, dropping every `__proto__`, `constructor` and `prototype` key at any depth. */
export function parseJsonSafely(text: string): SafeJson {
  let droppedKeys = 0;
  try {
    const value: unknown = JSON.parse(text, function (this: unknown, key: string, nested: unknown) {
      if (HOSTILE_KEYS.has(key) && !Array.isArray(this)) {
        droppedKeys++;
        return undefined; // a reviver's undefined deletes the property
      }
      return nested;
    });
    return { ok: true, value, droppedKeys };
  } catch (error) {
    // A SyntaxError names the position; a RangeError is nesting deep enough to exhaust the stack.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, message };
  }
}

/** The warning for dropped hostile keys. */
export function hostileKeysWarning(count: number): string {
  return `${count} JSON ${count === 1 ? 'key' : 'keys'} named __proto__, constructor or prototype ${count === 1 ? 'was' : 'were'} ignored.`;
}
