/**
 * wallabag's JSON export (Export → JSON, and the file its own "wallabag v2" importer reads): an
 * array of entries `{ id, title, url, is_archived, is_starred, content, created_at, updated_at,
 * mimetype, language, reading_time, domain_name, preview_picture, published_by, tags,
 * annotations… }`. Flags are booleans (0/1 in older exports), dates ISO-8601 with "+0200"
 * offsets, tags label strings (objects with a `label` through the API), annotations
 * `{ quote, text }`.
 */
import * as v from 'valibot';
import { importError } from './errors';
import { checkWebUrl, cleanTags, cleanText, epochFromDate, isoFromDate, keepText, optionalWebUrl, tooLong } from './fields';
import { hostileKeysWarning, parseJsonSafely } from './json';
import { MAX_CONTENT_CHARS } from './limits';
import { ReportBuilder, listRows } from './report';
import type { ImportResult } from './types';

const optionalText = v.optional(v.nullable(v.string()), null);
const optionalFlag = v.optional(v.nullable(v.union([v.boolean(), v.number(), v.string()])), null);
const optionalDate = v.optional(v.nullable(v.union([v.string(), v.number()])), null);

/** Runtime shape of one wallabag entry; only `url` is required. */
export const WallabagEntrySchema = v.object({
  title: optionalText,
  url: v.string(),
  is_archived: optionalFlag,
  is_starred: optionalFlag,
  content: optionalText,
  created_at: optionalDate,
  published_at: optionalDate,
  language: optionalText,
  preview_picture: optionalText,
  published_by: v.optional(v.nullable(v.union([v.string(), v.array(v.string())])), null),
  tags: v.optional(v.nullable(v.array(v.union([v.string(), v.object({ label: v.string() })]))), null),
  annotations: v.optional(v.nullable(v.array(v.object({ quote: optionalText, text: optionalText }))), null),
});

type WallabagEntry = v.InferOutput<typeof WallabagEntrySchema>;

function flag(value: WallabagEntry['is_archived']): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}

/** The annotations as Markdown: each quote, then its note. */
function annotationsMarkdown(list: WallabagEntry['annotations']): string | null {
  const parts = (list ?? []).flatMap(({ quote, text }) => {
    const q = keepText(quote);
    const note = keepText(text);
    if (q === null && note === null) return [];
    return [[q && `> ${q.replace(/\n/g, '\n> ')}`, note].filter((s) => s !== null).join('\n\n')];
  });
  return parts.length > 0 ? parts.join('\n\n') : null;
}

/** Parses a wallabag JSON export. */
export function parseWallabagJson(text: string): ImportResult {
  const json = parseJsonSafely(text);
  if (!json.ok) return { ok: false, error: importError('bad-json', `This wallabag export is not valid JSON (${json.message}); it may be cut short.`) };
  if (!Array.isArray(json.value)) return { ok: false, error: importError('bad-shape', 'This JSON is not a list of wallabag entries.') };
  const report = new ReportBuilder('wallabag-json', 'wallabag');
  if (json.droppedKeys > 0) report.warn(hostileKeysWarning(json.droppedKeys));
  report.expect(json.value.length);
  const longBodies: number[] = [];
  json.value.forEach((raw: unknown, index) => {
    if (report.full) return;
    const row = index + 1;
    const parsed = v.safeParse(WallabagEntrySchema, raw);
    if (!parsed.success) {
      const path = parsed.issues[0]?.path?.map((p) => String(p.key)).join('.');
      report.skip(row, path ? `Its field “${path}” is not what wallabag writes.` : 'It is not a wallabag entry.');
      return;
    }
    const entry = parsed.output;
    if ([entry.title, entry.language, entry.preview_picture].some(tooLong)) {
      report.skip(row, 'A field is longer than 1 MB.');
      return;
    }
    const url = checkWebUrl(entry.url);
    if (!url.ok) {
      report.skip(row, url.reason);
      return;
    }
    let contentHtml = keepText(entry.content);
    if (contentHtml !== null && contentHtml.length > MAX_CONTENT_CHARS) {
      contentHtml = null;
      longBodies.push(row);
    }
    const byline = Array.isArray(entry.published_by) ? entry.published_by.join(', ') : entry.published_by;
    report.add(row, {
      url: url.url,
      title: cleanText(entry.title),
      savedAt: epochFromDate(entry.created_at),
      tags: cleanTags((entry.tags ?? []).map((tag) => (typeof tag === 'string' ? tag : tag.label))),
      status: flag(entry.is_archived) ? 'archived' : 'unread',
      favourite: flag(entry.is_starred),
      contentHtml,
      highlights: annotationsMarkdown(entry.annotations),
      byline: tooLong(byline) ? null : cleanText(byline),
      leadImageUrl: optionalWebUrl(entry.preview_picture),
      publishedTime: isoFromDate(entry.published_at),
      lang: cleanText(entry.language),
    });
  });
  if (longBodies.length > 0)
    report.warn(
      `${longBodies.length} article ${longBodies.length === 1 ? 'body was' : 'bodies were'} larger than 5 MB and imported as links (entries ${listRows(longBodies)}).`,
    );
  return report.finish('This wallabag export holds no entries.');
}
