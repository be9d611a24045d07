/** What only the end-to-end suites need: the sample page's expected text and a storage probe. */
import type { Worker } from 'playwright-core';
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
