/**
 * A saved article's images in the library: written with the record in one transaction, replaced
 * when it is saved again, refused whole when there is no room, added to after a permission,
 * purged with the record after the undo window, read back for the view, the exports and the
 * settings' total. And the page's answer is checked and capped again before any of it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deleteArticleImages, readArticleImages, storedImageBytes, storedImageResolver } from '../../../utils/library/image-db';
import { MAX_ARTICLE_IMAGE_BYTES, MAX_IMAGE_BYTES, fromWire, toBase64, type CollectedImages } from '../../../utils/library/images';
import { getSavedArticle, readLibrary } from '../../../utils/library/store';
import { UNDO_WINDOW_MS, createLibraryWriter } from '../../../utils/library/writer';
import { makeArticle } from '../support/article-factory';
import { englishMessage } from '../support/english-i18n';
import { clock, ids, libraryDb, libraryStorageFull } from '../support/library';

const bytes = (size: number, fill = 1) => new Uint8Array(size).fill(fill).buffer;
const collected = (...kept: Array<[url: string, size: number]>): CollectedImages => ({
  kept: kept.map(([url, size]) => ({ url, type: 'image/png', bytes: bytes(size) })),
  missed: [{ url: 'https://cdn.example/big.png', reason: 'too-big', status: null }],
});
const ARTICLE = makeArticle({
  contentHtml: '<img src="https://news.example/a.png"><img src="https://news.example/b.png"><img src="https://cdn.example/big.png">',
});

describe('an article’s images in the library', () => {
  let time: ReturnType<typeof clock>;
  beforeEach(() => {
    time = clock();
  });
  afterEach(() => vi.restoreAllMocks());

  const writer = (estimate?: { usage?: number; quota?: number }) =>
    createLibraryWriter({ now: time.now, newId: ids(), estimateStorage: async () => estimate ?? { usage: 0, quota: 1e12 } });

  it('are written with the record and read back with their notes', async () => {
    const saved = await writer().save(ARTICLE, collected(['https://news.example/a.png', 10], ['https://news.example/b.png', 20]));
    expect(saved).toMatchObject({ ok: true, value: { id: 'id-1' } });
    const read = await readArticleImages('id-1');
    expect(read.images.map((i) => [i.url, i.type, i.bytes.byteLength])).toEqual([
      ['https://news.example/a.png', 'image/png', 10],
      ['https://news.example/b.png', 'image/png', 20],
    ]);
    expect(read.set).toEqual({
      articleId: 'id-1',
      kept: ['https://news.example/a.png', 'https://news.example/b.png'],
      bytes: 30,
      missed: [{ url: 'https://cdn.example/big.png', reason: 'too-big', status: null }],
    });
    expect(await storedImageBytes()).toEqual({ bytes: 30, images: 2 });
  });

  it('are replaced when the article is saved again with images, and kept when it is saved without', async () => {
    const w = writer();
    await w.save(ARTICLE, collected(['https://news.example/a.png', 10], ['https://news.example/b.png', 20]));
    await w.save(ARTICLE, collected(['https://news.example/b.png', 5]));
    expect((await readArticleImages('id-1')).images.map((i) => [i.url, i.bytes.byteLength])).toEqual([['https://news.example/b.png', 5]]);
    await w.save(ARTICLE);
    expect((await readArticleImages('id-1')).set?.bytes).toBe(5);
  });

  it('are refused with the article, leaving the library unchanged, when the browser says there is no room', async () => {
    const w = writer({ usage: 100e6, quota: 100e6 + 2 * 1024 * 1024 });
    const result = await w.save(ARTICLE, collected(['https://news.example/a.png', 1024 * 1024]));
    expect(result).toEqual({ ok: false, error: 'quota', message: englishMessage('libraryQuotaFullImages', ['1.0', '2.0']) });
    expect((await readLibrary()).entries).toEqual([]);
    expect(await storedImageBytes()).toEqual({ bytes: 0, images: 0 });
    // Text alone still fits.
    expect(await w.save(ARTICLE)).toMatchObject({ ok: true });
  });

  it('land whole or not at all when the disk fills during the write', async () => {
    const w = writer();
    await w.save(makeArticle({ url: 'https://news.example/other' }));
    const full = libraryStorageFull();
    const result = await w.save(ARTICLE, collected(['https://news.example/a.png', 10]));
    full.mockRestore();
    expect(result).toMatchObject({ ok: false, error: 'quota' });
    expect((await readLibrary()).entries.map((e) => e.url)).toEqual(['https://news.example/other']);
    expect(await storedImageBytes()).toEqual({ bytes: 0, images: 0 });
  });

  it('stay while a delete can be undone and are purged with the record after the window', async () => {
    const w = writer();
    await w.save(ARTICLE, collected(['https://news.example/a.png', 10]));
    await w.save(makeArticle({ url: 'https://news.example/kept' }), collected(['https://news.example/k.png', 7]));
    await w.deleteArticles(['id-1']);
    await w.setArticlesRead(['id-2'], true);
    expect((await readArticleImages('id-1')).images).toHaveLength(1);
    time.advance(UNDO_WINDOW_MS + 1);
    await w.setArticlesRead(['id-2'], false);
    expect(await getSavedArticle('id-1')).toMatchObject({ ok: false, error: 'not-found' });
    expect(await readArticleImages('id-1')).toEqual({ images: [], set: null });
    // The other article's images are untouched.
    expect(await storedImageBytes()).toEqual({ bytes: 7, images: 1 });
    const db = await libraryDb();
    expect(await db.count('images')).toBe(1);
  });

  it('are added to after the user allows a site, within the article’s total', async () => {
    const w = writer();
    await w.save(ARTICLE, {
      kept: [{ url: 'https://news.example/a.png', type: 'image/png', bytes: bytes(10) }],
      missed: [{ url: 'https://cdn.example/c.png', reason: 'no-permission', status: null }],
    });
    const added = await w.addImages('id-1', { kept: [{ url: 'https://cdn.example/c.png', type: 'image/jpeg', bytes: bytes(4) }], missed: [] });
    expect(added).toEqual({ ok: true, value: { articleId: 'id-1', kept: ['https://news.example/a.png', 'https://cdn.example/c.png'], bytes: 14, missed: [] } });
    expect((await readArticleImages('id-1')).images.map((i) => i.url).sort()).toEqual(['https://cdn.example/c.png', 'https://news.example/a.png']);
    // Not to an article deleted meanwhile: its images would outlive it.
    await w.deleteArticles(['id-1']);
    expect(await w.addImages('id-1', { kept: [{ url: 'https://cdn.example/d.png', type: 'image/png', bytes: bytes(1) }], missed: [] })).toMatchObject({
      ok: false,
      error: 'not-found',
    });
  });

  it('are what the exporters’ resolver finds, by article id and URL', async () => {
    await writer().save(ARTICLE, collected(['https://news.example/a.png', 3]));
    const entry = { article: ARTICLE, savedAt: 0, readAt: null, archivedAt: null, favourite: false, tags: [], progress: null };
    expect(await storedImageResolver({ ...entry, id: 'id-1' }, 'https://news.example/a.png')).toEqual({ bytes: new Uint8Array([1, 1, 1]), type: 'image/png' });
    expect(await storedImageResolver({ ...entry, id: 'id-1' }, 'https://news.example/b.png')).toBeNull();
    expect(await storedImageResolver(entry, 'https://news.example/a.png')).toBeNull();
  });
});

describe('deleting an article’s images in a transaction that dies', () => {
  it('passes the error on and leaves the first request’s AbortError observed (the kill property test’s flake)', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      let abortFirst!: (error: Error) => void;
      const first = new Promise<undefined>((_, reject) => (abortFirst = reject));
      // The second call throws at once, as a request on a stopped background's transaction does.
      const tx = {
        objectStore: (name: string) => ({
          delete: () => {
            if (name === 'imageSets') throw new DOMException('The service worker was stopped.', 'AbortError');
            return first;
          },
        }),
      };
      await expect(deleteArticleImages(tx as never, 'a')).rejects.toThrow('The service worker was stopped.');
      abortFirst(new DOMException('A request was aborted.', 'AbortError'));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('the page’s answer', () => {
  const wire = (data: string, url = 'https://news.example/a.png', type = 'image/png') => ({ kept: [{ url, type, data }], missed: [] });

  it('is decoded and capped again: each image and the article’s total', () => {
    expect(fromWire(wire(toBase64(new Uint8Array([1, 2, 3]))))).toEqual({
      kept: [{ url: 'https://news.example/a.png', type: 'image/png', bytes: new Uint8Array([1, 2, 3]).buffer }],
      missed: [],
    });
    const three = toBase64(new Uint8Array(3 * 1024 * 1024));
    const kept = Array.from({ length: 4 }, (_, i) => ({ url: `https://news.example/${i}.png`, type: 'image/png', data: three }));
    const capped = fromWire({ kept, missed: [] })!;
    expect(capped.kept).toHaveLength(Math.floor(MAX_ARTICLE_IMAGE_BYTES / (3 * 1024 * 1024)));
    expect(capped.missed).toEqual([{ url: 'https://news.example/3.png', reason: 'article-full', status: null }]);
    expect(MAX_IMAGE_BYTES).toBe(3 * 1024 * 1024);
  });

  it('is refused when malformed: not base64, not an image type, not a web address, too long', () => {
    expect(fromWire(wire('%%%'))).toBeNull();
    expect(fromWire(wire('AAAA', 'https://news.example/a.png', 'text/html'))).toBeNull();
    expect(fromWire(wire('AAAA', 'javascript:alert(1)'))).toBeNull();
    expect(fromWire(wire('A'.repeat(5 * 1024 * 1024)))).toBeNull();
    expect(fromWire({ kept: [], missed: [{ url: 'https://news.example/x', reason: 'whatever', status: null }] })).toBeNull();
    expect(fromWire('nothing')).toBeNull();
  });
});
