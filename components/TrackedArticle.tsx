import { useCallback, useState } from 'preact/hooks';
import type { Article } from '@/utils/model/article';
import type { PositionKey } from '@/utils/reading/position';
import type { ReadAloudController } from '@/utils/speech/controller';
import { useReadingProgress } from '@/hooks/use-reading-progress';
import { ArticleView } from './ArticleView';
import { ReadingProgress } from './ReadingProgress';

export interface TrackedArticleProps {
  article: Article;
  variant: 'compact' | 'full';
  /** Where to remember the reading position; null to not remember it. */
  positionKey: PositionKey | null;
  /** The element that scrolls this article. */
  scroller: () => HTMLElement | null;
  /** Receives the article's read-aloud controller (for the keyboard shortcut). */
  onReadAloud?: (controller: ReadAloudController | null) => void;
}

/** An article with its progress bar and time left, reopening where the reader stopped. */
export function TrackedArticle({ article, variant, positionKey, scroller, onReadAloud }: TrackedArticleProps) {
  const [body, setBody] = useState<HTMLElement | null>(null);
  const onBody = useCallback((el: HTMLElement | null) => setBody(el), []);
  const { progress, minutesLeft } = useReadingProgress(body, scroller, article.readingTimeMinutes, positionKey);
  return (
    <>
      <ReadingProgress progress={progress} minutesLeft={minutesLeft} dir={article.dir} />
      <ArticleView article={article} variant={variant} onBody={onBody} onReadAloud={onReadAloud} />
    </>
  );
}
