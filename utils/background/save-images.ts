/**
 * Background side of keeping a saved article's images. The page the article was read from
 * fetches them first (utils/content/collect-images: its own origin, the cache, sites that share
 * their images), with no permission beyond the activeTab grant the read already used. Images of
 * sites that do not share them are fetched here, by the extension, only for sites the user has
 * allowed (the optional host permission, asked for from the saved article's view with a sentence
 * saying why); without it they are recorded as `no-permission`.
 */
import { browser } from 'wxt/browser';
import { COLLECT_IMAGES_HOOK, EXTRACT_HOOK } from '../content/extract-hook';
import { fetchImage, type FetchLike } from '../content/collect-images';
import { canonicalArticleUrl } from '../library/canonical-url';
import { readArticleImages } from '../library/image-db';
import {
  MAX_ARTICLE_IMAGES,
  MAX_ARTICLE_IMAGE_BYTES,
  MAX_IMAGE_BYTES,
  fromWire,
  originPattern,
  type CollectedImages,
  type ImageSet,
  type MissedImage,
} from '../library/images';
import type { LibraryWriter } from '../library/writer';
import type { LibraryWriteResult } from '../library/types';
import type { Article } from '../model/article';
import { t } from '../i18n';
import { EXTRACT_SCRIPT, browserReadTabDeps, type ReadTabDeps } from './read-tab';

/** What keeping images needs from the browser; injectable for tests. */
export interface SaveImagesDeps extends Pick<ReadTabDeps, 'getTabUrl' | 'runInTab' | 'injectFile'> {
  /** Whether the user has allowed Reader to read this origin ("https://cdn.example.com"). */
  mayFetch(origin: string): Promise<boolean>;
  /** The background's own fetch (cross-origin only where the host permission allows). */
  fetch: FetchLike;
}

/** The real browser implementation of SaveImagesDeps. */
export const browserSaveImagesDeps: SaveImagesDeps = {
  // Looked up when called: read-tab's are the one implementation of these.
  getTabUrl: (tabId) => browserReadTabDeps.getTabUrl(tabId),
  runInTab: (tabId, func, args) => browserReadTabDeps.runInTab(tabId, func, args),
  injectFile: (tabId, file) => browserReadTabDeps.injectFile(tabId, file),
  mayFetch: (origin) => browser.permissions.contains({ origins: [originPattern(origin)] }).catch(() => false),
  fetch: (url, init) => fetch(url, init),
};

function hookIsInstalled(hook: string): boolean {
  return typeof (globalThis as Record<string, unknown>)[hook] === 'function';
}

function callCollect(hook: string, contentHtml: string, leadImageUrl: string | null): unknown {
  return ((globalThis as Record<string, unknown>)[hook] as (html: string, lead: string | null) => unknown)(contentHtml, leadImageUrl);
}

/** Whether the article's HTML (or its lead image) names `url`: the page may only hand back the article's own images. */
export function namedByArticle(article: Article, url: string): boolean {
  return url === article.leadImageUrl || article.contentHtml.includes(url) || article.contentHtml.includes(url.replaceAll('&', '&amp;'));
}

/** Keeps `images` within the article's caps on top of what is stored already (`bytes`, `count`). */
export function withinCaps(images: CollectedImages, bytes = 0, count = 0): CollectedImages {
  const kept: CollectedImages['kept'] = [];
  const missed: MissedImage[] = [...images.missed];
  let total = bytes;
  for (const image of images.kept) {
    const size = image.bytes.byteLength;
    if (size > MAX_IMAGE_BYTES) missed.push({ url: image.url, reason: 'too-big', status: null });
    else if (total + size > MAX_ARTICLE_IMAGE_BYTES || count + kept.length >= MAX_ARTICLE_IMAGES) {
      missed.push({ url: image.url, reason: 'article-full', status: null });
    } else {
      total += size;
      kept.push(image);
    }
  }
  return { kept, missed };
}

