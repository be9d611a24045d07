/**
 * Follows the reader's scrolling through an article: reports progress and time left, restores
 * the remembered position when the article is shown again, and remembers the new one.
 */
import { loadPosition, savePosition, type PositionKey } from './position';
import { minutesLeft, positionAt, progressThrough, scrollTopFor } from './progress';

/** How long scrolling must pause before the position is written. */
export const POSITION_SAVE_DELAY_MS = 600;

/** What the tracker needs from the page. */
export interface TrackedReading {
  /** The element that scrolls (the popup's main area, or the panel's document). */
  scroller: HTMLElement;
  /** The rendered article body whose children are the blocks. */
  body: HTMLElement;
  totalMinutes: number;
  positionKey: PositionKey | null;
  onProgress: (progress: number, minutesLeft: number) => void;
}

/**
 * The elements positions are counted in: the body's children, or, when the body is a single
 * wrapper (Readability's page div), the children of the innermost wrapper, so a position names a
 * paragraph rather than "somewhere in the one big block".
 */
function blocksOf(body: HTMLElement): Element[] {
  let container: Element = body;
  while (container.children.length === 1 && container.firstElementChild!.children.length > 0) {
    container = container.firstElementChild!;
  }
  return Array.from(container.children);
}

function blockBoxes(scroller: HTMLElement, body: HTMLElement): Array<{ top: number; height: number }> {
  const base = scroller.getBoundingClientRect().top - scroller.scrollTop;
  // The document's scrolling element reports its rect in viewport terms already.
  const origin = scroller === scroller.ownerDocument.scrollingElement ? -scroller.scrollTop : base;
  return blocksOf(body).map((child) => {
    const rect = child.getBoundingClientRect();
    return { top: rect.top - origin, height: rect.height };
  });
}

/** Starts tracking; returns the stop function (which also writes a position still waiting for its save delay). */
export function trackReading(reading: TrackedReading): () => void {
  const { scroller, body, totalMinutes, positionKey, onProgress } = reading;
  const doc = scroller.ownerDocument;
  const win = doc.defaultView!;
  const eventTarget: HTMLElement | Window = scroller === doc.scrollingElement ? win : scroller;
  let frame = 0;
  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const measure = () => {
    const origin = scroller === doc.scrollingElement ? 0 : scroller.getBoundingClientRect().top;
    const bodyRect = body.getBoundingClientRect();
    const bodyTop = bodyRect.top - origin + scroller.scrollTop;
    const progress = progressThrough(scroller.scrollTop, scroller.clientHeight, bodyTop, bodyRect.height);
    return progress;
  };

  const report = () => {
    frame = 0;
    const progress = measure();
    onProgress(progress, minutesLeft(totalMinutes, progress));
  };

  const save = () => {
    saveTimer = null;
    if (!positionKey) return;
    const progress = measure();
    void savePosition(positionKey, positionAt(scroller.scrollTop, blockBoxes(scroller, body), progress, Date.now()));
  };

  const onScroll = () => {
    if (!frame) frame = win.requestAnimationFrame(report);
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(save, POSITION_SAVE_DELAY_MS);
  };

  eventTarget.addEventListener('scroll', onScroll, { passive: true });
  report();
  if (positionKey) {
    void loadPosition(positionKey).then((position) => {
      if (!position || stopped) return;
      scroller.scrollTop = scrollTopFor(position, blockBoxes(scroller, body));
      report();
    });
  }

  return () => {
    stopped = true;
    eventTarget.removeEventListener('scroll', onScroll);
    if (frame) win.cancelAnimationFrame(frame);
    if (saveTimer) {
      clearTimeout(saveTimer);
      save();
    }
  };
}
