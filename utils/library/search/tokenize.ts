/**
 * How library search cuts text into terms: pure, the same in Node (tests, benchmarks) and in the
 * browser, so a snapshot built in one place is read the same way in another.
 *
 * Words are runs of letters, digits and combining marks. Each word is folded (case, diacritics,
 * compatibility forms, a few letters that do not decompose such as ß and ø). Scripts written
 * without spaces (Chinese, Japanese, Thai, Lao, Khmer, Myanmar) are cut into words by
 * Intl.Segmenter where it exists, else into overlapping character bigrams.
 */

/** One term of a text and where it came from (UTF-16 offsets into the original, unfolded text). */
export interface Token {
  term: string;
  start: number;
  end: number;
}

/** Index terms add suffixes of long CJK words (substring search inside a word); query terms do not. */
export type TokenMode = 'index' | 'query';

/** A tokenizer; `id` names its rules, so an index made with other rules is recognised and rebuilt. */
export interface Tokenizer {
  /** Changes whenever the terms a text gives could change: it is stored in every snapshot. */
  readonly id: string;
  /** True when Intl.Segmenter cuts CJK text; false when character bigrams do. */
  readonly segmenting: boolean;
  /** The terms of `text`, in order (index mode adds CJK word suffixes). */
  terms(text: string, mode: TokenMode): string[];
  /** The terms of `text` with their offsets, for highlighting. */
  tokens(text: string, mode: TokenMode): Token[];
  /** Calls `visit` for each term in order until it returns false (a snippet stops once it has its passage). */
  scan(text: string, mode: TokenMode, visit: (term: string, start: number, end: number) => boolean | void): void;
}

/** Options of createTokenizer. */
export interface TokenizerOptions {
  /** Use Intl.Segmenter for CJK when available (default); false forces the bigram fallback. */
  segmenter?: boolean;
}

// Bump when fold() or the cutting rules change: snapshots carry it and are rebuilt when it differs.
const RULES_VERSION = 2;

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const NO_SPACE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
// The prolonged sound mark and iteration marks are Script=Common but belong to the word around them.
const NO_SPACE_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}ー々〆〻]/u;
// Only marks that are accents on a letter are dropped: Latin/Greek/Cyrillic combining diacritics,
// Hebrew points and Arabic harakat (searched without them). Marks that are letters' vowels
// (Devanagari, Thai…) and the kana voicing marks (が ≠ か) stay.
// eslint-disable-next-line no-misleading-character-class -- ranges of lone combining marks, matched one by one after NFKD
const DIACRITIC = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u0591-\u05c7\u064b-\u065f\u0670\u0640]/g;
// Letters that carry no decomposition but that people type without the diacritic or as two letters.
const SPECIAL: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ħ: 'h', ı: 'i', ŧ: 't' };
const SPECIAL_RE = /[ßæœøđðłþħıŧ]/g;
/** Long CJK words also index their suffixes from this length up (shorter suffixes are too common to help). */
const MIN_SUFFIX = 2;

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Folds one word for matching: lower case, no diacritics, compatibility forms (ﬁ → fi, ｆ → f), ß → ss. */
export function fold(word: string): string {
  if (isAscii(word)) return word.toLowerCase();
  const folded = word.toLowerCase().normalize('NFKD').replace(DIACRITIC, '').normalize('NFC');
  return folded.replace(SPECIAL_RE, (c) => SPECIAL[c] ?? c);
}

/** True for a term of a script written without spaces (CJK, Thai…): such terms get no typo tolerance. */
export function isNoSpaceScript(term: string): boolean {
  return NO_SPACE_SCRIPT.test(term);
}

type Emit = (term: string, start: number, end: number) => void;

/** Thrown by an emitter to stop a scan early; cheaper than threading a flag through every helper. */
const STOP = Symbol('stop');

interface Segment {
  segment: string;
  index: number;
}

