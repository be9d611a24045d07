/**
 * Shows the sentence being spoken and keeps it on screen.
 *
 * The CSS Custom Highlight API paints a Range without touching the article's DOM, so the
 * sanitized body, its selection and the sentence offsets stay exactly as rendered. Engines
 * without it get a <mark> around the sentence's text pieces, removed (and the split text nodes
 * merged back into the very same node objects) before the next one, so stored offsets stay valid.
 *
 * Auto-scroll follows the reading only while the user is not scrolling: a wheel, touch, scroll
 * key or scrollbar drag pauses it for USER_SCROLL_GRACE_MS.
 */
import { sentenceRange, type SentenceUnit, type TextPiece } from './segments';

/** Name of the highlight; styled with `::highlight(read-aloud)`. */
export const HIGHLIGHT_NAME = 'read-aloud';
/** Class of the fallback <mark>. */
export const FALLBACK_MARK_CLASS = 'read-aloud-mark';
/** How long auto-scroll stays off after the user scrolled. */
export const USER_SCROLL_GRACE_MS = 4000;
// How long after our own scrollBy() scroll events are ours (a smooth scroll takes a few hundred ms).
const PROGRAMMATIC_SCROLL_MS = 1000;
const SCROLL_KEYS = new Set(['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End', ' ']);

/** Options of createHighlighter. */
export interface HighlighterOptions {
  /** The article body the sentences come from. */
  root: Element;
  /**
   * What sticky bars cover, read when scrolling: `top` is the viewport y where uncovered content
   * starts (a sticky bar's bottom edge), `bottom` the px covered at the bottom of the view.
   */
  insets?: () => { top: number; bottom: number };
  /** Force the <mark> fallback (tests); by default it is used only when the API is missing. */
  mode?: 'auto' | 'mark';
  /** Clock, injectable for tests. */
  now?: () => number;
}

/** What the controller's current sentence drives. */
export interface SentenceHighlighter {
  /** Highlights `sentence` (or clears with null) and brings it into view when it is off screen. */
  show(sentence: SentenceUnit | null): void;
  /** Which mechanism is in use. */
  readonly mode: 'highlight-api' | 'mark';
  /** Clears the highlight and stops listening to the user's scrolling. */
  dispose(): void;
}

interface HighlightRegistryLike {
  set(name: string, highlight: unknown): unknown;
  delete(name: string): boolean;
}

function highlightApi(win: Window): { registry: HighlightRegistryLike; create: (range: Range) => unknown } | null {
  // Typed loosely on purpose: these are feature-detected, not assumed to exist.
  const scope = win as unknown as { CSS?: { highlights?: HighlightRegistryLike }; Highlight?: new (...ranges: Range[]) => unknown };
  const registry = scope.CSS?.highlights;
  const ctor = scope.Highlight;
  if (!registry || typeof ctor !== 'function') return null;
  return { registry, create: (range) => new ctor(range) };
}

