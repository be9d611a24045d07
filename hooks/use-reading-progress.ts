/** Preact hook around trackReading: progress and time left for the article on screen. */
import { useEffect, useState } from 'preact/hooks';
import type { PositionKey } from '../utils/reading/position';
import { trackReading } from '../utils/reading/tracker';

/** Reading progress state for a rendered article body; restores and remembers the position. */
export function useReadingProgress(
  body: HTMLElement | null,
  scroller: () => HTMLElement | null,
  totalMinutes: number,
  positionKey: PositionKey | null,
): { progress: number; minutesLeft: number } {
  const [state, setState] = useState({ progress: 0, minutesLeft: Math.max(1, Math.ceil(totalMinutes)) });
  const keyId = positionKey ? JSON.stringify(positionKey) : '';
  useEffect(() => {
    const scrollEl = scroller();
    if (!body || !scrollEl) return undefined;
    return trackReading({
      scroller: scrollEl,
      body,
      totalMinutes,
      positionKey,
      onProgress: (progress, minutesLeft) => setState({ progress, minutesLeft }),
    });
    // positionKey is compared by value through keyId.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [body, totalMinutes, keyId]);
  return state;
}
