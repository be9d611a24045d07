/**
 * Remembered reading positions. Saved articles keep theirs in storage.local (restored after a
 * restart); the live page's reader keeps one per tab and URL in session storage (restored when
 * the panel is reopened in the same tab, forgotten when the browser closes). Positions are not
 * part of the saved article, so writing them never competes with the background's library writes.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import type { ReadingPosition } from './progress';

/** Runtime shape of a remembered position (what storage holds is checked before use). */
export const PositionSchema = v.object({
  block: v.pipe(v.number(), v.integer(), v.minValue(0)),
  offset: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  progress: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  updatedAt: v.number(),
});

/** Where a position is kept: a saved article, or a tab showing a live page. */
export type PositionKey = { kind: 'saved'; id: string } | { kind: 'tab'; tabId: number; url: string };

function storageFor(key: PositionKey) {
  return key.kind === 'saved' ? browser.storage.local : browser.storage.session;
}

/** Storage key of a saved article's position; the library writer removes it with the article. */
export function savedPositionKey(id: string): string {
  return `position:saved:${id}`;
}

/** Storage key of a position. */
export function positionStorageKey(key: PositionKey): string {
  return key.kind === 'saved' ? savedPositionKey(key.id) : `position:tab:${key.tabId}:${key.url}`;
}

/** Reads a remembered position; null when there is none or it is damaged. */
export async function loadPosition(key: PositionKey): Promise<ReadingPosition | null> {
  const name = positionStorageKey(key);
  const raw = (await storageFor(key).get(name))[name];
  const parsed = v.safeParse(PositionSchema, raw);
  return parsed.success ? parsed.output : null;
}

/** Remembers a position; failures are ignored (a lost position is not worth an error message). */
export async function savePosition(key: PositionKey, position: ReadingPosition): Promise<void> {
  await storageFor(key)
    .set({ [positionStorageKey(key)]: position })
    .catch(() => undefined);
}

/**
 * How far each of the saved articles `ids` has been read (0–1), in one storage read; ids without
 * a remembered position are left out. The library list asks for its visible rows only.
 */
export async function loadSavedProgress(ids: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (ids.length === 0) return out;
  const raw = await browser.storage.local.get(ids.map(savedPositionKey));
  for (const id of ids) {
    const parsed = v.safeParse(PositionSchema, raw[savedPositionKey(id)]);
    if (parsed.success) out.set(id, parsed.output.progress);
  }
  return out;
}

/**
 * The remembered positions of the saved articles `ids`, in one storage read (export and backup
 * read them a batch at a time); ids without a valid position are left out.
 */
export async function loadSavedPositions(ids: readonly string[]): Promise<Map<string, ReadingPosition>> {
  const out = new Map<string, ReadingPosition>();
  if (ids.length === 0) return out;
  const raw = await browser.storage.local.get(ids.map(savedPositionKey));
  for (const id of ids) {
    const parsed = v.safeParse(PositionSchema, raw[savedPositionKey(id)]);
    if (parsed.success) out.set(id, parsed.output);
  }
  return out;
}
