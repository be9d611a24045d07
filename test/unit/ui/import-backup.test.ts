/**
 * Reader's own backup picked in the Import dialog (issue 11): recognised, described before anything
 * is written, and on the go-ahead restored exactly through the background's restoreBackup message
 * (ids, times, states, tags, bodies, positions, settings) — merged into the library, not imported
 * as new articles: the backup's copy replaces the library's copy of the same article, an article
 * saved since stays, no import job is made.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { patchHappyDomForDomPurify } from '../../../utils/extract/node';
import { readLibrary } from '../../../utils/library/store';
import { createLibraryWriter } from '../../../utils/library/writer';
import { handleMessages } from '../../../utils/model/messaging';
import { savePosition } from '../../../utils/reading/position';
import { DEFAULT_SETTINGS, loadSettings, updateSettings } from '../../../utils/settings/settings';
import { createImportStore } from '../../../utils/ui/import-store';
import { exportBackupText, librarySnapshot, wipe } from '../library/backup-roundtrip';
import { makeArticle } from '../support/article-factory';
import { clock, ids, libraryDb, libraryHandlers } from '../support/library';
import { bytes } from '../import/helpers';

patchHappyDomForDomPurify(window);

function background(newId: () => string = ids()) {
  const writer = createLibraryWriter({ now: clock().now, newId });
  handleMessages({ readTab: async () => ({ status: 'error', message: 'not here' }), ...libraryHandlers(writer) });
  return writer;
}

/** A library of three articles in every state, its backup's text, and the library as it was. */
async function backedUp() {
  const writer = background();
  for (const n of [1, 2, 3]) await writer.save(makeArticle({ url: `https://news.example/${n}`, title: `Story ${n}` }));
  await writer.setArticlesRead(['id-1'], true);
  await writer.setArticlesArchived(['id-2'], true);
  await writer.addTags(['id-3'], ['Long read']);
  await savePosition({ kind: 'saved', id: 'id-1' }, { block: 3, offset: 0.5, progress: 0.4, updatedAt: 1_700_000_000_000 });
  await updateSettings({ ...DEFAULT_SETTINGS, fontSize: 22 });
  const before = await librarySnapshot();
  return { text: await exportBackupText(), before };
}

const file = (text: string) => {
  const data = bytes(text);
  return { name: 'reader-backup-2026-12-01.json', size: data.length, bytes: async () => data };
};

describe('a backup picked in the Import dialog', () => {
  beforeEach(() => fakeBrowser.reset());

  it('is described first, and restored exactly on the go-ahead, merged into the library', async () => {
    const { text, before } = await backedUp();
    wipe();
    // The library since: one article the backup does not have, one it has under another id.
    const writer = background(() => `new-${crypto.randomUUID()}`);
    await writer.save(makeArticle({ url: 'https://news.example/since', title: 'Saved since' }));
    await writer.save(makeArticle({ url: 'https://news.example/2', title: 'Story 2, saved again' }));
    const store = createImportStore();
    await store.importFile(file(text));
    expect(store.view.value).toEqual({ phase: 'backup', fileName: 'reader-backup-2026-12-01.json', articles: 3, skipped: 0, settings: true });
    // Nothing written before the go-ahead.
    expect((await readLibrary()).entries.map((e) => e.title).sort()).toEqual(['Saved since', 'Story 2, saved again']);
    expect((await loadSettings()).fontSize).toBe(DEFAULT_SETTINGS.fontSize);

    await store.restore();
    expect(store.view.value).toMatchObject({
      phase: 'restored',
      outcome: { added: 2, replaced: 1, invalid: 0, duplicates: 0, settingsRestored: true, error: null },
    });
    const after = await librarySnapshot();
    const since = after.records.find((r) => r.id.startsWith('new-'));
    expect(since).toMatchObject({ article: { title: 'Saved since' } });
    // The backed-up articles exactly as they were (same ids, times, states, bodies), with their positions and settings.
    expect(after.records.filter((r) => r !== since)).toEqual(before.records);
    expect(after.entries.filter((e) => e.id !== since!.id)).toEqual(before.entries);
    expect(after.positions).toEqual(before.positions);
    expect(after.visibleCount).toBe(4);
    expect(after.settings.fontSize).toBe(22);
    // Not an import job.
    expect(await (await libraryDb()).getAllKeys('imports')).toEqual([]);
    await store.dismiss();
    expect(store.view.value).toEqual({ phase: 'idle' });
  });

  it('writes nothing when the user cancels instead', async () => {
    const { text } = await backedUp();
    wipe();
    background();
    const store = createImportStore();
    await store.importFile(file(text));
    expect(store.view.value).toMatchObject({ phase: 'backup' });
    await store.cancel();
    expect(store.view.value).toEqual({ phase: 'idle' });
    await store.restore();
    expect((await readLibrary()).entries).toEqual([]);
    expect((await loadSettings()).fontSize).toBe(DEFAULT_SETTINGS.fontSize);
  });
});
