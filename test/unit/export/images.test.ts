/**
 * Stored images in exports, through the image resolver: the HTML pages embed them as data: URIs
 * (no network candidate left beside them), the Markdown zip carries them in an assets folder
 * that the notes link to relatively; images with no stored copy keep their web address.
 */
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import { exportHtml, exportHtmlSingle } from '../../../utils/export/html';
import { dataUri, imageExtension } from '../../../utils/export/images';
import { exportMarkdown } from '../../../utils/export/markdown';
import type { ExportImage, ImageResolver } from '../../../utils/export/types';
import { collect } from './collect';
import { entry } from './entries';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7, 7]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1]);

const BODY = [
  '<p>Before.</p>',
  '<figure><img src="https://news.example/a.png" srcset="https://news.example/a-2x.png 2x" alt="The [first] one"><figcaption>A</figcaption></figure>',
  '<figure><picture><source srcset="https://cdn.example/b.webp 800w"><img src="https://cdn.example/b.jpg" alt="B"></picture></figure>',
  '<p><img src="https://news.example/a.png" alt="again"></p>',
  '<figure><img src="https://elsewhere.example/c.png" alt="not stored"></figure>',
].join('');

const STORED: Record<string, ExportImage> = {
  'https://news.example/a.png': { bytes: PNG, type: 'image/png' },
  // Stored under a <picture> source's address: found among the image's candidates.
  'https://cdn.example/b.webp': { bytes: JPEG, type: 'image/jpeg' },
};

function resolver() {
  return vi.fn<ImageResolver>(async (e, url) => (e.id === 'art-1' ? (STORED[url] ?? null) : null));
}

const article = () => entry({ id: 'art-1', article: { title: 'Harbour: the silt', contentHtml: BODY, leadImageUrl: 'https://news.example/a.png' } });

function doc(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

describe('stored images in the HTML export', () => {
  it('embeds each stored image as a data: URI, drops its network candidates, and leaves the others as they were', async () => {
    const out = collect();
    const images = resolver();
    await exportHtml([article()], out.sink, { images });
    const page = doc(out.files()['Harbour the silt.html']!);
    const imgs = Array.from(page.querySelectorAll('.body img'));
    expect(imgs.map((i) => i.getAttribute('src'))).toEqual([
      dataUri(STORED['https://news.example/a.png']!),
      dataUri(STORED['https://cdn.example/b.webp']!),
      dataUri(STORED['https://news.example/a.png']!),
      'https://elsewhere.example/c.png',
    ]);
    expect(imgs[0]!.getAttribute('src')).toBe(`data:image/png;base64,${Buffer.from(PNG).toString('base64')}`);
    expect(page.querySelectorAll('.body [srcset], .body source')).toHaveLength(0);
    expect(images).toHaveBeenCalledWith(expect.objectContaining({ id: 'art-1' }), 'https://news.example/a.png');
  });

  it('embeds them in the one-page export too', async () => {
    const out = collect();
    await exportHtmlSingle([article(), entry({ article: { contentHtml: '<figure><img src="https://news.example/a.png"></figure>' } })], out.sink, {
      images: resolver(),
    });
    const page = doc(out.text());
    const srcs = Array.from(page.querySelectorAll('article img')).map((i) => i.getAttribute('src')!);
    expect(srcs.filter((s) => s.startsWith('data:image/'))).toHaveLength(3);
    // The second article has no id: nothing is stored for it.
    expect(srcs.at(-1)).toBe('https://news.example/a.png');
  });

  it('looks up no image of an article whose record stores none, and writes the page it would without images', async () => {
    const looked = collect();
    const images = resolver();
    await exportHtml([article()], looked.sink, { images, hasStoredImages: () => false, now: 0 });
    expect(images).not.toHaveBeenCalled();
    const plain = collect();
    await exportHtml([article()], plain.sink, { now: 0 });
    expect(looked.files()).toEqual(plain.files());
    // The same article whose record says it stores images gets them.
    const stored = collect();
    await exportHtml([article()], stored.sink, { images: resolver(), hasStoredImages: () => true, now: 0 });
    expect(stored.files()['Harbour the silt.html']).toContain('data:image/png;base64,');
  });

  it('never embeds a stored copy whose type is not an image’s', () => {
    expect(dataUri({ bytes: PNG, type: 'text/html' })).toBeNull();
    expect(imageExtension('image/jpeg')).toBe('.jpg');
    expect(imageExtension('image/svg+xml')).toBe('.svg');
    expect(imageExtension('image/x-unknown')).toBe('.img');
  });
});

describe('stored images in the Markdown export', () => {
  it('puts them in an assets folder beside the note, linked relatively, each image once', async () => {
    const out = collect();
    await exportMarkdown([article()], out.sink, { images: resolver() });
    const files = unzipSync(out.bytes());
    expect(Object.keys(files).sort()).toEqual(['Harbour the silt.md', 'assets/Harbour the silt/1.png', 'assets/Harbour the silt/2.jpg']);
    expect(files['assets/Harbour the silt/1.png']).toEqual(PNG);
    expect(files['assets/Harbour the silt/2.jpg']).toEqual(JPEG);
    const note = strFromU8(files['Harbour the silt.md']!);
    expect(note).toContain('![The \\[first\\] one](assets/Harbour%20the%20silt/1.png)');
    expect(note).toContain('![B](assets/Harbour%20the%20silt/2.jpg)');
    expect(note).toContain('![again](assets/Harbour%20the%20silt/1.png)');
    expect(note).toContain('![not stored](https://elsewhere.example/c.png)');
    expect(note).not.toContain('\u0000');
  });

  it('writes the same note as before when no resolver is given', async () => {
    const plain = collect();
    const none = collect();
    await exportMarkdown([article()], plain.sink);
    await exportMarkdown([article()], none.sink, { images: async () => null });
    expect(Object.keys(plain.files())).toEqual(['Harbour the silt.md']);
    expect(none.files()['Harbour the silt.md']).toContain('![not stored](https://elsewhere.example/c.png)');
    expect(plain.files()['Harbour the silt.md']).toContain('![not stored](https://elsewhere.example/c.png)');
  });
});
