/**
 * Full-text search over the library: MiniSearch (chosen by measurement, docs/library-storage.md)
 * with our tokenizer, ranking and snippets. Pure: no storage, no worker, no DOM; the same code runs
 * in Node (tests, benchmark) and in the search worker.
 *
 * Documents are kept in shards of SHARD_SIZE filled in order (a new article goes to the last one),
 * each its own MiniSearch index. That is what makes the persisted index usable at 10,000 articles:
 * a save rewrites one shard (≈ 6 MB with its snippet text, 0.8 s of CPU) instead of the whole
 * index (≈ 58 MB, 2.3 s), and opening loads shard after shard, newest first, answering queries
 * from the shards already loaded. Below SHARD_SIZE articles there is one shard, so ranking is
 * MiniSearch's own; above, each shard scores with its own term statistics (shards of 1,000 are
 * large enough for those to agree; only the newest can be small).
 */
import MiniSearch, { type Options, type Query } from 'minisearch';
import * as v from 'valibot';
import type { SearchSource } from '../types';
import { BODY_CHARS, boundBody } from './bounds';
export { BODY_CHARS, boundBody } from './bounds';
import { createDeepIndex, deepTerms, loadDeepIndex, MAX_SLOTS, type DeepIndex, type DeepSnapshot } from './deep';
import { leadSnippet, makeSnippet, type SnippetPart } from './snippet';
import { createTokenizer, isNoSpaceScript, type Tokenizer } from './tokenize';

/**
 * Articles per shard. Measured at 10,000 (bench:search --shard-size, CPU time on a loaded 2-core
 * machine): shards of 1,000 cost p95 14.6 ms per keystroke, 15.6 ms per typo search, 259 MB of
 * heap, 0.8 s to write one save, and the newest shard answers 0.7 s after opening; one index of
 * 10,000 costs 10.6 ms, 8.6 ms and 194 MB but 2.3 s per save and nothing to answer with until all
 * of it has loaded (1.9 s of CPU); shards of 2,500 took 2.7 s per save.
 */
export const SHARD_SIZE = 1_000;
/**
 * Version of the snapshot's shape; a snapshot of another version is rebuilt, not read. 2: the
 * articles' text is no longer kept in the snapshot (snippets are made from the stored article).
 * 3: each shard also holds its deep index (the body's terms past BODY_CHARS, deep.ts).
 */
export const SNAPSHOT_FORMAT = 3;
/**
 * A word found only past BODY_CHARS (in the deep index) scores this much of its idf, where a word
 * in the indexed body scores about 1.5 × its idf (MiniSearch's BM25+ for one occurrence in a body of
 * average length): a passing mention deep in an article ranks below the same word in its opening,
 * and far below one in its title (×4).
 */
export const DEEP_WEIGHT = 0.5;
/**
 * Typos are looked for only when the words as typed match fewer articles than this (a screen of
 * results): a typo search walks every shard's whole vocabulary, the costliest part of a query.
 */
export const TYPO_FILL = 20;
/** A query's words beyond this many are ignored: each one costs a pass over the index. */
export const MAX_QUERY_TERMS = 8;
/** The word being typed is matched as a prefix from this many letters (one for CJK). */
export const MIN_PREFIX = 2;
/**
 * From this many letters the word being typed is a prefix in the body too; shorter, it is a prefix
 * of title, tags, site and byline only and matches whole body words. Two or three letters are
 * the prefix of a large part of the body vocabulary: at 10,000 articles that halved p95 per
 * keystroke (38 → 19 ms).
 */
export const BODY_PREFIX_MIN = 4;

const FIELDS = ['title', 'tags', 'siteName', 'byline', 'excerpt', 'body'] as const;
type Field = (typeof FIELDS)[number];
const SHORT_FIELDS: Field[] = ['title', 'tags', 'siteName', 'byline'];
const LONG_FIELDS: Field[] = ['excerpt', 'body'];
/** Title and tags weigh most: a word in the title says what the article is about more than one in passing. */
const BOOST: Record<Field, number> = { title: 4, tags: 3, siteName: 2, byline: 2, excerpt: 1, body: 1 };

