/**
 * Schema 1 → 2: libraries written by the last schema-1 code (frozen in ./v1, the real writer of
 * that version, on the same fake storage.local) are moved into IndexedDB without losing an
 * article, a read mark, a pending delete or a reading position.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { META_KEY } from '../../../utils/library/db';
import { LIBRARY_MIGRATIONS } from '../../../utils/library/migrations';
import { LIBRARY_SCHEMA_VERSION, entryFor, parseRecord, type StoredRecord } from '../../../utils/library/schema';
import { V1_INDEX_KEY, v1RecordKey } from '../../../utils/library/schema-v1';
import { findSavedByUrl, getSavedArticle, readLibrary, readNewestEntries } from '../../../utils/library/store';
import { UNDO_WINDOW_MS, createLibraryWriter } from '../../../utils/library/writer';
import { runMigrations } from '../../../utils/model/migrations';
import { loadPosition, savePosition } from '../../../utils/reading/position';
import { makeArticle } from '../support/article-factory';
import { clock, ids, libraryBackground, libraryDb, libraryStorageFull } from '../support/library';
import { createLibraryWriter as createV1Writer } from './v1/writer';

/** A schema-1 library of `n` articles written by the schema-1 writer: a.example/1…n, one second apart. */
async function v1Library(n: number, time = clock()) {
  const v1 = createV1Writer({ now: time.now, newId: ids() });
  for (let i = 1; i <= n; i++) {
    const saved = await v1.save(makeArticle({ url: `https://a.example/${i}`, title: `Article ${i}`, text: `Body of article ${i}` }));
    expect(saved.ok).toBe(true);
    time.advance(1000);
  }
  return { v1, time };
}

async function v1Keys(): Promise<string[]> {
  return Object.keys(await browser.storage.local.get(null))
    .filter((k) => k.startsWith('library:'))
    .sort();
}

async function stored() {
  const db = await libraryDb();
  return { records: (await db.getAll('records')) as StoredRecord[], entries: await db.getAll('entries'), meta: await db.get('meta', META_KEY) };
}

