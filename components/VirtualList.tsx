import type { ComponentChildren, TargetedKeyboardEvent } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { listHeight, rowOffset, rowsToRender, scrollToReveal, visibleRange } from '@/utils/ui/windowing';

/** The items, how to key and draw each, and the rows' common height. */
export interface VirtualListProps<T> {
  items: readonly T[];
  keyOf: (item: T) => string;
  /** What goes inside each row's <li>. */
  renderRow: (item: T, index: number) => ComponentChildren;
  /** The height every row has (CSS gives it; the list measures it and reports a change). */
  rowHeight: number;
  onRowHeight?: (height: number) => void;
  /** Rows kept beyond each edge of the viewport. */
  overscan?: number;
  /** The list's accessible name. */
  label: string;
  /** What sticky bars cover at the top of the viewport (px), so a row reached by keyboard is not hidden under them. */
  topInset?: () => number;
  /** Inside a row, what ArrowUp/ArrowDown, Home and End move focus to in the next row. */
  focusSelector: string;
  /** Told which rows are rendered (to read their reading progress). */
  onRendered?: (items: readonly T[]) => void;
  class?: string;
  testId?: string;
}

interface Viewport {
  scrollTop: number;
  viewportHeight: number;
  listTop: number;
}

function measure(list: HTMLElement | null): Viewport {
  const win = list?.ownerDocument.defaultView ?? window;
  return {
    scrollTop: win.scrollY,
    viewportHeight: win.innerHeight,
    listTop: list ? list.getBoundingClientRect().top + win.scrollY : 0,
  };
}

const sameViewport = (a: Viewport, b: Viewport) => a.scrollTop === b.scrollTop && a.viewportHeight === b.viewportHeight && a.listTop === b.listTop;

/** Text fields and menus keep their own arrow keys. */
function ownsArrows(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el?.closest) return false;
  if (el.closest('select, textarea, [contenteditable="true"]')) return true;
  return el instanceof HTMLInputElement && el.type !== 'checkbox' && el.type !== 'radio';
}

/**
 * A list of equal-height rows that scrolls with the page and puts only the rows on screen (and a
 * few beyond) in the DOM: 10,000 items cost a screenful of rows. The row holding keyboard focus
 * stays rendered when it scrolls away; ArrowUp/ArrowDown (and Home/End) move focus row to row,
 * scrolling as needed, so every row is reachable without a mouse.
 */
