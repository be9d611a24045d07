import type { ComponentChildren } from 'preact';

/** The row's name and its actions at the start and the end; progress runs along its edge. */
export interface ReaderBarProps {
  /** The toolbar's accessible name. */
  label: string;
  /** Actions at the start of the row (Save, Back…). */
  children?: ComponentChildren;
  /** Between the actions and `end`: the reading progress (a line along the bar's bottom edge and the time left). */
  progress?: ComponentChildren;
  /** Actions at the end of the row (settings, library). */
  end?: ComponentChildren;
}

/**
 * The reader's one compact toolbar row, sticky at the top of the view: the article's actions,
 * the reading progress drawn along its bottom edge, and the view's own buttons at the end.
 */
export function ReaderBar({ label, children, progress, end }: ReaderBarProps) {
  return (
    <div class="reader-bar" role="toolbar" aria-label={label} data-testid="reader-bar">
      {children}
      <span class="reader-bar-gap" />
      {progress}
      {end}
    </div>
  );
}
