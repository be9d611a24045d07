/**
 * After Readability, on the article only: take out the furniture that slipped through, keep what a
 * reader wants (figures with captions, tables, code with its language, lists, quotes, math), and
 * tidy up empty and duplicate nodes.
 *
 * The paragraph-level rules (rail headings, "Read more:" lines, promo sentences, ad labels) run
 * here only: run on the whole page before Readability as well, they changed no score on zyte-dev
 * and cost about a tenth of the pipeline's time (measured with `npm run bench:quality`).
 */
import { lazy } from '../dom';
import { proseChars } from '../prose';
import type { CleanContext, CleanRule } from '../rule';
import { untimed, type RunStep } from '../steps';
import { rule as articleMeta } from './article-meta';
import { rule as blockParagraphs } from './block-paragraphs';
import { rule as boilerplateParagraphs } from './boilerplate-paragraphs';
import { rule as bylineEcho } from './byline-echo';
import { rule as captions } from './captions';
import { rule as datelines } from './datelines';
import { rule as duplicates } from './duplicates';
import { rule as editControls } from './edit-controls';
import { rule as empty } from './empty';
import { rule as leadingLabels } from './leading-labels';
import { rule as leftoverClutter } from './leftover-clutter';
import { rule as permalinkAnchors } from './permalink-anchors';
import { rule as railSections } from './rail-sections';
import { rule as tagLists } from './tag-lists';
import { rule as teaserGroups } from './teaser-groups';
import { rule as titleHeading } from './title-heading';
import { rule as trailingLinkBlocks } from './trailing-link-blocks';
import { rule as trailingPromos } from './trailing-promos';

/** The clean rules in the order they run. */
export const CLEAN_RULES: readonly CleanRule[] = [
  // First: a heading that is a link to itself must read as a heading to every rule after it.
  permalinkAnchors,
  leftoverClutter,
  railSections,
  boilerplateParagraphs,
  trailingPromos,
  teaserGroups,
  tagLists,
  captions,
  // Bylines go after Readability has read them, and before the echo rule looks for repeats of one.
  articleMeta,
  datelines,
  bylineEcho,
  titleHeading,
  leadingLabels,
  trailingLinkBlocks,
  // After every rule that judges a heading by its text: an [edit] control marks a section, not a rail.
  editControls,
  duplicates,
  // After every rule that measures prose by its <p>s.
  blockParagraphs,
  // Last: every removal before it can leave a wrapper empty.
  empty,
];

/** Runs every clean rule in order on the article root, each as a step of `step`. */
export function cleanContent(
  root: Element,
  title: string | null,
  byline: string | null = null,
  pageUrl: string | null = null,
  canonicalUrl: string | null = null,
  step: RunStep = untimed,
): void {
  const ctx: CleanContext = { title, byline, pageUrl, canonicalUrl, articleProse: lazy(() => proseChars(root)) };
  for (const rule of CLEAN_RULES) step(`clean.${rule.name}`, root, () => rule.run(root, ctx));
}
