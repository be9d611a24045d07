/**
 * Before Readability, on a clone of the whole page: make the document honest (lazy images
 * resolved, typeset math reduced to MathML, hidden things gone) and strip the site furniture that
 * Readability is known to keep — sign-up boxes, share bars, recommendation rails, ad slots, cookie
 * banners, author bios, comments. Anything that carries a lot of prose is protected (prose.ts).
 */
import type { PrepareRule } from '../rule';
import { untimed, type RunStep } from '../steps';
import { rule as clutter } from './clutter';
import { rule as headingControls } from './heading-controls';
import { rule as hidden } from './hidden';
import { rule as lazyImages } from './lazy-images';
import { rule as math } from './math';
import { rule as presentational } from './presentational';
import { rule as signupBoxes } from './signup-boxes';

/** The prepare rules in the order they run. */
export const PREPARE_RULES: readonly PrepareRule[] = [
  lazyImages,
  // Before hidden: the MathML sits next to an aria-hidden rendering, sometimes inside it.
  math,
  hidden,
  // Before clutter, which removes the form and would leave the pitch around it behind.
  signupBoxes,
  clutter,
  presentational,
  // Last: headings and their controls as the page finally holds them.
  headingControls,
];

/** Runs every prepare rule in order on a document clone, each as a step of `step`. */
export function prepareDocument(doc: Document, step: RunStep = untimed): void {
  for (const rule of PREPARE_RULES) step(`prepare.${rule.name}`, doc, () => rule.run(doc));
}
