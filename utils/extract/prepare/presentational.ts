/**
 * Presentational wrappers (<font>, <center>) replaced by their children.
 * Motivated by: old hand-written pages whose text sits inside <font> and <center>.
 */
import { all, unwrap } from '../dom';
import type { PrepareRule } from '../rule';

/** Replaces presentational wrappers that only add noise (<font>, <center>) by their children. */
export function unwrapPresentational(doc: Document): void {
  for (const el of all(doc, 'font, center')) unwrap(el);
}

/** This file's rule, as prepare/index.ts lists it. */
export const rule: PrepareRule = { name: 'presentational', run: unwrapPresentational };