describe('schema 1 → 2', () => {
  beforeEach(() => fakeBrowser.reset());

  it('has a record step for every version after the first', () => {
    expect(Object.keys(LIBRARY_MIGRATIONS.record)).toEqual(['2', '3', '4']);
    const v1 = { schemaVersion: 1, id: 'x', savedAt: 10, readAt: 20, article: makeArticle() };
    const v2 = runMigrations(v1, 1, 2, LIBRARY_MIGRATIONS.record);
    expect(parseRecord(v1)).toEqual({
      ok: true,
      record: {
        schemaVersion: 4,
        id: 'x',
        savedAt: 10,
        readAt: 20,
        deletedAt: null,
        archivedAt: null,
        favourite: false,
        tags: [],
        updatedAt: 20,
        content: 'article',
        article: makeArticle(),
      },
    });
    expect(v2).toMatchObject({ schemaVersion: 2, readAt: 20, tags: [] });
  });

  it('moves every article with its read mark, pending delete and reading position, then removes the schema-1 keys', async () => {
    const { v1, time } = await v1Library(4);
    await v1.setRead('id-2', true);
    const readAt = time.now();
    time.advance(1000);
    await v1.remove('id-3');
    const deletedAt = time.now();
    const position = { block: 5, offset: 0.25, progress: 0.6, updatedAt: time.now() };
    await savePosition({ kind: 'saved', id: 'id-1' }, position);
    await savePosition({ kind: 'saved', id: 'id-3' }, position);
    const v1Index = (await browser.storage.local.get(V1_INDEX_KEY))[V1_INDEX_KEY];

    const writer = createLibraryWriter({ now: time.now, newId: ids() });
    expect(await writer.prepare()).toEqual({ ok: true, value: { repaired: false } });

    const { records, entries, meta } = await stored();
    expect(records.map((r) => r.id).sort()).toEqual(['id-1', 'id-2', 'id-3', 'id-4']);
    expect(entries).toEqual(records.map(entryFor));
    expect(records.find((r) => r.id === 'id-2')).toMatchObject({ readAt, updatedAt: readAt, deletedAt: null, tags: [], favourite: false, archivedAt: null });
    expect(records.find((r) => r.id === 'id-3')).toMatchObject({ deletedAt });
    // Every field the schema-1 list showed is the same in the new list.
    for (const old of (v1Index as { entries: Array<Record<string, unknown>> }).entries) {
      expect(entries.find((e) => (e as { id: string }).id === old.id)).toMatchObject(old);
    }
    expect(meta).toMatchObject({ schemaVersion: LIBRARY_SCHEMA_VERSION, migration: 'done', recordCount: 4, report: null });
    expect(await v1Keys()).toEqual([]);

    const library = await readLibrary();
    expect(library.entries.map((e) => e.title)).toEqual(['Article 4', 'Article 2', 'Article 1']);
    expect(library.problems).toEqual([]);
    const opened = await getSavedArticle('id-1');
    expect(opened.ok && opened.saved.article.text).toBe('Body of article 1');
    expect(await loadPosition({ kind: 'saved', id: 'id-1' })).toEqual(position);
    // The pending delete can still be undone, position included; it is purged after its window.
    expect(await writer.restoreArticles(['id-3'])).toMatchObject({ ok: true, value: [{ deletedAt: null }] });
    expect(await loadPosition({ kind: 'saved', id: 'id-3' })).toEqual(position);
    await writer.deleteArticles(['id-3']);
    time.advance(UNDO_WINDOW_MS + 1);
    await writer.setArticlesFavourite(['id-1'], true);
    expect(await loadPosition({ kind: 'saved', id: 'id-3' })).toBeNull();
    expect(await loadPosition({ kind: 'saved', id: 'id-1' })).toEqual(position);
  });

  it('shows the library to a page that opens before the move: it asks the background and waits', async () => {
    const { time } = await v1Library(3);
    const writer = libraryBackground({ now: time.now, newId: ids() });
    const prepare = vi.spyOn(writer, 'prepare');
    // Nothing has moved yet; the page's first read has to wait for the move.
    expect(await (await libraryDb()).count('records')).toBe(0);
    const [page, first, found] = await Promise.all([readLibrary(), readNewestEntries(2), findSavedByUrl('https://a.example/2')]);
    expect(page.entries.map((e) => e.title)).toEqual(['Article 3', 'Article 2', 'Article 1']);
    expect(first).toMatchObject({ total: 3, entries: [{ title: 'Article 3' }, { title: 'Article 2' }] });
    expect(found).toMatchObject({ id: 'id-2' });
    expect(prepare).toHaveBeenCalled();
    expect(await v1Keys()).toEqual([]);
  });

  it('asks again when the background stopped during the move (the move resumes)', async () => {
    await v1Library(2);
    const writer = libraryBackground({ newId: ids() });
    const prepare = vi.spyOn(writer, 'prepare').mockRejectedValueOnce(new Error('service worker stopped'));
    expect((await readLibrary()).entries.map((e) => e.id)).toEqual(['id-2', 'id-1']);
    expect(prepare).toHaveBeenCalledTimes(2);
  });

  it('keeps a damaged schema-1 record where it is, moves the rest and says so once', async () => {
    await v1Library(3);
    await browser.storage.local.set({ [v1RecordKey('id-2')]: { schemaVersion: 1, id: 'id-2', article: { title: 7 } } });
    const writer = libraryBackground({ newId: ids() });
    await writer.prepare();
    const library = await readLibrary();
    expect(library.entries.map((e) => e.id)).toEqual(['id-3', 'id-1']);
    expect(library.problems).toEqual([
      '1 saved article from the previous version is damaged and could not be moved to the new library. It has been kept as it was.',
    ]);
    expect((await readLibrary()).problems).toEqual([]);
    // Not deleted: the damaged record keeps its schema-1 key; the index and the moved ones are gone.
    expect(await v1Keys()).toEqual([v1RecordKey('id-2')]);
    expect(await readNewestEntries(5)).toMatchObject({ total: 2 });
  });

  it('moves the records of a damaged schema-1 index (the records are the truth)', async () => {
    await v1Library(2);
    await browser.storage.local.set({ [V1_INDEX_KEY]: { schemaVersion: 1, entries: 'garbage' } });
    const writer = libraryBackground({ newId: ids() });
    await writer.prepare();
    const library = await readLibrary();
    expect(library.entries.map((e) => e.id).sort()).toEqual(['id-1', 'id-2']);
    expect(library.problems).toEqual(['The list of saved articles was damaged and has been rebuilt from the saved articles themselves.']);
  });

  it('drops a listed article whose record had already gone, and says so', async () => {
    await v1Library(2);
    await browser.storage.local.remove(v1RecordKey('id-1'));
    libraryBackground({ newId: ids() });
    const library = await readLibrary();
    expect(library.entries.map((e) => e.id)).toEqual(['id-2']);
    expect(library.problems[0]).toMatch(/no saved copy left/);
  });

  it('resumes a move that was stopped half-way, with schema 1 untouched until it commits', async () => {
    const { time } = await v1Library(230);
    const before = await browser.storage.local.get(null);
    const put = IDBObjectStore.prototype.put;
    let puts = 0;
    // The worker stops during the second batch of 100.
    const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (++puts === 250) throw new Error('service worker stopped');
      return put.apply(this, args);
    });
    const first = createLibraryWriter({ now: time.now, newId: ids() });
    expect(await first.save(makeArticle({ url: 'https://new.example/' }))).toMatchObject({ ok: false, error: 'storage' });
    spy.mockRestore();
    expect(await browser.storage.local.get(null)).toEqual(before);
    expect((await stored()).meta).toBeUndefined();
    expect((await stored()).records).toHaveLength(100);

    // The next start carries on: nothing lost, nothing twice.
    const second = createLibraryWriter({ now: time.now, newId: () => 'new-1' });
    expect(await second.save(makeArticle({ url: 'https://new.example/' }))).toMatchObject({ ok: true, created: true });
    const { records, entries } = await stored();
    expect(records).toHaveLength(231);
    expect(entries).toEqual(records.map(entryFor));
    expect(await v1Keys()).toEqual([]);
    expect((await readNewestEntries(1)).total).toBe(231);
  });

  it('finishes the clean-up on the next start when it was stopped after the commit', async () => {
    const { time } = await v1Library(2);
    const remove = vi.spyOn(browser.storage.local, 'remove').mockRejectedValueOnce(new Error('service worker stopped'));
    const first = createLibraryWriter({ now: time.now, newId: ids() });
    expect(await first.prepare()).toMatchObject({ ok: false });
    remove.mockRestore();
    // Committed: IndexedDB is the truth now, and pages read it without waiting.
    expect((await stored()).meta).toMatchObject({ migration: 'committed' });
    expect((await readLibrary()).entries).toHaveLength(2);
    expect((await v1Keys()).length).toBe(3);
    await createLibraryWriter({ now: time.now, newId: ids() }).prepare();
    expect((await stored()).meta).toMatchObject({ migration: 'done' });
    expect(await v1Keys()).toEqual([]);
  });

  it('leaves schema 1 as it was when the disk is full, and moves it once there is room', async () => {
    await v1Library(3);
    const before = await browser.storage.local.get(null);
    const full = libraryStorageFull();
    const writer = libraryBackground({ newId: () => 'new-1' });
    expect(await writer.save(makeArticle({ url: 'https://new.example/' }))).toMatchObject({ ok: false, error: 'quota' });
    // A page waiting for the move hears why the library is not there.
    expect((await readLibrary()).problems).toEqual([expect.stringMatching(/no room left/)]);
    full.mockRestore();
    expect(await browser.storage.local.get(null)).toEqual(before);
    expect(await writer.save(makeArticle({ url: 'https://new.example/' }))).toMatchObject({ ok: true });
    expect((await readLibrary()).entries).toHaveLength(4);
  });

  it('never touches a storage.local library a newer version wrote', async () => {
    const future = { schemaVersion: 3, entries: [], somethingNew: true };
    await browser.storage.local.set({ [V1_INDEX_KEY]: future });
    const writer = libraryBackground({ newId: ids() });
    expect(await writer.save(makeArticle())).toMatchObject({ ok: false, error: 'newer-schema' });
    expect((await browser.storage.local.get(V1_INDEX_KEY))[V1_INDEX_KEY]).toEqual(future);
    expect(await readLibrary()).toMatchObject({ newerSchema: true });
  });

  it('keeps schema 1 untouched and says why when the browser refuses IndexedDB', async () => {
    await v1Library(2);
    const before = await browser.storage.local.get(null);
    // Firefox set never to remember history turns IndexedDB off for extensions.
    const refusing = {
      open: () => {
        throw new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError');
      },
    };
    globalThis.indexedDB = refusing as unknown as IDBFactory;
    const writer = libraryBackground({ newId: ids() });
    const unavailable = expect.stringMatching(/does not let Reader open its library/);
    expect(await writer.save(makeArticle({ url: 'https://new.example/' }))).toEqual({ ok: false, error: 'storage', message: unavailable });
    expect(await readLibrary()).toEqual({ entries: [], problems: [unavailable], newerSchema: false });
    expect(await readNewestEntries(5)).toEqual({ entries: [], total: 0, archived: 0 });
    expect(await findSavedByUrl('https://a.example/1')).toBeNull();
    expect(await getSavedArticle('id-1')).toMatchObject({ ok: false, message: unavailable });
    expect(await browser.storage.local.get(null)).toEqual(before);
  });

  it('starts a fresh install without anything to move', async () => {
    const writer = createLibraryWriter({ newId: ids() });
    expect((await readLibrary()).entries).toEqual([]);
    expect(await writer.prepare()).toMatchObject({ ok: true });
    expect((await stored()).meta).toEqual({ schemaVersion: LIBRARY_SCHEMA_VERSION, migration: 'done', damagedIds: [], recordCount: 0, report: null });
  });
});

