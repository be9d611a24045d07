import { describe, expect, it, vi } from 'vitest';
import { articleImages, collectImages, fetchImage, imageType, type FetchLike } from '../../../utils/content/collect-images';
import { MAX_ARTICLE_IMAGES, MAX_ARTICLE_IMAGE_BYTES, MAX_IMAGE_BYTES, fromBase64 } from '../../../utils/library/images';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const png = (size: number): Uint8Array<ArrayBuffer> => {
  const bytes = new Uint8Array(size);
  bytes.set(PNG);
  return bytes;
};

/** A site: path → response; `cors: false` hosts refuse CORS reads (fetch throws) but answer no-cors probes. */
function site(routes: Record<string, () => Response>, refuseCors: string[] = []) {
  const calls: Array<{ url: string; mode: RequestMode | undefined }> = [];
  const fetcher: FetchLike = async (url, init) => {
    calls.push({ url, mode: init.mode });
    const { origin } = new URL(url);
    if (refuseCors.includes(origin)) {
      if (init.mode === 'no-cors') return new Response(null, { status: 200 });
      throw new TypeError('Failed to fetch');
    }
    const route = routes[url];
    if (!route) throw new TypeError('Failed to fetch');
    return route();
  };
  return { fetcher, calls };
}

const image =
  (bytes: Uint8Array<ArrayBuffer>, type = 'image/png', headers: Record<string, string> = {}) =>
  () =>
    new Response(bytes, { status: 200, headers: { 'Content-Type': type, 'Content-Length': String(bytes.length), ...headers } });

const PAGE = 'https://news.example';
const signal = () => new AbortController().signal;

describe('the images of an article, as the page lists them', () => {
  it('lists the body’s images in order with their candidates, the lead image first when the view shows it, each picture once', () => {
    const html =
      '<p>x</p><img src="https://news.example/a.jpg"><img src="https://cdn.example/b.jpg" srcset="https://cdn.example/b.jpg 400w, https://cdn.example/b-l.jpg 900w"><img src="https://news.example/a.jpg"><img src="data:image/png;base64,AAAA">';
    expect(articleImages(document, html, 'https://news.example/lead.jpg', null)).toEqual([
      { candidates: ['https://news.example/lead.jpg'] },
      { candidates: ['https://news.example/a.jpg'] },
      { candidates: ['https://cdn.example/b.jpg', 'https://cdn.example/b-l.jpg'] },
    ]);
    // The lead image the body already shows is not listed twice.
    expect(articleImages(document, html, 'https://news.example/a.jpg', null)).toHaveLength(2);
  });

  it('puts first the candidate the live page loaded (currentSrc), when it is one of the image’s', () => {
    const live = document.implementation.createHTMLDocument('');
    live.body.innerHTML = '<img src="https://cdn.example/b.jpg" srcset="https://cdn.example/b.jpg 400w, https://cdn.example/b-l.jpg 900w">';
    Object.defineProperty(live.querySelector('img')!, 'currentSrc', { value: 'https://cdn.example/b-l.jpg' });
    const html = '<img src="https://cdn.example/b.jpg" srcset="https://cdn.example/b.jpg 400w, https://cdn.example/b-l.jpg 900w">';
    expect(articleImages(document, html, null, live)).toEqual([{ candidates: ['https://cdn.example/b-l.jpg', 'https://cdn.example/b.jpg'] }]);
  });
});

