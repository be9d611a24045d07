import { describe, expect, it } from 'vitest';
import { listHeight, rowOffset, rowsToRender, scrollToReveal, visibleRange, type WindowMetrics } from '../../../utils/ui/windowing';

const metrics = (over: Partial<WindowMetrics> = {}): WindowMetrics => ({
  scrollTop: 0,
  viewportHeight: 800,
  listTop: 200,
  rowHeight: 100,
  count: 10_000,
  overscan: 3,
  ...over,
});

describe('windowing', () => {
  it('renders the rows on screen plus the overscan below at the top of the page', () => {
    // The list starts 200 px down: rows 0–5 show in an 800 px viewport, 3 more below.
    expect(visibleRange(metrics())).toEqual({ start: 0, end: 9 });
  });

  it('renders a window in the middle of 10,000 rows', () => {
    // Scrolled so the viewport covers list offsets 500_000–500_800: rows 5000–5007, ±3.
    expect(visibleRange(metrics({ scrollTop: 500_200 }))).toEqual({ start: 4997, end: 5011 });
  });

  it('stops at the ends and handles a partial row', () => {
    expect(visibleRange(metrics({ scrollTop: 1_000_000 }))).toEqual({ start: 9995, end: 10_000 });
    expect(visibleRange(metrics({ scrollTop: 250, count: 3 }))).toEqual({ start: 0, end: 3 });
    expect(visibleRange(metrics({ scrollTop: 250 }))).toEqual({ start: 0, end: 12 });
  });

  it('renders nothing for an empty list or before the row height is known', () => {
    expect(visibleRange(metrics({ count: 0 }))).toEqual({ start: 0, end: 0 });
    expect(visibleRange(metrics({ rowHeight: 0 }))).toEqual({ start: 0, end: 0 });
  });

  it('keeps the focused row rendered when it scrolls out of the window, in order', () => {
    expect(rowsToRender({ start: 10, end: 13 }, [2], 100)).toEqual([2, 10, 11, 12]);
    expect(rowsToRender({ start: 10, end: 13 }, [11, null], 100)).toEqual([10, 11, 12]);
    expect(rowsToRender({ start: 10, end: 13 }, [500], 100)).toEqual([10, 11, 12]);
  });

  it('places rows and sizes the list', () => {
    expect(listHeight(10_000, 96)).toBe(960_000);
    expect(listHeight(-1, 96)).toBe(0);
    expect(rowOffset(3, 96)).toBe(288);
  });

  it('scrolls just enough to reveal a row below the sticky bars', () => {
    const m = { scrollTop: 1000, viewportHeight: 800, listTop: 200, rowHeight: 100, topInset: 120 };
    // Row 10 spans 1200–1300: visible below the 120 px of bars (1120–1800).
    expect(scrollToReveal(10, m)).toBeNull();
    // Row 8 spans 1000–1100: under the bars; scroll up so it starts at the bars' bottom.
    expect(scrollToReveal(8, m)).toBe(880);
    // Row 16 spans 1800–1900: below; scroll so its bottom is the viewport's.
    expect(scrollToReveal(16, m)).toBe(1100);
    expect(scrollToReveal(0, { ...m, listTop: 50 })).toBe(0);
  });
});
