import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import { exportToBlob } from '../../../utils/export/library-export';
import type { ExportRecord } from '../../../utils/library/export-source';
import { LIBRARY_SCHEMA_VERSION } from '../../../utils/library/schema';
import { DEFAULT_SETTINGS } from '../../../utils/settings/settings';
import { createExportStore } from '../../../utils/ui/export-store';
import { readExportRecords } from '../../../utils/library/export-source';
import { createLibraryWriter } from '../../../utils/library/writer';
import { makeArticle } from '../support/article-factory';
import { clock, ids } from '../support/library';

function record(id: string, title: string): ExportRecord {
  return {
    record: {
      schemaVersion: LIBRARY_SCHEMA_VERSION,
      id,
      savedAt: Date.UTC(2024, 3, 19),
      readAt: null,
      deletedAt: null,
      archivedAt: null,
      favourite: false,
      tags: [],
      content: 'article',
      updatedAt: 0,
      article: makeArticle({ title, url: `https://news.example/${id}` }),
    },
    position: null,
  };
}

/** A library of `n` records, read as the extension reads them: only the ids asked for, in that order. */
function fakeLibrary(n: number) {
  const all = new Map(Array.from({ length: n }, (_, i) => [`id-${i}`, record(`id-${i}`, `Article ${i}`)]));
  return async function* read(ids: readonly string[], onSkip: (id: string) => void): AsyncGenerator<ExportRecord> {
    for (const id of ids) {
      const found = all.get(id);
      if (found) yield found;
      else onSkip(id);
    }
  };
}