describe('fetching one image as the page may', () => {
  it('keeps an image with its type, read from the cache when it is there', async () => {
    const { fetcher, calls } = site({ 'https://news.example/a.png': image(png(100)) });
    const got = await fetchImage(fetcher, 'https://news.example/a.png', PAGE, MAX_IMAGE_BYTES, signal());
    expect(got).toMatchObject({ ok: true, type: 'image/png' });
    expect(got.ok && got.bytes.length).toBe(100);
    expect(calls).toEqual([{ url: 'https://news.example/a.png', mode: 'cors' }]);
  });

  it('says failed with the status for an error answer, and with none when the site does not answer', async () => {
    const { fetcher } = site({ 'https://news.example/gone.png': () => new Response('no', { status: 404 }) });
    expect(await fetchImage(fetcher, 'https://news.example/gone.png', PAGE, MAX_IMAGE_BYTES, signal())).toEqual({ ok: false, reason: 'failed', status: 404 });
    // Same origin: a refused request is the network, not a policy (no probe is made).
    expect(await fetchImage(fetcher, 'https://news.example/down.png', PAGE, MAX_IMAGE_BYTES, signal())).toEqual({ ok: false, reason: 'failed', status: null });
  });

  it('tells a site that does not share its images (it answers a no-cors probe) from one that is down', async () => {
    const { fetcher, calls } = site({}, ['https://private.example']);
    expect(await fetchImage(fetcher, 'https://private.example/c.png', PAGE, MAX_IMAGE_BYTES, signal())).toEqual({
      ok: false,
      reason: 'no-permission',
      status: null,
    });
    expect(calls.map((c) => c.mode)).toEqual(['cors', 'no-cors']);
    expect(await fetchImage(fetcher, 'https://down.example/c.png', PAGE, MAX_IMAGE_BYTES, signal())).toEqual({ ok: false, reason: 'failed', status: null });
  });

  it('refuses an image over the cap by its declared length without reading it, and by its bytes when it declares none', async () => {
    const big = png(MAX_IMAGE_BYTES + 1);
    const declared = site({ 'https://news.example/big.png': image(big) });
    expect(await fetchImage(declared.fetcher, 'https://news.example/big.png', PAGE, MAX_IMAGE_BYTES, signal())).toEqual({
      ok: false,
      reason: 'too-big',
      status: null,
    });
    const streamed = site({
      'https://news.example/big.png': () =>
        new Response(
          new ReadableStream({
            start(c) {
              c.enqueue(big.subarray(0, 2_000_000));
              c.enqueue(big.subarray(2_000_000));
              c.close();
            },
          }),
          { headers: { 'Content-Type': 'image/png' } },
        ),
    });
    expect(await fetchImage(streamed.fetcher, 'https://news.example/big.png', PAGE, MAX_IMAGE_BYTES, signal())).toEqual({
      ok: false,
      reason: 'too-big',
      status: null,
    });
  });

  it('takes the type from the bytes when the header is vague, and refuses what is not an image', async () => {
    expect(imageType('application/octet-stream', png(16))).toBe('image/png');
    expect(imageType(null, new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(imageType('image/svg+xml; charset=utf-8', new Uint8Array())).toBe('image/svg+xml');
    const { fetcher } = site({ 'https://news.example/page.png': image(new TextEncoder().encode('<html>login</html>'), 'text/html') });
    expect(await fetchImage(fetcher, 'https://news.example/page.png', PAGE, MAX_IMAGE_BYTES, signal())).toEqual({
      ok: false,
      reason: 'not-image',
      status: null,
    });
  });
});

describe('collecting an article’s images within the caps', () => {
  it('keeps what it can and says why for each of the others, in reading order', async () => {
    const { fetcher } = site(
      {
        'https://news.example/a.png': image(png(10)),
        'https://cdn.example/b.png': image(png(20)),
        'https://news.example/gone.png': () => new Response('', { status: 410 }),
        'https://news.example/huge.png': image(png(MAX_IMAGE_BYTES + 10)),
      },
      ['https://private.example'],
    );
    const result = await collectImages(
      [
        { candidates: ['https://news.example/a.png'] },
        { candidates: ['https://cdn.example/b.png'] },
        { candidates: ['https://private.example/c.png'] },
        { candidates: ['https://news.example/gone.png'] },
        { candidates: ['https://news.example/huge.png'] },
      ],
      { fetch: fetcher, pageOrigin: PAGE },
    );
    expect(result.kept.map((k) => [k.url, k.type, fromBase64(k.data).byteLength])).toEqual([
      ['https://news.example/a.png', 'image/png', 10],
      ['https://cdn.example/b.png', 'image/png', 20],
    ]);
    expect(result.missed).toEqual([
      { url: 'https://private.example/c.png', reason: 'no-permission', status: null },
      { url: 'https://news.example/gone.png', reason: 'failed', status: 410 },
      { url: 'https://news.example/huge.png', reason: 'too-big', status: null },
    ]);
  });

  it('falls back to a smaller candidate when the first is too big', async () => {
    const { fetcher } = site({ 'https://news.example/l.png': image(png(MAX_IMAGE_BYTES + 1)), 'https://news.example/s.png': image(png(500)) });
    const result = await collectImages([{ candidates: ['https://news.example/l.png', 'https://news.example/s.png'] }], { fetch: fetcher, pageOrigin: PAGE });
    expect(result.kept.map((k) => k.url)).toEqual(['https://news.example/s.png']);
    expect(result.missed).toEqual([]);
  });

  it('stops at the article’s total in reading order, however the fetches finish', async () => {
    const size = 2 * 1024 * 1024;
    const routes: Record<string, () => Response> = {};
    const images = Array.from({ length: 7 }, (_, i) => {
      const url = `https://news.example/${i}.png`;
      routes[url] = image(png(size));
      return { candidates: [url] };
    });
    // The first image arrives last.
    const slowFirst: FetchLike = async (url, init) => {
      if (url.endsWith('/0.png')) await new Promise((r) => setTimeout(r, 30));
      return site(routes).fetcher(url, init);
    };
    const result = await collectImages(images, { fetch: slowFirst, pageOrigin: PAGE });
    const fit = Math.floor(MAX_ARTICLE_IMAGE_BYTES / size);
    expect(result.kept.map((k) => k.url)).toEqual(images.slice(0, fit).map((i) => i.candidates[0]));
    expect(result.missed).toEqual(images.slice(fit).map((i) => ({ url: i.candidates[0], reason: 'article-full', status: null })));
  });

  it('does not fetch images past the count cap', async () => {
    const fetcher = vi.fn<FetchLike>(async () => image(png(8))());
    const images = Array.from({ length: MAX_ARTICLE_IMAGES + 2 }, (_, i) => ({ candidates: [`https://news.example/${i}.png`] }));
    const result = await collectImages(images, { fetch: fetcher, pageOrigin: PAGE });
    expect(result.kept).toHaveLength(MAX_ARTICLE_IMAGES);
    expect(result.missed.map((m) => m.reason)).toEqual(['article-full', 'article-full']);
    expect(fetcher).toHaveBeenCalledTimes(MAX_ARTICLE_IMAGES);
  });

  it('gives up on images still pending at the deadline', async () => {
    const never: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError'))));
    const result = await collectImages([{ candidates: ['https://news.example/slow.png'] }], { fetch: never, pageOrigin: PAGE, deadlineMs: 20 });
    expect(result).toEqual({ kept: [], missed: [{ url: 'https://news.example/slow.png', reason: 'failed', status: null }] });
  });
});
