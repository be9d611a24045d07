/** The writer's bulk and tag operations and the import path, each one transaction (or one per batch). */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { entryFor, type StoredRecord } from '../../../utils/library/schema';
import { readLibrary, readNewestEntries } from '../../../utils/library/store';
import { createLibraryWriter, type ImportProgress, type ImportRecord } from '../../../utils/library/writer';
import { makeArticle } from '../support/article-factory';
import { clock, ids, libraryDb } from '../support/library';

async function library(n: number, time = clock()) {
  const writer = createLibraryWriter({ now: time.now, newId: ids() });
  for (let i = 1; i <= n; i++) {
    await writer.save(makeArticle({ url: `https://a.example/${i}`, title: `Article ${i}` }));
    time.advance(1000);
  }
  return { writer, time };
}

async function tagsOf(): Promise<Record<string, string[]>> {
  return Object.fromEntries((await readLibrary()).entries.map((e) => [e.id, e.tags]));
}

/** Counts the read-write transactions opened while `work` runs. */
async function countWriteTransactions(work: () => Promise<unknown>): Promise<number> {
  const open = IDBDatabase.prototype.transaction;
  let writes = 0;
  const spy = vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    if (args[1] === 'readwrite') writes++;
    return open.apply(this, args);
  });
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return writes;
}

describe('library writer: bulk changes', () => {
  beforeEach(() => fakeBrowser.reset());

  it('archives, favourites, reads and deletes many at once, in one transaction each', async () => {
    const { writer, time } = await library(4);
    const all = ['id-1', 'id-2', 'id-3', 'id-4'];
    expect(await countWriteTransactions(() => writer.setArticlesArchived(all, true))).toBe(1);
    const archived = await writer.setArticlesArchived(['id-1', 'id-1'], true);
    expect(archived).toMatchObject({ ok: true, value: [{ id: 'id-1', archivedAt: time.now() }] });
    await writer.setArticlesArchived(['id-2'], false);
    await writer.setArticlesFavourite(['id-2', 'id-3'], true);
    await writer.setArticlesRead(all, true);
    const entries = (await readLibrary()).entries;
    expect(entries.map((e) => [e.id, e.archivedAt !== null, e.favourite, e.readAt !== null])).toEqual([
      ['id-4', true, false, true],
      ['id-3', true, true, true],
      ['id-2', false, true, true],
      ['id-1', true, false, true],
    ]);
    const deleted = await writer.deleteArticles(['id-2', 'id-3']);
    expect(deleted.ok && deleted.value.map((e) => e.deletedAt)).toEqual([time.now(), time.now()]);
    expect((await readNewestEntries(10)).total).toBe(2);
    const restored = await writer.restoreArticles(['id-2', 'id-3']);
    expect(restored.ok && restored.value.map((e) => e.deletedAt)).toEqual([null, null]);
    expect((await readNewestEntries(10)).total).toBe(4);
  });

  it('changes nothing when one of the ids is unknown (all or nothing)', async () => {
    const { writer } = await library(3);
    expect(await writer.setArticlesFavourite(['id-1', 'id-2', 'gone'], true)).toMatchObject({ ok: false, error: 'not-found' });
    expect((await readLibrary()).entries.every((e) => !e.favourite)).toBe(true);
    expect(await writer.deleteArticles(['gone'])).toMatchObject({ ok: false, error: 'not-found' });
  });

  it('bumps updatedAt only when a record changes', async () => {
    const { writer, time } = await library(1);
    const savedAt = time.now() - 1000;
    time.advance(5000);
    await writer.setArticlesRead(['id-1'], false);
    await writer.removeTags(['id-1'], ['none']);
    await writer.deleteArticles(['id-1']);
    expect((await (await libraryDb()).get('entries', 'id-1')) as StoredRecord).toMatchObject({ updatedAt: savedAt });
    await writer.restoreArticles(['id-1']);
    expect((await readLibrary()).entries[0]?.updatedAt).toBe(time.now());
  });

  it('changes 10,000 articles in one transaction', async () => {
    const writer = createLibraryWriter({ newId: ids() });
    await writer.importRecords(Array.from({ length: 10_000 }, (_, i) => ({ article: makeArticle({ url: `https://bulk.example/${i}` }) })));
    const all = (await readLibrary()).entries.map((e) => e.id);
    expect(all).toHaveLength(10_000);
    let result: Awaited<ReturnType<typeof writer.setArticlesArchived>> | null = null;
    expect(await countWriteTransactions(async () => (result = await writer.setArticlesArchived(all, true)))).toBe(1);
    expect(result).toMatchObject({ ok: true });
    expect((await readLibrary()).entries.every((e) => e.archivedAt !== null)).toBe(true);
  }, 60_000);
});

