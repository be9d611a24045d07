/**
 * A first heading that repeats the title.
 * Motivated by: pages whose article body starts with the headline, which the reader already shows.
 */
import { normText, removeNode } from '../dom';
import { fingerprint } from '../text';
import type { CleanRule } from '../rule';

/** Drops the first heading when it repeats the article title (the reader shows the title itself). */
export function removeTitleHeading(root: Element, title: string | null): void {
  if (!title) return;
  const target = fingerprint(title);
  if (!target) return;
  const first = root.querySelector('h1, h2, h3');
  if (!first) return;
  const fp = fingerprint(normText(first));
  if (fp && (fp === target || (fp.length > 20 && (target.includes(fp) || fp.includes(target))))) removeNode(first);
}

/** This file's rule, as clean/index.ts lists it. */
export const rule: CleanRule = { name: 'title-heading', run: (root, ctx) => removeTitleHeading(root, ctx.title) };
