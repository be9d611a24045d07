import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Article } from '@/utils/model/article';
import type { PositionKey } from '@/utils/reading/position';
import type { ReadAloudController } from '@/utils/speech/controller';
import type { ArticleImages } from '@/utils/ui/stored-images';
import { t } from '@/utils/i18n';
import { useReadAloud } from '@/hooks/use-read-aloud';
import { useReadingProgress } from '@/hooks/use-reading-progress';
import { markPassages } from '@/utils/ui/passage-marks';
import { ArticleView } from './ArticleView';
import { ReadAloudButton, ReadAloudPlayer, useReadAloudDock } from './ReadAloud';
import { ReaderBar } from './ReaderBar';
import { ReadingProgress } from './ReadingProgress';

/** The article, where its reading position is kept, and the element that scrolls it. */
export interface TrackedArticleProps {
  article: Article;
  variant: 'compact' | 'full';
  /** Where to remember the reading position; null to not remember it. */
  positionKey: PositionKey | null;
  /** The element that scrolls this article. */
  scroller: () => HTMLElement | null;
  /** Receives the article's read-aloud controller (for the keyboard shortcut). */
  onReadAloud?: (controller: ReadAloudController | null) => void;
  /** The toolbar's first buttons (Save, Back…); Read aloud follows them. */
  actions?: ComponentChildren;
  /** The toolbar's last buttons, after the time left (settings, library). */
  endActions?: ComponentChildren;
  /** A line between the toolbar and the article (a saved article's tags), if any. */
  belowBar?: ComponentChildren;
  /** What follows the article in its column (a saved article's highlights and notes), if any. */
  afterArticle?: ComponentChildren;
  /** Passages to mark where they are in the body (a saved article's highlighted quotes). */
  passages?: readonly string[];
  /** A saved article's stored images, and whether the others may load from their sites (ArticleView). */
  images?: ArticleImages | null;
  online?: boolean;
}

/**
 * An article under one compact toolbar row (its actions, Read aloud, the progress and time left),
 * reopening where the reader stopped; the read-aloud player docks at the bottom while it plays.
 */
export function TrackedArticle({
  article,
  variant,
  positionKey,
  scroller,
  onReadAloud,
  actions,
  endActions,
  belowBar,
  afterArticle,
  passages,
  images,
  online,
}: TrackedArticleProps) {
  const [body, setBody] = useState<HTMLElement | null>(null);
  const onBody = useCallback((el: HTMLElement | null) => setBody(el), []);
  const { progress, minutesLeft } = useReadingProgress(body, scroller, article.readingTimeMinutes, positionKey);
  const readAloud = useReadAloud(body, article.lang, article.url);
  const dock = useReadAloudDock(readAloud);
  // Keyed by their text: a new array of the same quotes on each render marks nothing again. Marked
  // again whenever ArticleView sets the body anew (its HTML, its stored images, going offline), as
  // ranges over the old text nodes would paint nothing.
  const passageKey = passages?.join('\u0000') ?? '';
  useEffect(() => (body && passageKey ? markPassages(body, passageKey.split('\u0000')) : undefined), [body, passageKey, article.contentHtml, images, online]);
  useEffect(() => {
    onReadAloud?.(readAloud);
    return () => onReadAloud?.(null);
  }, [readAloud, onReadAloud]);
  return (
    <>
      <ReaderBar label={t('articleActions')} end={endActions} progress={<ReadingProgress progress={progress} minutesLeft={minutesLeft} dir={article.dir} />}>
        {actions}
        <ReadAloudButton readAloud={readAloud} dock={dock} />
      </ReaderBar>
      {/* Next in the Tab order after the toolbar button that opens it, though drawn at the bottom. */}
      <ReadAloudPlayer readAloud={readAloud} dock={dock} />
      {belowBar}
      {/* The container the adaptive text size is measured against (assets/article.css). */}
      <div class="reader-frame">
        <ArticleView article={article} variant={variant} onBody={onBody} images={images} online={online} />
        {afterArticle}
      </div>
    </>
  );
}
