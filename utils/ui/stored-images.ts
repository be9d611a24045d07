/**
 * A saved article's stored images in its view: object URLs for the kept images (made when the
 * article opens, revoked when it closes), a note for each image that was not kept, and the
 * rewrite of the body so that images load from storage, never from the network when a copy is
 * stored. An image not stored loads from its site only while the browser is online; otherwise
 * it is drawn as the quiet broken-image placeholder (components/ArticleView) with its note.
 */
import { t } from '../i18n';
import { elementImageCandidates } from '../model/image-sources';
import type { ArticleImagesRead } from '../library/image-db';
import { MAX_ARTICLE_IMAGE_BYTES, MAX_IMAGE_BYTES, originsNeedingPermission, type MissedImage } from '../library/images';

/** Class of an image that could not be shown; the same class ArticleView gives an image that fails to load. */
const BROKEN = 'is-broken';
/** Attribute holding the note shown under an image that is not shown (ArticleView adds the note when it is broken). */
export const IMAGE_NOTE_ATTR = 'data-image-note';

/** What the saved-article view knows of the article's images. */
export interface ArticleImages {
  /** Object URL of each stored image, by the URL the article names it by. */
  sources: ReadonlyMap<string, string>;
  /** The note for each image that was not kept, by its URL. */
  notes: ReadonlyMap<string, string>;
  /** Sites whose images could be kept with the user's permission, and how many images that is. */
  needPermission: { origins: string[]; count: number };
  /** Revokes the object URLs (the view closed); the images then no longer show. */
  release(): void;
}

const megabytes = (bytes: number) => String(Math.round(bytes / 1024 / 1024));

/** The sentence shown under an image that was not kept. */
export function imageNote(missed: MissedImage): string {
  switch (missed.reason) {
    case 'too-big':
      return t('imageNotKeptTooBig', megabytes(MAX_IMAGE_BYTES));
    case 'article-full':
      return t('imageNotKeptArticleFull', megabytes(MAX_ARTICLE_IMAGE_BYTES));
    case 'no-permission':
      return t('imageNotKeptNoPermission', new URL(missed.url).host);
    case 'failed':
      return missed.status === null ? t('imageNotKeptUnreachable') : t('imageNotKeptFailed', missed.status);
    case 'not-image':
      return t('imageNotKeptNotImage');
  }
}

/** Makes the view's images from what is stored: one object URL per kept image. */
export function openArticleImages(read: ArticleImagesRead, urls: Pick<typeof URL, 'createObjectURL' | 'revokeObjectURL'> = URL): ArticleImages {
  const sources = new Map<string, string>();
  for (const image of read.images) sources.set(image.url, urls.createObjectURL(new Blob([image.bytes], { type: image.type })));
  const missed = (read.set?.missed ?? []).filter((m) => !sources.has(m.url));
  const notes = new Map(missed.map((m) => [m.url, imageNote(m)]));
  const blocked = missed.filter((m) => m.reason === 'no-permission');
  let released = false;
  return {
    sources,
    notes,
    needPermission: { origins: originsNeedingPermission(blocked), count: blocked.length },
    release() {
      if (released) return;
      released = true;
      for (const url of sources.values()) urls.revokeObjectURL(url);
    },
  };
}

/**
 * The body with each image pointed at its stored copy (srcset and `<picture>` sources dropped, so
 * the browser cannot pick a network candidate instead). An image not stored keeps its address
 * when `online`; offline it loses it and is marked broken. Either way its note, if any, rides on
 * the image (IMAGE_NOTE_ATTR) for the view to show when the image is not drawn.
 */
export function withStoredImages(html: string, images: ArticleImages | null, online: boolean, doc: Document = document): string {
  if (!images && online) return html;
  const template = doc.createElement('template');
  template.innerHTML = html;
  for (const img of Array.from(template.content.querySelectorAll('img'))) {
    const candidates = elementImageCandidates(img);
    const stored = candidates.map((c) => images?.sources.get(c)).find((s) => s !== undefined);
    const picture = img.parentElement?.tagName.toLowerCase() === 'picture' ? img.parentElement : null;
    if (stored || !online) {
      img.removeAttribute('srcset');
      img.removeAttribute('sizes');
      if (picture) for (const source of Array.from(picture.querySelectorAll('source'))) source.remove();
    }
    if (stored) {
      img.setAttribute('src', stored);
      continue;
    }
    const note = candidates.map((c) => images?.notes.get(c)).find((n) => n !== undefined);
    if (note) img.setAttribute(IMAGE_NOTE_ATTR, note);
    if (!online) {
      img.removeAttribute('src');
      img.classList.add(BROKEN);
    }
  }
  return template.innerHTML;
}

/** The address the lead image is shown from: its stored copy, else its own while online, else none. */
export function storedLeadImage(lead: string | null, images: ArticleImages | null, online: boolean): string | null {
  if (!lead) return null;
  return images?.sources.get(lead) ?? (online ? lead : null);
}
