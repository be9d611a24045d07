/**
 * Field-level cleaning shared by every parser: URLs, dates, titles, tags, and the spreadsheet
 * formula prefixes that a later CSV export must not re-emit.
 */
import { tagKey } from '../library/tags';
import { MAX_FIELD_CHARS, MAX_TAGS_PER_ITEM, MAX_URL_CHARS } from './limits';

/** A URL the library can keep (http or https), or why not. */
export type UrlCheck = { ok: true; url: string } | { ok: false; reason: string };

/** Accepts http(s) URLs only: `javascript:`, `data:`, `file:`, `chrome:`… are refused with the scheme named. */
export function checkWebUrl(raw: unknown): UrlCheck {
  if (typeof raw !== 'string' || raw.trim() === '') return { ok: false, reason: 'It has no web address.' };
  const text = raw.trim();
  if (text.length > MAX_URL_CHARS) return { ok: false, reason: `Its web address is longer than ${MAX_URL_CHARS} characters.` };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: `“${preview(text)}” is not a web address.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `Its address is a ${url.protocol} link, not a web page (only http and https are imported).` };
  }
  if (url.hostname === '') return { ok: false, reason: `“${preview(text)}” has no host name.` };
  return { ok: true, url: url.href };
}

/** An http(s) URL, or null (for secondary URLs such as a thumbnail, where a bad one is just dropped). */
export function optionalWebUrl(raw: unknown): string | null {
  const checked = checkWebUrl(raw);
  return checked.ok ? checked.url : null;
}

/** The first characters of a value, for a sentence. */
export function preview(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

// 1995-01-01 and 2100-01-01: no read-later export holds a save outside these, so anything outside
// is a unit mistake or garbage, and null is more honest than a date in 1970 or 50,000 AD.
const EARLIEST_MS = Date.UTC(1995, 0, 1);
const LATEST_MS = Date.UTC(2100, 0, 1);

function plausible(ms: number, earliest = EARLIEST_MS): number | null {
  return Number.isFinite(ms) && ms >= earliest && ms < LATEST_MS ? Math.round(ms) : null;
}

// A publication date can be far older than any save (an archive's 1850 article); year 1 is the
// floor (set with setUTCFullYear: Date.UTC reads years below 100 as 19xx).
const EARLIEST_PUBLISHED_MS = new Date(0).setUTCFullYear(1, 0, 1);

/**
 * A Unix timestamp in milliseconds from seconds (Pocket, Instapaper, bookmark files), or from
 * milliseconds or microseconds when the number is too big to be seconds (some bookmark exporters
 * write those); null when it is not a plausible date.
 */
export function epochFromNumber(raw: unknown): number | null {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(n) || n <= 0) return null;
  if (n >= 1e14) return plausible(n / 1000);
  if (n >= 1e11) return plausible(n);
  return plausible(n * 1000);
}

/**
 * Milliseconds from a date string (ISO-8601, with wallabag's "+0200" offsets), or from a number as
 * epochFromNumber reads it; null when it is not a plausible date.
 */
export function epochFromDate(raw: unknown, earliest = EARLIEST_MS): number | null {
  if (typeof raw === 'number') return epochFromNumber(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || raw.length > 64) return null;
  const text = raw.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return epochFromNumber(text);
  // Only ISO-like strings: Date.parse's other formats differ between engines.
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(text)) return null;
  const iso = text.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  return plausible(Date.parse(iso), earliest);
}

/** An ISO-8601 string for a publication date the export states (any year from 1 to 2099), or null. */
export function isoFromDate(raw: unknown): string | null {
  const ms = epochFromDate(raw, EARLIEST_PUBLISHED_MS);
  return ms === null ? null : new Date(ms).toISOString();
}

/** Trimmed text with runs of whitespace collapsed; null when empty or not a string. */
export function cleanText(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const text = raw.replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
}

/** Text kept as written (Markdown, selections), only trimmed; null when empty. */
export function keepText(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const text = raw.trim();
  return text === '' ? null : text;
}

/** Cleaned tags, one per case-insensitive spelling (the writer's tagKey: a merge here is the merge it would make) (the first one seen wins), at most MAX_TAGS_PER_ITEM. */
export function cleanTags(raw: Iterable<unknown>): string[] {
  const byKey = new Map<string, string>();
  for (const value of raw) {
    const tag = cleanText(value);
    if (tag === null) continue;
    const key = tagKey(tag);
    if (!byKey.has(key)) byKey.set(key, tag);
    if (byKey.size >= MAX_TAGS_PER_ITEM) break;
  }
  return [...byKey.values()];
}

/** The union of two tag lists (the first list's spelling wins). */
export function unionTags(a: readonly string[], b: readonly string[]): string[] {
  return cleanTags([...a, ...b]);
}

/**
 * Spreadsheet formula injection: a cell that starts with `=`, or with `+`, `-`, `@` and goes on
 * to call something (`(`, `|` for DDE, `!` for a sheet reference), is run by Excel and LibreOffice
 * when a CSV is opened. It is harmless here, but a title kept as it is would be written back as a
 * formula by a later CSV export, so the leading signs (and tab/CR tricks) are removed. A title
 * such as "-10 °C in Oslo" or "@dril's best tweets" is left alone.
 */
const FORMULA_LEAD = /^\s*(?:=|[+\-@](?=.*[(|!]))[=+\-@\s]*/s;

/** The value with a formula's leading signs removed, and whether anything was removed. */
export function neutraliseFormula(value: string): { value: string; changed: boolean } {
  const match = FORMULA_LEAD.exec(value);
  if (!match) return { value, changed: false };
  return { value: value.slice(match[0].length), changed: true };
}

/** True when a field is longer than MAX_FIELD_CHARS. */
export function tooLong(value: unknown): boolean {
  return typeof value === 'string' && value.length > MAX_FIELD_CHARS;
}