/** One search result: the article's id and its score (higher is better). */
export interface SearchHit {
  id: string;
  score: number;
}

/** An article's text, for its snippet: the stored article, read when its row is shown. */
export interface SnippetSource {
  id: string;
  text: string;
  excerpt: string | null;
}

/** The passage of one result that matched, for its row. */
export interface HitSnippet {
  id: string;
  snippet: SnippetPart[];
}

/** An article's id and the time it last changed: what reconcile compares. */
export interface SourceStamp {
  id: string;
  updatedAt: number;
}

/** What reconcile finds: ids to (re)index from their sources, ids to drop from the index. */
export interface ReconcilePlan {
  add: string[];
  drop: string[];
}

/** Options of search. */
export interface SearchOptions {
  /** Most results returned (default: every one, so the count shown is the true count). */
  limit?: number;
}

/** How one query word is matched: as typed, as a prefix (in which fields), with how many typos. */
export interface TermPlan {
  term: string;
  /** Prefix in title, tags, site and byline. */
  prefix: boolean;
  /** Prefix in excerpt and body too. */
  bodyPrefix: boolean;
  /** Largest edit distance (Levenshtein) a matching word may be at. */
  fuzzy: number;
}

/** One shard of a snapshot: its documents (id, updatedAt) and its MiniSearch index as JSON. */
export interface ShardSnapshot {
  shard: number;
  docs: Array<[id: string, updatedAt: number]>;
  index: string;
  /** The body's terms past the bound (deep.ts); its slot i is docs[i]. */
  deep: DeepSnapshot;
}

/** What says whether a snapshot can be read: its format, the tokenizer and body bound it was made with. */
export interface SnapshotHeader {
  format: number;
  tokenizer: string;
  bodyChars: number;
}

/** A whole persisted index. */
export interface SearchSnapshot extends SnapshotHeader {
  shards: ShardSnapshot[];
}

/** What has changed since the last takeChanges(): shards to write again, shards to delete. */
export interface SnapshotChanges {
  header: SnapshotHeader;
  shards: ShardSnapshot[];
  deleted: number[];
}

/** A snapshot that cannot be read (damaged, or of another format, tokenizer or body bound): rebuild. */
export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

/** The library's search index (see the file comment). */
export interface LibrarySearch {
  /** Number of articles indexed. */
  readonly size: number;
  /** The rules snapshots of this index are made with. */
  readonly header: SnapshotHeader;
  /** Indexes articles; one already indexed is replaced. */
  add(docs: readonly SearchSource[]): void;
  /** Drops articles from the index; unknown ids are ignored. */
  remove(ids: readonly string[]): void;
  /** Indexes the new version of one article (adds it when absent). */
  replace(doc: SearchSource): void;
  /** Whether an article is indexed. */
  has(id: string): boolean;
  /** Every indexed article's id and updatedAt. */
  stamps(): SourceStamp[];
  /** Ranked results, best first; an empty or wordless query gives none. */
  search(query: string, opts?: SearchOptions): SearchHit[];
  /**
   * The matching passage of each given article for `query` (the rows on screen), from its text as
   * stored; articles the query does not match are left out. The last query's matches are kept, so
   * the rows of the results just shown cost no second search.
   */
  snippets(query: string, docs: readonly SnippetSource[]): HitSnippet[];
  /** Compares the index with the current sources: what to index again or anew, what to drop. */
  reconcile(current: readonly SourceStamp[]): ReconcilePlan;
  /** The whole index as a snapshot (plain data, JSON-serialisable). */
  toJSON(): SearchSnapshot;
  /** Replaces the index with a snapshot's; throws SnapshotError when its header does not fit, skips damaged shards. */
  fromJSON(snapshot: unknown): { shards: number; rejected: number[] };
  /** Checks a snapshot's header: throws SnapshotError when this index cannot read it. */
  checkHeader(header: unknown): void;
  /** Adds one shard of a snapshot, yielding while it loads; false (and nothing added) when it is damaged. */
  loadShard(shard: unknown): Promise<boolean>;
  /**
   * Shards changed and deleted since the last call, for incremental persistence; with `maxShards`,
   * at most that many changed shards (the rest stay pending), so a large write can be cut in steps.
   */
  takeChanges(maxShards?: number): SnapshotChanges;
  /** Marks every shard changed and every stored shard this index does not hold deleted: the next writes make the store this index. */
  markAllChanged(stored: readonly number[]): void;
}

