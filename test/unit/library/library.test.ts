import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { migrate } from '../../../utils/library/migrations';
import { loadPosition, savePosition, savedPositionKey } from '../../../utils/reading/position';
import { INDEX_KEY, LIBRARY_SCHEMA_VERSION, recordKey } from '../../../utils/library/schema';
import { findSavedByUrl, getSavedArticle, readLibrary, watchLibrary } from '../../../utils/library/store';
import { UNDO_WINDOW_MS, createLibraryWriter } from '../../../utils/library/writer';
import { makeArticle } from '../support/article-factory';

function clock(start = 1_700_000_000_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

function ids() {
  let n = 0;
  return () => `id-${++n}`;
}

describe('library', () => {
  beforeEach(() => fakeBrowser.reset());

  it('saves an article with its full content and lists it', async () => {
    const time = clock();
    const writer = createLibraryWriter({ now: time.now, newId: ids() });
    const result = await writer.save(makeArticle());
    expect(result).toMatchObject({ ok: true, created: true, value: { id: 'id-1', title: expect.stringContaining('Putin') } });

    const library = await readLibrary();
    expect(library.entries.map((e) => e.id)).toEqual(['id-1']);
    expect(library.problems).toEqual([]);

    const opened = await getSavedArticle('id-1');
    expect(opened.ok && opened.saved.article.contentHtml).toContain('arrived in Beijing');
    const stored = await browser.storage.local.get(recordKey('id-1'));
    expect(stored[recordKey('id-1')]).toMatchObject({ schemaVersion: LIBRARY_SCHEMA_VERSION });
  });

  it('lists newest first', async () => {
    const time = clock();
    const writer = createLibraryWriter({ now: time.now, newId: ids() });
    await writer.save(makeArticle({ url: 'https://a.example/1', title: 'First' }));
    time.advance(1000);
    await writer.save(makeArticle({ url: 'https://a.example/2', title: 'Second' }));
    expect((await readLibrary()).entries.map((e) => e.title)).toEqual(['Second', 'First']);
  });

  it('dedupes by URL, ignoring fragments and tracking parameters, and keeps the read state', async () => {
    const time = clock();
    const writer = createLibraryWriter({ now: time.now, newId: ids() });
    await writer.save(makeArticle({ url: 'https://news.example/story?id=7' }));
    await writer.setRead('id-1', true);
    time.advance(5000);
    const again = await writer.save(makeArticle({ url: 'https://news.example/story?id=7&utm_source=x#top', title: 'Updated title' }));
    expect(again).toMatchObject({ ok: true, created: false, value: { id: 'id-1', title: 'Updated title' } });
    const library = await readLibrary();
    expect(library.entries).toHaveLength(1);
    expect(library.entries[0]?.readAt).not.toBeNull();
    expect(await findSavedByUrl('https://news.example/story?id=7#comments')).toMatchObject({ id: 'id-1' });
    // A different query parameter is a different article.
    expect(await findSavedByUrl('https://news.example/story?id=8')).toBeNull();
  });

  it('deletes with undo, and purges only after the undo window', async () => {
    const time = clock();
    const writer = createLibraryWriter({ now: time.now, newId: ids() });
    await writer.save(makeArticle());
    expect(await writer.remove('id-1')).toMatchObject({ ok: true });
    expect((await readLibrary()).entries).toEqual([]);
    expect(await findSavedByUrl(makeArticle().url)).toBeNull();

    expect(await writer.restore('id-1')).toMatchObject({ ok: true });
    expect((await readLibrary()).entries.map((e) => e.id)).toEqual(['id-1']);

    await writer.remove('id-1');
    time.advance(UNDO_WINDOW_MS + 1);
    // Any later write purges the expired delete, record included.
    await writer.save(makeArticle({ url: 'https://other.example/x' }));
    expect(await writer.restore('id-1')).toMatchObject({ ok: false, error: 'not-found' });
    expect(await browser.storage.local.get(recordKey('id-1'))).toEqual({});
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

  it('marks as read and unread', async () => {
    const time = clock();
    const writer = createLibraryWriter({ now: time.now, newId: ids() });
    await writer.save(makeArticle());
    await writer.setRead('id-1', true);
    expect((await readLibrary()).entries[0]?.readAt).toBe(time.now());
    await writer.setRead('id-1', false);
    expect((await readLibrary()).entries[0]?.readAt).toBeNull();
    expect(await writer.setRead('missing', true)).toMatchObject({ ok: false, error: 'not-found' });
  });

  it('refuses an invalid article without touching storage', async () => {
    const writer = createLibraryWriter({ newId: ids() });
    const bad = { ...makeArticle(), url: 'not a url' };
    expect(await writer.save(bad)).toMatchObject({ ok: false, error: 'invalid' });
    expect(await browser.storage.local.get(null)).toEqual({});
  });

  it('rebuilds a damaged index from the article records and says so', async () => {
    const writer = createLibraryWriter({ newId: ids() });
    await writer.save(makeArticle({ url: 'https://a.example/1', title: 'One' }));
    await writer.save(makeArticle({ url: 'https://a.example/2', title: 'Two' }));
    await browser.storage.local.set({ [INDEX_KEY]: { schemaVersion: 1, entries: 'garbage' } });
    const library = await readLibrary();
    expect(library.entries.map((e) => e.title).sort()).toEqual(['One', 'Two']);
    expect(library.problems[0]).toMatch(/rebuilt/);
  });

  it('reports a damaged record when opened, and keeps the rest readable', async () => {
    const writer = createLibraryWriter({ newId: ids() });
    await writer.save(makeArticle({ url: 'https://a.example/1' }));
    await writer.save(makeArticle({ url: 'https://a.example/2' }));
    await browser.storage.local.set({ [recordKey('id-1')]: { schemaVersion: 1, id: 'id-1', article: { title: 3 } } });
    expect(await getSavedArticle('id-1')).toMatchObject({ ok: false, error: 'damaged', message: expect.stringMatching(/damaged/) });
    expect(await getSavedArticle('id-2')).toMatchObject({ ok: true });
    expect((await readLibrary()).entries).toHaveLength(2);
  });

  it('never overwrites a library written by a newer version', async () => {
    const future = { schemaVersion: LIBRARY_SCHEMA_VERSION + 1, entries: [], somethingNew: true };
    await browser.storage.local.set({ [INDEX_KEY]: future });
    const writer = createLibraryWriter({ newId: ids() });
    expect(await writer.save(makeArticle())).toMatchObject({ ok: false, error: 'newer-schema' });
    expect((await browser.storage.local.get(INDEX_KEY))[INDEX_KEY]).toEqual(future);
    expect((await readLibrary()).newerSchema).toBe(true);
  });

  it('has a migration path from every older version to the current one', () => {
    // Version 1 is the first stored shape: nothing older exists, so migrating from 1 is identity.
    const index = { schemaVersion: 1, entries: [] };
    expect(migrate('index', index, LIBRARY_SCHEMA_VERSION, LIBRARY_SCHEMA_VERSION)).toBe(index);
    for (let version = 1; version < LIBRARY_SCHEMA_VERSION; version++) {
      expect(migrate('index', index, version, LIBRARY_SCHEMA_VERSION), `migration from v${version}`).not.toBeNull();
    }
  });

  it('reports a full quota clearly and leaves the library unchanged', async () => {
    const writer = createLibraryWriter({ newId: ids() });
    await writer.save(makeArticle({ url: 'https://a.example/1' }));
    const before = await browser.storage.local.get(null);
    const realSet = browser.storage.local.set;
    browser.storage.local.set = () => Promise.reject(new Error('QUOTA_BYTES quota exceeded'));
    try {
      const result = await writer.save(makeArticle({ url: 'https://a.example/2' }));
      expect(result).toMatchObject({ ok: false, error: 'quota', message: expect.stringMatching(/no room/) });
    } finally {
      browser.storage.local.set = realSet;
    }
    expect(await browser.storage.local.get(null)).toEqual(before);
  });

  it('serialises concurrent writes so none is lost', async () => {
    const writer = createLibraryWriter({ newId: ids() });
    await Promise.all(Array.from({ length: 10 }, (_, i) => writer.save(makeArticle({ url: `https://a.example/${i}` }))));
    expect((await readLibrary()).entries).toHaveLength(10);
  });

  it('notifies watchers when the library changes', async () => {
    const writer = createLibraryWriter({ newId: ids() });
    let calls = 0;
    const stop = watchLibrary(() => calls++);
    await writer.save(makeArticle());
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toBeGreaterThan(0);
    stop();
  });
});
