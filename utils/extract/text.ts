/**
 * Plain text of the article body: one line per block (paragraph, heading, list item), so that
 * words of adjacent blocks are never glued together.
 */
import { BLOCK_TAGS, isElement, normText, tagOf, TEXT_NODE } from './dom';

export interface TextOptions {
  /**
   * Leave figure captions out. Captions describe pictures; they are not part of the running
   * text people read, count or search for (except in a photo essay: see {@link isPhotoEssay}).
   */
  skipCaptions?: boolean;
}

/** Block text of a subtree, one line per block, whitespace collapsed within lines. */
export function blockText(root: Node, options: TextOptions = {}): string {
  const lines: string[] = [];
  let current = '';
  const flush = (): void => {
    const line = current.replace(/[ \t\f\v\r\n\u00a0]+/g, ' ').trim();
    if (line) lines.push(line);
    current = '';
  };
  const walk = (node: Node): void => {
    if (node.nodeType === TEXT_NODE) {
      current += node.nodeValue ?? '';
      return;
    }
    if (!isElement(node)) {
      for (let c = node.firstChild; c; c = c.nextSibling) walk(c);
      return;
    }
    const tag = tagOf(node);
    if (tag === 'script' || tag === 'style' || tag === 'template' || tag === 'noscript') return;
    if (options.skipCaptions && tag === 'figcaption') return;
    if (tag === 'pre') {
      flush();
      for (const line of (node.textContent ?? '').split('\n')) {
        if (line.trim()) lines.push(line.replace(/\s+$/, ''));
      }
      return;
    }
    const block = BLOCK_TAGS.has(tag);
    if (block) flush();
    for (let c = node.firstChild; c; c = c.nextSibling) walk(c);
    if (block) flush();
  };
  walk(root);
  flush();
  return lines.join('\n');
}

/** Fewer captioned pictures than this illustrate a text; they do not make a photo essay. */
const PHOTO_ESSAY_MIN_FIGURES = 3;
/** Share of the article's text that its captions must hold for them to be the article. */
const PHOTO_ESSAY_CAPTION_SHARE = 0.6;
/** Mean caption length (characters) of a photo essay: its captions are paragraphs, not credits. */
const PHOTO_ESSAY_MIN_CAPTION_CHARS = 150;

/**
 * Whether the article is a photo essay: a sequence of pictures whose long captions carry most
 * of its prose, with little other text. There the captions are the text people read, so the
 * plain text keeps them; in any other article captions describe pictures and are left out.
 * Motivated by: magazine photo essays (eight photographs, a two-sentence introduction).
 */
export function isPhotoEssay(root: Element): boolean {
  let figures = 0;
  let captionChars = 0;
  for (const caption of Array.from(root.getElementsByTagName('figcaption'))) {
    const figure = caption.closest('figure');
    if (!figure || !figure.querySelector('img, picture, svg')) continue;
    figures += 1;
    captionChars += normText(caption).length;
  }
  if (figures < PHOTO_ESSAY_MIN_FIGURES || captionChars < figures * PHOTO_ESSAY_MIN_CAPTION_CHARS) return false;
  return captionChars >= normText(root).length * PHOTO_ESSAY_CAPTION_SHARE;
}

/** Lower-cased letters and digits only, for loose text comparison. */
export function fingerprint(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}
