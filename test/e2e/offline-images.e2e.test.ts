/**
 * Offline means images too, in the real extension (headless Chromium): an article with images of
 * every kind is saved from the popup — from its own site, from another site that shares them
 * (CORS), from another site that does not, one over the 3 MB cap and one that answers 404. Then
 * the page servers stop and the browser restarts: the saved article shows every kept image from
 * storage (painted: naturalWidth > 0), and each other one as the quiet placeholder with its note;
 * the other site's images are offered for the user's permission. Settings say how much storage
 * images use. Deleting the article (past its undo window) deletes its images.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionDirFor, launchWithExtension, openExtensionPage, type ExtensionBrowser } from '../../scripts/lib/browser';
import { pngImage as png } from '../../scripts/lib/fixtures';
import { startStaticServer, type StaticServer } from '../../scripts/lib/server';
import { openPopup, waitUntil } from '../../scripts/lib/views';
import { storedEntries } from './support';

const PROSE = [
  'The harbour at Millbrook was dredged for the last time in 1987, and the town has argued about the silt ever since. Each winter the river brings down more of the hills, and each spring the fishing boats sit a little lower on the mud at low tide.',
  'Agnes Marlow, who keeps the tide tables at the harbour office, has photographs of the quay going back ninety years. In the oldest of them the water reaches the third step; today it barely covers the first, except when the storms come in from the west.',
  'The council has costed three plans. The cheapest moves the moorings out past the breakwater; the dearest rebuilds the sluice gates that once flushed the basin twice a day. Nobody in the town believes the money will be found for either before the next election.',
  'Meanwhile the fishermen have made their own arrangements, timing their trips to the spring tides and sharing the two deep berths by the lifeboat station. It works, they say, as long as nobody minds getting up at four in the morning.',
];

/** The article page: prose and figures whose images come from everywhere an article's images come from. */
function articlePage(own: string, shared: string): string {
  const figure = (src: string, caption: string, attrs = '') =>
    `<figure><img src="${src}" alt="${caption}"${attrs}><figcaption>${caption}</figcaption></figure>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>The silt of Millbrook harbour | Harbour Gazette</title>
<meta property="og:site_name" content="Harbour Gazette"></head><body><main><article>
<h1>The silt of Millbrook harbour</h1>
<p>${PROSE[0]}</p>
${figure(`${own}/img/quay.png`, 'The quay at low tide, from the harbour office.')}
<p>${PROSE[1]}</p>
${figure(`${shared}/img/archive.png`, 'The quay in 1936, from the county archive.')}
${figure(`${own.replace('127.0.0.1', 'localhost')}/img/elsewhere.png`, 'A chart from a site that keeps its images to itself.')}
<p>${PROSE[2]}</p>
${figure(`${own}/img/panorama.png`, 'A panorama far too large to keep.')}
${figure(`${own}/img/gone.png`, 'A picture the site no longer has.')}
${figure(`${own}/img/boats-small.png`, 'Boats by the lifeboat station.', ` srcset="${own}/img/boats-small.png 400w, ${own}/img/boats-large.png 800w"`)}
<p>${PROSE[3]}</p>
</article></main></body></html>`;
}

/** The article's images as stored in the library's IndexedDB, read raw in the service worker. */
async function storedImages(sw: Worker): Promise<{
  images: Array<{ articleId: string; url: string; size: number }>;
  sets: Array<{ articleId: string; missed: Array<{ url: string; reason: string; status: number | null }> }>;
}> {
  return sw.evaluate(async () => {
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
      });
    const db = await request(indexedDB.open('reader-library'));
    try {
      const tx = db.transaction(['images', 'imageSets'], 'readonly');
      const images = (await request(tx.objectStore('images').getAll())) as Array<{ articleId: string; url: string; bytes: ArrayBuffer }>;
      const sets = (await request(tx.objectStore('imageSets').getAll())) as Array<{
        articleId: string;
        missed: Array<{ url: string; reason: string; status: number | null }>;
      }>;
      return { images: images.map((i) => ({ articleId: i.articleId, url: i.url, size: i.bytes.byteLength })), sets };
    } finally {
      db.close();
    }
  });
}

