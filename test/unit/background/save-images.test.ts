/**
 * The background's side of keeping images: the page is asked only while it still shows the
 * article, what it sends back is limited to the article's own images, the sites the user allowed
 * are fetched by the background, and the others stay `no-permission`.
 */
import { describe, expect, it, vi } from 'vitest';
import { collectForSave, keepArticleImages, type SaveImagesDeps } from '../../../utils/background/save-images';
import { readArticleImages } from '../../../utils/library/image-db';
import { toBase64 } from '../../../utils/library/images';
import { createLibraryWriter } from '../../../utils/library/writer';
import { makeArticle } from '../support/article-factory';
import { ids } from '../support/library';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]);
const ARTICLE = makeArticle({
  url: 'https://news.example/story',
  contentHtml: '<img src="https://news.example/a.png"><img src="https://cdn.example/b.png?w=1&amp;h=2"><img src="https://private.example/c.png">',
});

function deps(overrides: Partial<SaveImagesDeps> & { page?: unknown; tabUrl?: string } = {}) {
  const { page, tabUrl, ...rest } = overrides;
  const runInTab = vi.fn(async (_tabId: number, func: (...args: never[]) => unknown) =>
    func.name === 'hookIsInstalled' ? true : (page ?? { kept: [], missed: [] }),
  );
  const d: SaveImagesDeps = {
    getTabUrl: async () => tabUrl ?? 'https://news.example/story#comments',
    runInTab: runInTab as unknown as SaveImagesDeps['runInTab'],
    injectFile: vi.fn(async () => undefined),
    mayFetch: async () => false,
    fetch: vi.fn(async () => new Response(PNG, { headers: { 'Content-Type': 'image/png' } })),
    ...rest,
  };
  return { deps: d, runInTab };
}

describe('collecting images for a save', () => {
  it('asks the page that still shows the article, and keeps only the article’s own images', async () => {
    const page = {
      kept: [
        { url: 'https://news.example/a.png', type: 'image/png', data: toBase64(PNG) },
        { url: 'https://cdn.example/b.png?w=1&h=2', type: 'image/png', data: toBase64(PNG) },
        // Not in the article: a page script cannot slip its own files into the library.
        { url: 'https://tracker.example/pixel.png', type: 'image/png', data: toBase64(PNG) },
      ],
      missed: [{ url: 'https://private.example/c.png', reason: 'no-permission', status: null }],
    };
    const { deps: d, runInTab } = deps({ page });
    const images = await collectForSave(ARTICLE, 7, d);
    expect(images?.kept.map((i) => i.url)).toEqual(['https://news.example/a.png', 'https://cdn.example/b.png?w=1&h=2']);
    expect(images?.missed).toEqual([{ url: 'https://private.example/c.png', reason: 'no-permission', status: null }]);
    expect(runInTab).toHaveBeenLastCalledWith(7, expect.any(Function), ['__readerCollectImages', ARTICLE.contentHtml, ARTICLE.leadImageUrl]);
  });

  it('collects nothing once the tab shows another page, or when the page answers nonsense', async () => {
    expect(await collectForSave(ARTICLE, 7, deps({ tabUrl: 'https://news.example/other' }).deps)).toBeUndefined();
    expect(await collectForSave(ARTICLE, 7, deps({ page: { kept: 'everything' } }).deps)).toBeUndefined();
    expect(await collectForSave(ARTICLE, 7, deps({ getTabUrl: () => Promise.reject(new Error('No tab with id: 7')) }).deps)).toBeUndefined();
  });

  it('injects the script again when the page has lost it (the extension was reloaded)', async () => {
    const { deps: d, runInTab } = deps();
    runInTab.mockImplementationOnce(async () => false);
    await collectForSave(ARTICLE, 7, d);
    expect(d.injectFile).toHaveBeenCalledWith(7, '/extract.js');
  });

  it('fetches from the background the images of sites the user allowed, and only those', async () => {
    const page = {
      kept: [],
      missed: [
        { url: 'https://cdn.example/b.png?w=1&h=2', reason: 'no-permission', status: null },
        { url: 'https://private.example/c.png', reason: 'no-permission', status: null },
      ],
    };
    const { deps: d } = deps({ page, mayFetch: async (origin) => origin === 'https://cdn.example' });
    const images = await collectForSave(ARTICLE, 7, d);
    expect(images?.kept.map((i) => [i.url, i.type, i.bytes.byteLength])).toEqual([['https://cdn.example/b.png?w=1&h=2', 'image/png', PNG.length]]);
    expect(images?.missed).toEqual([{ url: 'https://private.example/c.png', reason: 'no-permission', status: null }]);
    expect(d.fetch).toHaveBeenCalledTimes(1);
  });
});

describe('keeping the images after the user allowed their sites', () => {
  it('fetches the saved article’s no-permission images and adds them to its stored ones', async () => {
    const library = createLibraryWriter({ newId: ids(), estimateStorage: async () => ({}) });
    await library.save(ARTICLE, {
      kept: [{ url: 'https://news.example/a.png', type: 'image/png', bytes: PNG.slice().buffer }],
      missed: [{ url: 'https://private.example/c.png', reason: 'no-permission', status: null }],
    });
    const refused = await keepArticleImages(library, 'id-1', deps().deps);
    expect(refused).toMatchObject({ ok: true, value: { missed: [{ reason: 'no-permission' }] } });
    const kept = await keepArticleImages(library, 'id-1', deps({ mayFetch: async () => true }).deps);
    expect(kept).toMatchObject({ ok: true, value: { kept: ['https://news.example/a.png', 'https://private.example/c.png'], missed: [] } });
    expect((await readArticleImages('id-1')).images).toHaveLength(2);
    expect(await keepArticleImages(library, 'id-9', deps().deps)).toMatchObject({ ok: false, error: 'not-found' });
  });
});
