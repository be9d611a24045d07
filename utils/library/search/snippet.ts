/**
 * The passage of an article that a search matched, as plain-text parts with the matched words
 * marked. Never HTML: the UI renders each part as text (a <mark> around the matching ones).
 */
import type { Tokenizer } from './tokenize';

/** One piece of a snippet: text to show as it is, marked when it is a matched word. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

/** Longest snippet, in characters of the article (plus an ellipsis at each cut end): about two lines of the list. */
export const SNIPPET_CHARS = 180;
/** How much text comes before the first matched word of a passage, so the word is read in context. */
const LEAD_CHARS = 40;
/** Stop looking for a better passage after this many matched words (long bodies full of one word). */
const MAX_MATCHES = 200;
/** How far a cut may move to land between words; CJK text has no spaces, so then it cuts where it is. */
const SNAP_CHARS = 24;
const ELLIPSIS = '…';

interface Hit {
  key: string;
  start: number;
  end: number;
}

/** Options of makeSnippet. */
export interface SnippetOptions {
  /** Longest snippet in characters (default SNIPPET_CHARS). */
  maxChars?: number;
}

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
// A cut between the two halves of a surrogate pair would leave half a character.
const isLowSurrogate = (text: string, i: number): boolean => {
  const c = text.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff;
};

/** Moves a start cut forward to the start of a word (or leaves it, in text without spaces). */
function snapStart(text: string, at: number, limit: number): number {
  if (at <= 0) return 0;
  for (let i = at; i < Math.min(limit, at + SNAP_CHARS); i++) if (isSpace(text[i - 1]) && !isSpace(text[i])) return i;
  return isLowSurrogate(text, at) ? at + 1 : at;
}

/** Moves an end cut back to the end of a word (or leaves it, in text without spaces). */
function snapEnd(text: string, at: number, floor: number): number {
  if (at >= text.length) return text.length;
  for (let i = at; i > Math.max(floor, at - SNAP_CHARS); i--) if (!isSpace(text[i - 1]) && isSpace(text[i])) return i;
  return isLowSurrogate(text, at) ? at - 1 : at;
}

const collapse = (s: string): string => s.replace(/\s+/g, ' ');

/** Plain text cut at a word boundary to at most maxChars, with no marks: the snippet when nothing in the text matched. */
export function leadSnippet(text: string, opts: SnippetOptions = {}): SnippetPart[] {
  const max = opts.maxChars ?? SNIPPET_CHARS;
  const trimmed = text.trim();
  if (trimmed.length === 0) return [];
  const end = snapEnd(trimmed, max, 1);
  return [{ text: collapse(trimmed.slice(0, end)) + (end < trimmed.length ? ELLIPSIS : ''), match: false }];
}

/**
 * The passage of `text` with the most distinct query terms (the earliest of those), cut at word
 * boundaries to at most maxChars, with matched words marked; null when no word of `text` matches.
 * `keyOf` maps an index term (as the tokenizer folds it) to the query term it matched, or
 * undefined; `wanted` is how many distinct query terms there are (reading stops once one passage
 * holds them all, so a one-word query reads a body only up to its first match).
 */
export function makeSnippet(
  text: string,
  keyOf: (term: string) => string | undefined,
  wanted: number,
  tokenizer: Tokenizer,
  opts: SnippetOptions = {},
): SnippetPart[] | null {
  const max = opts.maxChars ?? SNIPPET_CHARS;
  // The window a passage's matches must fit in: what is left once the lead-in is taken.
  const span = Math.max(1, max - LEAD_CHARS);
  const hits: Hit[] = [];
  let best = { from: -1, distinct: 0 };
  tokenizer.scan(text, 'index', (term, start, end) => {
    const key = keyOf(term);
    if (key === undefined) return true;
    hits.push({ key, start, end });
    // Distinct query terms among the hits that fit in one window ending with this hit.
    const seen = new Set<string>();
    let from = hits.length - 1;
    for (let i = hits.length - 1; i >= 0 && end - hits[i]!.start <= span; i--) {
      seen.add(hits[i]!.key);
      from = i;
    }
    if (seen.size > best.distinct) best = { from, distinct: seen.size };
    return best.distinct < wanted && hits.length < MAX_MATCHES;
  });
  if (best.from < 0) return null;

  const first = hits[best.from]!;
  const start = snapStart(text, first.start - LEAD_CHARS, first.start);
  const end = snapEnd(text, start + max, first.end);
  const parts: SnippetPart[] = [];
  const push = (s: string, match: boolean): void => {
    if (s.length === 0) return;
    const last = parts.at(-1);
    if (last && last.match === match) last.text += s;
    else parts.push({ text: s, match });
  };
  if (start > 0) push(ELLIPSIS, false);
  let at = start;
  for (let i = best.from; i < hits.length; i++) {
    const h = hits[i]!;
    if (h.end > end) break;
    // Index terms overlap (CJK word suffixes): a hit inside one already marked adds nothing.
    if (h.start < at) continue;
    push(collapse(text.slice(at, h.start)), false);
    push(text.slice(h.start, h.end), true);
    at = h.end;
  }
  push(collapse(text.slice(at, end)), false);
  if (end < text.length) push(ELLIPSIS, false);
  if (parts[0] && !parts[0].match && start === 0) parts[0].text = parts[0].text.trimStart();
  return parts;
}
