/**
 * The rest of each body, past the part MiniSearch indexes (BODY_CHARS): for one shard, which
 * articles hold each term, and nothing else — every distinct term once per article, no counts, no
 * positions, no text. That is what lets a word anywhere in a body find its article at 10,000
 * articles: the generated library's bodies hold ≈ 1,400 distinct terms each past the first 3,000
 * characters (≈ 14 M postings at 10,000); MiniSearch keeps a posting in a Map entry (≈ 60 bytes of
 * heap in Node, measured on 1,000 articles: docs/library-storage.md), this one in 2 bytes.
 *
 * Layout: the shard's articles are numbered by slot; a sorted term list, each term's number of
 * articles and one array of slots (a term's articles follow one another), so a word and a prefix
 * are a binary search and a run of the list. Articles added since the last compaction sit in a
 * small Map beside it; a removed article's slot is emptied and its postings skipped until the next
 * compaction, which renumbers the live articles densely (and runs before every snapshot, so a
 * snapshot's slots are its documents' positions).
 *
 * Not a search engine of its own: it matches words as typed and as prefixes only (no typos, no
 * ranking beyond an idf weight); index.ts merges its matches into MiniSearch's with less weight.
 */

/** A deep index as stored (in the shard's snapshot): strings, so JSON and IndexedDB keep it as it is. */
export interface DeepSnapshot {
  /** The terms, sorted by code unit, joined by newlines (no term holds one: terms are letters, digits and marks). */
  terms: string;
  /** Per term, how many articles hold it: one UTF-16 code unit each. */
  counts: string;
  /** The articles (slots) of each term in turn, one code unit each; slot i is the shard's i-th document. */
  postings: string;
}

/** The articles a word matched in one deep index, each with its weight. */
export interface DeepMatch {
  /** Articles matched. */
  readonly size: number;
  /** An article's weight, or undefined when the word did not match it. */
  weightOf(id: string): number | undefined;
  /** Calls `visit` with each matched article and its weight. */
  forEach(visit: (id: string, weight: number) => void): void;
}

const NO_MATCH: DeepMatch = { size: 0, weightOf: () => undefined, forEach: () => undefined };

/** One shard's index of body terms past the bound (see the file comment). */
export interface DeepIndex {
  /** Articles held. */
  readonly size: number;
  /** Indexes an article's terms (each distinct one once); an article already held is replaced. */
  add(id: string, terms: ReadonlySet<string>): void;
  /** Drops an article; an unknown id is ignored. */
  remove(id: string): void;
  /**
   * The articles holding `term` (with `prefix`, or a term it starts), each with its weight: the
   * term's idf among `docCount` articles, less for a longer word than typed (as MiniSearch weighs prefixes).
   */
  match(term: string, prefix: boolean, docCount: number): DeepMatch;
  /** The articles held, in slot order (after compact(): the order of toJSON's slots). */
  ids(): string[];
  /** Merges the articles added since the last compaction into the sorted lists and drops emptied slots (a full shard: queries then scan no Map). */
  compact(): void;
  /** Compacts, then the index as stored; its slot i is ids()[i]. */
  toJSON(): DeepSnapshot;
}

/**
 * Slots are code units of a string in the snapshot; kept below the surrogates so that no
 * serialisation (JSON, IndexedDB) has a lone surrogate to replace. A shard holds far fewer
 * articles (SHARD_SIZE); emptied slots are reclaimed by compaction before they reach this.
 */
export const MAX_SLOTS = 0xd800;
/** Articles added are merged into the sorted lists once their postings pass this, or half of those lists (amortised: each posting is moved a few times). */
const COMPACT_MIN = 50_000;
/** A longer word than the one typed weighs this much of its own weight (MiniSearch's own prefix weight). */
const PREFIX_WEIGHT = 0.375;

const idf = (df: number, n: number): number => Math.log(1 + (Math.max(n, df) - df + 0.5) / (df + 0.5));

/** First index of `sorted` whose term is ≥ `term` (code unit order, as Array.prototype.sort). */
function lowerBound(sorted: readonly string[], term: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < term) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function toUnits(list: Uint16Array): string {
  let out = '';
  // fromCharCode takes its arguments on the stack: in chunks.
  for (let i = 0; i < list.length; i += 8_192) out += String.fromCharCode(...list.subarray(i, i + 8_192));
  return out;
}

interface Lists {
  terms: string[];
  /** starts[i]..starts[i+1] are term i's postings. */
  starts: Uint32Array;
  postings: Uint16Array;
}

