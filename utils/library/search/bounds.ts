/**
 * How much of an article the index holds, apart from the index so the page can bound what it
 * sends the worker without bundling MiniSearch.
 */

/**
 * How much of an article's body MiniSearch indexes (characters of its text, cut between words;
 * the rest of the body goes to the deep index, deep.ts: its words, once each, matched without
 * typos and with less weight); title, site, byline, tags and excerpt are indexed whole. Whole bodies do not fit: the generated
 * 10,000-article library has 299 MB of text (≈ 30 kB an article), and MiniSearch took ≈ 2 bytes of
 * heap per byte of text (docs/library-storage.md: ≈ 600 MB extrapolated from 2,000 articles).
 * Measured at 10,000 on a single MiniSearch index (exploration, same library, no snippets): 1,500
 * characters → 61 MB of index, 20 MB serialised, p95 13 ms per keystroke; 3,000 → 105 MB, 30 MB,
 * 19 ms; 5,000 → 160 MB, 41 MB, 18 ms. 3,000 is the first page and a half of an article, where
 * its subject is named, at about a third of 5,000's memory. With this code (`npm run bench:search
 * -- --size 10000`, shards of 1,000 plus the text kept for snippets): 259 MB of worker heap,
 * p95 14.6 ms of CPU per keystroke; a word that occurs only later in a body was not found (2 of 29)
 * before the deep index.
 * `--body-chars N` measures another bound.
 */
export const BODY_CHARS = 3_000;
/**
 * A string that holds only its own characters: V8 keeps a slice as a view of the whole string, so
 * 3 kB kept from a 40 kB body would keep the 40 kB alive (10,000 times over).
 */
export function detached(s: string): string {
  return s.length < 16 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/** The first BODY_CHARS characters of a body, cut between words. */
export function boundBody(text: string, max = BODY_CHARS): string {
  if (text.length <= max) return detached(text);
  let end = max;
  const floor = Math.max(0, max - 40);
  while (end > floor && !/\s/.test(text[end]!)) end--;
  if (end === floor) end = max;
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return detached(text.slice(0, end));
}
