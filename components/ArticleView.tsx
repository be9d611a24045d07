import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Article } from '@/utils/model/article';
import { leadImageToShow } from '@/utils/ui/lead-image';
import { sanitizeForRender } from '@/utils/ui/render-html';
import type { ReadAloudController } from '@/utils/speech/controller';
import { useReadAloud } from '@/hooks/use-read-aloud';
import { ReadAloud } from './ReadAloud';
import { ArticleHeader } from './ArticleHeader';

export interface ArticleViewProps {
  article: Article;
  /** 'compact' for the popup, 'full' for the side panel and library. */
  variant: 'compact' | 'full';
  /** Receives the rendered body element (for progress tracking). */
  onBody?: (body: HTMLElement | null) => void;
  /** Receives the read-aloud controller of this article (for the keyboard shortcut). */
  onReadAloud?: (controller: ReadAloudController | null) => void;
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

/** A typeset article: header, then the sanitized body. */
export function ArticleView({ article, variant, onBody, onReadAloud }: ArticleViewProps) {
  const body = useMemo(() => sanitizeForRender(article.contentHtml), [article.contentHtml]);
  const lead = leadImageToShow(article.leadImageUrl, body);
  const [bodyEl, setBodyEl] = useState<HTMLElement | null>(null);
  const readAloud = useReadAloud(bodyEl, article.lang, article.url);
  const bodyRef = useCallback(
    (el: HTMLElement | null) => {
      setBodyEl(el);
      onBody?.(el);
    },
    [onBody],
  );
  useEffect(() => {
    onReadAloud?.(readAloud);
    return () => onReadAloud?.(null);
  }, [readAloud, onReadAloud]);
  const articleRef = useRef<HTMLElement>(null);
  useEffect(() => {
    const root = articleRef.current;
    if (!root) return undefined;
    focusScrollers(root);
    if (typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(() => focusScrollers(root));
    observer.observe(root);
    return () => observer.disconnect();
  }, [body]);
  return (
    <article ref={articleRef} class={`reader reader--${variant}`} lang={article.lang ?? undefined} dir={article.dir ?? 'auto'} data-testid="article">
      <ArticleHeader article={article} />
      {lead && (
        <figure class="article-lead" data-testid="lead-image">
          {/* Decorative: the article's own caption, if any, is in the body. */}
          <img src={lead} alt="" loading="lazy" decoding="async" referrerpolicy="no-referrer" />
        </figure>
      )}
      <ReadAloud readAloud={readAloud} />
      {/* Sanitized right above with DOMPurify: the only HTML from outside that we render. */}
      <div class="reader-body" data-testid="article-body" ref={bodyRef} dangerouslySetInnerHTML={{ __html: body }} />
    </article>
  );
}
