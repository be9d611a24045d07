import { t } from '@/utils/i18n';

/** How far through the article the reader is, and which way the article reads. */
export interface ReadingProgressProps {
  /** 0…1 through the article. */
  progress: number;
  minutesLeft: number;
  /** The article's direction: the bar fills the way the article is read. */
  dir?: 'ltr' | 'rtl' | null;
}

/** A thin progress bar across the top of the reader, and the time left in words. */
export function ReadingProgress({ progress, minutesLeft, dir }: ReadingProgressProps) {
  const percent = Math.round(progress * 100);
  const left = minutesLeft === 0 ? t('finished') : t('minutesLeft', minutesLeft);
  return (
    <div class="reading-progress" data-testid="reading-progress">
      <div
        class="reading-progress-track"
        dir={dir ?? undefined}
        role="progressbar"
        aria-label={t('readingProgress')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}% · ${left}`}
      >
        <div class="reading-progress-fill" style={{ inlineSize: `${percent}%` }} />
      </div>
      <span class="reading-progress-left" data-testid="time-left">
        {left}
      </span>
    </div>
  );
}