export function VirtualList<T>({
  items,
  keyOf,
  renderRow,
  rowHeight,
  onRowHeight,
  overscan = 4,
  label,
  topInset,
  focusSelector,
  onRendered,
  class: className,
  testId,
}: VirtualListProps<T>) {
  const listRef = useRef<HTMLUListElement>(null);
  // Reading a row's height forces a layout: only on mount and after a resize (the CSS height
  // changes with the layout, never with the content).
  const measureRows = useRef(true);
  const [viewport, setViewport] = useState<Viewport>(() => measure(null));
  const [focusedKey, setFocusedKey] = useState<string | null>(null);
  const [pendingFocus, setPendingFocus] = useState<number | null>(null);
  const count = items.length;

  // Follow the page's scroll and size; read layout once per frame at most.
  useLayoutEffect(() => {
    const list = listRef.current;
    const win = list?.ownerDocument.defaultView ?? window;
    let frame = 0;
    const update = () => {
      frame = 0;
      const next = measure(listRef.current);
      setViewport((current) => (sameViewport(current, next) ? current : next));
    };
    const schedule = () => {
      if (frame === 0) frame = win.requestAnimationFrame(update);
    };
    const resized = () => {
      measureRows.current = true;
      schedule();
    };
    update();
    win.addEventListener('scroll', schedule, { passive: true });
    win.addEventListener('resize', resized);
    // Bars above the list can change height (a bulk bar, a problem notice): the list moves.
    const resizes = typeof ResizeObserver === 'function' ? new ResizeObserver(schedule) : null;
    resizes?.observe(win.document.body);
    return () => {
      if (frame !== 0) win.cancelAnimationFrame(frame);
      win.removeEventListener('scroll', schedule);
      win.removeEventListener('resize', resized);
      resizes?.disconnect();
    };
  }, []);

  const range = visibleRange({ ...viewport, rowHeight, count, overscan });
  let focusedIndex: number | null = null;
  if (focusedKey !== null) {
    const i = items.findIndex((item) => keyOf(item) === focusedKey);
    focusedIndex = i === -1 ? null : i;
  }
  const indexes = rowsToRender(range, [focusedIndex, pendingFocus], count);

  // Every row has the CSS height; a layout change (narrow ↔ wide, a larger font) changes it.
  useLayoutEffect(() => {
    if (!measureRows.current) return;
    const first = listRef.current?.querySelector<HTMLElement>(':scope > li');
    const height = first?.offsetHeight ?? 0;
    if (height === 0) return;
    measureRows.current = false;
    if (Math.abs(height - rowHeight) > 0.5) onRowHeight?.(height);
  });

  // Focus moved by the keyboard lands once its row is rendered.
  useLayoutEffect(() => {
    if (pendingFocus === null) return;
    const target = listRef.current?.querySelector<HTMLElement>(`:scope > li[data-index="${pendingFocus}"] ${focusSelector}`);
    target?.focus({ preventScroll: true });
    setPendingFocus(null);
    // The target row is rendered with the focus request (it is pinned), so one run is enough.
  }, [pendingFocus, focusSelector]);

  const renderedKey = indexes.length === 0 ? '' : `${indexes[0]}-${indexes[indexes.length - 1]}-${count}`;
  useEffect(() => {
    if (!onRendered) return;
    onRendered(indexes.map((i) => items[i]!));
    // The rendered rows change when the range or the items do: renderedKey says when.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [renderedKey, items]);

  const onKeyDown = (event: TargetedKeyboardEvent<HTMLUListElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey || ownsArrows(event.target)) return;
    const row = (event.target as HTMLElement).closest<HTMLElement>('li[data-index]');
    if (!row) return;
    const from = Number(row.dataset.index);
    const to = event.key === 'ArrowDown' ? from + 1 : event.key === 'ArrowUp' ? from - 1 : event.key === 'Home' ? 0 : event.key === 'End' ? count - 1 : null;
    if (to === null) return;
    event.preventDefault();
    if (to < 0 || to >= count || to === from) return;
    const win = listRef.current?.ownerDocument.defaultView ?? window;
    const now = measure(listRef.current);
    const y = scrollToReveal(to, { ...now, rowHeight, topInset: topInset?.() ?? 0 });
    if (y !== null) win.scrollTo({ top: y, behavior: 'auto' });
    setPendingFocus(to);
  };

  return (
    <ul
      ref={listRef}
      class={className ? `virtual-list ${className}` : 'virtual-list'}
      aria-label={label}
      style={{ blockSize: `${listHeight(count, rowHeight)}px` }}
      onKeyDown={onKeyDown}
      onFocusIn={(event) => {
        const row = (event.target as HTMLElement).closest<HTMLElement>('li[data-index]');
        const index = row ? Number(row.dataset.index) : -1;
        setFocusedKey(index >= 0 && index < count ? keyOf(items[index]!) : null);
      }}
      onFocusOut={(event) => {
        const next = event.relatedTarget as Node | null;
        if (!next || !listRef.current?.contains(next)) setFocusedKey(null);
      }}
      data-testid={testId}
    >
      {indexes.map((i) => {
        const item = items[i]!;
        return (
          <li
            key={keyOf(item)}
            class="virtual-row"
            data-index={i}
            aria-setsize={count}
            aria-posinset={i + 1}
            style={{ transform: `translateY(${rowOffset(i, rowHeight)}px)` }}
          >
            {renderRow(item, i)}
          </li>
        );
      })}
    </ul>
  );
}