describe('library writer: tags', () => {
  beforeEach(() => fakeBrowser.reset());

  it('adds tags cleaned and sorted, in the library’s spelling, and removes them case-insensitively', async () => {
    const { writer } = await library(3);
    expect(await writer.addTags(['id-1'], ['  World ', 'politics'])).toMatchObject({ ok: true, value: [{ tags: ['politics', 'World'] }] });
    // "world" is the library's "World": one spelling everywhere.
    await writer.addTags(['id-2', 'id-3'], ['world', 'WORLD', 'Long   read']);
    expect(await tagsOf()).toEqual({ 'id-3': ['Long read', 'World'], 'id-2': ['Long read', 'World'], 'id-1': ['politics', 'World'] });
    await writer.removeTags(['id-1', 'id-2'], ['WORLD']);
    expect(await tagsOf()).toEqual({ 'id-3': ['Long read', 'World'], 'id-2': ['Long read'], 'id-1': ['politics'] });
  });

  it('refuses tags that clean to nothing', async () => {
    const { writer } = await library(1);
    expect(await writer.addTags(['id-1'], ['   ', '\u0000'])).toMatchObject({ ok: false, error: 'invalid', message: expect.stringMatching(/tag/) });
    expect(await writer.renameTag('a', '  ')).toMatchObject({ ok: false, error: 'invalid' });
    expect(await writer.deleteTag('')).toMatchObject({ ok: false, error: 'invalid' });
  });

  it('renames a tag everywhere, and merges it into a tag that exists', async () => {
    const { writer } = await library(4);
    await writer.addTags(['id-1', 'id-2'], ['js']);
    await writer.addTags(['id-2', 'id-3'], ['JavaScript']);
    await writer.addTags(['id-4'], ['other']);
    expect(await writer.renameTag('JS', 'javascript')).toEqual({ ok: true, value: { changed: 3 } });
    // One tag left, in the spelling the user typed, never twice on id-2.
    expect(await tagsOf()).toEqual({ 'id-4': ['other'], 'id-3': ['javascript'], 'id-2': ['javascript'], 'id-1': ['javascript'] });
    // A change of case only is a rename too.
    expect(await writer.renameTag('javascript', 'JavaScript')).toEqual({ ok: true, value: { changed: 3 } });
    expect(await writer.renameTag('nothing', 'else')).toEqual({ ok: true, value: { changed: 0 } });
  });

  it('deletes a tag everywhere', async () => {
    const { writer } = await library(3);
    await writer.addTags(['id-1', 'id-2'], ['gone', 'kept']);
    expect(await writer.deleteTag('GONE')).toEqual({ ok: true, value: { changed: 2 } });
    expect(await tagsOf()).toEqual({ 'id-3': [], 'id-2': ['kept'], 'id-1': ['kept'] });
  });
});

