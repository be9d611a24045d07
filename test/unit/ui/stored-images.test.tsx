/**
 * A saved article's images in its view: stored copies through object URLs (revoked on close), no
 * network candidate left beside them, the network only online and only for images not stored,
 * and the placeholder's note saying why an image was not kept.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ArticleView } from '../../../components/ArticleView';
import { SettingsView } from '../../../components/SettingsView';
import type { ArticleImagesRead } from '../../../utils/library/image-db';
import { DEFAULT_SETTINGS } from '../../../utils/settings/settings';
import { createLibraryStore, type LibraryStoreDeps } from '../../../utils/ui/library-store';
import { createStorageUsage, formatBytes } from '../../../utils/ui/storage-usage';
import { IMAGE_NOTE_ATTR, imageNote, openArticleImages, storedLeadImage, withStoredImages } from '../../../utils/ui/stored-images';
import { makeArticle } from '../support/article-factory';

const READ: ArticleImagesRead = {
  images: [{ articleId: 'a', url: 'https://news.example/kept.png', type: 'image/png', bytes: new Uint8Array([1]).buffer }],
  set: {
    articleId: 'a',
    kept: ['https://news.example/kept.png'],
    bytes: 1,
    missed: [
      { url: 'https://news.example/huge.png', reason: 'too-big', status: null },
      { url: 'https://cdn.example/c.png', reason: 'no-permission', status: null },
      { url: 'https://cdn.example/d.png', reason: 'no-permission', status: null },
      { url: 'https://news.example/gone.png', reason: 'failed', status: 404 },
    ],
  },
};

function fakeUrls() {
  let n = 0;
  const revoked: string[] = [];
  return { createObjectURL: vi.fn(() => `blob:test/${++n}`), revokeObjectURL: vi.fn((url: string) => void revoked.push(url)), revoked };
}

const BODY = [
  '<figure><picture><source srcset="https://news.example/kept.webp 800w"><img src="https://news.example/kept.png" srcset="https://news.example/kept-2x.png 2x" alt="kept"></picture><figcaption>Kept</figcaption></figure>',
  '<figure><img src="https://news.example/huge.png" alt="huge"><figcaption>Huge</figcaption></figure>',
  '<figure><img src="https://news.example/never.png" alt="never"><figcaption>Never collected</figcaption></figure>',
].join('');

describe('stored images in the view', () => {
  it('gives each kept image an object URL, each other one its note, and revokes the URLs once', () => {
    const urls = fakeUrls();
    const images = openArticleImages(READ, urls);
    expect([...images.sources]).toEqual([['https://news.example/kept.png', 'blob:test/1']]);
    expect(images.notes.get('https://news.example/huge.png')).toBe('Image not kept: larger than 3 MB.');
    expect(images.notes.get('https://news.example/gone.png')).toBe('Image not kept: the site answered with error 404.');
    expect(images.notes.get('https://cdn.example/c.png')).toBe('Image not kept: cdn.example does not share its images with other sites.');
    expect(images.needPermission).toEqual({ origins: ['https://cdn.example'], count: 2 });
    images.release();
    images.release();
    expect(urls.revoked).toEqual(['blob:test/1']);
  });

  it('points stored images at their copies with no network candidate left, and marks the rest only with their note while online', () => {
    const images = openArticleImages(READ, fakeUrls());
    const doc = document.implementation.createHTMLDocument('');
    doc.body.innerHTML = withStoredImages(BODY, images, true);
    const [kept, huge, never] = Array.from(doc.querySelectorAll('img'));
    expect(kept!.getAttribute('src')).toBe('blob:test/1');
    expect(kept!.hasAttribute('srcset')).toBe(false);
    expect(doc.querySelectorAll('source')).toHaveLength(0);
    expect(huge!.getAttribute('src')).toBe('https://news.example/huge.png');
    expect(huge!.getAttribute(IMAGE_NOTE_ATTR)).toBe('Image not kept: larger than 3 MB.');
    expect(never!.getAttribute('src')).toBe('https://news.example/never.png');
    expect(never!.hasAttribute(IMAGE_NOTE_ATTR)).toBe(false);
  });

  it('offline, leaves images not stored without an address, as placeholders', () => {
    const doc = document.implementation.createHTMLDocument('');
    doc.body.innerHTML = withStoredImages(BODY, openArticleImages(READ, fakeUrls()), false);
    const [kept, huge, never] = Array.from(doc.querySelectorAll('img'));
    expect(kept!.getAttribute('src')).toBe('blob:test/1');
    for (const img of [huge!, never!]) {
      expect(img.hasAttribute('src')).toBe(false);
      expect(img.classList.contains('is-broken')).toBe(true);
    }
    expect(storedLeadImage('https://news.example/lead.png', null, false)).toBeNull();
    expect(storedLeadImage('https://news.example/lead.png', null, true)).toBe('https://news.example/lead.png');
    expect(storedLeadImage('https://news.example/kept.png', openArticleImages(READ, fakeUrls()), false)).toBe('blob:test/1');
  });

  it('says why in every case', () => {
    expect(imageNote({ url: 'https://a.example/x', reason: 'article-full', status: null })).toBe(
      'Image not kept: this article’s images had reached the 10 MB limit.',
    );
    expect(imageNote({ url: 'https://a.example/x', reason: 'failed', status: null })).toBe('Image not kept: the site did not answer.');
    expect(imageNote({ url: 'https://a.example/x', reason: 'not-image', status: null })).toBe('Image not kept: the address did not give an image.');
  });
});

describe('the saved article view with its images', () => {
  let root: HTMLElement;
  beforeEach(() => {
    root = document.createElement('div');
    document.body.append(root);
  });
  afterEach(() => {
    render(null, root);
    root.remove();
  });

  it('draws a missing image offline as the placeholder with its note under it, and the live reader as before', async () => {
    const article = makeArticle({ contentHtml: BODY });
    await act(() => render(<ArticleView article={article} variant="full" images={openArticleImages(READ, fakeUrls())} online={false} />, root));
    const huge = root.querySelector<HTMLImageElement>('img[alt="huge"]')!;
    expect(huge.classList.contains('is-broken')).toBe(true);
    expect(huge.nextElementSibling?.textContent).toBe('Image not kept: larger than 3 MB.');
    expect(root.querySelectorAll('.image-note')).toHaveLength(1);
    expect(root.querySelector('img[alt="kept"]')!.getAttribute('src')).toBe('blob:test/1');
    // A live page's reader loads the page's own images.
    await act(() => render(<ArticleView article={article} variant="full" />, root));
    expect(root.querySelector('img[alt="kept"]')!.getAttribute('src')).toBe('https://news.example/kept.png');
    expect(root.querySelectorAll('.image-note')).toHaveLength(0);
  });
});

describe('storage used', () => {
  it('formats bytes as the browsers do', () => {
    expect(formatBytes(850_000, 'en')).toBe('850 kB');
    expect(formatBytes(12_400_000, 'en')).toBe('12 MB');
    expect(formatBytes(3_450_000, 'en')).toBe('3.5 MB');
    expect(formatBytes(1_200_000_000, 'en')).toBe('1.2 GB');
  });

  it('reads the browser’s estimate and the images’ own total, and the settings show both', async () => {
    const usage = createStorageUsage({ estimate: async () => ({ usage: 24_000_000 }), imageBytes: async () => ({ bytes: 9_000_000, images: 12 }) });
    expect(usage.usage.value).toBeNull();
    await usage.refresh();
    expect(usage.usage.value).toEqual({ total: 24_000_000, images: 9_000_000, imageCount: 12 });
    const root = document.createElement('div');
    const props = {
      settings: DEFAULT_SETTINGS,
      status: { syncing: true, reason: null },
      shortcut: null,
      onChange: () => undefined,
      onReset: () => undefined,
      onShowShortcuts: () => undefined,
    };
    await act(() => render(<SettingsView {...props} storage={usage.usage.value} />, root));
    expect(root.querySelector('[data-testid="storage-used"]')?.textContent).toBe(
      'Storage used: 24 MB, of which images 9 MB (12 images kept with saved articles).',
    );
    await act(() => render(<SettingsView {...props} />, root));
    expect(root.querySelector('[data-testid="storage-used"]')).toBeNull();
    render(null, root);
  });
});

describe('the library store and an opened article’s images', () => {
  function storeWith(granted: boolean) {
    const released: string[] = [];
    let reads = 0;
    const requestOrigins = vi.fn(async () => granted);
    const send = vi.fn(async () => ({ ok: true, value: {} })) as unknown as LibraryStoreDeps['send'];
    const store = createLibraryStore({
      send,
      getSavedArticle: async (id) => ({
        ok: true,
        saved: {
          schemaVersion: 3,
          id,
          savedAt: 1,
          archivedAt: null,
          favourite: false,
          tags: [],
          updatedAt: 1,
          content: 'article' as const,
          article: makeArticle(),
        },
        entry: null,
      }),
      readArticleImages: async () => {
        reads++;
        return READ;
      },
      openArticleImages: (read) => {
        const n = reads;
        const images = openArticleImages(read, fakeUrls());
        return { ...images, release: () => void released.push(`read ${n}`) };
      },
      requestOrigins,
    });
    return { store, released, requestOrigins, send };
  }

  it('opens an article with its images and releases them when it closes', async () => {
    const { store, released } = storeWith(true);
    await store.open('a');
    expect(store.opened.value?.images?.sources.get('https://news.example/kept.png')).toBe('blob:test/1');
    store.close();
    expect(released).toEqual(['read 1']);
  });

  it('asks for the sites inside the click, then has the background keep the images and shows them', async () => {
    const { store, released, requestOrigins, send } = storeWith(true);
    await store.open('a');
    const keeping = store.keepBlockedImages();
    // Asked before anything was awaited: the browser grants the prompt only inside the gesture.
    expect(requestOrigins).toHaveBeenCalledWith(['https://cdn.example']);
    await keeping;
    expect(send).toHaveBeenCalledWith('keepArticleImages', { id: 'a' });
    expect(released).toEqual(['read 1']);
    expect(store.imageAccess.value).toEqual({ status: 'idle' });
  });

  it('says so when the user refuses, and asks the background nothing', async () => {
    const { store, send } = storeWith(false);
    await store.open('a');
    await store.keepBlockedImages();
    expect(store.imageAccess.value).toEqual({ status: 'denied' });
    expect(send).not.toHaveBeenCalled();
  });
});
