/**
 * Plain text of the article body: one line per block (paragraph, heading, list item), so that
 * words of adjacent blocks are never glued together.
 */
import { BLOCK_TAGS, isElement, tagOf, TEXT_NODE } from './dom';

export interface TextOptions {
  /**
   * Leave figure captions out. Captions describe pictures; they are not part of the running
   * text people read, count or search for.
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

/** Lower-cased letters and digits only, for loose text comparison. */
export function fingerprint(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}
