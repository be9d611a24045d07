/**
 * Where the reader is in an article: progress through the text, minutes left, and a position
 * that survives layout changes (a different font size or panel width moves every pixel offset,
 * so positions are stored as "block N of the body, fraction F through it").
 */

/** Progress (0…1) of a scrolled container through the article body inside it. */
export function progressThrough(scrollTop: number, viewportHeight: number, bodyTop: number, bodyHeight: number): number {
  if (bodyHeight <= 0) return 0;
  // Reading is "done" when the end of the body reaches the bottom of the viewport.
  const travel = bodyHeight - viewportHeight;
  if (travel <= 0) return 1;
  return Math.min(1, Math.max(0, (scrollTop - bodyTop) / travel));
}

/** Whole minutes left to read: at least 1 until the end, 0 at the end. */
export function minutesLeft(totalMinutes: number, progress: number): number {
  if (progress >= 0.995) return 0;
  return Math.max(1, Math.ceil(totalMinutes * (1 - progress)));
}

/** A layout-independent reading position. */
export interface ReadingPosition {
  /** Index of the block element (child of the article body) at the top of the viewport. */
  block: number;
  /** How far through that block the top of the viewport is (0…1). */
  offset: number;
  /** Overall progress, for the progress bar and library. */
  progress: number;
  updatedAt: number;
}

/** The position of the viewport top among `blocks` (their top and height relative to the scroller). */
export function positionAt(scrollTop: number, blocks: ReadonlyArray<{ top: number; height: number }>, progress: number, now: number): ReadingPosition {
  let block = 0;
  for (let i = 0; i < blocks.length; i++) {
    if (blocks[i]!.top <= scrollTop) block = i;
    else break;
  }
  const target = blocks[block];
  const offset = target && target.height > 0 ? Math.min(1, Math.max(0, (scrollTop - target.top) / target.height)) : 0;
  return { block, offset, progress, updatedAt: now };
}

/** The scrollTop that shows `position` again among `blocks` laid out now. */
export function scrollTopFor(position: ReadingPosition, blocks: ReadonlyArray<{ top: number; height: number }>): number {
  const target = blocks[Math.min(position.block, blocks.length - 1)];
  if (!target) return 0;
  return target.top + position.offset * target.height;
}
