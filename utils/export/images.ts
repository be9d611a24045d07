/**
 * Stored images in exports (ExportOptions.images): which stored copy stands for each image of an
 * article, as data: URIs for the HTML pages and as files with relative links for the Markdown zip.
 */
import { elementImageCandidates } from '../model/image-sources';
import type { ExportEntry, ExportImage, ImageResolver } from './types';

/** The first stored copy among an image's candidates (src, then srcset widest first). */
export async function resolveFirst(resolver: ImageResolver, entry: ExportEntry, candidates: readonly string[]): Promise<ExportImage | null> {
  for (const url of candidates) {
    const found = await resolver(entry, url);
    if (found) return found;
  }
  return null;
}

/** Base64 of bytes, in slices (String.fromCharCode on a whole image would overflow the call stack). */
function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(binary);
}

const IMAGE_TYPE_RE = /^image\/[\w.+-]+$/i;

/** A data: URI for a stored image; null for a type that is not an image's (never embedded). */
export function dataUri(image: ExportImage): string | null {
  return IMAGE_TYPE_RE.test(image.type) ? `data:${image.type.toLowerCase()};base64,${base64(image.bytes)}` : null;
}

/** The file extension for an image type (".png"); ".img" when it has no usual one. */
export function imageExtension(type: string): string {
  const sub = type.toLowerCase().split('/')[1] ?? '';
  const known: Record<string, string> = { jpeg: '.jpg', pjpeg: '.jpg', png: '.png', gif: '.gif', webp: '.webp', avif: '.avif', 'svg+xml': '.svg', bmp: '.bmp' };
  return known[sub] ?? '.img';
}

/**
 * Points every `<img>` under `root` that has a stored copy at it (a data: URI), dropping its
 * srcset and its `<picture>`'s sources so no network candidate wins; the others are left as they are.
 */
export async function embedImages(root: ParentNode, entry: ExportEntry, resolver: ImageResolver): Promise<void> {
  for (const img of Array.from(root.querySelectorAll('img'))) {
    const found = await resolveFirst(resolver, entry, elementImageCandidates(img));
    const uri = found && dataUri(found);
    if (!uri) continue;
    img.setAttribute('src', uri);
    img.removeAttribute('srcset');
    img.removeAttribute('sizes');
    const picture = img.parentElement?.tagName.toLowerCase() === 'picture' ? img.parentElement : null;
    if (picture) for (const source of Array.from(picture.querySelectorAll('source'))) source.remove();
  }
}
