/**
 * The zyte-dev article-extraction metric, exactly as ../shared/corpus/README.md defines it
 * (the Scrapinghub/Zyte benchmark): 4-shingle bags, per-page normalised tp/fp/fn, means of
 * per-page precision and recall, F1 of the means, exact-token accuracy, bootstrap std.
 */

/** Python's `\w+` under Unicode: runs of letters, digits and underscore. */
const TOKEN_RE = /[\p{L}\p{N}_]+/gu;

export function tokenize(text: string): string[] {
  return text.match(TOKEN_RE) ?? [];
}

/** Bag of 4-token shingles; a text with fewer than 4 tokens is one shingle of all its tokens. */
export function shingles(text: string, n = 4): Map<string, number> {
  const tokens = tokenize(text);
  const bag = new Map<string, number>();
  const add = (key: string): void => {
    bag.set(key, (bag.get(key) ?? 0) + 1);
  };
  if (tokens.length < n) add(tokens.join('\u0001'));
  else for (let i = 0; i + n <= tokens.length; i++) add(tokens.slice(i, i + n).join('\u0001'));
  return bag;
}

export interface PageScore {
  tp: number;
  fp: number;
  fn: number;
  /** Whether the token sequences are identical. */
  exact: boolean;
}

/** Per-page tp/fp/fn, normalised so that tp + fp + fn = 1. */
export function scorePage(truth: string, predicted: string): PageScore {
  const t = shingles(truth);
  const p = shingles(predicted);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const key of new Set([...t.keys(), ...p.keys()])) {
    const tc = t.get(key) ?? 0;
    const pc = p.get(key) ?? 0;
    tp += Math.min(tc, pc);
    fp += Math.max(0, pc - tc);
    fn += Math.max(0, tc - pc);
  }
  const s = tp + fp + fn;
  if (s > 0) {
    tp /= s;
    fp /= s;
    fn /= s;
  }
  const tt = tokenize(truth);
  const pt = tokenize(predicted);
  const exact = tt.length === pt.length && tt.every((tok, i) => tok === pt[i]);
  return { tp, fp, fn, exact };
}

/** Per-page F1 (for ranking pages only; the headline F1 is of the means). */
export function pageF1(s: PageScore): number {
  const p = s.tp + s.fp > 0 ? s.tp / (s.tp + s.fp) : 1;
  const r = s.tp + s.fn > 0 ? s.tp / (s.tp + s.fn) : 1;
  return p + r > 0 ? (2 * p * r) / (p + r) : 0;
}

export interface Summary {
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
}

/** Precision/recall as means over pages, F1 of the means, accuracy as share of exact pages. */
export function summarize(scores: PageScore[]): Summary {
  let pSum = 0;
  let pN = 0;
  let rSum = 0;
  let rN = 0;
  let exact = 0;
  for (const s of scores) {
    if (s.fp === 0 && s.fn === 0) {
      pSum += 1;
      pN += 1;
      rSum += 1;
      rN += 1;
    } else {
      if (s.tp + s.fp > 0) {
        pSum += s.tp / (s.tp + s.fp);
        pN += 1;
      }
      if (s.tp + s.fn > 0) {
        rSum += s.tp / (s.tp + s.fn);
        rN += 1;
      }
    }
    if (s.exact) exact += 1;
  }
  const precision = pN ? pSum / pN : 0;
  const recall = rN ? rSum / rN : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, accuracy: scores.length ? exact / scores.length : 0 };
}

/** Deterministic PRNG (mulberry32) so bootstrap figures repeat run to run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard deviation of each summary figure over bootstrap resamples of the pages. */
export function bootstrapStd(scores: PageScore[], iterations = 1000, seed = 42): Summary {
  const rnd = mulberry32(seed);
  const samples: Summary[] = [];
  for (let i = 0; i < iterations; i++) {
    const resample: PageScore[] = [];
    for (let j = 0; j < scores.length; j++) resample.push(scores[Math.floor(rnd() * scores.length)]!);
    samples.push(summarize(resample));
  }
  const std = (k: keyof Summary): number => {
    const xs = samples.map((s) => s[k]);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    return Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
  };
  return { precision: std('precision'), recall: std('recall'), f1: std('f1'), accuracy: std('accuracy') };
}

/** Quantile by linear interpolation (q in 0..1). */
export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
