/** What only the end-to-end suites need: the sample page's expected text and a storage probe. */
import type { BrowserContext, Page, Worker } from 'playwright-core';
import type { LibraryEntry } from '../../utils/library/types';

/** Number of saved (not deleted) articles, from what is stored in the library's IndexedDB (not what the code reads). */
export async function storedArticleCount(sw: Worker): Promise<number> {
  return (await storedEntries(sw)).filter((e) => e.deletedAt === null).length;
}

/**
 * Every stored list entry (deleted ones too), read straight from the library's IndexedDB in the
 * service worker with raw IndexedDB, not the extension's code (utils/library/db.ts's layout).
 */
export async function storedEntries(sw: Worker): Promise<LibraryEntry[]> {
  return sw.evaluate(async () => {
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
      });
    const open = indexedDB.open('reader-library');
    // Not created yet: nothing is saved (and the probe must not create it at the wrong version).
    open.onupgradeneeded = () => open.transaction?.abort();
    const db = await request(open).catch(() => null);
    if (!db) return [];
    try {
      if (!db.objectStoreNames.contains('entries')) return [];
      return (await request(db.transaction('entries', 'readonly').objectStore('entries').getAll())) as LibraryEntry[];
    } finally {
      db.close();
    }
  });
}

/** The seven paragraphs of the seed article, as a reader must show them (promo sentence removed). */
export const SAMPLE_PARAGRAPH_STARTS = [
  'Russian President Vladimir Putin arrived in Beijing on Tuesday',
  'At the top of the guest list is Putin',
  'It is a carefully choreographed visit',
  'But the two men are now facing rising tensions',
  'Despite the tensions, experts expect few big surprises',
  'The two leaders will likely also discuss the Middle East',
  'Xi has long seen the Palestinian struggle',
];

/** Words of the sample page's chrome that a clean reader view must not contain. */
export const SAMPLE_CHROME_WORDS = ['Trending Now', 'Recommended for', 'Most Popular', 'Los Angeles', 'Friday, April 19, 2024', 'Sign up', 'newsletter'];

// ---------- Faults (test/e2e/faults.e2e.test.ts) ----------

/** What the library's IndexedDB holds, read with raw IndexedDB in the service worker: records, entries, meta. */
export interface StoredLibrary {
  records: Array<Record<string, unknown> & { id: string }>;
  entries: LibraryEntry[];
  meta: Record<string, unknown> | null;
}

/** Every record, entry and the meta value, straight from IndexedDB (not through the extension's code). */
export async function storedLibrary(sw: Worker): Promise<StoredLibrary> {
  return sw.evaluate(async () => {
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
      });
    const open = indexedDB.open('reader-library');
    open.onupgradeneeded = () => open.transaction?.abort();
    const db = await request(open).catch(() => null);
    if (!db) return { records: [], entries: [], meta: null };
    try {
      const tx = db.transaction(['records', 'entries', 'meta'], 'readonly');
      const [records, entries, meta] = await Promise.all([
        request(tx.objectStore('records').getAll()),
        request(tx.objectStore('entries').getAll()),
        request(tx.objectStore('meta').get('library')),
      ]);
      return { records, entries, meta: meta ?? null } as StoredLibrary;
    } finally {
      db.close();
    }
  });
}

/**
 * Stops the extension's service worker as Chromium does when it is idle or killed
 * (CDP ServiceWorker.stopAllWorkers, over a session on `page`): its JavaScript ends where it is.
 * Target.closeTarget on the worker's target does not stop it in this Chromium.
 */
export async function stopServiceWorkers(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  try {
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/**
 * The extension's running service worker after stopServiceWorkers and a message that woke it: a
 * new worker (its globals are fresh), which Playwright may hand back through the same Worker object.
 */
export async function restartedServiceWorker(context: BrowserContext, extensionId: string, timeoutMs = 15_000): Promise<Worker> {
  const deadline = Date.now() + timeoutMs;
  const answers = (worker: Worker) =>
    Promise.race([worker.evaluate(() => true).catch(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2_000))]);
  while (Date.now() < deadline) {
    for (const worker of context.serviceWorkers()) {
      if (worker.url().startsWith(`chrome-extension://${extensionId}/`) && (await answers(worker))) return worker;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('The extension service worker did not start again');
}
