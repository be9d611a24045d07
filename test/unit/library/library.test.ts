import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { openDB } from 'idb';
import { LIBRARY_DB_NAME, LIBRARY_DB_VERSION, META_KEY } from '../../../utils/library/db';
import { LIBRARY_SCHEMA_VERSION } from '../../../utils/library/schema';
import {
  NEWEST_SPAN,
  findSavedByUrl,
  getSavedArticle,
  readLibrary,
  readEntries,
  readNewestEntries,
  readNewestSpan,
  readSearchSources,
  watchLibrary,
} from '../../../utils/library/store';
import type { LibraryChange } from '../../../utils/library/types';
import { UNDO_WINDOW_MS, createLibraryWriter } from '../../../utils/library/writer';
import { loadPosition, savePosition, savedPositionKey } from '../../../utils/reading/position';
import { makeArticle } from '../support/article-factory';
import { clock, ids, libraryBackground, libraryDb, libraryStorageFull } from '../support/library';

/** Everything stored in the library's two data stores, for before/after comparisons. */
async function dump() {
  const db = await libraryDb();
  return { records: await db.getAll('records'), entries: await db.getAll('entries') };
}

describe('library', () => {
  beforeEach(() => fakeBrowser.reset());

  it('saves an article with its full content and lists it', async () => {
    const time = clock();
    const writer = createLibraryWriter({ now: time.now, newId: ids() });
    const result = await writer.save(makeArticle());
    expect(result).toMatchObject({
      ok: true,
      created: true,
      value: { id: 'id-1', title: expect.stringContaining('Putin'), archivedAt: null, favourite: false, tags: [], updatedAt: time.now() },
    });

    const library = await readLibrary();
    expect(library.entries.map((e) => e.id)).toEqual(['id-1']);
    expect(library.problems).toEqual([]);

    const opened = await getSavedArticle('id-1');
    expect(opened.ok && opened.saved.article.contentHtml).toContain('arrived in Beijing');
    expect(opened.ok && opened.entry?.id).toBe('id-1');
    expect(await (await libraryDb()).get('records', 'id-1')).toMatchObject({ schemaVersion: LIBRARY_SCHEMA_VERSION, deletedAt: null });
  });

  it('lists newest first', async () => {
    const time = clock();
    const writer = createLibraryWriter({ now: time.now, newId: ids() });
    await writer.save(makeArticle({ url: 'https://a.example/1', title: 'First' }));
    time.advance(1000);
    await writer.save(makeArticle({ url: 'https://a.example/2', title: 'Second' }));
    expect((await readLibrary()).entries.map((e) => e.title)).toEqual(['Second', 'First']);
  });

  it('dedupes by URL, ignoring fragments and tracking parameters, and keeps the place and state', async () => {
    const time = clock();
    const writer = createLibraryWriter({ now: time.now, newId: ids() });
    await writer.save(makeArticle({ url: 'https://news.example/story?id=7' }));
    const savedAt = time.now();
    await writer.setArticlesRead(['id-1'], true);
    await writer.setArticlesArchived(['id-1'], true);
    await writer.setArticlesFavourite(['id-1'], true);
    await writer.addTags(['id-1'], ['World']);
    time.advance(5000);
    const again = await writer.save(makeArticle({ url: 'https://news.example/story?id=7&utm_source=x#top', title: 'Updated title' }));
    expect(again).toMatchObject({ ok: true, created: false, value: { id: 'id-1', title: 'Updated title', savedAt, favourite: true, tags: ['World'] } });
    const library = await readLibrary();
    expect(library.entries).toHaveLength(1);
    expect(library.entries[0]).toMatchObject({ readAt: savedAt, archivedAt: savedAt, updatedAt: time.now() });
    expect(await findSavedByUrl('https://news.example/story?id=7#comments')).toMatchObject({ id: 'id-1' });
    // A different query parameter is a different article.
    expect(await findSavedByUrl('https://news.example/story?id=8')).toBeNull();
  });

  it('deletes with undo, and purges only after the undo window', async () => {
    const time = clock();
    const writer = createLibraryWriter({ now: time.now, newId: ids() });
    await writer.save(makeArticle());
    expect(await writer.remove('id-1')).toMatchObject({ ok: true, value: { id: 'id-1', deletedAt: time.now() } });
    expect((await readLibrary()).entries).toEqual([]);
    expect(await findSavedByUrl(makeArticle().url)).toBeNull();

    expect(await writer.restore('id-1')).toMatchObject({ ok: true, value: { deletedAt: null } });
    expect((await readLibrary()).entries.map((e) => e.id)).toEqual(['id-1']);

    await writer.deleteArticles(['id-1']);
    time.advance(UNDO_WINDOW_MS + 1);
    // Any later write purges the expired delete, record included.
    await writer.save(makeArticle({ url: 'https://other.example/x' }));
    expect(await writer.restoreArticles(['id-1'])).toMatchObject({ ok: false, error: 'not-found' });
    expect(await (await libraryDb()).get('records', 'id-1')).toBeUndefined();
    expect(await (await libraryDb()).get('entries', 'id-1')).toBeUndefined();
  });

  it('saves an article deleted moments ago as new: back in the inbox, unread, its tags kept', async () => {
    const time = clock();
    const writer = createLibraryWriter({ now: time.now, newId: ids() });
    await writer.save(makeArticle());
    await writer.addTags(['id-1'], ['Keep']);
    await writer.setArticlesRead(['id-1'], true);
    await writer.remove('id-1');
    time.advance(1000);
    const again = await writer.save(makeArticle());
    expect(again).toMatchObject({ ok: true, created: true, value: { id: 'id-1', savedAt: time.now(), readAt: null, deletedAt: null, tags: ['Keep'] } });
  });

  it('forgets the reading position of a purged article, and only of that one', async () => {
    const time = clock();
    const writer = createLibraryWriter({ now: time.now, newId: ids() });
    await writer.save(makeArticle({ url: 'https://a.example/1' }));
    await writer.save(makeArticle({ url: 'https://b.example/2' }));
    const position = { block: 3, offset: 0.5, progress: 0.4, updatedAt: time.now() };
    await savePosition({ kind: 'saved', id: 'id-1' }, position);
    await savePosition({ kind: 'saved', id: 'id-2' }, position);

    await writer.remove('id-1');
    // Still inside the undo window: restoring must bring the position back with the article.
    expect(await loadPosition({ kind: 'saved', id: 'id-1' })).toEqual(position);
    time.advance(UNDO_WINDOW_MS + 1);
    await writer.setRead('id-2', true);

    expect(await loadPosition({ kind: 'saved', id: 'id-1' })).toBeNull();
    expect(await browser.storage.local.get(savedPositionKey('id-1'))).toEqual({});
    expect(await loadPosition({ kind: 'saved', id: 'id-2' })).toEqual(position);
  });

  it('marks as read and unread, keeping the first read time', async () => {
    const time = clock();
    const writer = createLibraryWriter({ now: time.now, newId: ids() });
    await writer.save(makeArticle());
    await writer.setRead('id-1', true);
    const readAt = time.now();
    expect((await readLibrary()).entries[0]?.readAt).toBe(readAt);
    time.advance(1000);
    await writer.setRead('id-1', true);
    expect((await readLibrary()).entries[0]).toMatchObject({ readAt, updatedAt: readAt });
    await writer.setRead('id-1', false);
    expect((await readLibrary()).entries[0]?.readAt).toBeNull();
    expect(await writer.setRead('missing', true)).toMatchObject({ ok: false, error: 'not-found' });
  });

  it('refuses an invalid article without touching storage', async () => {
    const writer = createLibraryWriter({ newId: ids() });
    await writer.save(makeArticle());
    const before = await dump();
    const bad = { ...makeArticle(), url: 'not a url' };
    expect(await writer.save(bad)).toMatchObject({ ok: false, error: 'invalid' });
    expect(await dump()).toEqual(before);
  });

  it('reads the newest entries page by page through the savedAt index, with the visible total', async () => {
    const time = clock();
    const writer = createLibraryWriter({ now: time.now, newId: ids() });
    for (let i = 1; i <= 5; i++) {
      await writer.save(makeArticle({ url: `https://a.example/${i}`, title: `Article ${i}` }));
      time.advance(1000);
    }
    // Two archived, one of them then deleted (pending undo): the archive counts one.
    await writer.setArticlesArchived(['id-1', 'id-4'], true);
    await writer.deleteArticles(['id-4']);
    const first = await readNewestEntries(2);
    expect(first.entries.map((e) => e.title)).toEqual(['Article 5', 'Article 3']);
    expect(first.total).toBe(4);
    expect(first.archived).toBe(1);
    expect((await readNewestEntries(10)).entries.map((e) => e.id)).toEqual(['id-5', 'id-3', 'id-2', 'id-1']);
    expect(await readNewestEntries(0)).toEqual({ entries: [], total: 4, archived: 1 });
  });

  it('reads the entries of some ids, and names those deleted or absent', async () => {
    const writer = createLibraryWriter({ newId: ids() });
    for (let i = 1; i <= 3; i++) await writer.save(makeArticle({ url: `https://a.example/${i}`, title: `Article ${i}` }));
    await writer.deleteArticles(['id-2']);
    const read = await readEntries(['id-3', 'id-2', 'nope', 'id-1']);
    expect(read.entries.map((e) => e.title)).toEqual(['Article 3', 'Article 1']);
    expect(read.gone).toEqual(['id-2', 'nope']);
  });

  it('reads the first page without reading every entry', async () => {
    // No page has read a first page yet: no hint of where it begins.
    localStorage.clear();
    const writer = createLibraryWriter({ newId: ids() });
    await writer.importRecords(Array.from({ length: 300 }, (_, i) => ({ article: makeArticle({ url: `https://a.example/${i}` }), savedAt: i })));
    // A cursor on the savedAt index that stops after the page: no getAll, no walk over the rest.
    const getAll = vi.spyOn(IDBObjectStore.prototype, 'getAll');
    const indexGetAll = vi.spyOn(IDBIndex.prototype, 'getAll');
    const cursor = vi.spyOn(IDBIndex.prototype, 'openCursor');
    // Counting the records store reads every body (over a second at 10,000 in Chromium).
    const count = vi.spyOn(IDBObjectStore.prototype, 'count');
    const page = await readNewestEntries(50);
    expect(page.entries).toHaveLength(50);
    expect(page.entries[0]?.savedAt).toBe(299);
    expect(page.total).toBe(300);
    expect(getAll).not.toHaveBeenCalled();
    // Only the deletedAt index is read whole: it holds the deleted entries alone (pending undo).
    expect(indexGetAll.mock.contexts.map((c) => (c as IDBIndex).name)).toEqual(['deletedAt']);
    expect(page.archived).toBe(0);
    expect(cursor).toHaveBeenCalledTimes(1);
    expect(cursor.mock.contexts[0]).toMatchObject({ name: 'savedAt' });
    expect(cursor.mock.calls[0]?.[1]).toBe('prev');
    expect(count).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  });

  it('reads entries by id without reading meta again once a read found the library migrated', async () => {
    const time = clock();
    const writer = createLibraryWriter({ now: time.now, newId: ids() });
    const saved = await writer.save(makeArticle());
    if (!saved.ok) throw new Error(saved.message);
    await readLibrary();
    const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction');
    const read = await readEntries([saved.value.id, 'gone-id']);
    expect(read.entries.map((e) => e.id)).toEqual([saved.value.id]);
    expect(read.gone).toEqual(['gone-id']);
    // One transaction, over the entries alone: no meta read queued behind the whole list's.
    expect(transaction.mock.calls.map((call) => [call[0]].flat())).toEqual([['entries']]);
    vi.restoreAllMocks();
  });

  it('reads the whole list in requests of a thousand entries, each entry once, in one transaction', async () => {
    const time = clock();
    const writer = createLibraryWriter({ now: time.now, newId: ids() });
    await writer.importRecords(Array.from({ length: 2050 }, (_, i) => ({ article: makeArticle({ url: `https://c.example/${i}` }), savedAt: 5_000 + i })));
    const getAll = vi.spyOn(IDBObjectStore.prototype, 'getAll');
    const { entries } = await readLibrary();
    const ofEntries = getAll.mock.calls.filter((_, i) => (getAll.mock.contexts[i] as IDBObjectStore).name === 'entries');
    expect(ofEntries.map((call) => call[1])).toEqual([1000, 1000, 1000]);
    expect(new Set(entries.map((e) => e.id)).size).toBe(2050);
    vi.restoreAllMocks();
  });

  it('reads the newest span (about NEWEST_SPAN entries, from where the last whole read found them) in one ranged read: every visible entry saved since', async () => {
    localStorage.clear();
    const time = clock();
    const writer = createLibraryWriter({ now: time.now, newId: ids() });
    const n = NEWEST_SPAN + 200;
    await writer.importRecords(Array.from({ length: n }, (_, i) => ({ article: makeArticle({ url: `https://a.example/${i}` }), savedAt: 10_000 + i })));
    // No whole read yet: no hint, no span.
    expect(await readNewestSpan()).toBeNull();
    const whole = await readLibrary();
    const span = await readNewestSpan();
    expect(span?.since).toBe(whole.entries[NEWEST_SPAN - 1]!.savedAt);
    expect(span?.entries.map((e) => e.id).sort()).toEqual(
      whole.entries
        .slice(0, NEWEST_SPAN)
        .map((e) => e.id)
        .sort(),
    );
    // Saved since and deleted since: the span holds what the range holds now, deleted entries left out.
    await writer.save(makeArticle({ url: 'https://b.example/new', title: 'New' }));
    const gone = whole.entries[0]!.id;
    await writer.deleteArticles([gone]);
    const again = await readNewestSpan();
    expect(again?.entries).toHaveLength(NEWEST_SPAN);
    expect(again?.entries.some((e) => e.title === 'New')).toBe(true);
    expect(again?.entries.some((e) => e.id === gone)).toBe(false);
    expect(again?.entries.every((e) => e.savedAt >= again.since)).toBe(true);
    // Thousands saved since the hint (an import): no span; a search waits for the whole list instead.
    await writer.importRecords(Array.from({ length: 2000 }, (_, i) => ({ article: makeArticle({ url: `https://d.example/${i}` }), savedAt: 50_000 + i })));
    expect(await readNewestSpan()).toBeNull();
  });

  it('reads the next first page in one ranged read from where the last began, and by cursor when that range no longer holds it', async () => {
    localStorage.clear();
    const time = clock();
    const writer = createLibraryWriter({ now: time.now, newId: ids() });
    await writer.importRecords(Array.from({ length: 300 }, (_, i) => ({ article: makeArticle({ url: `https://a.example/${i}` }), savedAt: 1000 + (i % 150) })));
    // The page a cursor reads (no hint), the hint left as it was.
    const byCursor = async (limit: number) => {
      const hint = Object.entries({ ...localStorage });
      localStorage.clear();
      const page = (await readNewestEntries(limit)).entries.map((e) => e.id);
      localStorage.clear();
      for (const [k, v] of hint) localStorage.setItem(k, v);
      return page;
    };
    const cursor = vi.spyOn(IDBIndex.prototype, 'openCursor');
    const first = await readNewestEntries(50);
    expect(cursor).toHaveBeenCalledTimes(1);
    // The whole read (as a page does after its first rows) leaves a hint with room to spare.
    await readLibrary();
    // Saved since, and some of the page deleted (pending undo) or archived: the ranged read is the same page as a cursor's.
    await writer.save(makeArticle({ url: 'https://b.example/new', title: 'New' }));
    await writer.deleteArticles(first.entries.slice(3, 6).map((e) => e.id));
    await writer.setArticlesArchived([first.entries[0]!.id], true);
    cursor.mockClear();
    const again = await readNewestEntries(50);
    expect(cursor).not.toHaveBeenCalled();
    const ranged = again.entries.map((e) => e.id);
    cursor.mockClear();
    expect(ranged).toEqual(await byCursor(50));
    expect(again.entries[0]?.title).toBe('New');
    expect(again).toMatchObject({ total: 298, archived: 1 });
    // The range now holds fewer than a page (many deleted): read by cursor, still the same page.
    await writer.deleteArticles(again.entries.slice(0, 45).map((e) => e.id));
    await writer.deleteArticles((await readNewestEntries(50)).entries.slice(0, 30).map((e) => e.id));
    cursor.mockClear();
    const thinned = (await readNewestEntries(50)).entries.map((e) => e.id);
    expect(cursor).toHaveBeenCalledTimes(1);
    expect(thinned).toEqual(await byCursor(50));
    vi.restoreAllMocks();
  });

  it('finds a saved page through the canonicalUrl index, not a scan', async () => {
    const writer = createLibraryWriter({ newId: ids() });
    await writer.importRecords(Array.from({ length: 200 }, (_, i) => ({ article: makeArticle({ url: `https://a.example/${i}` }) })));
    const getAll = vi.spyOn(IDBObjectStore.prototype, 'getAll');
    const cursor = vi.spyOn(IDBObjectStore.prototype, 'openCursor');
    expect(await findSavedByUrl('https://a.example/150#x')).toMatchObject({ url: 'https://a.example/150' });
    expect(getAll).not.toHaveBeenCalled();
    expect(cursor).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  });

  it('hands search the visible records in batches', async () => {
    const time = clock();
    const writer = createLibraryWriter({ now: time.now, newId: ids() });
    for (let i = 1; i <= 7; i++) await writer.save(makeArticle({ url: `https://a.example/${i}`, title: `T${i}`, text: `body ${i}` }));
    await writer.addTags(['id-2'], ['Tagged']);
    await writer.deleteArticles(['id-3']);
    const batches: string[][] = [];
    let second: unknown = null;
    for await (const batch of readSearchSources(3)) {
      batches.push(batch.map((s) => s.id));
      second ??= batch.find((s) => s.id === 'id-2');
    }
    expect(batches.flat().sort()).toEqual(['id-1', 'id-2', 'id-4', 'id-5', 'id-6', 'id-7']);
    expect(batches.every((b) => b.length <= 3)).toBe(true);
    expect(second).toEqual({
      id: 'id-2',
      updatedAt: time.now(),
      title: 'T2',
      siteName: 'Daily Ledger',
      byline: 'Jane Reporter',
      tags: ['Tagged'],
      excerpt: makeArticle().excerpt,
      text: 'body 2',
      lang: 'en',
    });
  });

  it('rebuilds a damaged list from the records once, says so once, and skips a damaged record', async () => {
    const writer = libraryBackground({ newId: ids() });
    await writer.save(makeArticle({ url: 'https://a.example/1', title: 'One' }));
    await writer.save(makeArticle({ url: 'https://a.example/2', title: 'Two' }));
    await writer.save(makeArticle({ url: 'https://a.example/3', title: 'Three' }));
    const db = await libraryDb();
    await db.put('entries', { id: 'id-1', title: 42 });
    await db.delete('entries', 'id-2');
    await db.put('records', { schemaVersion: LIBRARY_SCHEMA_VERSION, id: 'id-3', article: 'garbage' });
    const prepare = vi.spyOn(writer, 'prepare');

    const library = await readLibrary();
    expect(library.entries.map((e) => e.title).sort()).toEqual(['One', 'Two']);
    expect(library.problems).toEqual([
      'The list of saved articles was damaged and has been rebuilt from the saved articles themselves.',
      '1 saved article is damaged and could not be listed.',
    ]);
    expect(prepare).toHaveBeenCalledTimes(1);
    // Repaired: the next opens neither rebuild again nor repeat the report.
    const again = await readLibrary();
    expect(again).toEqual({ entries: library.entries, problems: [], newerSchema: false });
    expect((await readNewestEntries(10)).total).toBe(2);
    expect(prepare).toHaveBeenCalledTimes(1);
    // The damaged record is still there (nothing is deleted silently) and says so when opened.
    expect(await getSavedArticle('id-3')).toMatchObject({ ok: false, error: 'damaged', message: expect.stringMatching(/damaged/) });
  });

  it('corrects a record count that is off without rebuilding or telling the user', async () => {
    const writer = libraryBackground({ newId: ids() });
    await writer.save(makeArticle({ url: 'https://a.example/1' }));
    const db = await libraryDb();
    const meta = (await db.get('meta', META_KEY)) as Record<string, unknown>;
    await db.put('meta', { ...meta, recordCount: 5 }, META_KEY);
    const prepare = vi.spyOn(writer, 'prepare');
    expect(await readLibrary()).toMatchObject({ entries: [{ id: 'id-1' }], problems: [] });
    expect(prepare).toHaveBeenCalledTimes(1);
    expect(await db.get('meta', META_KEY)).toMatchObject({ recordCount: 1, report: null });
    await readLibrary();
    expect(prepare).toHaveBeenCalledTimes(1);
  });

  it('first paint also notices a damaged list and has it rebuilt', async () => {
    const writer = libraryBackground({ newId: ids() });
    await writer.save(makeArticle({ url: 'https://a.example/1', title: 'One' }));
    await writer.save(makeArticle({ url: 'https://a.example/2', title: 'Two' }));
    await (await libraryDb()).delete('entries', 'id-1');
    expect(await readNewestEntries(10)).toMatchObject({ total: 2, entries: [{ title: 'Two' }, { title: 'One' }] });
  });

  it('reports a damaged record when opened, and keeps the rest readable', async () => {
    const writer = createLibraryWriter({ newId: ids() });
    await writer.save(makeArticle({ url: 'https://a.example/1' }));
    await writer.save(makeArticle({ url: 'https://a.example/2' }));
    await (await libraryDb()).put('records', { schemaVersion: LIBRARY_SCHEMA_VERSION, id: 'id-1', article: { title: 3 } });
    expect(await getSavedArticle('id-1')).toMatchObject({ ok: false, error: 'damaged', message: expect.stringMatching(/damaged/) });
    expect(await getSavedArticle('id-2')).toMatchObject({ ok: true });
    expect(await getSavedArticle('nope')).toMatchObject({ ok: false, error: 'not-found' });
    // A change to the damaged one is refused as a whole, the other one untouched.
    expect(await writer.setArticlesRead(['id-2', 'id-1'], true)).toMatchObject({ ok: false, error: 'not-found' });
    expect((await getSavedArticle('id-2')).ok && (await readLibrary()).entries.every((e) => e.readAt === null)).toBe(true);
  });

  it('never overwrites a library written by a newer schema, and shows what it can', async () => {
    const writer = createLibraryWriter({ newId: ids() });
    await writer.save(makeArticle());
    const db = await libraryDb();
    const future = { schemaVersion: LIBRARY_SCHEMA_VERSION + 1, migration: 'done', somethingNew: true };
    await db.put('meta', future, META_KEY);
    const before = await dump();
    // A new writer, as after a downgrade of the extension.
    const older = createLibraryWriter({ newId: ids() });
    expect(await older.save(makeArticle({ url: 'https://b.example/' }))).toMatchObject({ ok: false, error: 'newer-schema' });
    expect(await older.setArticlesArchived(['id-1'], true)).toMatchObject({ ok: false, error: 'newer-schema' });
    expect(await db.get('meta', META_KEY)).toEqual(future);
    expect(await dump()).toEqual(before);
    const library = await readLibrary();
    expect(library).toMatchObject({ newerSchema: true, entries: [{ id: 'id-1' }] });
    expect(library.problems[0]).toMatch(/newer version/);
  });

  it('opens a database a newer version upgraded, for reading only', async () => {
    // The newer version's database: a structure version above ours, with a store we do not know.
    const newer = await openDB(LIBRARY_DB_NAME, LIBRARY_DB_VERSION + 1, {
      upgrade(db) {
        db.createObjectStore('records', { keyPath: 'id' });
        db.createObjectStore('entries', { keyPath: 'id' }).createIndex('savedAt', 'savedAt');
        db.createObjectStore('meta');
        db.createObjectStore('somethingNew');
      },
    });
    newer.close();
    const writer = createLibraryWriter({ newId: ids() });
    expect(await writer.save(makeArticle())).toMatchObject({ ok: false, error: 'newer-schema' });
    expect(await readLibrary()).toMatchObject({ newerSchema: true, entries: [] });
  });

  it('reports a full disk clearly and leaves the library unchanged', async () => {
    const writer = createLibraryWriter({ newId: ids() });
    await writer.save(makeArticle({ url: 'https://a.example/1' }));
    await writer.save(makeArticle({ url: 'https://a.example/2' }));
    const before = await dump();
    const full = libraryStorageFull();
    try {
      expect(await writer.save(makeArticle({ url: 'https://a.example/3' }))).toMatchObject({
        ok: false,
        error: 'quota',
        message: expect.stringMatching(/no room/),
      });
      expect(await writer.setArticlesRead(['id-1', 'id-2'], true)).toMatchObject({ ok: false, error: 'quota' });
      expect(await writer.addTags(['id-1'], ['x'])).toMatchObject({ ok: false, error: 'quota' });
      expect(await writer.importRecords([{ article: makeArticle({ url: 'https://a.example/4' }) }])).toMatchObject({ ok: false, error: 'quota' });
    } finally {
      full.mockRestore();
    }
    expect(await dump()).toEqual(before);
    // And it works again once there is room.
    expect(await writer.save(makeArticle({ url: 'https://a.example/3' }))).toMatchObject({ ok: true });
  });

  it('leaves no half-written change when stopped in the middle of one (one transaction per change)', async () => {
    const writer = createLibraryWriter({ newId: ids() });
    for (let i = 1; i <= 3; i++) await writer.save(makeArticle({ url: `https://a.example/${i}` }));
    const before = await dump();
    // The worker dies after the first record of a bulk change was written: the write that
    // follows never happens, and the transaction is never committed.
    const put = IDBObjectStore.prototype.put;
    let puts = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (++puts === 3) throw new Error('service worker stopped');
      return put.apply(this, args);
    });
    expect(await writer.setArticlesArchived(['id-1', 'id-2', 'id-3'], true)).toMatchObject({ ok: false, error: 'storage' });
    vi.restoreAllMocks();
    expect(await dump()).toEqual(before);
    // A save interrupted between the record and its entry leaves neither.
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'entries') throw new Error('service worker stopped');
      return put.apply(this, args);
    });
    expect(await writer.save(makeArticle({ url: 'https://a.example/new' }))).toMatchObject({ ok: false });
    vi.restoreAllMocks();
    expect(await dump()).toEqual(before);
  });

  it('lands every one of 100 concurrent saves', async () => {
    const writer = createLibraryWriter({ newId: ids() });
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => writer.save(makeArticle({ url: `https://a.example/${i}`, title: `A${i}` }))));
    expect(results.every((r) => r.ok)).toBe(true);
    const library = await readLibrary();
    expect(library.entries).toHaveLength(100);
    expect(new Set(library.entries.map((e) => e.title)).size).toBe(100);
    expect((await dump()).records).toHaveLength(100);
    // The same page saved 20 times at once is one article.
    await Promise.all(Array.from({ length: 20 }, () => writer.save(makeArticle({ url: 'https://same.example/' }))));
    expect((await readLibrary()).entries).toHaveLength(101);
  });

  it('notifies watchers in other contexts after each committed change', async () => {
    const time = clock();
    const writer = createLibraryWriter({ now: time.now, newId: ids() });
    const changes: LibraryChange[] = [];
    const stop = watchLibrary((change) => changes.push(change));
    await writer.save(makeArticle({ url: 'https://a.example/1' }));
    await writer.save(makeArticle({ url: 'https://a.example/2' }));
    await writer.setArticlesArchived(['id-1', 'id-2'], true);
    await writer.setArticlesArchived(['id-1'], true); // no change: nothing to announce
    await writer.deleteArticles(['id-2']);
    await writer.restoreArticles(['id-2']);
    await writer.addTags(['id-1'], ['x']);
    await writer.renameTag('x', 'y');
    await writer.deleteArticles(['id-1']);
    time.advance(UNDO_WINDOW_MS + 1);
    await writer.importRecords([{ article: makeArticle({ url: 'https://a.example/3' }) }]);
    await vi.waitFor(() => expect(changes).toHaveLength(10));
    expect(changes).toEqual([
      { kind: 'saved', ids: ['id-1'] },
      { kind: 'saved', ids: ['id-2'] },
      { kind: 'updated', ids: ['id-1', 'id-2'] },
      { kind: 'deleted', ids: ['id-2'] },
      { kind: 'restored', ids: ['id-2'] },
      { kind: 'updated', ids: ['id-1'] },
      { kind: 'updated', ids: ['id-1'] },
      { kind: 'deleted', ids: ['id-1'] },
      { kind: 'purged', ids: ['id-1'] },
      { kind: 'imported', ids: ['id-3'] },
    ]);
    stop();
    await writer.save(makeArticle({ url: 'https://a.example/4' }));
    await new Promise((r) => setTimeout(r, 20));
    expect(changes).toHaveLength(10);
  });

  it('ignores what is not a library change on the channel', async () => {
    const changes: LibraryChange[] = [];
    const stop = watchLibrary((change) => changes.push(change));
    const other = new BroadcastChannel('reader-library');
    other.postMessage({ kind: 'exploded', ids: 'all' });
    other.postMessage({ kind: 'rebuilt', ids: [] });
    other.close();
    await vi.waitFor(() => expect(changes).toEqual([{ kind: 'rebuilt', ids: [] }]));
    stop();
  });
});
