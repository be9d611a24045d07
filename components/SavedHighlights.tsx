import { useMemo } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { highlightBlocks } from '@/utils/model/highlights';

/** A saved article's highlights and notes (Markdown from an import). */
export interface SavedHighlightsProps {
  markdown: string;
}

/**
 * The highlights and notes a saved article brought from another service, under the article: the
 * quotes as quotes, the user's notes as text (rendered as text nodes only; nothing in it is markup).
 */
export function SavedHighlights({ markdown }: SavedHighlightsProps) {
  const blocks = useMemo(() => highlightBlocks(markdown), [markdown]);
  if (blocks.length === 0) return null;
  const quotes = blocks.filter((b) => b.kind === 'quote').length;
  return (
    <section class="saved-highlights" aria-labelledby="saved-highlights-heading" data-testid="saved-highlights">
      <h2 id="saved-highlights-heading" class="saved-highlights-heading">
        {t('savedHighlightsHeading', String(quotes))}
      </h2>
      {blocks.map((block, i) =>
        block.kind === 'quote' ? (
          <blockquote key={i} class="saved-highlight" data-testid="saved-highlight">
            {block.text}
          </blockquote>
        ) : (
          <p key={i} class="saved-highlight-note" data-testid="saved-highlight-note">
            {block.text}
          </p>
        ),
      )}
    </section>
  );
}
