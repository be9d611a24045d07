import { beforeEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { INDEX_KEY, LIBRARY_SCHEMA_VERSION, entryFor, recordKey } from '../../../utils/library/schema';
import { readLibrary } from '../../../utils/library/store';
import { makeArticle } from '../support/article-factory';

// The organising fields (archive, favourite, tags, updatedAt) as this branch fills them: a library
// written before they existed still lists, with the defaults the UI expects.
describe('library entries: organising fields', () => {
  beforeEach(() => fakeBrowser.reset());

  it('lists an index written before the fields existed, with their defaults', async () => {
    const record = { schemaVersion: LIBRARY_SCHEMA_VERSION, id: 'a', savedAt: 1000, readAt: null, article: makeArticle() };
    const old: Record<string, unknown> = { ...entryFor(record) };
    for (const field of ['archivedAt', 'favourite', 'tags', 'updatedAt']) delete old[field];
    await browser.storage.local.set({ [INDEX_KEY]: { schemaVersion: LIBRARY_SCHEMA_VERSION, entries: [old] }, [recordKey('a')]: record });
    const library = await readLibrary();
    expect(library.problems).toEqual([]);
    expect(library.entries).toEqual([expect.objectContaining({ id: 'a', archivedAt: null, favourite: false, tags: [], updatedAt: 1000 })]);
  });

  it('fills the fields from the record when the index is rebuilt', () => {
    const record = {
      schemaVersion: LIBRARY_SCHEMA_VERSION,
      id: 'a',
      savedAt: 1000,
      readAt: null,
      archivedAt: 2000,
      favourite: true,
      tags: ['Climate'],
      updatedAt: 3000,
      article: makeArticle(),
    };
    expect(entryFor(record)).toMatchObject({ archivedAt: 2000, favourite: true, tags: ['Climate'], updatedAt: 3000 });
  });
});
