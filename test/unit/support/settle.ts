import { vi } from 'vitest';

/**
 * Fakes the clocks a test controls (timeouts, animation frames, Date) but leaves setImmediate
 * real, so `settle()` can still wait for pending promise work.
 */
export function useFakeClocks(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame', 'Date'] });
}

/** Turns of the event loop settle() waits: enough for a library read through fake-indexeddb. */
const SETTLE_TURNS = 50;

/**
 * Waits until every pending promise chain has run. The fake browser's storage, tabs and events
 * are promise-only (no timers); fake-indexeddb moves each request on by one setImmediate and a
 * BroadcastChannel delivers in the turn's poll phase, so this waits a fixed number of turns
 * rather than one. After it, an effect that was going to happen has happened — which lets a
 * test assert that something did NOT happen.
 */
export async function settle(): Promise<void> {
  for (let turn = 0; turn < SETTLE_TURNS; turn++) await new Promise((resolve) => setImmediate(resolve));
}
