/**
 * The one shape of every rule in prepare/ and clean/: a named function that edits a tree in place.
 * prepare/index.ts and clean/index.ts list the rules in the order they run, so adding a rule is
 * writing a file and adding it to a list.
 */

/** A rule that runs before Readability, on the whole page clone. */
export interface PrepareRule {
  /** Names the rule in step reports ("prepare.<name>"); the same as its file name. */
  readonly name: string;
  readonly run: (doc: Document) => void;
}

/** What the clean rules know besides the article root. */
export interface CleanContext {
  readonly title: string | null;
  readonly byline: string | null;
  readonly pageUrl: string | null;
  readonly canonicalUrl: string | null;
  /**
   * Prose characters of the article, measured when a rule first asks and then kept: rules that
   * ask later see the figure of that moment, not of the article they are given.
   */
  readonly articleProse: () => number;
}

/** A rule that runs after Readability, on the article root only. */
export interface CleanRule {
  /** Names the rule in step reports ("clean.<name>"); the same as its file name. */
  readonly name: string;
  readonly run: (article: Element, ctx: CleanContext) => void;
}