describe('schema 2 → 3 (content: article or link)', () => {
  beforeEach(() => fakeBrowser.reset());

  /** Records, entries and meta exactly as the schema-2 writer stored them (no `content` anywhere). */
  async function v2Library(n: number) {
    const db = await libraryDb();
    for (let i = 1; i <= n; i++) {
      const record = {
        schemaVersion: 2,
        id: `id-${i}`,
        savedAt: 1000 * i,
        readAt: null,
        deletedAt: null,
        archivedAt: null,
        favourite: false,
        tags: i === 1 ? ['World'] : [],
        updatedAt: 1000 * i,
        article: makeArticle({ url: `https://a.example/${i}`, title: `Article ${i}` }),
      };
      const { content: _none, ...entry } = entryFor({ ...record, content: 'article' });
      void _none;
      await db.put('records', record);
      await db.put('entries', entry);
    }
    await db.put('meta', { schemaVersion: 2, migration: 'done', damagedIds: [], recordCount: n, report: null }, META_KEY);
  }

  it('reads a schema-2 library as articles, without rebuilding its list, and writes changed records at the current schema', async () => {
    await v2Library(3);
    const writer = libraryBackground({ now: clock().now, newId: ids() });
    const rebuild = vi.spyOn(writer, 'prepare');
    const library = await readLibrary();
    expect(library.problems).toEqual([]);
    expect(library.entries.map((e) => [e.title, e.content])).toEqual([
      ['Article 3', 'article'],
      ['Article 2', 'article'],
      ['Article 1', 'article'],
    ]);
    expect(rebuild).not.toHaveBeenCalled();
    const opened = await getSavedArticle('id-1');
    expect(opened.ok && opened.saved).toMatchObject({ schemaVersion: LIBRARY_SCHEMA_VERSION, content: 'article', tags: ['World'] });

    await writer.setArticlesRead(['id-1'], true);
    const db = await libraryDb();
    expect(await db.get('records', 'id-1')).toMatchObject({ schemaVersion: LIBRARY_SCHEMA_VERSION, content: 'article', readAt: expect.any(Number) });
    expect(await db.get('entries', 'id-1')).toMatchObject({ content: 'article' });
    // Untouched records stay as written; they are migrated each time they are read.
    expect(await db.get('records', 'id-2')).not.toHaveProperty('content');
  });

  it('keeps link-only records apart from articles once schema 3 writes them', async () => {
    await v2Library(1);
    const writer = createLibraryWriter({ now: clock().now, newId: () => 'new-link' });
    const link = makeArticle({ url: 'https://b.example/link', title: 'Only a link', contentHtml: '', text: '', wordCount: 0, readingTimeMinutes: 0 });
    expect(await writer.importRecords([{ article: link, content: 'link' }])).toMatchObject({ ok: true, value: { added: 1 } });
    const library = await readLibrary();
    expect(library.entries.map((e) => [e.title, e.content])).toEqual([
      ['Only a link', 'link'],
      ['Article 1', 'article'],
    ]);
  });
});

