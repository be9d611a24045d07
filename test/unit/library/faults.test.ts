/**
 * Faults with nothing lost, the cases the kill property does not generate: a record written by a
 * newer schema beside ours, a corrupt record and a corrupt index met by a write, a full disk in
 * the middle of a bulk change, and two windows editing the same article's tags at once.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { META_KEY } from '../../../utils/library/db';
import { LIBRARY_SCHEMA_VERSION, entryFor, type StoredRecord } from '../../../utils/library/schema';
import { getSavedArticle, readLibrary } from '../../../utils/library/store';
import { createLibraryWriter } from '../../../utils/library/writer';
import { makeArticle } from '../support/article-factory';
import { clock, ids, libraryBackground, libraryDb, libraryStorageFull } from '../support/library';

async function dump() {
  const db = await libraryDb();
  return { records: await db.getAll('records'), entries: await db.getAll('entries'), meta: await db.get('meta', META_KEY) };
}

/** Makes the saved record `id` one a newer version of the extension wrote (a field we do not know, a higher schemaVersion). */
async function makeNewer(id: string): Promise<Record<string, unknown>> {
  const db = await libraryDb();
  const record = (await db.get('records', id)) as StoredRecord;
  const newer = { ...record, schemaVersion: LIBRARY_SCHEMA_VERSION + 1, highlights: [{ from: 3, to: 9 }] };
  await db.put('records', newer);
  return newer;
}

