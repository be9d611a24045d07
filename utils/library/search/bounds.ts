/**
 * How much of an article the index holds, apart from the index so the page can bound what it
 * sends the worker without bundling MiniSearch.
 */

/**
 * How much of an article's body is indexed (characters of its text, cut at a word): title, site,
 * byline, tags and excerpt are indexed whole. Measured at 10,000 articles in Node
 * (`npm run bench:search`, see docs/library-storage.md): whole bodies (≈ 30 kB of text each) would
 * take ≈ 1 GB of index; at 3,000 characters the index takes ≈ 105 MB of the worker's heap, builds
 * in ≈ 18 s, serialises to ≈ 30 MB, and a keystroke costs ≤ 19 ms at p95 (5,000: 160 MB, 41 MB,
 * the same p95; 1,500: 61 MB, 20 MB, 13 ms). 3,000 characters is the first page and a half of an
 * article, where its subject is named.
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
