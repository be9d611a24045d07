import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { loadPosition, savePosition, type PositionKey } from '../../../utils/reading/position';
import { POSITION_SAVE_DELAY_MS, trackReading } from '../../../utils/reading/tracker';
import { settle, useFakeClocks } from '../support/settle';

/*
 * happy-dom does no layout, so the page is laid out by hand: the popup's scrolling area sits
 * HEADER px down the window (below its toolbar) and is VIEWPORT px tall; the article body starts
 * BODY_TOP px into the scrolled content and holds BLOCKS paragraphs of BLOCK px each. Rects are
 * viewport-relative and follow scrollTop, as in a browser. The side panel scrolls the document
 * itself, whose rect moves up as it scrolls.
 */
const HEADER = 48;
const VIEWPORT = 500;
const BODY_TOP = 100;
const BLOCK = 700;
const BLOCKS = 3;
const TRAVEL = BLOCKS * BLOCK - VIEWPORT; // scrolling from the body's top to its end at the bottom
const MINUTES = 10;

function rect(top: number, height: number): DOMRect {
  return { top, height, bottom: top + height, left: 0, right: 800, width: 800, x: 0, y: top, toJSON: () => ({}) } as DOMRect;
}

function article(): HTMLElement {
  const body = document.createElement('article');
  for (let i = 0; i < BLOCKS; i++) body.append(Object.assign(document.createElement('p'), { textContent: `Paragraph ${i + 1}` }));
  return body;
}

function layOut(scroller: HTMLElement, body: HTMLElement, isDocument: boolean) {
  const contentTop = isDocument ? 0 : HEADER;
  Object.defineProperty(scroller, 'clientHeight', { configurable: true, get: () => VIEWPORT });
  scroller.getBoundingClientRect = () => (isDocument ? rect(-scroller.scrollTop, BODY_TOP + BLOCKS * BLOCK) : rect(HEADER, VIEWPORT));
  const at = (offset: number) => contentTop + offset - scroller.scrollTop;
  body.getBoundingClientRect = () => rect(at(BODY_TOP), BLOCKS * BLOCK);
  Array.from(body.children).forEach((block, i) => {
    block.getBoundingClientRect = () => rect(at(BODY_TOP + i * BLOCK), BLOCK);
  });
}

/** The popup: a scrolling element holding the article. */
function scrollingArea() {
  const scroller = document.createElement('main');
  const body = article();
  scroller.append(body);
  document.body.append(scroller);
  layOut(scroller, body, false);
  const scrollTo = (top: number) => {
    scroller.scrollTop = top;
    scroller.dispatchEvent(new Event('scroll'));
  };
  return { scroller, body, scrollTo };
}

/** The side panel: the document scrolls, and its scroll events come to the window. */
function scrollingDocument() {
  const scroller = document.documentElement;
  const body = article();
  document.body.append(body);
  layOut(scroller, body, true);
  const scrollTo = (top: number) => {
    scroller.scrollTop = top;
    window.dispatchEvent(new Event('scroll'));
  };
  const restore = () => {
    scroller.scrollTop = 0;
    delete (scroller as { clientHeight?: number }).clientHeight;
    delete (scroller as { getBoundingClientRect?: unknown }).getBoundingClientRect;
  };
  return { scroller, body, scrollTo, restore };
}

const savedKey: PositionKey = { kind: 'saved', id: 'article-1' };
const tabKey: PositionKey = { kind: 'tab', tabId: 4, url: 'https://news.example/story' };