describe('schema 3 → 4 (highlights brought by an import)', () => {
  beforeEach(() => fakeBrowser.reset());

  /** Records, entries and meta exactly as the schema-3 writer stored them (no `highlights`). */
  async function v3Library(n: number) {
    const db = await libraryDb();
    for (let i = 1; i <= n; i++) {
      const record = {
        schemaVersion: 3,
        id: `id-${i}`,
        savedAt: 1000 * i,
        readAt: i === 2 ? 5000 : null,
        deletedAt: null,
        archivedAt: null,
        favourite: i === 3,
        tags: i === 1 ? ['World'] : [],
        updatedAt: 1000 * i,
        content: 'article' as const,
        article: makeArticle({ url: `https://a.example/${i}`, title: `Article ${i}` }),
      };
      await db.put('records', record);
      await db.put('entries', entryFor(record));
    }
    await db.put('meta', { schemaVersion: 3, migration: 'done', damagedIds: [], recordCount: n, report: null }, META_KEY);
  }

  it('reads a schema-3 library whole, without rebuilding its list, and keeps highlights an import brings', async () => {
    await v3Library(3);
    const writer = libraryBackground({ now: clock().now, newId: ids() });
    const rebuild = vi.spyOn(writer, 'prepare');
    const library = await readLibrary();
    expect(library.problems).toEqual([]);
    expect(library.entries.map((e) => [e.title, e.readAt !== null, e.favourite, e.tags])).toEqual([
      ['Article 3', false, true, []],
      ['Article 2', true, false, []],
      ['Article 1', false, false, ['World']],
    ]);
    expect(rebuild).not.toHaveBeenCalled();
    const opened = await getSavedArticle('id-1');
    expect(opened.ok && opened.saved).toMatchObject({ schemaVersion: LIBRARY_SCHEMA_VERSION, tags: ['World'] });
    expect(opened.ok && opened.saved).not.toHaveProperty('highlights');

    // An Omnivore export of the same article brings its highlights: merged into the saved copy.
    const importer = createLibraryWriter({ now: clock().now, newId: ids() });
    const imported = await importer.importRecords([
      { article: makeArticle({ url: 'https://a.example/1' }), content: 'article', tags: ['insight'], highlights: '> a quote\n\na note' },
    ]);
    expect(imported).toMatchObject({ ok: true, value: { added: 0, merged: 1 } });
    const db = await libraryDb();
    expect(await db.get('records', 'id-1')).toMatchObject({
      schemaVersion: LIBRARY_SCHEMA_VERSION,
      tags: expect.arrayContaining(['World', 'insight']),
      highlights: '> a quote\n\na note',
    });
    // Untouched records stay as written; they are migrated each time they are read.
    expect(await db.get('records', 'id-2')).toMatchObject({ schemaVersion: 3 });
  });
});
