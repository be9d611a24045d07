import { vi } from 'vitest';

/**
 * Fakes the clocks a test controls (timeouts, animation frames, Date) but leaves setImmediate
 * real, so `settle()` can still wait for pending promise work.
 */
export function useFakeClocks(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame', 'Date'] });
}

/**
 * Waits until every pending promise chain has run. The fake browser's storage, tabs and events
 * are promise-only (no timers), so after this an effect that was going to happen has happened —
 * which lets a test assert that something did NOT happen.
 */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