function emitSuffixes(word: string, start: number, emit: Emit): void {
  // Code points, not code units: a Han character outside the BMP is two units.
  const chars = Array.from(word);
  let offset = 0;
  for (let i = 0; i + MIN_SUFFIX < chars.length; i++) {
    offset += chars[i]!.length;
    emit(fold(word.slice(offset)), start + offset, start + word.length);
  }
}

function emitBigrams(run: string, start: number, emit: Emit): void {
  const chars = Array.from(run);
  if (chars.length === 1) {
    emit(fold(run), start, start + run.length);
    return;
  }
  let offset = 0;
  for (let i = 0; i + 1 < chars.length; i++) {
    const pair = chars[i]! + chars[i + 1]!;
    emit(fold(pair), start + offset, start + offset + pair.length);
    offset += chars[i]!.length;
  }
}

/** Cuts a run that mixes CJK and other letters into same-kind pieces, bigramming the CJK ones. */
function emitRunAsBigrams(run: string, start: number, emit: Emit): void {
  let pieceStart = 0;
  let pieceCjk: boolean | null = null;
  let i = 0;
  for (const ch of run) {
    const cjk = NO_SPACE_CHAR.test(ch);
    if (pieceCjk !== null && cjk !== pieceCjk) {
      const piece = run.slice(pieceStart, i);
      if (pieceCjk) emitBigrams(piece, start + pieceStart, emit);
      else emit(fold(piece), start + pieceStart, start + i);
      pieceStart = i;
    }
    pieceCjk = cjk;
    i += ch.length;
  }
  const piece = run.slice(pieceStart);
  if (piece.length === 0) return;
  if (pieceCjk) emitBigrams(piece, start + pieceStart, emit);
  else emit(fold(piece), start + pieceStart, start + run.length);
}

/** Makes a tokenizer: with Intl.Segmenter for CJK when it exists (and `segmenter` is not false). */
export function createTokenizer(opts: TokenizerOptions = {}): Tokenizer {
  const segmenter =
    opts.segmenter !== false && typeof Intl !== 'undefined' && typeof Intl.Segmenter === 'function'
      ? // Word boundaries of CJK come from ICU's dictionary, whatever the locale: a fixed one keeps them the same everywhere.
        new Intl.Segmenter('zh', { granularity: 'word' })
      : null;

  const scan = (text: string, mode: TokenMode, emit: Emit): void => {
    WORD.lastIndex = 0;
    for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
      const run = m[0];
      const start = m.index;
      // Most words are ASCII: checked first, it spares them the costly script test and fold.
      if (isAscii(run)) {
        emit(run.toLowerCase(), start, start + run.length);
      } else if (!NO_SPACE_SCRIPT.test(run)) {
        emit(fold(run), start, start + run.length);
      } else if (segmenter) {
        // Every segment of a run is a word: the run holds only letters, digits and marks. (isWordLike
        // is not asked: Firefox's segmenter calls a lone "お寺" not word-like.)
        for (const s of segmenter.segment(run) as Iterable<Segment>) {
          const at = start + s.index;
          emit(fold(s.segment), at, at + s.segment.length);
          if (mode === 'index' && NO_SPACE_SCRIPT.test(s.segment)) emitSuffixes(s.segment, at, emit);
        }
      } else {
        emitRunAsBigrams(run, start, emit);
      }
    }
  };

  return {
    id: `fold${RULES_VERSION}+${segmenter ? 'segmenter' : 'bigram'}`,
    segmenting: segmenter !== null,
    terms(text, mode) {
      const out: string[] = [];
      scan(text, mode, (term) => {
        if (term) out.push(term);
      });
      return out;
    },
    tokens(text, mode) {
      const out: Token[] = [];
      scan(text, mode, (term, start, end) => {
        if (term) out.push({ term, start, end });
      });
      return out;
    },
    scan(text, mode, visit) {
      try {
        scan(text, mode, (term, start, end) => {
          if (term && visit(term, start, end) === false) throw STOP;
        });
      } catch (err) {
        if (err !== STOP) throw err;
      }
    },
  };
}
