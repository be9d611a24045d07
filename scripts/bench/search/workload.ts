/**
 * The search benchmark's library and queries: SearchSources made from the library benchmark's
 * generated records (real extracted text, scripts/bench/library/corpus.ts), and the queries typed
 * against them, picked from the articles themselves so each has an article it must find.
 * Deterministic: the same seed gives the same library and the same queries, in Node and in the browser.
 */
import { makeRecords, prng, type BaseArticle } from '../library/corpus';
import { boundBody } from '../../../utils/library/search';
import type { SearchSource } from '../../../utils/library/types';

/** Articles per batch, as the worker receives them from storage. */
export const BATCH = 500;
const TAGS = ['politics', 'science', 'climate', 'economy', 'technology', 'health', 'culture', 'sport', 'travel', 'long-read', 'to-cite', 'research'];

/** A query and the article it was taken from (found = that article is among the results). */
export interface Probe {
  id: string;
  query: string;
}

/** What the benchmark types: keystroke sequences (each prefix of a word or phrase), typos, CJK words, words past the bound. */
export interface Workload {
  /** Each entry is one word or two-word phrase typed a letter at a time, from its second letter. */
  typing: Array<{ id: string; keystrokes: string[] }>;
  /** Whole words of 5+ letters with one letter changed in the middle. */
  typos: Probe[];
  /** CJK words (2+ characters, as Intl.Segmenter cuts them) from the indexed part of CJK bodies. */
  cjk: Array<Probe & { lang: string }>;
  /** Words that occur in a body only after its first PROBE_HEAD_CHARS characters ("a word deep in a long body"). */
  beyond: Probe[];
}

/**
 * The probes are taken from each body's first this many characters, and the deep words from after
 * them, whatever bound the index is built with: runs with another --body-chars type the same
 * queries, so their figures compare (a larger bound then finds more of the same deep words).
 */
export const PROBE_HEAD_CHARS = 3_000;

/** The SearchSource of a generated record, with 0–3 tags from a small vocabulary (records have none yet). */
export function toSource(record: ReturnType<typeof makeRecords>['records'][number], rand: () => number): SearchSource {
  const tags = TAGS.filter(() => rand() < 0.12).slice(0, 3);
  return {
    id: record.id,
    updatedAt: record.savedAt,
    title: record.article.title,
    siteName: record.article.siteName,
    byline: record.article.byline,
    tags,
    excerpt: record.article.excerpt,
    text: record.article.text,
    lang: record.article.lang,
  };
}

/** Yields the library in batches of BATCH: `size` articles from `bases`, then 3 records per CJK base article. */
export function* sourceBatches(bases: readonly BaseArticle[], size: number, cjkBases: readonly BaseArticle[]): Generator<SearchSource[]> {
  const rand = prng(99);
  for (let from = 0; from < size; from += BATCH) {
    yield makeRecords(bases, from, Math.min(size, from + BATCH)).records.map((r) => toSource(r, rand));
  }
  if (cjkBases.length) yield makeRecords(cjkBases, 0, cjkBases.length * 3, 7).records.map((r) => toSource(r, rand));
}

const latinWords = (text: string): string[] => text.split(/[^\p{L}]+/u).filter((w) => w.length >= 5 && /^[a-z]+$/i.test(w));
const HAN_OR_KANA = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]{2,}$/u;

/** Collects the workload while the library streams past: visit every source once, then take result(). */
export function createWorkloadCollector(size: number, seed = 42) {
  const rand = prng(seed);
  // Which articles the probes come from, chosen before the library is seen, spread over all of it.
  const pick = (n: number): Set<number> => new Set(Array.from({ length: n }, () => Math.floor(rand() * size)));
  const wordAt = pick(60);
  const phraseAt = pick(20);
  const typoAt = pick(30);
  const beyondAt = pick(30);
  const segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('zh', { granularity: 'word' }) : null;
  const out: Workload = { typing: [], typos: [], cjk: [], beyond: [] };
  let i = 0;
  const typed = (text: string): string[] => Array.from({ length: text.length - 1 }, (_, k) => text.slice(0, k + 2));
  return {
    visit(s: SearchSource): void {
      const indexed = boundBody(s.text, PROBE_HEAD_CHARS);
      const words = latinWords(indexed);
      const any = <T>(xs: T[]): T | undefined => (xs.length ? xs[Math.floor(rand() * xs.length)] : undefined);
      if (wordAt.has(i)) {
        const w = any(words);
        if (w) out.typing.push({ id: s.id, keystrokes: typed(w.toLowerCase().slice(0, 8)) });
      }
      if (phraseAt.has(i) && words.length > 1) {
        const at = Math.floor(rand() * (words.length - 1));
        const phrase = `${words[at]!} ${words[at + 1]!}`.toLowerCase();
        out.typing.push({ id: s.id, keystrokes: typed(phrase) });
      }
      if (typoAt.has(i)) {
        const w = any(words)?.toLowerCase();
        if (w) {
          const m = Math.floor(w.length / 2);
          out.typos.push({ id: s.id, query: `${w.slice(0, m)}${w[m] === 'e' ? 'a' : 'e'}${w.slice(m + 1)} ` });
        }
      }
      if (beyondAt.has(i) && s.text.length > PROBE_HEAD_CHARS) {
        const inside = new Set(words.map((w) => w.toLowerCase()));
        const w = any(latinWords(s.text.slice(PROBE_HEAD_CHARS)).filter((x) => !inside.has(x.toLowerCase()) && x.length >= 7));
        if (w) out.beyond.push({ id: s.id, query: `${w.toLowerCase()} ` });
      }
      const lang = (s.lang ?? '').slice(0, 2).toLowerCase();
      if (segmenter && (lang === 'zh' || lang === 'ja') && out.cjk.filter((c) => c.lang.slice(0, 2).toLowerCase() === lang).length < 6) {
        const cjk = [...segmenter.segment(indexed)].filter((x) => x.isWordLike && HAN_OR_KANA.test(x.segment)).map((x) => x.segment);
        if (cjk.length) out.cjk.push({ id: s.id, query: cjk[Math.floor(rand() * cjk.length)]!, lang: s.lang! });
      }
      i++;
    },
    result: (): Workload => out,
  };
}
