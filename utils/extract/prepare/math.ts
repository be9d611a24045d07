/**
 * Typeset math reduced to its MathML.
 * Motivated by: science and maths posts typeset with MathJax or KaTeX.
 */
import { all } from '../dom';
import type { PrepareRule } from '../rule';

/** Rendered math whose MathML source is kept inside it (MathJax 3, MathJax 2 with assistive MathML, KaTeX). */
const RENDERED_MATH = 'mjx-container, .MathJax, .MathJax_Display, .katex-display, .katex';

/**
 * Replaces typeset math by the MathML inside it. The visual rendering is hundreds of spans
 * (custom elements in MathJax 3) that Readability drops and a reader cannot restyle; the MathML
 * is the standard form browsers render natively.
 */
export function normalizeMath(doc: Document): void {
  const body = doc.body;
  if (!body) return;
  for (const el of all(body, RENDERED_MATH)) {
    if (!el.isConnected) continue;
    const math = el.querySelector('math');
    if (math) el.replaceWith(math);
  }
}

/** This file's rule, as prepare/index.ts lists it. */
export const rule: PrepareRule = { name: 'math', run: normalizeMath };
