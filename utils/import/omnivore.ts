/**
 * Omnivore's export zip (its export job, until the service closed in November 2024):
 * `metadata_<from>_to_<to>.json` files, each a JSON array of
 * `{ id, slug, title, description, author, url, state, readingProgress, thumbnail, labels,
 * savedAt, updatedAt, publishedAt }` (state SUCCEEDED, ARCHIVED…, readingProgress 0–100, dates
 * ISO-8601); `content/<slug>.html`, the readable body; `highlights/<slug>.md`, one quote per
 * highlight with its note. The body becomes contentHtml (untrusted), labels become tags, and the
 * archived state and the progress are kept.
 */
import * as v from 'valibot';
import { importError, wrongFormat } from './errors';
import { checkWebUrl, cleanTags, cleanText, epochFromDate, isoFromDate, keepText, optionalWebUrl, tooLong } from './fields';
import { hostileKeysWarning, parseJsonSafely } from './json';
import { MAX_CONTENT_CHARS } from './limits';
import { ReportBuilder, listRows } from './report';
import { LOSSY_WARNING, decodeUtf8 } from './text';
import { readZip } from './zip';
import type { ImportResult } from './types';

/** A metadata file's name inside the export zip. */
export const OMNIVORE_METADATA = /(?:^|\/)metadata(?:_(\d+)_to_\d+)?\.json$/i;
const CONTENT = /(?:^|\/)content\/(.+)\.html$/i;
const HIGHLIGHTS = /(?:^|\/)highlights\/(.+)\.md$/i;
const EMPTY = 'This Omnivore export holds no saved items.';

const optionalText = v.optional(v.nullable(v.string()), null);
const optionalDate = v.optional(v.nullable(v.union([v.string(), v.number()])), null);

/** Runtime shape of one metadata entry; only `url` is required, other fields may be null. */
export const OmnivoreEntrySchema = v.object({
  id: optionalText,
  slug: optionalText,
  title: optionalText,
  description: optionalText,
  author: optionalText,
  url: v.string(),
  state: optionalText,
  readingProgress: v.optional(v.nullable(v.number()), null),
  thumbnail: optionalText,
  // Label names; an older shape had label objects.
  labels: v.optional(v.nullable(v.array(v.union([v.string(), v.object({ name: v.string() })]))), null),
  savedAt: optionalDate,
  updatedAt: optionalDate,
  publishedAt: optionalDate,
});

/** Bodies and highlights by slug, when the export has them. */
interface Attachments {
  content: ReadonlyMap<string, string>;
  highlights: ReadonlyMap<string, string>;
  oversized: ReadonlySet<string>;
}

const NO_ATTACHMENTS: Attachments = { content: new Map(), highlights: new Map(), oversized: new Set() };

function issueText(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  const path = issue?.path?.map((p) => String(p.key)).join('.');
  return path ? `Its field “${path}” is not what Omnivore writes (${issue!.message}).` : 'It is not an Omnivore item.';
}

function addEntries(
  report: ReportBuilder,
  entries: readonly unknown[],
  rowName: (index: number) => number | string,
  files: Attachments,
  longBodies: (number | string)[],
): void {
  entries.forEach((raw, index) => {
    if (report.full) return;
    const row = rowName(index);
    const parsed = v.safeParse(OmnivoreEntrySchema, raw);
    if (!parsed.success) {
      report.skip(row, issueText(parsed.issues));
      return;
    }
    const entry = parsed.output;
    if ([entry.title, entry.description, entry.author, entry.slug].some(tooLong)) {
      report.skip(row, 'A field is longer than 1 MB.');
      return;
    }
    const url = checkWebUrl(entry.url);
    if (!url.ok) {
      report.skip(row, url.reason);
      return;
    }
    const state = (entry.state ?? '').toUpperCase();
    if (state === 'DELETED') {
      report.skip(row, 'It was deleted in Omnivore.');
      return;
    }
    const slug = entry.slug ?? '';
    let contentHtml = files.content.get(slug) ?? null;
    if ((contentHtml !== null && contentHtml.length > MAX_CONTENT_CHARS) || files.oversized.has(slug)) {
      contentHtml = null;
      longBodies.push(row);
    }
    const progress = entry.readingProgress;
    report.add(row, {
      url: url.url,
      title: cleanText(entry.title),
      savedAt: epochFromDate(entry.savedAt),
      tags: cleanTags((entry.labels ?? []).map((label) => (typeof label === 'string' ? label : label.name))),
      status: state === 'ARCHIVED' ? 'archived' : 'unread',
      // Omnivore counts percent (its readingProgressBottomPercent); ours is a fraction.
      readingProgress: progress !== null && Number.isFinite(progress) ? Math.min(1, Math.max(0, progress / 100)) : null,
      contentHtml,
      highlights: keepText(files.highlights.get(slug)),
      excerpt: cleanText(entry.description),
      byline: cleanText(entry.author),
      leadImageUrl: optionalWebUrl(entry.thumbnail),
      publishedTime: isoFromDate(entry.publishedAt),
    });
  });
}

