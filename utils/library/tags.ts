/**
 * Tags as the library keeps them: display forms, unique ignoring case, trimmed, one space between
 * words. Pure helpers shared by the writer (what is stored) and the tag editor (what is typed).
 */
import { tagKey } from './query';

/** The longest tag, in characters. */
export const MAX_TAG_LENGTH = 50;

/** A typed tag made tidy (trimmed, inner blanks collapsed, bounded); empty when nothing is left. */
export function cleanTag(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim().slice(0, MAX_TAG_LENGTH).trim();
}

/** `tags` with `add` appended where not already present (ignoring case); the existing form wins. */
export function withTags(tags: readonly string[], add: readonly string[]): string[] {
  const out = tags.slice();
  const keys = new Set(out.map(tagKey));
  for (const raw of add) {
    const tag = cleanTag(raw);
    const key = tagKey(tag);
    if (tag === '' || keys.has(key)) continue;
    keys.add(key);
    out.push(tag);
  }
  return out;
}

/** `tags` without any of `remove` (ignoring case). */
export function withoutTags(tags: readonly string[], remove: readonly string[]): string[] {
  const keys = new Set(remove.map(tagKey));
  return tags.filter((t) => !keys.has(tagKey(t)));
}

/**
 * `tags` with `from` renamed to `to` (ignoring case), in place; when the entry already has `to`,
 * the two become one.
 */
export function renamedTags(tags: readonly string[], from: string, to: string): string[] {
  const fromKey = tagKey(from);
  const target = cleanTag(to);
  if (target === '' || !tags.some((t) => tagKey(t) === fromKey)) return tags.slice();
  const targetKey = tagKey(target);
  const out: string[] = [];
  for (const tag of tags) {
    const key = tagKey(tag);
    const next = key === fromKey ? target : tag;
    if (tagKey(next) === targetKey && out.some((t) => tagKey(t) === targetKey)) continue;
    out.push(next);
  }
  return out;
}

/** Whether two tag lists are the same, in order. */
export function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}
