/**
 * A snapshot of the live page for the pipeline, taken in the content script where the page's
 * scripts are running. The pipeline clones the document it is given, and a clone loses what only
 * the live page has: open shadow roots (web components hold the article there), the documents of
 * same-origin iframes, which lazy image is still a loaded 1-pixel stand-in, and what is on screen.
 * So before the pipeline runs, this copies the page once and carries those into the copy:
 *
 * - an open shadow root's content replaces its host's light children in the copy, each <slot>
 *   filled with the nodes assigned to it (what the user sees, in the order they see it). Walking
 *   the tree rather than `getHTML({ serializableShadowRoots })` reaches every open root, not only
 *   the serializable ones, and needs no declarative-shadow-DOM parse. Closed roots stay closed;
 * - a same-origin iframe whose document holds prose is replaced by a <div> holding its body, URLs
 *   made absolute against the frame's own base; cross-origin, hidden, tiny and furniture frames
 *   (ads, widgets) are left for the sanitizer to drop as before;
 * - a lazy image whose loaded src is a tiny stand-in (≤ 16 px) loses that src in the copy, so the
 *   lazy-images rule takes its data-src; a loading=lazy image not loaded yet keeps its real src;
 * - with two stories or more (infinite scroll), the one covering most of the viewport is kept alone.
 *
 * The live page is only read, never written, and only through the DOM's built-in members (domGet,
 * domCall): a form's controls and a document's named images shadow any property by their names
 * (DOM clobbering), and markup must not steer the walk or stop it.
 *
 * The live page is only read, never written. Everything runs in one synchronous task: the page's
 * timers, observers and microtasks cannot run in between, so a ticker or an ad injector cannot
 * change the page while it is read, and what is read is this one copy. When the page needs none of
 * this (no shadow root, frame, stand-in image or second story: every static page), there is no
 * snapshot and the pipeline gets the document itself, exactly as before.
 */
import { cloneDocument, domCall, domGet, domGetter, ELEMENT_NODE } from '../extract/dom';
import { proseChars } from '../extract/prose';
import { looksLikeClutter } from '../extract/vocabulary';
import { LAZY_SRC_ATTRS, LAZY_SRCSET_ATTRS } from '../extract/prepare/lazy-images';
import { chooseStoryInView, feedStories, focusStory } from './in-view';

/** A frame's body must hold this much prose to be article text rather than a widget or an ad. */
export const FRAME_MIN_PROSE = 200;
/** A frame smaller than this on screen (px) is an ad slot, a tracker or a button, whatever it holds. */
const FRAME_MIN_WIDTH = 200;
const FRAME_MIN_HEIGHT = 100;
/** Frames inside frames inside frames: enough for an embedded article, not for a loop. */
const MAX_FRAME_DEPTH = 3;
/** A loaded image this small (natural px, both sides) beside a lazy attribute is a stand-in. */
const STAND_IN_MAX_PX = 16;
/** Nodes copied by hand (shadow trees, frame bodies) before giving up: the pipeline refuses larger pages anyway. */
const MAX_COPIED_NODES = 150_000;

/** Tags whose content is never article text; not copied out of shadow trees and frames. */
const SKIPPED_TAGS = new Set(['script', 'style', 'noscript', 'template', 'link']);

const URL_ATTRS = ['src', 'href', 'poster', ...LAZY_SRC_ATTRS];
const SRCSET_ATTRS = ['srcset', ...LAZY_SRCSET_ATTRS];
const LAZY_ATTRS = [...LAZY_SRC_ATTRS, ...LAZY_SRCSET_ATTRS];

/** Lower-case tag name of a live element, read past any named property. */
function liveTag(el: Element): string {
  return domGet<string>(el, 'localName');
}

const nodeType = (n: Node): number => domGet<number>(n, 'nodeType');
const firstChild = (n: Node): Node | null => domGet<Node | null>(n, 'firstChild');
const nextSibling = (n: Node): Node | null => domGet<Node | null>(n, 'nextSibling');
const parentNode = (n: Node): Node | null => domGet<Node | null>(n, 'parentNode');
const shadowRootOf = (el: Element): ShadowRoot | null => domGet<ShadowRoot | null>(el, 'shadowRoot');
const byTag = (root: Element, tag: string): HTMLCollectionOf<Element> => domCall<HTMLCollectionOf<Element>>(root, 'getElementsByTagName', tag);

interface Copier {
  readonly doc: Document;
  copied: number;
}

/** The same-origin document of a frame, or null (cross-origin, not loaded, sandboxed). */
function frameDocument(frame: Element): Document | null {
  try {
    return (frame as HTMLIFrameElement).contentDocument ?? null;
  } catch {
    return null;
  }
}

