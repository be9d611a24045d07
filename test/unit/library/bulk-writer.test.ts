import { beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { recordKey } from '../../../utils/library/schema';
import { readLibrary } from '../../../utils/library/store';
import { cleanTag, renamedTags, withTags, withoutTags } from '../../../utils/library/tags';
import { createLibraryWriter } from '../../../utils/library/writer';
import { makeArticle } from '../support/article-factory';

function setup() {
  let time = 1_700_000_000_000;
  let n = 0;
  const writer = createLibraryWriter({ now: () => time, newId: () => `id-${++n}` });
  const advance = (ms: number) => (time += ms);
  const saveAll = async (count: number) => {
    for (let i = 0; i < count; i++) {
      await writer.save(makeArticle({ url: `https://news.example/${i}`, title: `Story ${i}` }));
      advance(1000);
    }
  };
  return { writer, advance, saveAll, now: () => time };
}

const byId = async () => Object.fromEntries((await readLibrary()).entries.map((e) => [e.id, e]));

// The lib-ui branch's stand-in for the bulk and organising messages over today's storage.local
// layout; the IndexedDB writer replaces it at merge with the same contract.
describe('library writer: bulk and organising changes (stand-in)', () => {
  beforeEach(() => fakeBrowser.reset());

  it('archives and un-archives several articles in one write, keeping the change on the records', async () => {
    const { writer, saveAll, now } = setup();
    await saveAll(3);
    const set = vi.spyOn(browser.storage.local, 'set');
    const result = await writer.setArchived(['id-1', 'id-3'], true);
    expect(set).toHaveBeenCalledTimes(1);
    expect(result.ok && result.value.map((e) => [e.id, e.archivedAt]).sort()).toEqual([
      ['id-1', now()],
      ['id-3', now()],
    ]);
    const entries = await byId();
    expect([entries['id-1']?.archivedAt, entries['id-2']?.archivedAt]).toEqual([now(), null]);
    const record = (await browser.storage.local.get(recordKey('id-1')))[recordKey('id-1')];
    expect(record).toMatchObject({ archivedAt: now(), updatedAt: now() });
    expect(await writer.setArchived(['id-1'], false)).toMatchObject({ ok: true, value: [{ id: 'id-1', archivedAt: null }] });
  });

  it('answers only the entries that changed, and not-found when none of the ids exist', async () => {
    const { writer, saveAll } = setup();
    await saveAll(2);
    await writer.setFavourite(['id-1'], true);
    expect(await writer.setFavourite(['id-1', 'id-2'], true)).toMatchObject({ ok: true, value: [{ id: 'id-2', favourite: true }] });
    expect(await writer.setFavourite(['nope'], true)).toMatchObject({ ok: false, error: 'not-found' });
  });

  it('marks several read, keeping an earlier read time', async () => {
    const { writer, saveAll, advance } = setup();
    await saveAll(2);
    await writer.setRead('id-1', true);
    const first = (await byId())['id-1']?.readAt;
    advance(5000);
    await writer.setReadMany(['id-1', 'id-2'], true);
    const entries = await byId();
    expect(entries['id-1']?.readAt).toBe(first);
    expect(entries['id-2']?.readAt).not.toBeNull();
  });

  it('deletes several at once and brings them all back with one restore', async () => {
    const { writer, saveAll } = setup();
    await saveAll(3);
    const removed = await writer.removeMany(['id-1', 'id-2']);
    expect(removed.ok && removed.value.map((e) => e.id).sort()).toEqual(['id-1', 'id-2']);
    expect(Object.keys(await byId())).toEqual(['id-3']);
    const restored = await writer.restoreMany(['id-1', 'id-2']);
    expect(restored.ok && restored.value.map((e) => [e.id, e.deletedAt]).sort()).toEqual([
      ['id-1', null],
      ['id-2', null],
    ]);
    expect(Object.keys(await byId()).sort()).toEqual(['id-1', 'id-2', 'id-3']);
  });

  it('adds and removes tags, unique ignoring case, and renames and deletes a tag everywhere', async () => {
    const { writer, saveAll } = setup();
    await saveAll(3);
    await writer.addTags(['id-1', 'id-2'], ['Climate', 'UK']);
    await writer.addTags(['id-2', 'id-3'], ['climate', ' Long   read ']);
    let entries = await byId();
    expect(entries['id-2']?.tags).toEqual(['Climate', 'UK', 'Long read']);
    expect(entries['id-3']?.tags).toEqual(['climate', 'Long read']);
    expect(await writer.renameTag('CLIMATE', 'Environment')).toEqual({ ok: true, value: { changed: 3 } });
    expect(await writer.deleteTag('uk')).toEqual({ ok: true, value: { changed: 2 } });
    await writer.removeTags(['id-3'], ['long read']);
    entries = await byId();
    expect([entries['id-1']?.tags, entries['id-2']?.tags, entries['id-3']?.tags]).toEqual([['Environment'], ['Environment', 'Long read'], ['Environment']]);
    expect(await writer.renameTag('missing', 'x')).toEqual({ ok: true, value: { changed: 0 } });
  });

  it('keeps tags, archive and favourite when an article is saved again', async () => {
    const { writer, saveAll } = setup();
    await saveAll(1);
    await writer.addTags(['id-1'], ['Keep']);
    await writer.setArchived(['id-1'], true);
    await writer.setFavourite(['id-1'], true);
    await writer.save(makeArticle({ url: 'https://news.example/0', title: 'Updated' }));
    expect((await byId())['id-1']).toMatchObject({ title: 'Updated', tags: ['Keep'], favourite: true, archivedAt: expect.any(Number) });
  });

  it('leaves the library unchanged when storage is full', async () => {
    const { writer, saveAll } = setup();
    await saveAll(2);
    vi.spyOn(browser.storage.local, 'set').mockRejectedValueOnce(new Error('QUOTA_BYTES quota exceeded'));
    expect(await writer.addTags(['id-1', 'id-2'], ['x'])).toMatchObject({ ok: false, error: 'quota' });
    expect(Object.values(await byId()).map((e) => e.tags)).toEqual([[], []]);
  });
});

describe('tags', () => {
  it('tidies what was typed', () => {
    expect(cleanTag('  long   read \n')).toBe('long read');
    expect(cleanTag('x'.repeat(80))).toHaveLength(50);
    expect(cleanTag('   ')).toBe('');
  });
  it('adds without duplicates ignoring case, keeping the existing form', () => {
    expect(withTags(['News'], ['news', 'UK', 'uk', ''])).toEqual(['News', 'UK']);
  });
  it('removes ignoring case', () => {
    expect(withoutTags(['News', 'UK'], ['news'])).toEqual(['UK']);
  });
  it('renames in place and merges with an existing tag of the new name', () => {
    expect(renamedTags(['a', 'B', 'c'], 'b', 'Bee')).toEqual(['a', 'Bee', 'c']);
    expect(renamedTags(['a', 'B', 'c'], 'b', 'C')).toEqual(['a', 'C']);
    expect(renamedTags(['a'], 'zz', 'y')).toEqual(['a']);
  });
});
