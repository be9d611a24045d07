/**
 * Elements the page hides from every reader — except the collapsed rest of the article.
 * Motivated by: pages carrying hidden menus, off-screen dialogs and display:none copies of their
 * text; and news pages that print the whole story but fold its second half behind a "Continue
 * reading" button (the section is in the DOM with `hidden`, `aria-hidden` or an inline
 * display:none until a script opens it).
 */
import { all, lazy, normText, removeNode, tagOf } from '../dom';
import { isProtected, PROSE_MIN_CHARS, proseChars } from '../prose';
import type { PrepareRule } from '../rule';
import { looksLikeClutter } from '../vocabulary';

/** An inline style that hides the element itself (content-visibility is not matched: it only defers rendering). */
const HIDING_STYLE_RE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/;
const HIDING_STYLE_STRIP_RE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important)?\s*/gi;

/**
 * The label of an expander that opens the rest of a story. Kept here rather than in vocabulary.ts
 * because only this rule reads it, and only on a control (a button, not a link to another page):
 * "Read more" as a link is a teaser, as a button beside a folded section it is an expander.
 */
const EXPANDER_LABEL_RE =
  /^(?:[+▾▼↓…]\s*)?(?:(?:continue|keep) reading|read (?:the )?(?:full|whole|rest|more|entire)(?: (?:story|article|post))?|show (?:more|the rest|full (?:story|article))|see more|expand(?: (?:story|article))?|view (?:full|more)(?: (?:story|article))?|weiterlesen|mehr anzeigen|lire la suite|leer más|continuar lendo|continua a leggere|lees verder)(?:\s*[.…›»→▾▼↓+]+)?$/i;

/** Prose a folded section must hold: two paragraphs' worth, so a hidden blurb or caption does not count. */
const CONTINUATION_MIN_PROSE = 2 * PROSE_MIN_CHARS;

/** How far up from the section an expander may sit (its wrapper, and that wrapper's wrapper). */
const EXPANDER_SEARCH_LEVELS = 3;

/** Controls, not links to other pages: a button, an ARIA button or expander, a summary, an in-page or script link. */
const CONTROL_SELECTOR =
  'button, [role="button"], [aria-expanded], [aria-controls], summary, label[for], a[href^="#"], a[href^="javascript:" i], a:not([href])';

function hidesItself(el: Element): 'attr' | 'aria' | 'style' | null {
  if (el.hasAttribute('hidden')) return 'attr';
  if (el.getAttribute('aria-hidden') === 'true') return 'aria';
  if (HIDING_STYLE_RE.test((el.getAttribute('style') ?? '').toLowerCase())) return 'style';
  return null;
}

/** An expander's label is a few words. */
const MAX_EXPANDER_CHARS = 60;

function isExpander(control: Element): boolean {
  const label = normText(control) || control.getAttribute('aria-label') || '';
  return label.length <= MAX_EXPANDER_CHARS && EXPANDER_LABEL_RE.test(label.trim());
}

/** The control that opens `section`: one naming it in aria-controls, or an expander-labelled control beside it. */
export function expanderOf(section: Element): Element | null {
  const doc = section.ownerDocument;
  const id = section.getAttribute('id');
  if (id) {
    for (const control of all(doc, '[aria-controls]')) {
      if ((control.getAttribute('aria-controls') ?? '').split(/\s+/).includes(id) && !section.contains(control)) return control;
    }
  }
  let around: Element | null = section;
  for (let level = 0; around && level < EXPANDER_SEARCH_LEVELS; level++, around = around.parentElement) {
    if (tagOf(around) === 'body') break;
    for (const sibling of [around.previousElementSibling, around.nextElementSibling]) {
      if (!sibling) continue;
      // The control itself, or a small wrapper around it: never a control somewhere inside a
      // neighbouring block of content, which opens something else.
      if (sibling.matches(CONTROL_SELECTOR)) {
        if (isExpander(sibling)) return sibling;
        continue;
      }
      if (normText(sibling).length > MAX_EXPANDER_CHARS) continue;
      const found = Array.from(all(sibling, CONTROL_SELECTOR)).find(isExpander);
      if (found) return found;
    }
  }
  return null;
}

/**
 * True when a hidden element is the folded rest of the article, not hidden furniture: it holds
 * prose (two paragraphs' worth at least), its own vocabulary is not furniture (menu, modal,
 * cookie banner, dialog…), and a control beside it or naming it in aria-controls opens it
 * ("Continue reading", "Read the full story", an aria-expanded button). Judged by content and
 * control, never by site.
 */
export function isFoldedContinuation(el: Element): boolean {
  if (looksLikeClutter(el) || /^(?:nav|aside|header|footer|dialog|form|template)$/.test(tagOf(el))) return false;
  if (proseChars(el) < CONTINUATION_MIN_PROSE) return false;
  return expanderOf(el) !== null;
}

/** Shows a folded section as the page would once opened, and drops the expander that opened it. */
function unfold(el: Element): void {
  el.removeAttribute('hidden');
  if (el.getAttribute('aria-hidden') === 'true') el.removeAttribute('aria-hidden');
  const style = el.getAttribute('style');
  if (style !== null) el.setAttribute('style', style.replace(HIDING_STYLE_STRIP_RE, ';').replace(/^;+/, ''));
  const control = expanderOf(el);
  // A bare control goes; a wrapper that holds only it ("<p><button>…</button></p>") goes with it.
  if (control) {
    let target = control;
    while (
      target.parentElement &&
      tagOf(target.parentElement) !== 'body' &&
      normText(target.parentElement) === normText(target) &&
      !target.parentElement.contains(el)
    ) {
      target = target.parentElement;
    }
    removeNode(target);
  }
}

/**
 * Removes elements that the page hides from every reader (hidden, aria-hidden, inline display:none),
 * and unfolds the one kind of hidden element that is article text: a collapsed "continue reading" section.
 */
export function removeHidden(doc: Document): void {
  const body = doc.body;
  if (!body) return;
  const pageProse = lazy(() => proseChars(body));
  for (const el of all(body, '[hidden], [aria-hidden="true"], [style*="none" i], [style*="hidden" i]')) {
    if (!el.isConnected) continue;
    const how = hidesItself(el);
    if (!how) continue;
    if (isFoldedContinuation(el)) {
      unfold(el);
      continue;
    }
    // aria-hidden is also put on the whole page behind a modal, and on decorative images with captions.
    if (how === 'aria' && isProtected(el, pageProse)) continue;
    if (tagOf(el) === 'img' || el.querySelector('img')) {
      // Readability keeps "fallback-image" style images that sites mark aria-hidden; keep images whose only fault is aria-hidden.
      if (how === 'aria' && !/display|visibility/.test(el.getAttribute('style') ?? '')) continue;
    }
    removeNode(el);
  }
}

/** This file's rule, as prepare/index.ts lists it. */
export const rule: PrepareRule = { name: 'hidden', run: removeHidden };
