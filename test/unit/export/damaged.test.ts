import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import { exportLibrary } from '../../../utils/export';
import { exportToBlob, type LibraryExportFormat } from '../../../utils/export/library-export';
import { readExportRecords } from '../../../utils/library/export-source';
import { createLibraryWriter } from '../../../utils/library/writer';
import { makeArticle } from '../support/article-factory';
import { clock, ids, libraryDb } from '../support/library';
import { collect } from './collect';
import { entry } from './entries';

/** Saves `n` articles (id-1…id-n) through the real writer. */
async function savedLibrary(n: number): Promise<string[]> {
  const writer = createLibraryWriter({ now: clock().now, newId: ids(), estimateStorage: async () => ({ usage: 0, quota: 1e12 }) });
  const saved: string[] = [];
  for (let i = 1; i <= n; i++) {
    await writer.save(makeArticle({ title: `Article ${i}`, url: `https://news.example/${i}`, contentHtml: `<p>Body of article ${i}.</p>` }));
    saved.push(`id-${i}`);
  }
  return saved;
}

describe('a damaged record in the middle of an export', () => {
  it.each<LibraryExportFormat>(['markdown', 'html', 'html-single', 'backup'])('is skipped by %s, and the articles around it are exported', async (format) => {
    const list = await savedLibrary(5);
    // Damaged in storage: its article is not an article any more.
    const db = await libraryDb();
    const raw = (await db.get('records', 'id-3')) as Record<string, unknown>;
    await db.put('records', { ...raw, article: { title: 42, contentHtml: null } });
    const result = await exportToBlob(format, list, { read: (ids, onSkip) => readExportRecords(ids, { onSkip, batchSize: 2 }), now: 0 });
    expect({ count: result.count, skipped: result.skipped }).toEqual({ count: 4, skipped: 1 });
    const bytes = new Uint8Array(await result.blob.arrayBuffer());
    const text =
      format === 'markdown' || format === 'html'
        ? Object.entries(unzipSync(bytes))
            .map(([name, data]) => `${name}\n${strFromU8(data)}`)
            .join('\n')
        : strFromU8(bytes);
    for (const i of [1, 2, 4, 5]) expect(text, format).toContain(`Body of article ${i}.`);
    expect(text).not.toContain('Body of article 3.');
  });
});

describe('an article whose conversion fails', () => {
  it.each(['markdown', 'html', 'html-single'] as const)('is skipped by %s without stopping the export', async (format) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const broken = entry({ article: { title: 'Broken' } });
    // A body no converter can read (what a damaged record could hand it).
    Object.defineProperty(broken.article, 'contentHtml', {
      get() {
        throw new Error('unreadable body');
      },
    });
    const entries = [
      entry({ article: { title: 'Before', contentHtml: '<p>Before it.</p>' } }),
      broken,
      entry({ article: { title: 'After', contentHtml: '<p>After it.</p>' } }),
    ];
    const out = collect();
    const result = await exportLibrary(format, entries, out.sink, { now: 0 });
    expect({ count: result.count, skipped: result.skipped }).toEqual({ count: 2, skipped: 1 });
    const text = format === 'html-single' ? out.text() : Object.values(out.files()).join('\n');
    expect(text).toContain('Before it.');
    expect(text).toContain('After it.');
    if (format !== 'html-single') expect(Object.keys(out.files()).some((name) => name.startsWith('Broken'))).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });
});
