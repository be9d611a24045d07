import { useMemo } from 'preact/hooks';
import type { Article } from '@/utils/article';
import { sanitizeForRender } from '@/utils/render-html';
import { ArticleHeader } from './ArticleHeader';

/** Props of ArticleView. */
export interface ArticleViewProps {
  article: Article;
  /** 'compact' for the popup, 'full' for the side panel and library. */
  variant: 'compact' | 'full';
}

/** A typeset article: header, then the sanitized body. */
export function ArticleView({ article, variant }: ArticleViewProps) {
  const body = useMemo(() => sanitizeForRender(article.contentHtml), [article.contentHtml]);
  return (
    <article class={`reader reader--${variant}`} lang={article.lang ?? undefined} dir={article.dir ?? 'auto'} data-testid="article">
      <ArticleHeader article={article} />
      {/* Sanitized right above with DOMPurify: the only HTML from outside that we render. */}
      <div class="reader-body" data-testid="article-body" dangerouslySetInnerHTML={{ __html: body }} />
    </article>
  );
}
