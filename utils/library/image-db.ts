/**
 * Saved articles' images in the library database (db.ts, version 2: `images` and `imageSets`):
 * the writes the writer makes inside its own transactions (so an article's record and its images
 * land together or not at all, and go together), and the reads the pages make — the images of
 * the article being opened, the stored bytes an export embeds, and the total for "Storage used".
 */
import * as v from 'valibot';
import type { ImageResolver } from '../export/types';
import { hasStores, inTransaction, issueAll, openLibraryDb, type LibraryDb } from './db';
import { ImageSetSchema, StoredImageSchema, imageSetFor, type CollectedImages, type ImageSet, type StoredImage } from './images';

/** The stores of version 2 that hold images; a database seeded or opened as newer may lack them. */
export const IMAGE_STORES = ['images', 'imageSets'] as const;

/** The part of a transaction the image helpers use: the two image stores, read-write. */
interface ImageStores {
  objectStore(name: 'images'): {
    put(value: unknown): Promise<unknown>;
    delete(range: IDBKeyRange): Promise<unknown>;
    getAll(range: IDBKeyRange): Promise<unknown[]>;
  };
  objectStore(name: 'imageSets'): { put(value: unknown): Promise<unknown>; delete(key: string): Promise<unknown>; get(key: string): Promise<unknown> };
}

/** Every image key of one article: [id, any URL] (arrays sort after strings, so [id, []] bounds them). */
export function articleImageRange(articleId: string): IDBKeyRange {
  return IDBKeyRange.bound([articleId, ''], [articleId, []]);
}

/** Whether the database has the image stores (not when opened as newer, or created by an older seed). */
export function hasImageStores(db: LibraryDb): boolean {
  return hasStores(db, ...IMAGE_STORES);
}

/** Replaces an article's images with `images`, in the caller's transaction. */
export async function writeArticleImages(tx: ImageStores, articleId: string, images: CollectedImages): Promise<ImageSet> {
  const set = imageSetFor(articleId, images);
  await tx.objectStore('images').delete(articleImageRange(articleId));
  for (const image of images.kept) {
    await tx.objectStore('images').put({ articleId, url: image.url, type: image.type, bytes: image.bytes } satisfies StoredImage);
  }
  await tx.objectStore('imageSets').put(set);
  return set;
}

/** Adds images to an article's stored ones (what the background fetched later), in the caller's transaction. */
export async function addArticleImages(tx: ImageStores, articleId: string, added: CollectedImages): Promise<ImageSet> {
  const before = parseSet(await tx.objectStore('imageSets').get(articleId)) ?? { articleId, kept: [], bytes: 0, missed: [] };
  const urls = new Set([...added.kept.map((i) => i.url), ...added.missed.map((m) => m.url)]);
  for (const image of added.kept) {
    await tx.objectStore('images').put({ articleId, url: image.url, type: image.type, bytes: image.bytes } satisfies StoredImage);
  }
  const set: ImageSet = {
    articleId,
    kept: [...before.kept.filter((u) => !urls.has(u)), ...added.kept.map((i) => i.url)],
    bytes: before.bytes + added.kept.reduce((sum, i) => sum + i.bytes.byteLength, 0),
    missed: [...before.missed.filter((m) => !urls.has(m.url)), ...added.missed],
  };
  await tx.objectStore('imageSets').put(set);
  return set;
}

/** Deletes an article's images and their summary, in the caller's transaction. */
export async function deleteArticleImages(tx: ImageStores, articleId: string): Promise<void> {
  // issueAll, not Promise.all over two calls: if the second call throws (the transaction is gone,
  // the background is being stopped), the first request's AbortError is still observed.
  await issueAll<unknown>([() => tx.objectStore('images').delete(articleImageRange(articleId)), () => tx.objectStore('imageSets').delete(articleId)]);
}

function parseSet(raw: unknown): ImageSet | null {
  const parsed = v.safeParse(ImageSetSchema, raw);
  return parsed.success ? parsed.output : null;
}

/** What is stored of one article's images: the images themselves, and the summary (null when none was collected). */
export interface ArticleImagesRead {
  images: StoredImage[];
  set: ImageSet | null;
}

/** Reads one article's stored images and summary (validated; a damaged value is left out). */
export async function readArticleImages(articleId: string): Promise<ArticleImagesRead> {
  const { db } = await openLibraryDb();
  if (!hasImageStores(db)) return { images: [], set: null };
  return inTransaction(db, [...IMAGE_STORES], 'readonly', async (tx) => {
    const [raws, rawSet] = await Promise.all([tx.objectStore('images').getAll(articleImageRange(articleId)), tx.objectStore('imageSets').get(articleId)]);
    const images = raws.flatMap((raw) => {
      const parsed = v.safeParse(StoredImageSchema, raw);
      return parsed.success ? [parsed.output] : [];
    });
    return { images, set: parseSet(rawSet) };
  });
}

/** Reads one stored image of an article by its URL, or null. */
export async function readStoredImage(articleId: string, url: string): Promise<StoredImage | null> {
  const { db } = await openLibraryDb();
  if (!hasImageStores(db)) return null;
  const raw = await inTransaction(db, ['images'], 'readonly', (tx) => tx.objectStore('images').get([articleId, url]));
  const parsed = v.safeParse(StoredImageSchema, raw);
  return parsed.success ? parsed.output : null;
}

/** How many bytes of images the library keeps, from the per-article summaries (small values: no image is read). */
export async function storedImageBytes(): Promise<{ bytes: number; images: number }> {
  const { db } = await openLibraryDb();
  if (!hasImageStores(db)) return { bytes: 0, images: 0 };
  return inTransaction(db, ['imageSets'], 'readonly', async (tx) => {
    let bytes = 0;
    let images = 0;
    let cursor = await tx.objectStore('imageSets').openCursor();
    while (cursor) {
      const set = parseSet(cursor.value);
      if (set) {
        bytes += set.bytes;
        images += set.kept.length;
      }
      cursor = await cursor.continue();
    }
    return { bytes, images };
  });
}

/**
 * The exporters' image resolver (utils/export, ExportOptions.images) over the library: an entry's
 * stored image by URL, read when the exporter asks (one at a time). Entries need their `id`.
 */
export const storedImageResolver: ImageResolver = async (entry, url) => {
  if (!entry.id) return null;
  const image = await readStoredImage(entry.id, url);
  return image && { bytes: new Uint8Array(image.bytes), type: image.type };
};