function createFrom(lists: Lists, ids: Array<string | null>): DeepIndex {
  let { terms, starts, postings } = lists;
  let slots = ids;
  const slotOf = new Map<string, number>();
  slots.forEach((id, s) => {
    if (id !== null) slotOf.set(id, s);
  });
  let dead = slots.length - slotOf.size;
  /** Articles added since the last compaction: term → slots. */
  let extra = new Map<string, number[]>();
  let extraPostings = 0;

  const compact = (): void => {
    const remap = new Int32Array(slots.length).fill(-1);
    const live: string[] = [];
    slots.forEach((id, s) => {
      if (id === null) return;
      remap[s] = live.length;
      live.push(id);
    });
    const merged = new Map<string, number[]>();
    for (let i = 0; i < terms.length; i++) {
      const list: number[] = [];
      for (let k = starts[i]!; k < starts[i + 1]!; k++) {
        const r = remap[postings[k]!]!;
        if (r >= 0) list.push(r);
      }
      if (list.length > 0) merged.set(terms[i]!, list);
    }
    for (const [term, added] of extra) {
      const list = merged.get(term) ?? [];
      for (const s of added) if (remap[s]! >= 0) list.push(remap[s]!);
      if (list.length > 0) merged.set(term, list);
    }
    terms = [...merged.keys()].sort();
    starts = new Uint32Array(terms.length + 1);
    let total = 0;
    for (let i = 0; i < terms.length; i++) {
      total += merged.get(terms[i]!)!.length;
      starts[i + 1] = total;
    }
    postings = new Uint16Array(total);
    for (let i = 0; i < terms.length; i++) postings.set(merged.get(terms[i]!)!, starts[i]!);
    slots = live;
    slotOf.clear();
    live.forEach((id, s) => slotOf.set(id, s));
    dead = 0;
    extra = new Map();
    extraPostings = 0;
  };

  const remove = (id: string): void => {
    const s = slotOf.get(id);
    if (s === undefined) return;
    slots[s] = null;
    slotOf.delete(id);
    dead++;
    // Emptied slots cost their postings in every query until compacted.
    if (dead > Math.max(64, slotOf.size / 4)) compact();
  };

  return {
    get size() {
      return slotOf.size;
    },
    add(id, added) {
      remove(id);
      if (slots.length >= MAX_SLOTS) compact();
      if (slots.length >= MAX_SLOTS) throw new RangeError(`a deep index holds at most ${MAX_SLOTS} articles`);
      const s = slots.length;
      slots.push(id);
      slotOf.set(id, s);
      for (const term of added) {
        const list = extra.get(term);
        if (list) list.push(s);
        else extra.set(term, [s]);
      }
      extraPostings += added.size;
      if (extraPostings > Math.max(COMPACT_MIN, postings.length / 2)) compact();
    },
    remove,
    match(term, prefix, docCount) {
      // Weights by slot (0: not matched) and the slots matched: a prefix can visit ≈ 100,000 postings per shard, no Map per posting.
      let weights: Float64Array | null = null;
      const hit: number[] = [];
      const visit = (t: string, df: number, list: ArrayLike<number>, from: number, to: number): void => {
        const w = idf(df, docCount) * (t === term ? 1 : PREFIX_WEIGHT);
        weights ??= new Float64Array(slots.length);
        for (let k = from; k < to; k++) {
          const slot = list[k]!;
          const had = weights[slot]!;
          if (had === 0) {
            if (slots[slot] === null) continue;
            hit.push(slot);
          }
          if (had < w) weights[slot] = w;
        }
      };
      for (let i = lowerBound(terms, term); i < terms.length; i++) {
        const t = terms[i]!;
        if (t !== term && !(prefix && t.startsWith(term))) break;
        visit(t, starts[i + 1]! - starts[i]!, postings, starts[i]!, starts[i + 1]!);
      }
      if (extraPostings > 0) {
        if (!prefix) {
          const list = extra.get(term);
          if (list) visit(term, list.length, list, 0, list.length);
        } else for (const [t, list] of extra) if (t.startsWith(term)) visit(t, list.length, list, 0, list.length);
      }
      const w = weights as Float64Array | null;
      if (w === null || hit.length === 0) return NO_MATCH;
      // Slots and ids as they are now: the match is used before the index changes again.
      const ids = slots;
      const at = slotOf;
      return {
        size: hit.length,
        weightOf(id) {
          const slot = at.get(id);
          return slot === undefined || w[slot] === 0 ? undefined : w[slot];
        },
        forEach(f) {
          for (const slot of hit) f(ids[slot]!, w[slot]!);
        },
      };
    },
    ids() {
      return slots.filter((id): id is string => id !== null);
    },
    compact() {
      if (dead > 0 || extraPostings > 0) compact();
    },
    toJSON() {
      if (dead > 0 || extraPostings > 0) compact();
      const counts = new Uint16Array(terms.length);
      for (let i = 0; i < terms.length; i++) counts[i] = starts[i + 1]! - starts[i]!;
      return { terms: terms.join('\n'), counts: toUnits(counts), postings: toUnits(postings) };
    },
  };
}

/** An empty deep index. */
export function createDeepIndex(): DeepIndex {
  return createFrom({ terms: [], starts: new Uint32Array(1), postings: new Uint16Array(0) }, []);
}

/** A deep index from its snapshot, whose slots are `ids`; null when the snapshot is damaged (it names a slot past them, its lists disagree, its terms are not sorted). */
export function loadDeepIndex(snap: DeepSnapshot, ids: readonly string[]): DeepIndex | null {
  const terms = snap.terms === '' ? [] : snap.terms.split('\n');
  if (terms.length !== snap.counts.length || ids.length > MAX_SLOTS) return null;
  for (let i = 1; i < terms.length; i++) if (!(terms[i - 1]! < terms[i]!)) return null;
  const starts = new Uint32Array(terms.length + 1);
  let total = 0;
  for (let i = 0; i < terms.length; i++) {
    total += snap.counts.charCodeAt(i);
    starts[i + 1] = total;
  }
  if (total !== snap.postings.length) return null;
  const postings = new Uint16Array(total);
  for (let k = 0; k < total; k++) {
    const s = snap.postings.charCodeAt(k);
    if (s >= ids.length) return null;
    postings[k] = s;
  }
  return createFrom({ terms, starts, postings }, [...ids]);
}

/** The distinct terms of `rest` (a body past its indexed part) that `head` (the indexed part) does not hold: what the deep index adds. */
export function deepTerms(head: readonly string[], rest: readonly string[]): Set<string> {
  const seen = new Set(head);
  const out = new Set<string>();
  // A newline would cut the snapshot's term list; the tokenizer never makes one, this makes sure.
  for (const t of rest) if (!seen.has(t) && !t.includes('\n')) out.add(t);
  return out;
}
