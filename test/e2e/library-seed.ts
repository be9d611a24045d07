/**
 * Fills the real extension's storage with a library of N saved articles in today's stored shape
 * (one index key, one record per article), straight through the service worker: a thousand saves
 * through the UI would take minutes and measure nothing this suite is about. Titles, sites, tags,
 * read marks, archive and favourites vary so every filter has something to find.
 */
import type { Worker } from 'playwright-core';
import { INDEX_KEY, LIBRARY_SCHEMA_VERSION, entryFor, recordKey, type StoredRecord } from '../../utils/library/schema';
import type { LibraryEntry } from '../../utils/library/types';
import { makeArticle } from '../unit/support/article-factory';

declare const chrome: { storage: { local: { set(items: Record<string, unknown>): Promise<void>; clear(): Promise<void> } } };

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
  await sw.evaluate(() => chrome.storage.local.clear());
  for (let from = 0; from < records.length; from += 200) {
    const batch = Object.fromEntries(records.slice(from, from + 200).map((r) => [recordKey(r.id), r]));
    await sw.evaluate((items) => chrome.storage.local.set(items), batch);
  }
  const entries = records.map((r) => entryFor(r)).sort((a, b) => b.savedAt - a.savedAt);
  await sw.evaluate((items) => chrome.storage.local.set(items), { [INDEX_KEY]: { schemaVersion: LIBRARY_SCHEMA_VERSION, entries } });
  return entries;
}