/** The body of a frame worth reading inline: same-origin, on screen at a reading size, holding prose, not furniture. */
export function readableFrameBody(frame: Element): HTMLElement | null {
  // Cheapest first: most frames are cross-origin (null here); the size asks for layout.
  const frameDoc = frameDocument(frame);
  const body = frameDoc ? domGet<HTMLElement | null>(frameDoc, 'body') : null;
  if (!body || looksLikeClutter(frame) || proseChars(body) < FRAME_MIN_PROSE) return null;
  const rect = frame.getBoundingClientRect();
  return rect.width >= FRAME_MIN_WIDTH && rect.height >= FRAME_MIN_HEIGHT ? body : null;
}

/** True for a loaded image that is a tiny stand-in for the URL a lazy loader holds in a data attribute. */
export function isLoadedStandIn(img: Element): boolean {
  const image = img as HTMLImageElement;
  if (!image.complete || !(image.naturalWidth > 0)) return false;
  if (image.naturalWidth > STAND_IN_MAX_PX || image.naturalHeight > STAND_IN_MAX_PX) return false;
  // An inline stand-in is one the lazy-images rule already replaces, on saved HTML too.
  if (/^\s*data:/i.test(img.getAttribute('src') ?? '')) return false;
  return LAZY_ATTRS.some((a) => {
    const v = img.getAttribute(a);
    return !!v && v !== img.getAttribute('src');
  });
}

function absolutizeIn(root: Element, base: string): void {
  const fix = (raw: string): string => {
    try {
      return new URL(raw, base).href;
    } catch {
      return raw;
    }
  };
  for (const el of [root, ...Array.from(root.querySelectorAll('*'))]) {
    for (const attr of URL_ATTRS) {
      const raw = el.getAttribute(attr);
      if (raw && !raw.startsWith('#') && !/^\s*(?:javascript|data|mailto|tel):/i.test(raw)) el.setAttribute(attr, fix(raw.trim()));
    }
    for (const attr of SRCSET_ATTRS) {
      const raw = el.getAttribute(attr);
      if (!raw || /^\s*data:/i.test(raw)) continue;
      const set = raw
        .split(',')
        .map((part) => {
          const [url, ...descriptor] = part.trim().split(/\s+/);
          return url ? [fix(url), ...descriptor].join(' ') : '';
        })
        .filter(Boolean);
      el.setAttribute(attr, set.join(', '));
    }
  }
}

/** A <div> holding a copy of a frame's body, its URLs absolute against the frame's base. */
function inlineFrame(body: HTMLElement, frame: Element, copier: Copier, depth: number): Element {
  const box = copier.doc.createElement('div');
  box.setAttribute('data-reader-frame', frame.getAttribute('src') ?? '');
  copyChildren(body, box, copier, depth + 1, false);
  const baseOf = (n: Node): string | null => domGet<string | null>(domGet<Document>(n, 'ownerDocument'), 'baseURI');
  const base = baseOf(body);
  if (base && base !== baseOf(frame)) absolutizeIn(box, base);
  return box;
}

/** Copies `from`'s children into `into` (a node of copier.doc), flattening shadow roots, slots and readable frames. */
function copyChildren(from: ParentNode, into: Node, copier: Copier, depth: number, inShadow: boolean): void {
  for (let child = firstChild(from); child; child = nextSibling(child)) copyNode(child, into, copier, depth, inShadow);
}

function copyNode(node: Node, into: Node, copier: Copier, depth: number, inShadow: boolean): void {
  if (++copier.copied > MAX_COPIED_NODES) throw new Error('page too large to snapshot');
  if (nodeType(node) !== ELEMENT_NODE) {
    into.appendChild(copier.doc.importNode(node, false));
    return;
  }
  const el = node as Element;
  const tag = liveTag(el);
  if (SKIPPED_TAGS.has(tag)) return;
  if (tag === 'slot' && inShadow) {
    const assigned = (el as HTMLSlotElement).assignedNodes?.({ flatten: true }) ?? [];
    // A slot shows what is assigned to it, else its own fallback content. Assigned nodes live in
    // the light tree, where slots are only elements again.
    if (assigned.length > 0) for (const a of assigned) copyNode(a, into, copier, depth, false);
    else copyChildren(el, into, copier, depth, inShadow);
    return;
  }
  if (tag === 'iframe' && depth < MAX_FRAME_DEPTH) {
    const body = readableFrameBody(el);
    if (body) {
      into.appendChild(inlineFrame(body, el, copier, depth));
      return;
    }
  }
  const copy = copier.doc.importNode(el, false);
  if (tag === 'img' && isLoadedStandIn(el)) copy.removeAttribute('src');
  into.appendChild(copy);
  const root = shadowRootOf(el);
  if (root) copyChildren(root, copy, copier, depth, true);
  else copyChildren(el, copy, copier, depth, inShadow);
}