/** Creates the highlighter for one article body. */
export function createHighlighter(options: HighlighterOptions): SentenceHighlighter {
  const { root } = options;
  const doc = root.ownerDocument;
  const win = doc.defaultView;
  const now = options.now ?? (() => Date.now());
  const api = options.mode === 'mark' || !win ? null : highlightApi(win);
  let unmark: (() => void) | null = null;
  let userScrolledAt = -Infinity;
  let programmaticUntil = -Infinity;

  const scroller = findScroller(root);
  const scrollTarget: EventTarget = scroller === doc.scrollingElement || scroller === doc.documentElement ? doc : scroller;
  const onUser = (): void => {
    userScrolledAt = now();
  };
  const onKey = (event: Event): void => {
    const target = event.target as Element | null;
    // Typing a space in the voice menu is not scrolling.
    if (target?.closest?.('input, select, textarea, [contenteditable="true"]')) return;
    if (SCROLL_KEYS.has((event as KeyboardEvent).key)) onUser();
  };
  const onScroll = (): void => {
    // A scroll we did not start (scrollbar drag, find-in-page, a link to an anchor) is the user's.
    if (now() > programmaticUntil) onUser();
  };
  const listeners: Array<[EventTarget, string, (event: Event) => void]> = [
    [doc, 'wheel', onUser],
    [doc, 'touchmove', onUser],
    [doc, 'keydown', onKey],
    [scrollTarget, 'scroll', onScroll],
  ];
  // Passive: read-aloud must never delay a scroll.
  for (const [target, type, fn] of listeners) target.addEventListener(type, fn, { passive: true });

  function clear(): void {
    api?.registry.delete(HIGHLIGHT_NAME);
    unmark?.();
    unmark = null;
  }

  function keepInView(range: Range): void {
    if (now() - userScrolledAt < USER_SCROLL_GRACE_MS || !win) return;
    const rect = range.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) return; // not laid out (hidden, or a test DOM)
    const viewTop = scroller === doc.scrollingElement || scroller === doc.documentElement ? 0 : scroller.getBoundingClientRect().top;
    const viewBottom = scroller === doc.scrollingElement || scroller === doc.documentElement ? win.innerHeight : scroller.getBoundingClientRect().bottom;
    const insets = options.insets?.() ?? { top: 0, bottom: 0 };
    const top = Math.max(viewTop, insets.top);
    const bottom = viewBottom - insets.bottom;
    if (rect.top >= top && rect.bottom <= bottom) return;
    // Not block:'nearest': that would scroll a line at a time once reading reaches the bottom
    // edge. Turning to put the sentence a quarter down the view scrolls once per screenful.
    const delta = rect.top - (top + (bottom - top) / 4);
    const reduced = win.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    programmaticUntil = now() + PROGRAMMATIC_SCROLL_MS;
    scroller.scrollBy({ top: delta, behavior: reduced ? 'auto' : 'smooth' });
  }

  return {
    mode: api ? 'highlight-api' : 'mark',
    show(sentence) {
      clear();
      if (!sentence) return;
      const range = sentenceRange(sentence);
      if (!range) return;
      if (api) {
        api.registry.set(HIGHLIGHT_NAME, api.create(range));
        return keepInView(range);
      }
      const marked = wrapInMarks(sentence.pieces);
      unmark = marked.undo;
      // The pieces' offsets are stale while their nodes are split: measure the marks instead.
      const first = marked.marks[0];
      const last = marked.marks[marked.marks.length - 1];
      if (!first || !last) return;
      const markRange = doc.createRange();
      markRange.setStartBefore(first);
      markRange.setEndAfter(last);
      keepInView(markRange);
    },
    dispose() {
      clear();
      for (const [target, type, fn] of listeners) target.removeEventListener(type, fn);
    },
  };
}

/** The element that scrolls `el`: its nearest scrollable ancestor, else the document's. */
function findScroller(el: Element): Element {
  const doc = el.ownerDocument;
  const win = doc.defaultView;
  for (let node = el.parentElement; node && node !== doc.body && node !== doc.documentElement; node = node.parentElement) {
    const overflow = win?.getComputedStyle(node).overflowY ?? '';
    if (/(auto|scroll|overlay)/.test(overflow) && node.scrollHeight > node.clientHeight) return node;
  }
  return doc.scrollingElement ?? doc.documentElement;
}

/**
 * Wraps each piece in a <mark> (splitting its text node); the returned undo puts the text back
 * into the original node objects, so every other sentence's offsets remain valid.
 */
export function wrapInMarks(pieces: TextPiece[]): { marks: HTMLElement[]; undo: () => void } {
  const undos: Array<() => void> = [];
  const marks: HTMLElement[] = [];
  for (const { node, start, end } of pieces) {
    if (!node.parentNode || end > node.data.length) continue;
    const middle = start > 0 ? node.splitText(start) : node;
    const tail = end - start < middle.data.length ? middle.splitText(end - start) : null;
    const mark = node.ownerDocument.createElement('mark');
    mark.className = FALLBACK_MARK_CLASS;
    middle.parentNode!.insertBefore(mark, middle);
    mark.appendChild(middle);
    marks.push(mark);
    undos.push(() => {
      mark.parentNode?.replaceChild(middle, mark);
      if (middle !== node) {
        node.data += middle.data;
        middle.remove();
      }
      if (tail) {
        node.data += tail.data;
        tail.remove();
      }
    });
  }
  // Undo in reverse so each node is merged back in the order it was split.
  return { marks, undo: () => undos.reverse().forEach((undo) => undo()) };
}