/** Options of createLibrarySearch. */
export interface LibrarySearchOptions {
  /** Tokenizer to use (default: createTokenizer(), with Intl.Segmenter where available). */
  tokenizer?: Tokenizer;
  /** Articles per shard (default SHARD_SIZE); small values let tests exercise several shards. */
  shardSize?: number;
  /** Body characters indexed (default BODY_CHARS); the benchmark measures others with it. */
  bodyChars?: number;
}

interface IndexedDoc {
  id: string;
  title: string;
  tags: string;
  siteName: string;
  byline: string;
  excerpt: string;
  body: string;
}

interface Held {
  updatedAt: number;
  shard: number;
}

interface Shard {
  index: MiniSearch<IndexedDoc>;
  /** The body's terms past the bound, of the same articles. */
  deep: DeepIndex;
  ids: Set<string>;
}

/** One match of a query: MiniSearch's, or merged with the deep index's. */
interface Match {
  id: string;
  score: number;
  /** Index terms MiniSearch matched and in which fields. */
  match: Record<string, string[]>;
  /** Query words matched past the bound only (deep index). */
  deep: string[];
}

const ShardSchema = v.object({
  shard: v.pipe(v.number(), v.integer(), v.minValue(0)),
  docs: v.array(v.tuple([v.string(), v.number()])),
  index: v.string(),
  deep: v.object({ terms: v.string(), counts: v.string(), postings: v.string() }),
});

const HeaderSchema = v.object({ format: v.number(), tokenizer: v.string(), bodyChars: v.number() });

/** How each word of a query is matched (exported so tests model the same rules). */
export function planQuery(query: string, tokenizer: Tokenizer): TermPlan[] {
  const terms = [...new Set(tokenizer.terms(query, 'query'))].slice(0, MAX_QUERY_TERMS);
  // A query ending in a space or punctuation has no word being typed: every word is whole.
  const typing = /[\p{L}\p{N}\p{M}]$/u.test(query);
  return terms.map((term, i) => {
    const cjk = isNoSpaceScript(term);
    const typed = typing && i === terms.length - 1;
    const prefix = typed && (cjk || term.length >= MIN_PREFIX);
    return {
      term,
      prefix,
      bodyPrefix: prefix && (cjk || term.length >= BODY_PREFIX_MIN),
      // A typo in a CJK word is another word; in short words one edit reaches too many others.
      fuzzy: cjk ? 0 : term.length >= 8 ? 2 : term.length >= 4 ? 1 : 0,
    };
  });
}

/**
 * The MiniSearch query of a plan; without typos (`fuzzy` false) for the first, cheaper pass. `any`
 * (OR) gives the articles that match some of the words too, for the deep index to complete.
 */
function queryFor(plans: readonly TermPlan[], fuzzy: boolean, any = false): Query {
  return {
    combineWith: any ? 'OR' : 'AND',
    queries: plans.map((p): Query => {
      const f = fuzzy ? p.fuzzy : 0;
      if (p.prefix === p.bodyPrefix) return { queries: [p.term], prefix: p.prefix, fuzzy: f };
      return {
        combineWith: 'OR',
        queries: [
          { queries: [p.term], fields: SHORT_FIELDS, prefix: p.prefix, fuzzy: f },
          { queries: [p.term], fields: LONG_FIELDS, prefix: p.bodyPrefix, fuzzy: f },
        ],
      };
    }),
  };
}

