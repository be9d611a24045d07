import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { Article } from '@/utils/model/article';
import { t } from '@/utils/i18n';
import { leadImageToShow } from '@/utils/ui/lead-image';
import { sanitizeForRender } from '@/utils/ui/render-html';
import { IMAGE_NOTE_ATTR, storedLeadImage, withStoredImages, type ArticleImages } from '@/utils/ui/stored-images';
import { ArticleHeader } from './ArticleHeader';

/** The article to render and where its body and read-aloud controller are reported. */
export interface ArticleViewProps {
  article: Article;
  /** 'compact' for the popup, 'full' for the side panel and library. */
  variant: 'compact' | 'full';
  /** Receives the rendered body element (for progress tracking and read aloud). */
  onBody?: (body: HTMLElement | null) => void;
  /** A saved article's stored images (utils/ui/stored-images); absent for a live page, which loads its own. */
  images?: ArticleImages | null;
  /** Whether images that are not stored may load from their sites (navigator.onLine). */
  online?: boolean;
}

/**
 * Above this many characters of text an article is rendered as a long one (`reader-body--long`:
 * blocks off screen skip layout until scrolled near, assets/article.css). About six hours of
 * reading: only pages far past the longest real articles, which keep exact block heights.
 */
export const LONG_ARTICLE_CHARS = 300_000;

/** Class of an image that failed to load (404, blocked, offline): drawn as a quiet placeholder. */
export const BROKEN_IMAGE_CLASS = 'is-broken';
/** Class of the note under a placeholder saying why the image was not kept (too big, blocked…). */
export const IMAGE_NOTE_CLASS = 'image-note';

/** The note element after an image's placeholder, if it has one. */
function noteAfter(img: HTMLImageElement): Element | null {
  const next = (img.parentElement?.tagName === 'PICTURE' ? img.parentElement : img).nextElementSibling;
  return next?.classList.contains(IMAGE_NOTE_CLASS) ? next : null;
}

/** Shows, under a placeholder, why its image was not kept (once; only while it is a placeholder). */
function showNote(img: HTMLImageElement): void {
  const text = img.getAttribute(IMAGE_NOTE_ATTR);
  if (!text || noteAfter(img)) return;
  const note = img.ownerDocument.createElement('small');
  note.className = IMAGE_NOTE_CLASS;
  note.dataset.testid = 'image-note';
  note.textContent = text;
  (img.parentElement?.tagName === 'PICTURE' ? img.parentElement : img).after(note);
}

/**
 * Marks the article's images that fail to load, now and later, so the stylesheet draws a quiet
 * placeholder (with the figure's caption below it) instead of the browser's broken-image box with
 * the alt text in body type. The alt text stays the image's accessible name.
 */
function watchBrokenImages(root: HTMLElement): () => void {
  const mark = (img: HTMLImageElement) => {
    img.classList.add(BROKEN_IMAGE_CLASS);
    showNote(img);
  };
  // Images that failed before this ran; a lazy image not yet requested is not "complete". A saved
  // article's image with no stored copy while offline comes marked already (stored-images).
  for (const img of Array.from(root.querySelectorAll('img'))) {
    if (img.classList.contains(BROKEN_IMAGE_CLASS) || (img.complete && img.naturalWidth === 0 && img.getAttribute('src'))) mark(img);
  }
  // `error` does not bubble: listen in the capture phase.
  const onError = (event: Event) => {
    if (event.target instanceof HTMLImageElement) mark(event.target);
  };
  const onLoad = (event: Event) => {
    if (!(event.target instanceof HTMLImageElement)) return;
    event.target.classList.remove(BROKEN_IMAGE_CLASS);
    noteAfter(event.target)?.remove();
  };
  root.addEventListener('error', onError, true);
  root.addEventListener('load', onLoad, true);
  return () => {
    root.removeEventListener('error', onError, true);
    root.removeEventListener('load', onLoad, true);
  };
}

/**
 * Makes each code block or table that scrolls sideways a Tab stop, so a keyboard user can scroll
 * it (axe: scrollable-region-focusable); one that no longer scrolls stops being one.
 */
function focusScrollers(root: HTMLElement): void {
  for (const el of Array.from(root.querySelectorAll<HTMLElement>('.reader-body pre, .reader-body table'))) {
    const scrolls = el.scrollWidth > el.clientWidth;
    if (scrolls && !el.hasAttribute('tabindex')) {
      el.tabIndex = 0;
      el.dataset.scrollStop = '';
    } else if (!scrolls && el.dataset.scrollStop !== undefined) {
      el.removeAttribute('tabindex');
      delete el.dataset.scrollStop;
    }
  }
}

/** A typeset article: header, lead image, then the sanitized body. */
export function ArticleView({ article, variant, onBody, images, online = true }: ArticleViewProps) {
  const clean = useMemo(() => sanitizeForRender(article.contentHtml), [article.contentHtml]);
  // A saved article: its images from storage (object URLs of our own, set after sanitizing).
  const body = useMemo(() => (images === undefined ? clean : withStoredImages(clean, images, online)), [clean, images, online]);
  const leadUrl = leadImageToShow(article.leadImageUrl, clean);
  const lead = images === undefined ? leadUrl : storedLeadImage(leadUrl, images, online);
  const articleRef = useRef<HTMLElement>(null);
  useEffect(() => {
    const root = articleRef.current;
    if (!root) return undefined;
    const stopWatching = watchBrokenImages(root);
    focusScrollers(root);
    if (typeof ResizeObserver === 'undefined') return stopWatching;
    const observer = new ResizeObserver(() => focusScrollers(root));
    observer.observe(root);
    return () => {
      observer.disconnect();
      stopWatching();
    };
  }, [body, lead]);
  return (
    <article ref={articleRef} class={`reader reader--${variant}`} lang={article.lang ?? undefined} dir={article.dir ?? 'auto'} data-testid="article">
      <ArticleHeader article={article} />
      {lead && (
        <figure class="article-lead" data-testid="lead-image">
          {/* Decorative: the article's own caption, if any, is in the body. */}
          <img src={lead} alt="" loading="lazy" decoding="async" referrerpolicy="no-referrer" />
        </figure>
      )}
      {/* Sanitized right above with DOMPurify: the only HTML from outside that we render. */}
      <div
        class={article.text.length > LONG_ARTICLE_CHARS ? 'reader-body reader-body--long' : 'reader-body'}
        data-testid="article-body"
        ref={onBody}
        dangerouslySetInnerHTML={{ __html: body }}
      />
      {/* Where the shown text stops: a page far longer than any article was cut (utils/extract/budget.ts). */}
      {article.truncated && (
        <p class="article-cut-note" role="note" data-testid="article-cut">
          {t('articleTruncated')}
        </p>
      )}
    </article>
  );
}
