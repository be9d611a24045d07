import type { SnippetSegment } from '@/utils/library/query';

/** The snippet's segments, in order. */
export interface HighlightProps {
  segments: readonly SnippetSegment[];
}

/** A search snippet: its matching parts in <mark>, everything as text (never parsed as HTML). */
export function Highlight({ segments }: HighlightProps) {
  return (
    <>
      {segments.map((segment, i) =>
        segment.match ? (
          <mark key={i} class="search-match">
            {segment.text}
          </mark>
        ) : (
          segment.text
        ),
      )}
    </>
  );
}
