import type { Article } from '@/utils/model/article';
import { formatDate, formatReadingTime, hostOf } from '@/utils/i18n/format';
import { t } from '@/utils/i18n';

/** The article whose header is shown, and the heading level its title takes. */
export interface ArticleHeaderProps {
  article: Article;
  /** Heading level of the title: 1 in a reader page, 2 where the page has its own h1. */
  level?: 1 | 2;
}

/** Site, title, byline, date and reading time of an article. */
export function ArticleHeader({ article, level = 1 }: ArticleHeaderProps) {
  const Title = level === 1 ? 'h1' : 'h2';
  const published = formatDate(article.publishedTime, article.lang ?? undefined);
  return (
    <header class="article-header">
      <p class="article-site">{article.siteName ?? hostOf(article.url)}</p>
      <Title class="article-title" data-testid="article-title">
        {article.title}
      </Title>
      <p class="article-meta">
        {article.byline && <span class="article-byline">{t('byline', article.byline.replace(/^by\s+/i, ''))}</span>}
        {published && <time dateTime={article.publishedTime ?? undefined}>{published}</time>}
        <span class="article-reading-time">{formatReadingTime(article.readingTimeMinutes)}</span>
      </p>
    </header>
  );
}
