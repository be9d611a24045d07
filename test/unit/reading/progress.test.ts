import { describe, expect, it } from 'vitest';
import { minutesLeft, positionAt, progressThrough, scrollTopFor } from '../../../utils/reading/progress';

describe('reading progress', () => {
  it('goes from 0 at the top of the body to 1 when its end reaches the bottom of the viewport', () => {
    expect(progressThrough(0, 500, 100, 2100)).toBe(0);
    expect(progressThrough(100, 500, 100, 2100)).toBe(0);
    expect(progressThrough(1100, 500, 100, 2100)).toBeCloseTo(0.625);
    expect(progressThrough(1700, 500, 100, 2100)).toBe(1);
    expect(progressThrough(9999, 500, 100, 2100)).toBe(1);
  });

  it('is complete at once for a body shorter than the viewport, and 0 for no body', () => {
    expect(progressThrough(0, 800, 0, 600)).toBe(1);
    expect(progressThrough(0, 800, 0, 0)).toBe(0);
  });

  it('counts minutes left, at least one until the end', () => {
    expect(minutesLeft(10, 0)).toBe(10);
    expect(minutesLeft(10, 0.55)).toBe(5);
    expect(minutesLeft(10, 0.98)).toBe(1);
    expect(minutesLeft(10, 1)).toBe(0);
    expect(minutesLeft(0.4, 0)).toBe(1);
  });

  it('stores a position as block and fraction, and finds it again after the layout changed', () => {
    const narrow = [
      { top: 0, height: 300 },
      { top: 300, height: 300 },
      { top: 600, height: 300 },
    ];
    const position = positionAt(450, narrow, 0.4, 7);
    expect(position).toEqual({ block: 1, offset: 0.5, progress: 0.4, updatedAt: 7 });
    // Wider panel: every block is shorter, the same spot is now higher up.
    const wide = [
      { top: 0, height: 200 },
      { top: 200, height: 200 },
      { top: 400, height: 200 },
    ];
    expect(scrollTopFor(position, wide)).toBe(300);
    expect(scrollTopFor({ ...position, block: 99 }, wide)).toBe(500);
    expect(scrollTopFor(position, [])).toBe(0);
  });
});