/** The query word an index term was matched by: the one it equals or extends, else (a typo) the one it shares most with. */
function queryTermOf(term: string, plans: readonly TermPlan[]): string {
  let best = plans[0]!.term;
  let bestShared = -1;
  for (const p of plans) {
    if (term === p.term || term.startsWith(p.term)) return p.term;
    let shared = 0;
    while (shared < term.length && term[shared] === p.term[shared]) shared++;
    if (shared > bestShared) [best, bestShared] = [p.term, shared];
  }
  return best;
}

/** Makes an empty library search index. */
export function createLibrarySearch(opts: LibrarySearchOptions = {}): LibrarySearch {
  const tokenizer = opts.tokenizer ?? createTokenizer();
  const shardSize = opts.shardSize ?? SHARD_SIZE;
  if (shardSize > MAX_SLOTS) throw new RangeError(`shards hold at most ${MAX_SLOTS} articles`);
  const bodyChars = opts.bodyChars ?? BODY_CHARS;
  const header: SnapshotHeader = { format: SNAPSHOT_FORMAT, tokenizer: tokenizer.id, bodyChars };
  const options: Options<IndexedDoc> = {
    fields: [...FIELDS],
    idField: 'id',
    storeFields: [],
    tokenize: (text) => tokenizer.terms(text, 'index'),
    // Terms come folded from the tokenizer; queries arrive as single, already tokenized words.
    processTerm: (term) => term,
    searchOptions: { tokenize: (q) => [q], processTerm: (term) => term, boost: BOOST },
  };

  let shards = new Map<number, Shard>();
  let held = new Map<string, Held>();
  let dirty = new Set<number>();
  let deleted = new Set<number>();
  /**
   * The last query's plans and matches (its snippets are asked for right after it); any change to
   * the index drops it. The matches by id are made when snippets are first asked for: most
   * keystrokes are superseded before their rows get any.
   */
  let last: { query: string; plans: TermPlan[]; results: Match[]; byId: Map<string, Match> | null } | null = null;

  const newShard = (): number => {
    const n = shards.size === 0 ? 0 : Math.max(...shards.keys()) + 1;
    shards.set(n, { index: new MiniSearch(options), deep: createDeepIndex(), ids: new Set() });
    deleted.delete(n);
    return n;
  };
  const shardWithRoom = (): number => {
    const last = shards.size === 0 ? null : Math.max(...shards.keys());
    return last !== null && shards.get(last)!.ids.size < shardSize ? last : newShard();
  };

  const drop = (id: string): void => {
    const h = held.get(id);
    if (!h) return;
    const shard = shards.get(h.shard)!;
    shard.index.discard(id);
    shard.deep.remove(id);
    shard.ids.delete(id);
    held.delete(id);
    dirty.add(h.shard);
    last = null;
  };

  const put = (doc: SearchSource): void => {
    const previous = held.get(doc.id);
    // A new version stays in its shard, so only that shard changes.
    const n = previous ? previous.shard : shardWithRoom();
    if (previous) drop(doc.id);
    const shard = shards.get(n)!;
    const body = boundBody(doc.text, bodyChars);
    const excerpt = doc.excerpt;
    // An excerpt that is the body's opening (often) would be indexed twice.
    const excerptIndexed = excerpt !== null && !body.startsWith(excerpt) ? excerpt : '';
    shard.index.add({
      id: doc.id,
      title: doc.title,
      tags: doc.tags.join('\n'),
      siteName: doc.siteName ?? '',
      byline: doc.byline ?? '',
      excerpt: excerptIndexed,
      body,
    });
    // The rest of the body: its terms that the indexed part does not hold, each once. Every article
    // has a slot (even with no such terms), so the deep index's slots are the shard's documents.
    const rest = doc.text.length > body.length ? tokenizer.terms(doc.text.slice(body.length), 'index') : [];
    shard.deep.add(doc.id, rest.length > 0 ? deepTerms(tokenizer.terms(body, 'index'), rest) : new Set());
    // A full shard takes no more articles: its last ones are merged into the sorted lists now, not at its first snapshot.
    if (!previous && shard.ids.size + 1 === shardSize) shard.deep.compact();
    shard.ids.add(doc.id);
    held.set(doc.id, { updatedAt: doc.updatedAt, shard: n });
    dirty.add(n);
    last = null;
  };

  const shardToJSON = (n: number): ShardSnapshot => {
    const shard = shards.get(n)!;
    // The deep index's slots are the documents' positions (toJSON compacts: ids() is then its slot order).
    const deep = shard.deep.toJSON();
    const docs: ShardSnapshot['docs'] = shard.deep.ids().map((id) => [id, held.get(id)!.updatedAt]);
    return { shard: n, docs, index: JSON.stringify(shard.index), deep };
  };

  const checkHeader = (value: unknown): void => {
    const parsed = v.safeParse(HeaderSchema, value);
    if (!parsed.success) throw new SnapshotError('The search snapshot has no readable header.');
    const h = parsed.output;
    if (h.format !== header.format) throw new SnapshotError(`The search snapshot has format ${h.format}, not ${header.format}.`);
    if (h.tokenizer !== header.tokenizer) throw new SnapshotError(`The search snapshot was made by tokenizer ${h.tokenizer}, not ${header.tokenizer}.`);
    if (h.bodyChars !== header.bodyChars) throw new SnapshotError(`The search snapshot indexes ${h.bodyChars} body characters, not ${header.bodyChars}.`);
  };

  type ShardData = v.InferOutput<typeof ShardSchema>;
  /** A shard's data when it is well formed and names no article already indexed; else null. */
  const parseShard = (value: unknown): ShardData | null => {
    const parsed = v.safeParse(ShardSchema, value);
    if (!parsed.success || shards.has(parsed.output.shard)) return null;
    const ids = parsed.output.docs.map(([id]) => id);
    if (new Set(ids).size !== ids.length || ids.some((id) => held.has(id))) return null;
    return parsed.output;
  };
  // The index and the document list must name the same articles.
  const agrees = (snap: ShardData, index: MiniSearch<IndexedDoc>): boolean =>
    index.documentCount === snap.docs.length && snap.docs.every(([id]) => index.has(id));
  /** The shard's deep index when it fits its documents; null when damaged. */
  const deepOf = (snap: ShardData): DeepIndex | null =>
    loadDeepIndex(
      snap.deep,
      snap.docs.map(([id]) => id),
    );
  const install = (snap: ShardData, index: MiniSearch<IndexedDoc>, deep: DeepIndex): void => {
    shards.set(snap.shard, { index, deep, ids: new Set(snap.docs.map(([id]) => id)) });
    for (const [id, updatedAt] of snap.docs) held.set(id, { updatedAt, shard: snap.shard });
    last = null;
  };
  const reject = (value: unknown): void => {
    // The stored record of a damaged shard is deleted; its articles are absent, so reconcile adds them again.
    const n = (value as { shard?: unknown } | null)?.shard;
    if (typeof n === 'number' && !shards.has(n)) deleted.add(n);
  };

  const snippetFor = (r: Match, h: SnippetSource, plans: readonly TermPlan[]): SnippetPart[] => {
    const inField = (field: Field): Map<string, string> => {
      const keys = new Map<string, string>();
      for (const [term, fields] of Object.entries(r.match)) if (fields.includes(field)) keys.set(term, queryTermOf(term, plans));
      return keys;
    };
    // Words matched past the bound: their index terms are not kept per article, so any term of the body they match (as typed or as a prefix) is one.
    const deepPlans = plans.filter((p) => r.deep.includes(p.term));
    const deepKey = (term: string): string | undefined => deepPlans.find((p) => term === p.term || (p.bodyPrefix && term.startsWith(p.term)))?.term;
    for (const [field, text] of [
      ['body', h.text],
      ['excerpt', h.excerpt],
    ] as const) {
      if (!text) continue;
      const keys = inField(field);
      const deep = field === 'body' ? deepPlans : [];
      if (keys.size === 0 && deep.length === 0) continue;
      const wanted = new Set([...keys.values(), ...deep.map((p) => p.term)]).size;
      const parts = makeSnippet(text, (term) => keys.get(term) ?? (deep.length > 0 ? deepKey(term) : undefined), wanted, tokenizer);
      if (parts) return parts;
    }
    // Matched in the title, tags, site or byline only: the article's opening, unmarked.
    return leadSnippet(h.excerpt ?? h.text);
  };

  /**
   * One shard's matches: MiniSearch's (every word in title, tags, site, byline, excerpt or the
   * indexed body), and the articles where the words it did not find there are past the bound.
   */
  const matchShard = (shard: Shard, plans: readonly TermPlan[], fuzzy: boolean, out: Match[]): void => {
    const n = plans.length;
    const deep = plans.map((p) => shard.deep.match(p.term, p.bodyPrefix, shard.ids.size));
    if (deep.every((d) => d.size === 0)) {
      for (const r of shard.index.search(queryFor(plans, fuzzy))) out.push({ id: String(r.id), score: r.score, match: r.match, deep: [] });
      return;
    }
    // OR: an article that has some words in MiniSearch's fields may have the others deep.
    const smallest = deep.reduce((a, b) => (b.size < a.size ? b : a));
    const seen = new Set<string>();
    for (const r of shard.index.search(queryFor(plans, fuzzy, n > 1))) {
      const id = String(r.id);
      if (smallest.size > 0) seen.add(id);
      if (r.queryTerms.length === n) {
        out.push({ id, score: r.score, match: r.match, deep: [] });
        continue;
      }
      // MiniSearch multiplied the sum of its words' scores by how many matched: the same sum, completed, times all of them.
      let sum = r.score / Math.max(1, r.queryTerms.length);
      const deepWords: string[] = [];
      for (let i = 0; i < n && sum >= 0; i++) {
        if (r.queryTerms.includes(plans[i]!.term)) continue;
        const w = deep[i]!.weightOf(id);
        if (w === undefined) sum = -1;
        else {
          sum += DEEP_WEIGHT * w;
          deepWords.push(plans[i]!.term);
        }
      }
      if (sum >= 0) out.push({ id, score: sum * n, match: r.match, deep: deepWords });
    }
    // Articles with every word past the bound only: from the smallest of the words' sets.
    const every = plans.map((p) => p.term);
    smallest.forEach((id) => {
      if (seen.has(id)) return;
      let sum = 0;
      for (const d of deep) {
        const w = d.weightOf(id);
        if (w === undefined) return;
        sum += DEEP_WEIGHT * w;
      }
      out.push({ id, score: sum * n, match: {}, deep: every });
    });
  };

  /** Every match of a query, best first (typos only when the words as typed match fewer than TYPO_FILL). */
  const matchAll = (query: string): { plans: TermPlan[]; results: Match[] } => {
    const plans = planQuery(query, tokenizer);
    if (plans.length === 0) return { plans, results: [] };
    const run = (fuzzy: boolean): Match[] => {
      const out: Match[] = [];
      for (const shard of shards.values()) if (shard.ids.size > 0) matchShard(shard, plans, fuzzy, out);
      return out;
    };
    // A word typed right (most keystrokes) needs no typo search; the deep index has none.
    let results = run(false);
    if (results.length < TYPO_FILL && plans.some((p) => p.fuzzy > 0)) results = run(true);
    results.sort((a, b) => b.score - a.score);
    return { plans, results: results.filter((r) => held.has(r.id)) };
  };

  const api: LibrarySearch = {
    get size() {
      return held.size;
    },
    header,
    add(docs) {
      for (const doc of docs) put(doc);
    },
    remove(ids) {
      for (const id of ids) drop(id);
    },
    replace(doc) {
      put(doc);
    },
    has: (id) => held.has(id),
    stamps: () => [...held].map(([id, h]) => ({ id, updatedAt: h.updatedAt })),
    search(query, searchOpts = {}) {
      const limit = Math.max(0, searchOpts.limit ?? Infinity);
      if (limit === 0) return [];
      const { plans, results } = matchAll(query);
      last = { query, plans, results, byId: null };
      const hits: SearchHit[] = [];
      for (const r of results) {
        if (hits.length >= limit) break;
        hits.push({ id: String(r.id), score: r.score });
      }
      return hits;
    },
    snippets(query, docs) {
      if (last?.query !== query) {
        const { plans, results } = matchAll(query);
        last = { query, plans, results, byId: null };
      }
      last.byId ??= new Map(last.results.map((r) => [r.id, r]));
      const { plans, byId: matches } = last;
      const out: HitSnippet[] = [];
      for (const doc of docs) {
        const r = matches.get(doc.id);
        if (r) out.push({ id: doc.id, snippet: snippetFor(r, doc, plans) });
      }
      return out;
    },
    reconcile(current) {
      const now = new Map(current.map((s) => [s.id, s.updatedAt]));
      const add: string[] = [];
      for (const [id, updatedAt] of now) if (held.get(id)?.updatedAt !== updatedAt) add.push(id);
      const dropIds = [...held.keys()].filter((id) => !now.has(id));
      return { add, drop: dropIds };
    },
    toJSON() {
      return { ...header, shards: [...shards.keys()].sort((a, b) => a - b).map(shardToJSON) };
    },
    fromJSON(snapshot) {
      checkHeader(snapshot);
      const list = (snapshot as { shards?: unknown }).shards;
      if (!Array.isArray(list)) throw new SnapshotError('The search snapshot has no shard list.');
      shards = new Map();
      held = new Map();
      dirty = new Set();
      deleted = new Set();
      const rejected: number[] = [];
      for (const value of list) {
        const snap = parseShard(value);
        let index: MiniSearch<IndexedDoc> | null = null;
        try {
          index = snap && MiniSearch.loadJSON<IndexedDoc>(snap.index, options);
        } catch {
          index = null;
        }
        const deep = snap && index && agrees(snap, index) ? deepOf(snap) : null;
        if (snap && index && deep) install(snap, index, deep);
        else {
          reject(value);
          const n = (value as { shard?: unknown } | null)?.shard;
          rejected.push(typeof n === 'number' ? n : -1);
        }
      }
      return { shards: shards.size, rejected };
    },
    checkHeader,
    async loadShard(value) {
      const snap = parseShard(value);
      let index: MiniSearch<IndexedDoc> | null = null;
      try {
        index = snap && (await MiniSearch.loadJSONAsync<IndexedDoc>(snap.index, options));
      } catch {
        index = null;
      }
      // parseShard again: another shard may have claimed one of these articles while this one loaded.
      const deep = snap && index && agrees(snap, index) ? deepOf(snap) : null;
      if (!snap || !index || !deep || !parseShard(value)) {
        reject(value);
        return false;
      }
      install(snap, index, deep);
      return true;
    },
    takeChanges(maxShards = Infinity) {
      const changed = [...dirty].filter((n) => shards.has(n)).slice(0, Math.max(1, maxShards));
      // An emptied shard is deleted rather than kept as an empty record.
      for (const n of changed) {
        if (shards.get(n)!.ids.size === 0 && n !== Math.max(...shards.keys())) {
          shards.delete(n);
          deleted.add(n);
        }
      }
      const out: SnapshotChanges = {
        header,
        shards: changed.filter((n) => shards.has(n)).map(shardToJSON),
        deleted: [...deleted],
      };
      for (const n of changed) dirty.delete(n);
      for (const n of dirty) if (!shards.has(n)) dirty.delete(n);
      deleted = new Set();
      return out;
    },
    markAllChanged(stored) {
      for (const n of shards.keys()) dirty.add(n);
      for (const n of stored) if (!shards.has(n)) deleted.add(n);
    },
  };
  return api;
}
