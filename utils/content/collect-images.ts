/**
 * Collecting a saved article's images in the page, when the user saves it. The content script
 * runs in the page's origin, so it reads what the page itself may read with no permission of
 * ours beyond activeTab: same-origin images (already loaded ones come from the HTTP cache) and
 * images of other sites that share them (CORS). An image another site does not share is marked
 * `no-permission` (the background may fetch it with the user's permission for that site); every
 * other image that is not kept says why (too big, the article's cap reached, an HTTP error, not
 * an image).
 */
import { elementImageCandidates } from '../model/image-sources';
import {
  IMAGE_FETCH_TIMEOUT_MS,
  MAX_ARTICLE_IMAGES,
  MAX_ARTICLE_IMAGE_BYTES,
  MAX_IMAGE_BYTES,
  toBase64,
  type ImageMissReason,
  type MissedImage,
  type WireImage,
  type WireImages,
} from '../library/images';
import { leadImageToShow } from '../ui/lead-image';

/** Images fetched at once. */
const PARALLEL = 4;
/** Candidates (src, srcset sizes) tried per image before giving up on it. */
const TRIES_PER_IMAGE = 3;
/** The whole collection stops after this; images still pending count as failed. */
export const COLLECT_DEADLINE_MS = 30_000;

/** One image of the article: the addresses it may be loaded from, best first. */
export interface ArticleImage {
  candidates: string[];
}

/**
 * The article's images in reading order (the lead image first when the view shows it), each
 * with its candidates; the one the page has loaded (`currentSrc`) first when the live page shows
 * the same image, so it comes from the cache at the size the reader saw.
 */
