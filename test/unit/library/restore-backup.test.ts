import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { exportToBlob } from '../../../utils/export/library-export';
import { readExportRecords } from '../../../utils/library/export-source';
import { BACKUP_FORMAT, BACKUP_VERSION } from '../../../utils/import/backup-schema';
import { readLibrary } from '../../../utils/library/store';
import { createLibraryWriter } from '../../../utils/library/writer';
import { savePosition } from '../../../utils/reading/position';
import { DEFAULT_SETTINGS, loadSettings, updateSettings } from '../../../utils/settings/settings';
import { makeArticle } from '../support/article-factory';
import { clock, ids } from '../support/library';
import { strFromU8, unzipSync } from 'fflate';
import { detectFormat } from '../../../utils/import/detect';
import { exportFileName, exportMimeType } from '../../../utils/export/library-export';
import { exportBackupParts, exportBackupText, librarySnapshot, restoreParts, restoreText, wipe } from './backup-roundtrip';
import { parseBackupZip } from '../../../utils/import/backup';
import { backupFromReport, restoreBackup } from '../../../utils/library/restore-backup';

/** A library with every kind of state: tags, archive, favourite, read, a position, a pending delete, RTL and CJK text. */
async function richLibrary() {
  const time = clock();
  const writer = createLibraryWriter({ now: time.now, newId: ids() });
  const save = async (url: string, extra: Parameters<typeof makeArticle>[0] = {}) => {
    time.advance(60_000);
    const saved = await writer.save(makeArticle({ url, ...extra }));
    if (!saved.ok) throw new Error(saved.message);
    return saved.value.id;
  };
  const a = await save('https://news.example/a', {
    title: 'Putin in China',
    contentHtml: '<p>One <a href="https://x.example/" target="_blank" rel="noopener noreferrer">link</a>.</p>',
  });
  const b = await save('https://news.example/b', { title: 'بوتين يصل إلى بكين', lang: 'ar', dir: 'rtl', contentHtml: '<p>نص</p>', text: 'نص' });
  const c = await save('https://news.example/c', { title: '普京抵达北京', lang: 'zh', byline: null, siteName: null, publishedTime: null });
  const d = await save('https://news.example/d', { title: 'Deleted, pending undo' });
  time.advance(1000);
  await writer.addTags([a, b], ['World', 'long read']);
  await writer.addTags([c], ['中文']);
  await writer.setArticlesArchived([b], true);
  await writer.setArticlesFavourite([a, c], true);
  await writer.setArticlesRead([c], true);
  await writer.deleteArticles([d]);
  await savePosition({ kind: 'saved', id: a }, { block: 3, offset: 0.25, progress: 0.4, updatedAt: time.now() });
  await savePosition({ kind: 'saved', id: c }, { block: 0, offset: 0, progress: 1, updatedAt: time.now() });
  await updateSettings({ theme: 'sepia', fontSize: 22, typeface: 'dyslexic', textAlign: 'justify' });
  return { a, b, c, d };
}