/** What the live page needs carried into the snapshot. */
interface LiveTargets {
  hosts: Element[];
  frames: Array<{ frame: Element; body: HTMLElement }>;
  standIns: Element[];
}

/**
 * One pass over the page's elements, cheap enough for every read: a property check per element
 * (a TreeWalker with a script filter costs a call per node), and the frames and images asked for
 * by tag. Targets inside a shadow host's light tree are left out: copying the host reaches them
 * where its slots place them.
 */
function findTargets(doc: Document): LiveTargets {
  const targets: LiveTargets = { hosts: [], frames: [], standIns: [] };
  const root = domGet<HTMLElement | null>(doc, 'body');
  if (!root) return targets;
  const all = byTag(root, '*');
  // Element's own getter, taken once: no element type overrides shadowRoot, and looking it up on
  // each element's prototype (domGet) was most of this pass over every element of the page.
  const shadowRoot = domGetter<ShadowRoot | null>(root, 'shadowRoot');
  for (let i = 0; i < all.length; i++) {
    const el = all[i]!;
    if (shadowRoot ? shadowRoot.call(el) : shadowRootOf(el)) targets.hosts.push(el);
  }
  const outsideHosts = (el: Element): boolean => !targets.hosts.some((h) => h !== el && domCall<boolean>(h, 'contains', el));
  targets.hosts = targets.hosts.filter(outsideHosts);
  for (const frame of Array.from(byTag(root, 'iframe'))) {
    const body = readableFrameBody(frame);
    if (body && outsideHosts(frame)) targets.frames.push({ frame, body });
  }
  for (const img of Array.from(byTag(root, 'img'))) if (isLoadedStandIn(img) && outsideHosts(img)) targets.standIns.push(img);
  return targets;
}

/** Child indices from the document down to `node`: the same path leads to its twin in a clone. */
function pathOf(node: Node): number[] {
  const path: number[] = [];
  for (let n: Node = node, up = parentNode(n); up; n = up, up = parentNode(n)) path.push(Array.prototype.indexOf.call(domGet<NodeList>(up, 'childNodes'), n));
  return path.reverse();
}

function follow(doc: Document, path: readonly number[]): Node | null {
  let n: Node | null = doc;
  for (const i of path) n = n?.childNodes[i] ?? null;
  return n;
}

/**
 * The live document with its shadow roots, readable same-origin frames, lazy-image stand-ins and
 * the story in view carried into a copy; null when the page needs none of that (the pipeline then
 * reads the document itself). Never writes to the live page.
 */
export function snapshotLiveDocument(win: Window): Document | null {
  const live = win.document;
  const targets = findTargets(live);
  const stories = feedStories(live);
  // Only a feed asks for layout.
  const inView =
    stories.length > 1
      ? chooseStoryInView(
          stories.map((s) => domCall<DOMRect>(s, 'getBoundingClientRect')),
          win.innerHeight,
        )
      : null;
  if (!targets.hosts.length && !targets.frames.length && !targets.standIns.length && inView === null) return null;

  const clone = cloneDocument(live);
  // Every twin is found before the copy changes, while paths still match; and no target lies in
  // a host's light tree (findTargets), so none is detached when a host's children are replaced.
  const twin = <T extends Node>(n: T): Element => {
    const found = follow(clone, pathOf(n));
    if (!found || found.nodeType !== ELEMENT_NODE || (found as Element).localName !== liveTag(n as unknown as Element)) {
      throw new Error('snapshot out of step with the page');
    }
    return found as Element;
  };
  const hosts = targets.hosts.map((h) => [h, twin(h)] as const);
  const frames = targets.frames.map((f) => [f, twin(f.frame)] as const);
  const standIns = targets.standIns.map(twin);
  const storyTwins = stories.map(twin);

  const copier: Copier = { doc: clone, copied: 0 };
  for (const [host, copy] of hosts) {
    while (copy.firstChild) copy.removeChild(copy.firstChild);
    copyChildren(shadowRootOf(host)!, copy, copier, 0, true);
  }
  for (const [{ frame, body }, copy] of frames) copy.replaceWith(inlineFrame(body, frame, copier, 0));
  for (const img of standIns) img.removeAttribute('src');
  if (inView !== null) focusStory(clone, storyTwins, storyTwins[inView]!);
  return clone;
}
