/**
 * Fills the real extension's library with N saved articles in its stored shape (IndexedDB
 * `reader-library`: records, their derived entries and the meta value, in one transaction),
 * straight through the service worker: a thousand saves through the UI would take minutes and
 * measure nothing this suite is about. Titles, sites, tags,
 * read marks, archive and favourites vary so every filter has something to find.
 */
import type { Worker } from 'playwright-core';
import { ENTRY_INDEXES, LIBRARY_CHANNEL, LIBRARY_DB_NAME, LIBRARY_DB_VERSION, META_KEY, emptyMeta } from '../../utils/library/db';
import { LIBRARY_SCHEMA_VERSION, entryFor, type StoredRecord } from '../../utils/library/schema';
import type { LibraryEntry } from '../../utils/library/types';
import { makeArticle } from '../unit/support/article-factory';

declare const chrome: { storage: { local: { clear(): Promise<void> } } };

const SITES = ['Daily Ledger', 'Harbour Gazette', 'Le Monde', 'The Plain Dealer', 'Nordic Times', 'Science Weekly', 'Market Street', 'City Desk'];
const SUBJECTS = ['River', 'Budget', 'Election', 'Harvest', 'Railway', 'Museum', 'Harbour', 'School', 'Forest', 'Bridge', 'Market', 'Festival'];
const VERBS = ['floods return to', 'reshapes', 'divides', 'revives', 'tests', 'comes back to', 'quietly changes', 'puts pressure on'];
const PLACES = ['the valley', 'the old town', 'the coast', 'a small town', 'the capital', 'the islands', 'the north', 'the suburbs'];
const TAGS = ['Climate', 'Politics', 'Long read', 'Science', 'Economy', 'Culture'];

/** A deterministic pseudo-random sequence (the same library on every run). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** The n-th article of the seeded library, as record (what `entryFor` lists). */
export function seededRecord(i: number, now: number, rnd: () => number): StoredRecord {
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const site = pick(SITES);
  const title = `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(PLACES)} (${i + 1})`;
  const minutes = 1 + Math.floor(rnd() * 24);
  const tags = TAGS.filter(() => rnd() < 0.18);
  const savedAt = now - i * 3_600_000;
  const read = rnd() < 0.3;
  return {
    schemaVersion: LIBRARY_SCHEMA_VERSION,
    id: `seed-${i}`,
    savedAt,
    readAt: read ? savedAt + 60_000 : null,
    archivedAt: rnd() < 0.2 ? savedAt + 120_000 : null,
    favourite: rnd() < 0.1,
    tags,
    updatedAt: savedAt,
    deletedAt: null,
    content: 'article',
    article: makeArticle({
      url: `https://news.example/${site.toLowerCase().replace(/\W+/g, '-')}/${i}`,
      title,
      siteName: site,
      byline: `Reporter ${1 + (i % 17)}`,
      excerpt: `${title}: what changed this week, who it affects and what comes next for the people who live there.`,
      wordCount: minutes * 230,
      readingTimeMinutes: minutes,
      contentHtml: `<p>${title}.</p><p>Paragraph two of article ${i + 1}.</p>`,
      text: `${title}.\nParagraph two of article ${i + 1}.`,
    }),
  };
}

/**
 * Replaces the library with `count` seeded articles; `plain` ones are unread, in the inbox, not
 * favourites and without tags. Returns the entries, newest first.
 */
export async function seedLibrary(sw: Worker, count: number, options: { plain?: boolean } = {}): Promise<LibraryEntry[]> {
  const rnd = random(42);
  const now = Date.now() - 86_400_000;
  const records = Array.from({ length: count }, (_, i) => {
    const record = seededRecord(i, now, rnd);
    return options.plain ? { ...record, readAt: null, archivedAt: null, favourite: false, tags: [] } : record;
  });
  const entries = records.map((r) => entryFor(r)).sort((a, b) => b.savedAt - a.savedAt);
  await sw.evaluate(() => chrome.storage.local.clear());
  const meta = { ...emptyMeta('done'), recordCount: records.length };
  await sw.evaluate(
    async ({ records, entries, meta, db: spec }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(spec.name, spec.version);
        // The extension has not opened its library yet: create it as db.ts's upgrade does.
        request.onupgradeneeded = () => {
          const d = request.result;
          if (!d.objectStoreNames.contains('records')) d.createObjectStore('records', { keyPath: 'id' });
          if (!d.objectStoreNames.contains('entries')) {
            const store = d.createObjectStore('entries', { keyPath: 'id' });
            for (const [name, multiEntry] of spec.indexes) store.createIndex(name, name, { multiEntry });
          }
          if (!d.objectStoreNames.contains('meta')) d.createObjectStore('meta');
          if (!d.objectStoreNames.contains('imports')) d.createObjectStore('imports');
          // Version 2: saved articles' images.
          if (!d.objectStoreNames.contains('images')) d.createObjectStore('images', { keyPath: ['articleId', 'url'] });
          if (!d.objectStoreNames.contains('imageSets')) d.createObjectStore('imageSets', { keyPath: 'articleId' });
        };
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      // In a new profile the background's start-up (library.prepare: the schema-1 move, which writes
      // meta 'committed', then 'done') may still be running; seeded under it, meta was written again
      // after the seed (a flake of faults.e2e's first test). Wait for its end, at most 10 s.
      for (let i = 0; i < 200; i++) {
        const current = await new Promise<{ migration?: string } | undefined>((resolve) => {
          const request = db.transaction('meta').objectStore('meta').get(spec.metaKey);
          request.onsuccess = () => resolve(request.result as { migration?: string } | undefined);
          request.onerror = () => resolve(undefined);
        });
        if (current?.migration === 'done') break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(['records', 'entries', 'meta'], 'readwrite');
        for (const name of ['records', 'entries', 'meta'] as const) tx.objectStore(name).clear();
        for (const r of records) tx.objectStore('records').put(r);
        for (const e of entries) tx.objectStore('entries').put(e);
        tx.objectStore('meta').put(meta, spec.metaKey);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
      db.close();
      const channel = new BroadcastChannel(spec.channel);
      channel.postMessage({ kind: 'rebuilt', ids: [] });
      channel.close();
    },
    {
      records,
      entries,
      meta,
      db: {
        name: LIBRARY_DB_NAME,
        version: LIBRARY_DB_VERSION,
        indexes: ENTRY_INDEXES.map(([n, m]) => [n, m] as [string, boolean]),
        metaKey: META_KEY,
        channel: LIBRARY_CHANNEL,
      },
    },
  );
  return entries;
}