describe('library faults', () => {
  beforeEach(() => fakeBrowser.reset());

  it('never overwrites a record a newer version wrote when the same page is saved again', async () => {
    const writer = createLibraryWriter({ newId: ids() });
    await writer.save(makeArticle({ url: 'https://a.example/1', title: 'Mine' }));
    const newer = await makeNewer('id-1');
    const before = await dump();
    expect(await writer.save(makeArticle({ url: 'https://a.example/1#again', title: 'Saved again' }))).toMatchObject({ ok: false, error: 'newer-schema' });
    expect(await dump()).toEqual(before);
    expect(await (await libraryDb()).get('records', 'id-1')).toEqual(newer);
    expect(await getSavedArticle('id-1')).toMatchObject({ ok: false, error: 'newer-schema' });
  });

  it('never overwrites a record a newer version wrote when an import brings the same page', async () => {
    const writer = createLibraryWriter({ newId: ids() });
    await writer.save(makeArticle({ url: 'https://a.example/1', title: 'Mine' }));
    const newer = await makeNewer('id-1');
    const result = await writer.importRecords([
      { article: makeArticle({ url: 'https://a.example/1?utm_source=pocket', title: 'Theirs' }), tags: ['Imported'] },
      { article: makeArticle({ url: 'https://a.example/2', title: 'New one' }) },
    ]);
    // The article is in the library already, in a form this version cannot change: not added, left as it is.
    expect(result).toEqual({ ok: true, value: { added: 1, merged: 1, invalid: 0 } });
    expect(await (await libraryDb()).get('records', 'id-1')).toEqual(newer);
    expect((await readLibrary()).entries.map((e) => e.title).sort()).toEqual(['Mine', 'New one']);
  });

  it('keeps a newer record listed when the list is rebuilt, and refuses a save of its page instead of copying it', async () => {
    const writer = libraryBackground({ newId: ids() });
    await writer.save(makeArticle({ url: 'https://a.example/1', title: 'Newer' }));
    await writer.save(makeArticle({ url: 'https://a.example/2', title: 'Ours' }));
    const newer = await makeNewer('id-1');
    // A damaged entry elsewhere makes the next read rebuild the list.
    await (await libraryDb()).put('entries', { id: 'id-2', title: 42 });
    const library = await readLibrary();
    expect(library.entries.map((e) => e.title).sort()).toEqual(['Newer', 'Ours']);
    expect(library.problems).toEqual(['The list of saved articles was damaged and has been rebuilt from the saved articles themselves.']);
    expect(await writer.save(makeArticle({ url: 'https://a.example/1', title: 'Copy' }))).toMatchObject({ ok: false, error: 'newer-schema' });
    const { records } = await dump();
    expect(records).toHaveLength(2);
    expect(records).toContainEqual(newer);
  });

  it('refuses a bulk change that includes a newer record, as a whole', async () => {
    const writer = createLibraryWriter({ newId: ids() });
    await writer.save(makeArticle({ url: 'https://a.example/1' }));
    await writer.save(makeArticle({ url: 'https://a.example/2' }));
    await makeNewer('id-2');
    const before = await dump();
    expect(await writer.addTags(['id-1', 'id-2'], ['x'])).toMatchObject({ ok: false, error: 'newer-schema' });
    expect(await writer.renameTag('x', 'y')).toMatchObject({ ok: true });
    expect(await dump()).toEqual(before);
  });

  it('saves a page whose record is corrupt as a whole new copy in its place, and counts it once', async () => {
    const writer = libraryBackground({ newId: ids() });
    await writer.save(makeArticle({ url: 'https://a.example/1', title: 'First' }));
    const db = await libraryDb();
    await db.put('records', { schemaVersion: LIBRARY_SCHEMA_VERSION, id: 'id-1', article: 'garbage' });
    expect(await writer.save(makeArticle({ url: 'https://a.example/1', title: 'Saved again' }))).toMatchObject({ ok: true, value: { id: 'id-1' } });
    const { records, entries, meta } = await dump();
    expect(records).toHaveLength(1);
    expect(entries).toEqual((records as StoredRecord[]).map(entryFor));
    expect(meta).toMatchObject({ recordCount: 1 });
    expect(await getSavedArticle('id-1')).toMatchObject({ ok: true, saved: { article: { title: 'Saved again' } } });
  });

  it('leaves the library unchanged when the disk fills in the middle of a bulk change, and says so', async () => {
    const writer = createLibraryWriter({ newId: ids() });
    for (let i = 1; i <= 5; i++) await writer.save(makeArticle({ url: `https://a.example/${i}` }));
    const before = await dump();
    // Room for a few writes only: the bulk change fails part-way, its transaction aborts.
    const put = IDBObjectStore.prototype.put;
    let puts = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (++puts > 4) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    });
    const result = await writer.setArticlesFavourite(['id-1', 'id-2', 'id-3', 'id-4', 'id-5'], true);
    vi.restoreAllMocks();
    expect(result).toEqual({
      ok: false,
      error: 'quota',
      message: 'Your browser has no room left for saved articles. Delete some saved articles, then try again.',
    });
    expect(await dump()).toEqual(before);
    const full = libraryStorageFull();
    try {
      expect(await writer.deleteArticles(['id-1'])).toMatchObject({ ok: false, error: 'quota' });
      expect(await writer.renameTag('a', 'b')).toMatchObject({ ok: true, value: { changed: 0 } });
    } finally {
      full.mockRestore();
    }
    expect(await dump()).toEqual(before);
  });

  it('keeps both windows’ tags when two edit the same article at once', async () => {
    const time = clock();
    const writer = createLibraryWriter({ newId: ids(), now: time.now });
    await writer.save(makeArticle({ url: 'https://a.example/1' }));
    await writer.addTags(['id-1'], ['Shared']);
    // Two library windows, each from what it shows: one adds "Politics" and removes "Shared", the other adds "Climate".
    const [one, two, three] = await Promise.all([
      writer.addTags(['id-1'], ['Politics']),
      writer.addTags(['id-1'], ['Climate']),
      writer.removeTags(['id-1'], ['shared']),
    ]);
    expect([one.ok, two.ok, three.ok]).toEqual([true, true, true]);
    const { entries } = await readLibrary();
    expect(entries).toMatchObject([{ id: 'id-1', tags: ['Climate', 'Politics'] }]);
    // A rename in one window while the other adds the old name: the changes apply in the order
    // they arrived, each to what the one before left (the old name comes back as a tag of its own).
    await Promise.all([writer.renameTag('Climate', 'Weather'), writer.addTags(['id-1'], ['climate'])]);
    expect((await readLibrary()).entries[0]!.tags).toEqual(['climate', 'Politics', 'Weather']);
  });
});
