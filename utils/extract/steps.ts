/**
 * Step reports: the pipeline times its own steps as they really run, when a caller asks
 * (ExtractOptions.onStep), so a profile (`bench:quality --profile`, `reader-extract --profile`)
 * or a debugging aid never re-implements the pipeline to look inside it.
 */

/** The steps of extractArticle, in the order they run; prepare and clean report each of their rules. */
export type StepName =
  | 'budget'
  | 'clone'
  | 'readerable'
  | 'gate'
  | 'metadata'
  | 'urls'
  | `prepare.${string}`
  | 'readability'
  | 'readability.relaxed'
  | 'fallback'
  | 'headline'
  | 'uncleaned-copy'
  | `clean.${string}`
  | 'sanitize'
  | 'text'
  | 'article';

/** What one step reports once it has run. */
export interface StepReport {
  readonly name: StepName;
  /** Time of the step alone (ms); the listener's own time falls between steps, in none of them. */
  readonly ms: number;
  /**
   * The tree the step worked on: the page (the original, or the clone once there is one) up to
   * and including Readability, the article root after it. Read it; changing it changes the result.
   */
  readonly root: Node;
}

/** Called after each step, in run order. */
export type StepListener = (report: StepReport) => void;

/** Runs one named step on `root`, and reports it when someone listens. */
export type RunStep = <T>(name: StepName, root: Node, fn: () => T) => T;

/** Milliseconds from a monotonic clock where there is one. */
export function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

/** Runs steps without timing them: the default, so nobody pays for a clock read they did not ask for. */
export const untimed: RunStep = (_name, _root, fn) => fn();

/** A step runner that reports to `onStep`, or {@link untimed} when there is no listener. */
export function stepRunner(onStep: StepListener | undefined): RunStep {
  if (!onStep) return untimed;
  return (name, root, fn) => {
    const t0 = now();
    const out = fn();
    onStep({ name, ms: now() - t0, root });
    return out;
  };
}
