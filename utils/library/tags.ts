/**
 * Tags as the library stores them (pure functions, shared by the writer, the views and search):
 * a tag is kept in the form the user typed, cleaned; two tags that differ only in case are the
 * same tag (`tagKey`), so "News" and "news" never both appear on one article.
 */

/** Longest tag kept, in characters (code points); longer input is cut, not refused. */
export const MAX_TAG_LENGTH = 64;

// Whitespace of any kind (tabs, line breaks, no-break spaces) becomes one space between words;
// other control characters carry nothing a tag should show.
const WHITESPACE = /[\s\u0085\u180e\u200b\u2028\u2029\ufeff]+/gu;
const CONTROL = /\p{Cc}/gu;

/** A tag cleaned for storing (NFC, trimmed, inner whitespace collapsed, no control characters, at most 64 characters); null when nothing is left. */
export function normalizeTag(raw: string): string | null {
  const cleaned = raw.normalize('NFC').replace(WHITESPACE, ' ').replace(CONTROL, '').trim();
  // Cut by code points so an emoji or a non-BMP letter is never split in half.
  const cut = Array.from(cleaned).slice(0, MAX_TAG_LENGTH).join('').trimEnd();
  return cut === '' ? null : cut;
}

// A library has few distinct tags but asks for their keys on every count and filter (20,000 calls
// at 10,000 articles), and a locale-aware lower-casing costs V8 ≈ 20 µs: keys are remembered.
const keys = new Map<string, string>();
const KEYS_KEPT = 10_000;

/** The case-insensitive identity of a tag: two tags with the same key are the same tag. */
export function tagKey(tag: string): string {
  let key = keys.get(tag);
  if (key === undefined) {
    // 'und' (the root locale): the same key in every browser language, e.g. no Turkish dotless i.
    key = tag.normalize('NFC').toLocaleLowerCase('und');
    if (keys.size >= KEYS_KEPT) keys.clear();
    keys.set(tag, key);
  }
  return key;
}

/** Orders tags for display and storage: the same order in every context. */
export function compareTags(a: string, b: string): number {
  return a.localeCompare(b, 'und') || (a < b ? -1 : a > b ? 1 : 0);
}

/** The union of two tag lists, cleaned, one per key (the first form seen wins), sorted. */
export function mergeTags(a: readonly string[], b: readonly string[]): string[] {
  const byKey = new Map<string, string>();
  for (const raw of [...a, ...b]) {
    const tag = normalizeTag(raw);
    if (tag !== null && !byKey.has(tagKey(tag))) byKey.set(tagKey(tag), tag);
  }
  return [...byKey.values()].sort(compareTags);
}

/** `tags` without those of `remove` (compared by key). */
export function withoutTags(tags: readonly string[], remove: readonly string[]): string[] {
  const keys = new Set(remove.map(tagKey));
  return tags.filter((t) => !keys.has(tagKey(t)));
}

/** `tags` with `from` renamed to `to` (compared by key), one tag when both were there, sorted as stored. */
export function renamedTags(tags: readonly string[], from: string, to: string): string[] {
  const fromKey = tagKey(from);
  if (!tags.some((t) => tagKey(t) === fromKey)) return tags.slice();
  const target = normalizeTag(to);
  if (target === null) return tags.slice();
  const targetKey = tagKey(target);
  // The new spelling wins over any form of the target already on the article, as the writer does.
  return mergeTags(
    [target],
    tags.filter((t) => tagKey(t) !== fromKey && tagKey(t) !== targetKey),
  );
}