export function articleImages(doc: Document, contentHtml: string, leadImageUrl: string | null, live: Document | null): ArticleImage[] {
  const template = doc.createElement('template');
  // A template's content is inert: nothing in it loads.
  template.innerHTML = contentHtml;
  const loaded = new Map<string, string>();
  if (live) {
    for (const img of Array.from(live.querySelectorAll('img'))) {
      const current = img.currentSrc;
      if (!current || !/^https?:/i.test(current)) continue;
      for (const candidate of elementImageCandidates(img)) loaded.set(candidate, current);
      loaded.set(img.src, current);
    }
  }
  const images: ArticleImage[] = [];
  const lead = leadImageToShow(leadImageUrl, contentHtml);
  if (lead) images.push({ candidates: [lead] });
  for (const img of Array.from(template.content.querySelectorAll('img'))) {
    const candidates = elementImageCandidates(img);
    if (candidates.length === 0) continue;
    const current = candidates.map((c) => loaded.get(c)).find((c) => c !== undefined && candidates.includes(c));
    images.push({ candidates: current ? [current, ...candidates.filter((c) => c !== current)] : candidates });
  }
  // The same picture twice in one article is kept once.
  const seen = new Set<string>();
  return images.filter((image) => {
    const key = image.candidates[0]!;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** What fetching one candidate gave. */
type Attempt = { ok: true; type: string; bytes: Uint8Array } | { ok: false; reason: ImageMissReason; status: number | null };

/** The image MIME type of a response: its header, or the bytes' signature when the header is vague. */
export function imageType(header: string | null, bytes: Uint8Array): string | null {
  const declared = header?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (/^image\/[\w.+-]+$/.test(declared)) return declared;
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'image/webp';
  if (String.fromCharCode(...bytes.subarray(4, 12)) === 'ftypavif') return 'image/avif';
  return null;
}

/** Reads a body up to `limit` bytes; null when it is longer (the rest is not downloaded). */
async function readLimited(response: Response, limit: number): Promise<Uint8Array | null> {
  if (!response.body) {
    const whole = new Uint8Array(await response.arrayBuffer());
    return whole.length > limit ? null : whole;
  }
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** What the collector fetches with (the content script's own fetch in the page; a fake in tests). */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/**
 * Fetches one image as the page may: from the HTTP cache when it is there, CORS for another site.
 * `sameOrigin` decides what a refused request means: a network failure, or a site that does not
 * share the image with the page (told apart by an opaque no-cors probe, which it answers).
 */
export async function fetchImage(fetcher: FetchLike, url: string, pageOrigin: string, limit: number, signal: AbortSignal): Promise<Attempt> {
  const timeout = AbortSignal.any([signal, AbortSignal.timeout(IMAGE_FETCH_TIMEOUT_MS)]);
  let response: Response;
  try {
    response = await fetcher(url, { cache: 'force-cache', credentials: 'same-origin', mode: 'cors', signal: timeout });
  } catch {
    if (timeout.aborted || new URL(url).origin === pageOrigin) return { ok: false, reason: 'failed', status: null };
    try {
      await fetcher(url, { cache: 'force-cache', credentials: 'omit', mode: 'no-cors', signal: timeout });
      return { ok: false, reason: 'no-permission', status: null };
    } catch {
      return { ok: false, reason: 'failed', status: null };
    }
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    return { ok: false, reason: 'failed', status: response.status };
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    return { ok: false, reason: 'too-big', status: null };
  }
  let bytes: Uint8Array | null;
  try {
    bytes = await readLimited(response, limit);
  } catch {
    return { ok: false, reason: 'failed', status: null };
  }
  if (bytes === null) return { ok: false, reason: 'too-big', status: null };
  const type = imageType(response.headers.get('content-type'), bytes);
  return type ? { ok: true, type, bytes } : { ok: false, reason: 'not-image', status: null };
}

/** The reason to report for an image none of whose candidates was kept: too big wins (it explains the most). */
function worst(attempts: Array<Extract<Attempt, { ok: false }>>): Extract<Attempt, { ok: false }> {
  return attempts.find((a) => a.reason === 'too-big') ?? attempts[0]!;
}

/**
 * Fetches the article's images within the caps (MAX_IMAGE_BYTES each, MAX_ARTICLE_IMAGE_BYTES and
 * MAX_ARTICLE_IMAGES in all, in reading order), PARALLEL at a time, and says why each one not
 * kept was not.
 */
export async function collectImages(
  images: readonly ArticleImage[],
  options: { fetch: FetchLike; pageOrigin: string; deadlineMs?: number },
): Promise<WireImages> {
  const deadline = AbortSignal.timeout(options.deadlineMs ?? COLLECT_DEADLINE_MS);
  const kept: WireImage[] = [];
  const missed: MissedImage[] = [];
  let total = 0;
  // The caps apply in reading order, whichever fetch ends first: each image waits for its turn.
  const turns: Array<Promise<void>> = [];
  let next = 0;
  const worker = async () => {
    while (next < images.length) {
      const index = next++;
      const image = images[index]!;
      let release!: () => void;
      turns[index] = new Promise((resolve) => (release = resolve));
      const attempts: Array<Extract<Attempt, { ok: false }>> = [];
      let got: (Extract<Attempt, { ok: true }> & { url: string }) | null = null;
      const full = index >= MAX_ARTICLE_IMAGES;
      if (!full) {
        for (const url of image.candidates.slice(0, TRIES_PER_IMAGE)) {
          const attempt = await fetchImage(options.fetch, url, options.pageOrigin, MAX_IMAGE_BYTES, deadline);
          if (attempt.ok) {
            got = { ...attempt, url };
            break;
          }
          attempts.push(attempt);
        }
      }
      if (index > 0) await turns[index - 1];
      const url = image.candidates[0]!;
      if (full || (got && total + got.bytes.length > MAX_ARTICLE_IMAGE_BYTES)) missed.push({ url, reason: 'article-full', status: null });
      else if (got) {
        total += got.bytes.length;
        kept.push({ url: got.url, type: got.type, data: toBase64(got.bytes) });
      } else {
        const { reason, status } = worst(attempts);
        missed.push({ url, reason, status });
      }
      release();
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, images.length) }, worker));
  return { kept, missed };
}

/** In the page: collects the images of the article just read from it (what the hook runs). */
export function collectPageImages(win: Window, contentHtml: string, leadImageUrl: string | null): Promise<WireImages> {
  const images = articleImages(win.document, contentHtml, leadImageUrl, win.document);
  return collectImages(images, { fetch: (url, init) => win.fetch(url, init), pageOrigin: win.location.origin });
}