describe('JSON backup', () => {
  beforeEach(() => fakeBrowser.reset());

  it('holds every visible article with its state and position, and the settings', async () => {
    const { a, b, c, d } = await richLibrary();
    const backup = JSON.parse(await exportBackupText(1_700_000_500_000)) as {
      format: string;
      version: number;
      exportedAt: number;
      settings: Record<string, unknown>;
      articles: Array<Record<string, unknown> & { id: string }>;
    };
    expect(backup).toMatchObject({ format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: 1_700_000_500_000 });
    expect(backup.settings).toEqual({ ...(await loadSettings()) });
    expect(backup.settings).toMatchObject({ theme: 'sepia', fontSize: 22 });
    // Newest first, as the library lists them; the pending delete is not in it.
    expect(backup.articles.map((x) => x.id)).toEqual([c, b, a]);
    expect(backup.articles.map((x) => x.id)).not.toContain(d);
    const stored = (await librarySnapshot()).records as unknown as Array<Record<string, unknown> & { id: string }>;
    for (const article of backup.articles) {
      const record = stored.find((r) => r.id === article.id)!;
      for (const field of ['savedAt', 'updatedAt', 'readAt', 'archivedAt', 'favourite', 'tags', 'article'] as const)
        expect(article[field], field).toEqual(record[field]);
    }
    expect(backup.articles.find((x) => x.id === a)!.position).toMatchObject({ block: 3, offset: 0.25, progress: 0.4 });
    expect(backup.articles.find((x) => x.id === b)!.position).toBeNull();
    expect(backup.articles.find((x) => x.id === b)).toMatchObject({ archivedAt: expect.any(Number), tags: ['long read', 'World'] });
  });

  it('export → wipe → restore gives back the same library: records, entries, count, positions, settings', async () => {
    await richLibrary();
    const before = await librarySnapshot();
    const text = await exportBackupText();
    wipe();
    expect((await librarySnapshot()).records).toEqual([]);
    expect((await loadSettings()).theme).toBe(DEFAULT_SETTINGS.theme);
    // Batches of one: every batch is its own message and transaction.
    const outcome = await restoreText(text, 1);
    expect(outcome).toEqual({ added: 3, replaced: 0, invalid: 0, duplicates: 0, settingsRestored: true, error: null });
    expect(await librarySnapshot()).toEqual(before);
    expect((await readLibrary()).problems).toEqual([]);
  });

  it('in parts (a large library’s zip): export → wipe → restore gives back the same library, each part a backup file of its own', async () => {
    const { a, b, c } = await richLibrary();
    const before = await librarySnapshot();
    const bytes = await exportBackupParts(2);
    const files = unzipSync(bytes);
    expect(Object.keys(files)).toEqual(['reader-backup-part-0001.json', 'reader-backup-part-0002.json']);
    const parts = Object.values(files).map((f) => JSON.parse(strFromU8(f)) as { format: string; settings: unknown; articles: Array<{ id: string }> });
    expect(parts.map((p) => p.format)).toEqual([BACKUP_FORMAT, BACKUP_FORMAT]);
    expect(parts.map((p) => p.articles.map((x) => x.id))).toEqual([[c, b], [a]]);
    // The settings travel once, in the first part.
    expect(parts[0]!.settings).toMatchObject({ theme: 'sepia' });
    expect(parts[1]!.settings).toBeNull();
    expect(detectFormat({ name: 'reader-backup-2024-04-19.zip', bytes })).toEqual({ ok: true, format: 'backup-zip' });
    wipe();
    const outcome = await restoreParts(bytes, 1);
    expect(outcome).toEqual({ added: 3, replaced: 0, invalid: 0, duplicates: 0, settingsRestored: true, error: null });
    expect(await librarySnapshot()).toEqual(before);
  });

  it('stops with the reason, and says what it wrote, when a part cannot be read again midway', async () => {
    await richLibrary();
    const bytes = await exportBackupParts(2);
    wipe();
    const parsed = parseBackupZip(bytes);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const backup = backupFromReport(parsed.report);
    let read = 0;
    const failing = {
      ...backup,
      *articles() {
        for (const article of backup.articles()) {
          if (++read > 2) throw new Error('This zip file is damaged or incomplete (“reader-backup-part-0002.json” could not be read).');
          yield article;
        }
      },
    };
    const sent: number[] = [];
    const outcome = await restoreBackup(failing, {
      batchSize: 1,
      saveSettings: async () => undefined,
      send: async (items) => {
        sent.push(items.length);
        return { ok: true, value: { added: items.length, replaced: 0, invalid: 0, duplicates: 0 } };
      },
    });
    // What was written before the failure is counted (a batch fills before it is sent).
    expect(sent.length).toBeGreaterThan(0);
    expect(outcome).toMatchObject({ added: sent.length, settingsRestored: false, error: expect.stringContaining('could not be read') });
  });

  it('is one JSON file up to 500 articles and a zip of parts past that, by name and type', () => {
    const day = Date.UTC(2024, 3, 19);
    expect([exportFileName('backup', day, 500), exportMimeType('backup', 500)]).toEqual(['reader-backup-2024-04-19.json', 'application/json']);
    expect([exportFileName('backup', day, 501), exportMimeType('backup', 501)]).toEqual(['reader-backup-2024-04-19.zip', 'application/zip']);
  });

  it('restoring into a library that has some of the articles replaces them with the backup’s copy', async () => {
    const { a } = await richLibrary();
    const before = await librarySnapshot();
    const text = await exportBackupText();
    const writer = createLibraryWriter({ newId: () => 'other-id' });
    // The user changed one since, and saved a page again under a new id after deleting its copy.
    await writer.setArticlesArchived([a], true);
    await writer.deleteTag('World');
    const outcome = await restoreText(text);
    expect(outcome).toMatchObject({ added: 0, replaced: 3, error: null });
    expect(await librarySnapshot()).toEqual(before);
  });

  it('a copy of the same page under another id gives way to the backup’s, with its position', async () => {
    const { b } = await richLibrary();
    const text = await exportBackupText();
    wipe();
    const writer = createLibraryWriter({ newId: () => 'fresh-copy' });
    await writer.save(makeArticle({ url: 'https://news.example/b?utm_source=feed', title: 'Saved again' }));
    await savePosition({ kind: 'saved', id: 'fresh-copy' }, { block: 1, offset: 0, progress: 0.1, updatedAt: 1 });
    const outcome = await restoreText(text);
    expect(outcome).toMatchObject({ added: 2, replaced: 1 });
    const after = await librarySnapshot();
    expect(after.records.map((r) => r.id)).not.toContain('fresh-copy');
    expect(after.records.map((r) => r.id)).toContain(b);
    expect(after.visibleCount).toBe(3);
    expect(Object.keys(after.positions)).not.toContain('position:saved:fresh-copy');
    expect(await fakeBrowser.storage.local.get('position:saved:fresh-copy')).toEqual({});
  });

  it('refuses invalid records in a batch and keeps one copy of a repeated id or URL', async () => {
    const writer = createLibraryWriter();
    const record = {
      schemaVersion: 3,
      id: 'x',
      savedAt: 1,
      readAt: null,
      deletedAt: null,
      archivedAt: null,
      favourite: false,
      tags: [],
      updatedAt: 1,
      content: 'article' as const,
      article: makeArticle({ url: 'https://a.example/1' }),
    };
    const result = await writer.restoreRecords([
      { record, position: null },
      { record: { ...record, id: 'y' }, position: null },
      { record: { ...record, id: 'z', article: makeArticle({ url: 'https://a.example/2' }) }, position: { block: -1, offset: 0, progress: 0, updatedAt: 0 } },
      { record: { ...record, id: 'w', article: { ...makeArticle(), url: 'javascript:alert(1)' } }, position: null },
    ]);
    expect(result).toEqual({ ok: true, value: { added: 1, replaced: 0, invalid: 2, duplicates: 1 } });
    expect((await readLibrary()).entries.map((e) => e.id)).toEqual(['x']);
  });

  it('exports only what was asked for, in that order, and counts ids that are gone', async () => {
    const { a, c, d } = await richLibrary();
    const { blob, count, skipped, filename } = await exportToBlob('backup', [a, 'no-such-id', d, c], {
      settings: null,
      now: Date.UTC(2024, 3, 19),
      read: (list, onSkip) => readExportRecords(list, { onSkip }),
    });
    expect(filename).toBe('reader-backup-2024-04-19.json');
    expect(count).toBe(2);
    expect(skipped).toBe(2);
    const backup = JSON.parse(await blob.text()) as { settings: null; articles: Array<{ id: string }> };
    expect(backup.settings).toBeNull();
    expect(backup.articles.map((x) => x.id)).toEqual([a, c]);
  });
});