function longBodiesWarning(report: ReportBuilder, rows: readonly (number | string)[]): void {
  if (rows.length > 0)
    report.warn(
      `${rows.length} ${rows.length === 1 ? 'article body was' : 'article bodies were'} larger than 5 MB and ${rows.length === 1 ? 'is' : 'are'} imported as links (${listRows(rows)}).`,
    );
}

function metadataArray(text: string, name: string, report: ReportBuilder): { ok: true; entries: unknown[] } | { ok: false; result: ImportResult } {
  const json = parseJsonSafely(text);
  if (!json.ok) return { ok: false, result: { ok: false, error: importError('bad-json', `${name} is not valid JSON (${json.message}).`) } };
  if (json.droppedKeys > 0) report.warn(hostileKeysWarning(json.droppedKeys));
  if (!Array.isArray(json.value)) return { ok: false, result: { ok: false, error: importError('bad-shape', `${name} is not a list of Omnivore items.`) } };
  return { ok: true, entries: json.value };
}

/** Parses one Omnivore metadata JSON on its own: links and state, without bodies or highlights. */
export function parseOmnivoreJson(text: string): ImportResult {
  const report = new ReportBuilder('omnivore-json', 'omnivore');
  const array = metadataArray(text, 'This file', report);
  if (!array.ok) return array.result;
  addEntries(report, array.entries, (index) => index + 1, NO_ATTACHMENTS, []);
  return report.finish(EMPTY);
}

/** Parses Omnivore's export zip, bodies and highlights included. */
export function parseOmnivoreZip(bytes: Uint8Array): ImportResult {
  const zip = readZip(bytes, (name) => (OMNIVORE_METADATA.test(name) ? 'structural' : CONTENT.test(name) || HIGHLIGHTS.test(name) ? 'optional' : 'ignore'));
  if (!zip.ok) return zip;
  const report = new ReportBuilder('omnivore-zip', 'omnivore');
  const content = new Map<string, string>();
  const highlights = new Map<string, string>();
  const metadata: { name: string; from: number }[] = [];
  for (const [name, data] of zip.contents.files) {
    const meta = OMNIVORE_METADATA.exec(name);
    if (meta) {
      metadata.push({ name, from: Number(meta[1] ?? 0) });
      continue;
    }
    const decoded = decodeUtf8(data);
    // The bytes are not needed once decoded: an export with bodies is hundreds of MB.
    zip.contents.files.delete(name);
    if (decoded.lossy) report.warn(LOSSY_WARNING);
    const body = CONTENT.exec(name);
    if (body) content.set(body[1]!, decoded.text);
    const notes = HIGHLIGHTS.exec(name);
    if (notes && decoded.text.length <= MAX_CONTENT_CHARS) highlights.set(notes[1]!, decoded.text);
  }
  if (metadata.length === 0) return { ok: false, error: wrongFormat('a zip file that is not a Pocket or Omnivore export (it has no metadata_*.json)') };
  metadata.sort((a, b) => a.from - b.from || a.name.localeCompare(b.name));
  const oversized = new Set(zip.contents.oversized.map((name) => CONTENT.exec(name)?.[1]).filter((slug) => slug !== undefined));
  const files: Attachments = { content, highlights, oversized };
  const longBodies: (number | string)[] = [];
  for (const { name } of metadata) {
    const base = name.slice(name.lastIndexOf('/') + 1);
    const decoded = decodeUtf8(zip.contents.files.get(name)!);
    if (decoded.lossy) report.warn(LOSSY_WARNING);
    const array = metadataArray(decoded.text, `“${base}” in this zip`, report);
    if (!array.ok) return array.result;
    addEntries(report, array.entries, (index) => `${base} item ${index + 1}`, files, longBodies);
    if (report.full) break;
  }
  longBodiesWarning(report, longBodies);
  return report.finish(EMPTY);
}