/**
 * Fetches from the background the images a page could not read (`no-permission`) whose site the
 * user has allowed; the others stay as they were.
 */
export async function fetchAllowed(missed: readonly MissedImage[], deps: SaveImagesDeps): Promise<CollectedImages> {
  const out: CollectedImages = { kept: [], missed: [] };
  const allowed = new Map<string, boolean>();
  for (const m of missed) {
    if (m.reason !== 'no-permission') continue;
    const origin = new URL(m.url).origin;
    if (!allowed.has(origin)) allowed.set(origin, await deps.mayFetch(origin));
    if (!allowed.get(origin)) {
      out.missed.push(m);
      continue;
    }
    // The image's own origin as the "page": a refusal here is a failure, not a site that does not share.
    const attempt = await fetchImage(deps.fetch, m.url, origin, MAX_IMAGE_BYTES, AbortSignal.timeout(60_000));
    if (attempt.ok) out.kept.push({ url: m.url, type: attempt.type, bytes: attempt.bytes.slice().buffer });
    else out.missed.push({ url: m.url, reason: attempt.reason, status: attempt.status });
  }
  return out;
}

/**
 * Collects the images of `article` from tab `tabId` while it still shows the article, then those
 * the page could not read from sites the user allowed. Undefined when the page is gone (navigated,
 * closed, or refused): the article is then saved with whatever images it had stored.
 */
export async function collectForSave(article: Article, tabId: number, deps: SaveImagesDeps = browserSaveImagesDeps): Promise<CollectedImages | undefined> {
  let raw: unknown;
  try {
    const url = await deps.getTabUrl(tabId);
    if (url === undefined || canonicalArticleUrl(url) !== canonicalArticleUrl(article.url)) return undefined;
    // Injected for the read; a reloaded extension has lost it, and the read's grant still holds.
    if (!(await deps.runInTab(tabId, hookIsInstalled, [EXTRACT_HOOK]))) await deps.injectFile(tabId, EXTRACT_SCRIPT);
    raw = await deps.runInTab(tabId, callCollect, [COLLECT_IMAGES_HOOK, article.contentHtml, article.leadImageUrl]);
  } catch (error) {
    console.warn('Could not collect the article’s images from the page:', error);
    return undefined;
  }
  const fromPage = fromWire(raw);
  if (!fromPage) {
    console.warn('The page sent back images in an unexpected shape; saving without them.');
    return undefined;
  }
  const own = { kept: fromPage.kept.filter((i) => namedByArticle(article, i.url)), missed: fromPage.missed.filter((m) => namedByArticle(article, m.url)) };
  const later = await fetchAllowed(own.missed, deps);
  const stillMissed = own.missed.filter((m) => m.reason !== 'no-permission');
  return withinCaps({ kept: [...own.kept, ...later.kept], missed: [...stillMissed, ...later.missed] });
}

/** Saves an article read from `tabId` with its images (text only when the page is gone). */
export async function saveWithImages(
  library: LibraryWriter,
  article: Article,
  tabId: number | undefined,
  deps: SaveImagesDeps = browserSaveImagesDeps,
): ReturnType<LibraryWriter['save']> {
  const images = tabId === undefined ? undefined : await collectForSave(article, tabId, deps);
  return library.save(article, images);
}

/** After the user allowed the sites: fetches a saved article's `no-permission` images and keeps them. */
export async function keepArticleImages(
  library: LibraryWriter,
  id: string,
  deps: SaveImagesDeps = browserSaveImagesDeps,
): Promise<LibraryWriteResult<ImageSet>> {
  const { set } = await readArticleImages(id);
  if (!set) return { ok: false, error: 'not-found', message: t('libraryArticleGone') };
  const fetched = await fetchAllowed(set.missed, deps);
  if (fetched.kept.length === 0 && fetched.missed.length === 0) return { ok: true, value: set };
  return library.addImages(id, withinCaps(fetched, set.bytes, set.kept.length));
}