/** Every image of the opened article's body: its address, whether it was painted, its placeholder and note. */
function shownImages(page: Page) {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLImageElement>('[data-testid="article-body"] img')).map((img) => ({
      alt: img.alt,
      src: img.getAttribute('src'),
      painted: img.complete && img.naturalWidth > 0,
      broken: img.classList.contains('is-broken'),
      note: img.nextElementSibling?.classList.contains('image-note') ? img.nextElementSibling.textContent : null,
    })),
  );
}

describe('a saved article keeps its images offline', () => {
  let dir: string;
  let profile: string;
  let own: StaticServer;
  let shared: StaticServer;
  let browser: ExtensionBrowser;
  let title: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reader-offline-images-'));
    profile = await mkdtemp(join(tmpdir(), 'reader-offline-images-profile-'));
    await mkdir(join(dir, 'own', 'img'), { recursive: true });
    await mkdir(join(dir, 'shared', 'img'), { recursive: true });
    // The article's own site, and another site that shares its images with any page (CORS).
    own = await startStaticServer(join(dir, 'own'));
    shared = await startStaticServer(join(dir, 'shared'), { headers: { 'Access-Control-Allow-Origin': '*' } });
    await writeFile(join(dir, 'own', 'article.html'), articlePage(own.origin, shared.origin));
    await writeFile(join(dir, 'own', 'img', 'quay.png'), png(160, 90));
    await writeFile(join(dir, 'own', 'img', 'elsewhere.png'), png(120, 80));
    await writeFile(join(dir, 'own', 'img', 'boats-small.png'), png(200, 100));
    await writeFile(join(dir, 'own', 'img', 'boats-large.png'), png(400, 200));
    // Random pixels stored uncompressed: over the 3 MB cap.
    await writeFile(join(dir, 'own', 'img', 'panorama.png'), png(1200, 1000, true));
    await writeFile(join(dir, 'shared', 'img', 'archive.png'), png(140, 100));
    browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome'), userDataDir: profile });
  });

  afterAll(async () => {
    await browser?.close();
    await own?.close();
    await shared?.close();
    await rm(profile, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  });

  it('saves the article from the popup with the images the page could read, and says why for the others', async () => {
    const page = await browser.context.newPage();
    await page.goto(own.url('/article.html'));
    await page.waitForLoadState('load');
    const { view, shown } = await openPopup(browser, page, (s) => s.title !== null);
    title = shown.title!;
    await view.click('[data-testid="save-button"]');
    await waitUntil(
      () => view.evaluate(() => document.querySelector('[data-testid="save-button"]')?.getAttribute('aria-pressed')),
      (pressed) => pressed === 'true',
      'the article to be saved',
      40_000,
    );
    await view.detach();
    await page.close();

    const [entry] = (await storedEntries(browser.serviceWorker)).filter((e) => e.deletedAt === null);
    expect(entry?.title).toBe(title);
    const { images, sets } = await storedImages(browser.serviceWorker);
    // Of the srcset, the candidate the page showed (800w in a 1280 px wide tab), from the cache.
    expect(images.map((i) => i.url).sort()).toEqual(
      [`${own.origin}/img/boats-large.png`, `${own.origin}/img/quay.png`, `${shared.origin}/img/archive.png`].sort(),
    );
    expect(images.every((i) => i.articleId === entry!.id && i.size > 0)).toBe(true);
    expect(sets).toHaveLength(1);
    const reasons = Object.fromEntries(sets[0]!.missed.map((m) => [new URL(m.url).pathname + ' ' + new URL(m.url).hostname, [m.reason, m.status]]));
    expect(reasons).toEqual({
      '/img/elsewhere.png localhost': ['no-permission', null],
      '/img/panorama.png 127.0.0.1': ['too-big', null],
      '/img/gone.png 127.0.0.1': ['failed', 404],
    });
  });

  it('shows every kept image from storage after a restart with the servers gone, and the others as placeholders with their note', async () => {
    await browser.context.close();
    await own.close();
    await shared.close();
    browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome'), userDataDir: profile });
    const page = await openExtensionPage(browser.context, browser.extensionId, 'sidepanel.html#library');
    await page.setViewportSize({ width: 1000, height: 900 });
    await page.getByRole('button', { name: title, exact: true }).click();
    await page.getByTestId('article-body').waitFor();
    // Every image either painted or turned into a placeholder.
    await expect.poll(async () => (await shownImages(page)).every((i) => i.painted || i.broken), { timeout: 15_000 }).toBe(true);
    const byAlt = Object.fromEntries((await shownImages(page)).map((i) => [i.alt, i]));
    for (const kept of ['The quay at low tide, from the harbour office.', 'The quay in 1936, from the county archive.', 'Boats by the lifeboat station.']) {
      expect(byAlt[kept]).toMatchObject({ painted: true, broken: false, note: null });
      expect(byAlt[kept]!.src).toMatch(/^blob:chrome-extension:/);
    }
    expect(byAlt['A chart from a site that keeps its images to itself.']).toMatchObject({
      painted: false,
      broken: true,
      note: 'Image not kept: localhost:' + new URL(own.origin).port + ' does not share its images with other sites.',
    });
    expect(byAlt['A panorama far too large to keep.']).toMatchObject({ painted: false, broken: true, note: 'Image not kept: larger than 3 MB.' });
    expect(byAlt['A picture the site no longer has.']).toMatchObject({
      painted: false,
      broken: true,
      note: 'Image not kept: the site answered with error 404.',
    });
    // The captions stay under their placeholders.
    expect(await page.locator('[data-testid="article-body"] figcaption').count()).toBe(6);
    // The other site's image is offered for the user's permission, with why.
    expect(await page.getByTestId('image-access').innerText()).toContain(
      `One image was not kept because localhost:${new URL(own.origin).port} shares it only with its own pages.`,
    );
    expect(await page.getByTestId('image-access-allow').innerText()).toBe('Allow and keep the images');
    await page.screenshot({ path: join(import.meta.dirname, '..', '..', 'test-output', 'offline-images.png'), fullPage: true });

    // Settings count the images in the storage used.
    await page.getByTestId('nav-settings').click();
    await expect
      .poll(() => page.getByTestId('storage-used').innerText())
      .toMatch(/^Storage used: .+, of which images .+ \(3 images kept with saved articles\)\.$/);
    await page.close();
  });

  it('deletes the images with the article once its undo window has passed', async () => {
    const [entry] = await storedEntries(browser.serviceWorker);
    const page = await openExtensionPage(browser.context, browser.extensionId, 'sidepanel.html#library');
    await page.getByRole('button', { name: title, exact: true }).click();
    await page.getByTestId('delete-article').click();
    await expect.poll(async () => (await storedEntries(browser.serviceWorker))[0]?.deletedAt).not.toBeNull();
    // Still there while it can be undone.
    expect((await storedImages(browser.serviceWorker)).images).toHaveLength(3);
    // The undo window passes (the delete is dated eleven minutes ago), then the next change purges it.
    await browser.serviceWorker.evaluate(async (id) => {
      const request = <T>(r: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
        });
      const db = await request(indexedDB.open('reader-library'));
      const tx = db.transaction(['records', 'entries'], 'readwrite');
      const past = Date.now() - 11 * 60_000;
      for (const name of ['records', 'entries'] as const) {
        const value = (await request(tx.objectStore(name).get(id))) as { deletedAt: number };
        await request(tx.objectStore(name).put({ ...value, deletedAt: past }));
      }
      db.close();
    }, entry!.id);
    await page.evaluate(() =>
      (globalThis as unknown as { chrome: { runtime: { sendMessage(m: object): Promise<unknown> } } }).chrome.runtime.sendMessage({
        type: 'prepareLibrary',
        payload: { repair: false },
      }),
    );
    await expect.poll(async () => (await storedEntries(browser.serviceWorker)).length).toBe(0);
    expect(await storedImages(browser.serviceWorker)).toEqual({ images: [], sets: [] });
    await page.close();
  });
});
