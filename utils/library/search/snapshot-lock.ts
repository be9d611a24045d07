/**
 * The search snapshot's writer lock over the Web Locks API (in dedicated workers in Chrome and
 * Firefox): one lock per extension origin, so of the search workers running at once (side panel,
 * library tab) one writes `reader-search` and the others wait their turn (serve.ts).
 */
import type { SnapshotLock } from './serve';

/** Name of the lock the search workers share. */
export const SNAPSHOT_LOCK_NAME = 'reader-search:writer';

/** Just what this module uses of navigator.locks (LockManager). */
interface Locks {
  request(name: string, options: { ifAvailable: boolean }, callback: (lock: unknown) => Promise<void> | void): Promise<unknown>;
  request(name: string, callback: (lock: unknown) => Promise<void> | void): Promise<unknown>;
}

/** The writer lock over navigator.locks; undefined where there is none (the worker then writes, as before). */
export function webSnapshotLock(
  locks: Locks | undefined = (globalThis.navigator as { locks?: Locks } | undefined)?.locks,
  name = SNAPSHOT_LOCK_NAME,
): SnapshotLock | undefined {
  if (!locks) return undefined;
  return {
    request(onLater) {
      let release = (): void => undefined;
      // Held until release(): the lock's callback returns this promise.
      const letGo = new Promise<void>((resolve) => (release = resolve));
      return new Promise((answer) => {
        void locks
          .request(name, { ifAvailable: true }, (lock) => {
            if (lock) {
              answer({ held: true, release });
              return letGo;
            }
            answer({ held: false, release });
            // Queued behind the writer; granted when its worker ends (or lets go).
            void locks
              .request(name, () => {
                onLater();
                return letGo;
              })
              .catch(() => undefined);
            return undefined;
          })
          .catch(() => answer({ held: true, release }));
      });
    },
  };
}
