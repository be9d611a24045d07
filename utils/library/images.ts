/**
 * A saved article's images, kept with it so it reads the same offline: the caps, why an image was
 * not kept, the shapes on the wire (page → background) and in IndexedDB (db.ts: `images`, one
 * value per article and URL holding the bytes; `imageSets`, one value per article saying what was
 * kept and what was not, and why). Pure: no storage here, only the shapes and their checks.
 */
import * as v from 'valibot';

/** Largest single image kept (bytes): a phone photo at full size is 2–5 MB, an article's figure rarely over 1. */
export const MAX_IMAGE_BYTES = 3 * 1024 * 1024;
/** Largest total of one article's kept images (bytes): about a long photo essay's worth. */
export const MAX_ARTICLE_IMAGE_BYTES = 10 * 1024 * 1024;
/** Most images kept for one article (a gallery page beyond that is not reading matter). */
export const MAX_ARTICLE_IMAGES = 60;
/** Time one image may take to arrive before it counts as failed. */
export const IMAGE_FETCH_TIMEOUT_MS = 10_000;

/**
 * Why an image was not kept:
 * - `too-big`: over MAX_IMAGE_BYTES;
 * - `article-full`: the article's images already reached MAX_ARTICLE_IMAGE_BYTES or MAX_ARTICLE_IMAGES;
 * - `no-permission`: another site serves it and does not share it with the page; Reader may fetch
 *   it itself only with the user's permission for that site;
 * - `failed`: the server answered with an error `status` (or did not answer: status null);
 * - `not-image`: what came back is not an image.
 */
export type ImageMissReason = 'too-big' | 'article-full' | 'no-permission' | 'failed' | 'not-image';

/** An image not kept, and why. */
export interface MissedImage {
  url: string;
  reason: ImageMissReason;
  /** The HTTP status of a `failed` image; null when there was no answer (network error, timeout). */
  status: number | null;
}

/** An image kept: its URL as the article names it, its MIME type and its bytes. */
export interface KeptImage {
  url: string;
  type: string;
  bytes: ArrayBuffer;
}

/** What collecting an article's images gave: the kept ones (bytes) and the others (reasons). */
export interface CollectedImages {
  kept: KeptImage[];
  missed: MissedImage[];
}

/** One kept image as the page sends it to the background (script results and messages carry strings, not buffers). */
export interface WireImage {
  url: string;
  type: string;
  /** The bytes, base64. */
  data: string;
}

/** What the page sends back from collecting images. */
export interface WireImages {
  kept: WireImage[];
  missed: MissedImage[];
}

/** An image's stored value (the `images` store, key [articleId, url]). */
export interface StoredImage {
  articleId: string;
  url: string;
  type: string;
  bytes: ArrayBuffer;
}

/** An article's image summary (the `imageSets` store, key articleId). */
export interface ImageSet {
  articleId: string;
  /** URLs of the kept images. */
  kept: string[];
  /** Their total size in bytes. */
  bytes: number;
  missed: MissedImage[];
}

const HttpUrl = v.pipe(
  v.string(),
  v.maxLength(8_192),
  v.check((raw) => /^https?:\/\//i.test(raw) && URL.canParse(raw), 'an http(s) URL'),
);
const ImageType = v.pipe(v.string(), v.maxLength(100), v.regex(/^image\/[\w.+-]+$/i));
const Reason = v.picklist(['too-big', 'article-full', 'no-permission', 'failed', 'not-image']);
export const MissedImageSchema = v.object({ url: HttpUrl, reason: Reason, status: v.nullable(v.pipe(v.number(), v.integer())) });

/** Longest base64 text of one image: MAX_IMAGE_BYTES, encoded. */
const MAX_BASE64 = Math.ceil(MAX_IMAGE_BYTES / 3) * 4;

/**
 * Base64 text of at most one image. A plain character-class test, not valibot's base64 action,
 * whose pattern overflows the call stack on megabytes of text.
 */
const Base64 = v.pipe(
  v.string(),
  v.check((text) => text.length <= MAX_BASE64 && text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text), 'base64 of at most one image'),
);

/** Runtime shape of what the page sends back (it runs in a page we do not control: every field is checked). */
export const WireImagesSchema = v.object({
  kept: v.pipe(v.array(v.object({ url: HttpUrl, type: ImageType, data: Base64 })), v.maxLength(MAX_ARTICLE_IMAGES)),
  missed: v.pipe(v.array(MissedImageSchema), v.maxLength(1_000)),
});

/** Runtime shape of a stored image summary. */
export const ImageSetSchema = v.object({
  articleId: v.string(),
  kept: v.array(v.string()),
  bytes: v.pipe(v.number(), v.minValue(0)),
  missed: v.array(MissedImageSchema),
});

/** Runtime shape of a stored image (the bytes are checked to be a buffer; their content is the browser's to decode). */
export const StoredImageSchema = v.object({
  articleId: v.string(),
  url: v.string(),
  type: ImageType,
  bytes: v.instance(ArrayBuffer),
});

/** Base64 of bytes, in slices (String.fromCharCode on a whole image would overflow the call stack). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(binary);
}

/** The bytes of base64 text. */
export function fromBase64(text: string): ArrayBuffer {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

/** Turns the page's answer into images to store, enforcing the caps again (the page is not trusted); null when malformed. */
export function fromWire(raw: unknown): CollectedImages | null {
  const parsed = v.safeParse(WireImagesSchema, raw);
  if (!parsed.success) return null;
  const kept: KeptImage[] = [];
  const missed: MissedImage[] = [...parsed.output.missed];
  let total = 0;
  const seen = new Set<string>();
  for (const image of parsed.output.kept) {
    if (seen.has(image.url)) continue;
    seen.add(image.url);
    const bytes = fromBase64(image.data);
    if (bytes.byteLength > MAX_IMAGE_BYTES) missed.push({ url: image.url, reason: 'too-big', status: null });
    else if (total + bytes.byteLength > MAX_ARTICLE_IMAGE_BYTES) missed.push({ url: image.url, reason: 'article-full', status: null });
    else {
      total += bytes.byteLength;
      kept.push({ url: image.url, type: image.type.toLowerCase(), bytes });
    }
  }
  return { kept, missed };
}

/** The summary to store for what was collected. */
export function imageSetFor(articleId: string, images: CollectedImages): ImageSet {
  return {
    articleId,
    kept: images.kept.map((i) => i.url),
    bytes: images.kept.reduce((sum, i) => sum + i.bytes.byteLength, 0),
    missed: images.missed.map((m) => ({ ...m })),
  };
}

/** The sites (origins) of the images Reader could fetch itself with the user's permission. */
export function originsNeedingPermission(missed: readonly MissedImage[]): string[] {
  const origins = new Set<string>();
  for (const m of missed) if (m.reason === 'no-permission') origins.add(new URL(m.url).origin);
  return [...origins].sort();
}

/** The host-permission pattern for one origin ("https://cdn.example.com/*"). */
export function originPattern(origin: string): string {
  return `${origin}/*`;
}