describe('reading tracker', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    useFakeClocks();
  });
  afterEach(() => {
    vi.useRealTimers();
    document.body.replaceChildren();
  });

  it('shows no progress and the whole reading time at the top of the article', () => {
    const { scroller, body } = scrollingArea();
    const onProgress = vi.fn();
    trackReading({ scroller, body, totalMinutes: MINUTES, positionKey: null, onProgress });
    expect(onProgress).toHaveBeenLastCalledWith(0, MINUTES);
  });

  it('moves the progress and the minutes left as the reader scrolls, to none left at the end', () => {
    const { scroller, body, scrollTo } = scrollingArea();
    const onProgress = vi.fn();
    trackReading({ scroller, body, totalMinutes: MINUTES, positionKey: null, onProgress });

    scrollTo(BODY_TOP + TRAVEL / 2);
    vi.advanceTimersToNextFrame();
    expect(onProgress).toHaveBeenLastCalledWith(0.5, MINUTES / 2);

    scrollTo(BODY_TOP + TRAVEL);
    vi.advanceTimersToNextFrame();
    expect(onProgress).toHaveBeenLastCalledWith(1, 0);
  });

  it('follows the page scrolling when the article is the whole document (side panel)', () => {
    const { scroller, body, scrollTo, restore } = scrollingDocument();
    const onProgress = vi.fn();
    const stop = trackReading({ scroller, body, totalMinutes: MINUTES, positionKey: null, onProgress });
    try {
      scrollTo(BODY_TOP + TRAVEL / 4);
      vi.advanceTimersToNextFrame();
      expect(onProgress).toHaveBeenLastCalledWith(0.25, Math.ceil(MINUTES * 0.75));
    } finally {
      stop();
      restore();
    }
  });

  it('remembers and restores the place in a page read in the side panel', async () => {
    const first = scrollingDocument();
    try {
      const stop = trackReading({ scroller: first.scroller, body: first.body, totalMinutes: MINUTES, positionKey: tabKey, onProgress: vi.fn() });
      first.scrollTo(BODY_TOP + BLOCK + BLOCK / 4);
      vi.advanceTimersByTime(POSITION_SAVE_DELAY_MS);
      await settle();
      expect(await loadPosition(tabKey)).toMatchObject({ block: 1, offset: 0.25 });
      stop();
    } finally {
      first.restore();
      document.body.replaceChildren();
    }
    // The panel is opened again on the same page.
    const again = scrollingDocument();
    const stop = trackReading({ scroller: again.scroller, body: again.body, totalMinutes: MINUTES, positionKey: tabKey, onProgress: vi.fn() });
    try {
      await settle();
      expect(again.scroller.scrollTop).toBe(BODY_TOP + BLOCK + BLOCK / 4);
    } finally {
      stop();
      again.restore();
    }
  });

  it('reopens a saved article where the reader left it', async () => {
    // Halfway through the second paragraph.
    await savePosition(savedKey, { block: 1, offset: 0.5, progress: 0.6, updatedAt: 1 });
    const { scroller, body } = scrollingArea();
    const onProgress = vi.fn();
    trackReading({ scroller, body, totalMinutes: MINUTES, positionKey: savedKey, onProgress });
    await settle();
    const top = BODY_TOP + BLOCK + BLOCK / 2;
    expect(scroller.scrollTop).toBe(top);
    expect(onProgress).toHaveBeenLastCalledWith((top - BODY_TOP) / TRAVEL, Math.ceil(MINUTES * (1 - (top - BODY_TOP) / TRAVEL)));
  });

  it('stays at the top when there is no remembered position', async () => {
    const { scroller, body } = scrollingArea();
    trackReading({ scroller, body, totalMinutes: MINUTES, positionKey: savedKey, onProgress: vi.fn() });
    await settle();
    expect(scroller.scrollTop).toBe(0);
  });

  it('does not jump to the remembered position after the article was closed', async () => {
    await savePosition(savedKey, { block: 2, offset: 0, progress: 0.9, updatedAt: 1 });
    const { scroller, body } = scrollingArea();
    const onProgress = vi.fn();
    const stop = trackReading({ scroller, body, totalMinutes: MINUTES, positionKey: savedKey, onProgress });
    stop();
    onProgress.mockClear();
    await settle();
    expect(scroller.scrollTop).toBe(0);
    expect(onProgress).not.toHaveBeenCalled();
  });

  it('remembers where the reader stopped once scrolling pauses, not while it goes on', async () => {
    const { scroller, body, scrollTo } = scrollingArea();
    trackReading({ scroller, body, totalMinutes: MINUTES, positionKey: tabKey, onProgress: vi.fn() });
    // A long scroll: each step comes before the pause is over.
    for (const top of [200, 400, 600, 800]) {
      scrollTo(top);
      vi.advanceTimersByTime(POSITION_SAVE_DELAY_MS / 2);
      await settle();
      expect(await loadPosition(tabKey)).toBeNull();
    }
    scrollTo(BODY_TOP + 2 * BLOCK + BLOCK / 4);
    vi.advanceTimersByTime(POSITION_SAVE_DELAY_MS);
    await settle();
    expect(await loadPosition(tabKey)).toEqual({
      block: 2,
      offset: 0.25,
      progress: (2 * BLOCK + BLOCK / 4) / TRAVEL,
      updatedAt: Date.now(),
    });
  });

  it('remembers the last position at once when the article is closed mid-scroll', async () => {
    const { scroller, body, scrollTo } = scrollingArea();
    const stop = trackReading({ scroller, body, totalMinutes: MINUTES, positionKey: savedKey, onProgress: vi.fn() });
    scrollTo(BODY_TOP + BLOCK);
    stop();
    await settle();
    expect(await loadPosition(savedKey)).toMatchObject({ block: 1, offset: 0 });
  });

  it('does not write a position for an article that has no place to keep it', async () => {
    const { scroller, body, scrollTo } = scrollingArea();
    const stop = trackReading({ scroller, body, totalMinutes: MINUTES, positionKey: null, onProgress: vi.fn() });
    scrollTo(BODY_TOP + BLOCK);
    vi.advanceTimersByTime(POSITION_SAVE_DELAY_MS);
    stop();
    await settle();
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });

  it('stops reporting and remembering once stopped', async () => {
    const { scroller, body, scrollTo } = scrollingArea();
    const onProgress = vi.fn();
    const stop = trackReading({ scroller, body, totalMinutes: MINUTES, positionKey: savedKey, onProgress });
    scrollTo(BODY_TOP + BLOCK);
    stop();
    onProgress.mockClear();
    vi.advanceTimersToNextFrame();
    scrollTo(BODY_TOP + 2 * BLOCK);
    vi.advanceTimersToNextFrame();
    vi.advanceTimersByTime(POSITION_SAVE_DELAY_MS);
    await settle();
    expect(onProgress).not.toHaveBeenCalled();
    expect(await loadPosition(savedKey)).toMatchObject({ block: 1, offset: 0 });
  });
});