describe('library writer: import', () => {
  beforeEach(() => fakeBrowser.reset());

  it('imports 10,000 articles in batch transactions, not one per article', async () => {
    const writer = createLibraryWriter({ newId: ids() });
    const progress: ImportProgress[] = [];
    const items = Array.from({ length: 10_000 }, (_, i) => ({
      article: makeArticle({ url: `https://import.example/${i}`, title: `Imported ${i}` }),
      savedAt: 1_600_000_000_000 + i,
      readAt: i % 3 === 0 ? 1_600_000_100_000 : null,
      tags: i % 2 === 0 ? ['even'] : [],
    }));
    let result: Awaited<ReturnType<typeof writer.importRecords>> | null = null;
    const transactions = await countWriteTransactions(async () => (result = await writer.importRecords(items, { onProgress: (p) => progress.push(p) })));
    expect(result).toEqual({ ok: true, value: { added: 10_000, merged: 0, invalid: 0 } });
    // 20 batches of 500, plus the move check's one write of meta on a fresh library.
    expect(transactions).toBeLessThanOrEqual(25);
    expect(progress).toHaveLength(20);
    expect(progress.at(-1)).toEqual({ done: 10_000, total: 10_000, added: 10_000, merged: 0, invalid: 0 });
    const newest = await readNewestEntries(2);
    expect(newest).toMatchObject({
      total: 10_000,
      entries: [
        { title: 'Imported 9999', savedAt: 1_600_000_009_999 },
        { title: 'Imported 9998', tags: ['even'] },
      ],
    });
  }, 60_000);

  it('dedupes by canonical URL against the library and within the import, merging tags', async () => {
    const { writer, time } = await library(2);
    await writer.addTags(['id-1'], ['Mine']);
    await writer.setArticlesRead(['id-1'], true);
    const readAt = time.now();
    const result = await writer.importRecords([
      { article: makeArticle({ url: 'https://a.example/1?utm_source=pocket', title: 'Their title' }), tags: ['mine', 'Theirs'], readAt: null },
      { article: makeArticle({ url: 'https://b.example/new' }), tags: ['x'] },
      { article: makeArticle({ url: 'https://b.example/new#again' }), tags: ['y'] },
      { article: { url: 'nonsense' } },
      'not even an object',
    ] as unknown as ImportRecord[]);
    expect(result).toEqual({ ok: true, value: { added: 1, merged: 2, invalid: 2 } });
    const entries = (await readLibrary()).entries;
    expect(entries).toHaveLength(3);
    // The library's copy and state stay; the tags are merged in the library's spelling.
    expect(entries.find((e) => e.id === 'id-1')).toMatchObject({ title: 'Article 1', tags: ['Mine', 'Theirs'], readAt });
    expect(entries.find((e) => e.url === 'https://b.example/new')).toMatchObject({ tags: ['x', 'y'] });
  });

  it('keeps the batches that landed when a later one fails, each batch whole', async () => {
    const writer = createLibraryWriter({ newId: ids() });
    const put = IDBObjectStore.prototype.put;
    let puts = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      // Batch 1 is 10 records + 10 entries; fail inside batch 2.
      if (++puts === 25) throw new DOMException('full', 'QuotaExceededError');
      return put.apply(this, args);
    });
    const progress: ImportProgress[] = [];
    const items = Array.from({ length: 30 }, (_, i) => ({ article: makeArticle({ url: `https://p.example/${i}` }) }));
    expect(await writer.importRecords(items, { batchSize: 10, onProgress: (p) => progress.push(p) })).toMatchObject({ ok: false, error: 'quota' });
    vi.restoreAllMocks();
    expect(progress).toEqual([{ done: 10, total: 30, added: 10, merged: 0, invalid: 0 }]);
    const db = await libraryDb();
    expect(await db.count('records')).toBe(10);
    expect(await db.getAll('entries')).toEqual(((await db.getAll('records')) as StoredRecord[]).map(entryFor));
    // Importing again adds the rest and merges the ones already there.
    expect(await writer.importRecords(items, { batchSize: 10 })).toEqual({ ok: true, value: { added: 20, merged: 10, invalid: 0 } });
  });

  it('lets a save made during an import through between batches', async () => {
    const writer = createLibraryWriter({ newId: ids() });
    const items = Array.from({ length: 40 }, (_, i) => ({ article: makeArticle({ url: `https://i.example/${i}` }) }));
    const order: string[] = [];
    const importing = writer.importRecords(items, { batchSize: 10, onProgress: (p) => order.push(`batch ${p.done}`) });
    await new Promise((r) => setTimeout(r, 0));
    const saving = writer.save(makeArticle({ url: 'https://user.example/' })).then(() => order.push('save'));
    await Promise.all([importing, saving]);
    expect(order.indexOf('save')).toBeLessThan(order.indexOf('batch 40'));
    expect((await readNewestEntries(0)).total).toBe(41);
  });
});
