/**
 * The Pocket-style CSV export (`title,url,time_added,cursor,tags,status`): the columns of Pocket's
 * own CSV export, which Karakeep and other read-later services import as a Pocket file.
 */
import { unixSeconds } from './dates';
import { ChunkWriter, forEachEntry } from './output';
import type { ExportEntry, ExportOptions, ExportResult, ExportSink } from './types';

/** The header row, in Pocket's order. */
export const CSV_COLUMNS = ['title', 'url', 'time_added', 'cursor', 'tags', 'status'] as const;

/**
 * A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(…) sends data
 * away, =cmd|… ran programs in old Excel): such a cell gets a leading apostrophe (OWASP's advice),
 * which spreadsheets show as text and hide.
 */
const FORMULA_START_RE = /^[=+\-@\t\r]/;

/** A cell as written: formula-safe, then quoted per RFC 4180 when it holds a quote, comma or line break. */
export function csvCell(value: string): string {
  const safe = FORMULA_START_RE.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Pocket separates tags with "|": a "|" inside a tag becomes a space. */
export function csvTags(tags: readonly string[]): string {
  return tags
    .map((t) => t.replace(/\|/g, ' ').replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('|');
}

/** The row's cells before quoting, in CSV_COLUMNS order. */
export function csvFields(entry: ExportEntry): string[] {
  return [
    entry.article.title,
    entry.article.url,
    String(unixSeconds(entry.savedAt)),
    // Pocket's paging cursor: meaningless outside Pocket, left empty.
    '',
    csvTags(entry.tags),
    entry.archivedAt !== null ? 'archive' : 'unread',
  ];
}

/** One CSV record with its CRLF (RFC 4180's line break). */
export function csvRow(fields: readonly string[]): string {
  return `${fields.map(csvCell).join(',')}\r\n`;
}

/** Writes the CSV: a header, then one row per article. No BOM: importers would read it as part of "title". */
export async function exportCsv(
  entries: AsyncIterable<ExportEntry> | Iterable<ExportEntry>,
  sink: ExportSink,
  options: ExportOptions = {},
): Promise<ExportResult> {
  const out = new ChunkWriter(sink);
  await out.text(csvRow(CSV_COLUMNS));
  const count = await forEachEntry(entries, options, async (entry) => {
    await out.text(csvRow(csvFields(entry)));
  });
  await out.end();
  return { count, skipped: 0, bytes: out.bytes };
}