describe('export store', () => {
  it('exports the ids asked for in the chosen format, reports progress and downloads the file', async () => {
    const download = vi.fn<(blob: Blob, name: string) => void>();
    const store = createExportStore({ read: fakeLibrary(60), download, now: () => Date.UTC(2024, 3, 19), loadSettings: async () => DEFAULT_SETTINGS });
    const seen: string[] = [];
    store.status.subscribe((s) => seen.push(s.phase === 'running' ? `running ${s.done}/${s.total}` : s.phase));
    store.format.value = 'markdown';
    await store.start(['id-3', 'id-1', 'gone', ...Array.from({ length: 50 }, (_, i) => `id-${i + 10}`)]);
    expect(seen).toEqual(['idle', 'running 0/53', 'running 25/53', 'running 50/53', 'done']);
    expect(store.status.value).toEqual({ phase: 'done', format: 'markdown', filename: 'reader-markdown-2024-04-19.zip', count: 52, skipped: 1 });
    const [blob, name] = download.mock.calls[0]!;
    expect(name).toBe('reader-markdown-2024-04-19.zip');
    expect(blob.type).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await blob.arrayBuffer()));
    expect(Object.keys(files).slice(0, 2)).toEqual(['Article 3.md', 'Article 1.md']);
    expect(strFromU8(files['Article 3.md']!)).toContain('title: "Article 3"');
  });

  it('writes the HTML pages in the UI’s words', async () => {
    const { blob } = await exportToBlob('html', ['id-0'], {
      read: fakeLibrary(1),
      labels: { by: 'Von', original: 'Originalseite', collection: 'Gespeicherte Artikel' },
      now: 0,
    });
    const files = unzipSync(new Uint8Array(await blob.arrayBuffer()));
    expect(strFromU8(files['Article 0.html']!)).toContain('Von Jane Reporter');
    expect(strFromU8(files['index.html']!)).toContain('<h1>Gespeicherte Artikel</h1>');
  });

  it('a cancelled export downloads nothing and goes back to idle', async () => {
    const download = vi.fn();
    const store = createExportStore({ read: fakeLibrary(200), download, loadSettings: async () => DEFAULT_SETTINGS });
    store.status.subscribe((s) => {
      if (s.phase === 'running' && s.done >= 25) store.cancel();
    });
    await store.start(Array.from({ length: 200 }, (_, i) => `id-${i}`));
    expect(store.status.value).toEqual({ phase: 'idle' });
    expect(download).not.toHaveBeenCalled();
  });

  it('downloads no backup larger than the import restores, and says how to back up in parts', async () => {
    const download = vi.fn();
    const run = async (limit: number) => {
      const store = createExportStore({ read: fakeLibrary(20), download, loadSettings: async () => DEFAULT_SETTINGS, maxBackupBytes: () => limit });
      store.format.value = 'backup';
      await store.start(Array.from({ length: 20 }, (_, i) => `id-${i}`));
      return store.status.value;
    };
    const refused = await run(2_000);
    expect(refused).toMatchObject({ phase: 'failed' });
    expect(refused.phase === 'failed' && refused.message).toMatch(
      /^This backup would be \d+ kB, and Reader restores backups of up to 2 kB\. Nothing was downloaded: back up the library in parts/,
    );
    expect(download).not.toHaveBeenCalled();
    // Within the limit: downloaded as ever. Other formats are never held to it.
    expect(await run(50_000_000)).toMatchObject({ phase: 'done', format: 'backup', count: 20 });
    expect(download).toHaveBeenCalledTimes(1);
    const store = createExportStore({ read: fakeLibrary(20), download, loadSettings: async () => DEFAULT_SETTINGS, maxBackupBytes: () => 2_000 });
    store.format.value = 'csv';
    await store.start(Array.from({ length: 20 }, (_, i) => `id-${i}`));
    expect(store.status.value).toMatchObject({ phase: 'done', format: 'csv' });
  });

  it('says why an export failed', async () => {
    const store = createExportStore({
      // eslint-disable-next-line require-yield -- a reader that fails before its first record
      read: async function* () {
        throw new Error('disk on fire');
      },
      download: vi.fn(),
      loadSettings: async () => DEFAULT_SETTINGS,
    });
    await store.start(['id-0']);
    expect(store.status.value).toEqual({ phase: 'failed', message: 'The export failed: disk on fire' });
    store.dismiss();
    expect(store.status.value).toEqual({ phase: 'idle' });
  });

  describe('stored images', () => {
    const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const body = '<p>Text</p><img src="https://news.example/kept.png" alt="Kept"><img src="https://news.example/other.png" alt="Other">';
    function withImage(): ExportRecord {
      const r = record('id-0', 'Pictures');
      return { ...r, record: { ...r.record, article: { ...r.record.article, contentHtml: body } }, storedImages: new Set(['https://news.example/kept.png']) };
    }
    const read = async function* (): AsyncGenerator<ExportRecord> {
      yield withImage();
    };

    it('go into the Markdown zip as files with relative links; only the stored ones are read', async () => {
      const readImage = vi.fn(async (_id: string, url: string) => (url.endsWith('kept.png') ? { bytes: PNG, type: 'image/png' } : null));
      const download = vi.fn<(blob: Blob, name: string) => void>();
      const store = createExportStore({ read, readImage, download, loadSettings: async () => DEFAULT_SETTINGS });
      store.format.value = 'markdown';
      await store.start(['id-0']);
      const files = unzipSync(new Uint8Array(await download.mock.calls[0]![0].arrayBuffer()));
      expect([...files['assets/Pictures/1.png']!]).toEqual([...PNG]);
      const note = strFromU8(files['Pictures.md']!);
      expect(note).toContain('![Kept](assets/Pictures/1.png)');
      expect(note).toContain('![Other](https://news.example/other.png)');
      expect(readImage.mock.calls).toEqual([['id-0', 'https://news.example/kept.png']]);
    });

    it('are embedded in the HTML pages as data: URIs', async () => {
      const readImage = vi.fn(async () => ({ bytes: PNG, type: 'image/png' }));
      const download = vi.fn<(blob: Blob, name: string) => void>();
      const store = createExportStore({ read, readImage, download, loadSettings: async () => DEFAULT_SETTINGS });
      store.format.value = 'html';
      await store.start(['id-0']);
      const page = strFromU8(unzipSync(new Uint8Array(await download.mock.calls[0]![0].arrayBuffer()))['Pictures.html']!);
      expect(page).toContain(`src="data:image/png;base64,${btoa(String.fromCharCode(...PNG))}"`);
      expect(page).toContain('src="https://news.example/other.png"');
    });

    it('are known from the library’s image sets, read with the records', async () => {
      const writer = createLibraryWriter({ now: clock().now, newId: ids(), estimateStorage: async () => ({ usage: 0, quota: 1e12 }) });
      await writer.save(makeArticle({ url: 'https://news.example/a', contentHtml: body }), {
        kept: [{ url: 'https://news.example/kept.png', type: 'image/png', bytes: PNG.slice().buffer }],
        missed: [],
      });
      await writer.save(makeArticle({ url: 'https://news.example/b' }));
      const out: ExportRecord[] = [];
      for await (const r of readExportRecords(['id-1', 'id-2'])) out.push(r);
      expect(out.map((r) => [r.record.id, r.storedImages && [...r.storedImages]])).toEqual([
        ['id-1', ['https://news.example/kept.png']],
        ['id-2', undefined],
      ]);
    });
  });
});
