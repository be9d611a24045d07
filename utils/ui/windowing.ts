/**
 * The maths of a windowed list of equal-height rows that scrolls with the document: which rows
 * are on screen (plus some overscan), where each row sits, and how far to scroll to bring a row
 * into view below the sticky bars. Pure: the component measures, this decides.
 */

/** Where the list is and how much of it shows, all in CSS px of the document. */
export interface WindowMetrics {
  /** The document's scroll offset (the viewport's top edge). */
  scrollTop: number;
  /** The viewport's height. */
  viewportHeight: number;
  /** The list's top edge, in document coordinates. */
  listTop: number;
  /** The height of every row. */
  rowHeight: number;
  /** The number of rows. */
  count: number;
  /** Rows rendered beyond each edge of the viewport, so Tab and fast scrolls find rows ready. */
  overscan: number;
}

/** A range of row indexes: `start` included, `end` excluded. */
export interface RowRange {
  start: number;
  end: number;
}

const clamp = (n: number, low: number, high: number) => Math.min(high, Math.max(low, n));

/** The rows to render: those intersecting the viewport, widened by the overscan on each side. */
export function visibleRange(m: WindowMetrics): RowRange {
  if (m.count <= 0 || m.rowHeight <= 0) return { start: 0, end: 0 };
  const top = m.scrollTop - m.listTop;
  const bottom = top + m.viewportHeight;
  const first = Math.floor(top / m.rowHeight);
  const last = Math.ceil(bottom / m.rowHeight);
  const start = clamp(first - m.overscan, 0, m.count);
  const end = clamp(last + m.overscan, start, m.count);
  return { start, end };
}

/**
 * The indexes to render, in order: the range, plus `pinned` rows outside it (the row holding
 * keyboard focus must stay in the DOM, or focus would drop to the page when it scrolls away).
 */
export function rowsToRender(range: RowRange, pinned: ReadonlyArray<number | null>, count: number): number[] {
  const out: number[] = [];
  for (let i = range.start; i < range.end; i++) out.push(i);
  const extra = pinned.filter((i): i is number => i !== null && i >= 0 && i < count && (i < range.start || i >= range.end));
  if (extra.length === 0) return out;
  return [...new Set([...out, ...extra])].sort((a, b) => a - b);
}

/** The total height the list takes (its rows are absolutely placed inside it). */
export function listHeight(count: number, rowHeight: number): number {
  return Math.max(0, count) * rowHeight;
}

/** A row's offset from the list's top. */
export function rowOffset(index: number, rowHeight: number): number {
  return index * rowHeight;
}

/**
 * The scroll offset that brings row `index` fully into view, or null when it already is.
 * `topInset` is what sticky bars cover at the top of the viewport.
 */
export function scrollToReveal(index: number, m: Omit<WindowMetrics, 'count' | 'overscan'> & { topInset: number }): number | null {
  const rowTop = m.listTop + index * m.rowHeight;
  const rowBottom = rowTop + m.rowHeight;
  const viewTop = m.scrollTop + m.topInset;
  const viewBottom = m.scrollTop + m.viewportHeight;
  if (rowTop < viewTop) return Math.max(0, rowTop - m.topInset);
  if (rowBottom > viewBottom) return Math.max(0, rowBottom - m.viewportHeight);
  return null;
}
