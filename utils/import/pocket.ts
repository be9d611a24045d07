/**
 * Pocket's exports. Since 2024 Pocket e-mailed a zip of CSV files, `part_000000.csv`,
 * `part_000001.csv`… (at most 10,000 rows each), with the columns `title,url,time_added,cursor,
 * tags,status` (earlier files lack `cursor`): `time_added` in Unix seconds, tags separated by `|`,
 * status `unread` or `archive`. Before that, `ril_export.html`: an "Unread" and a "Read Archive"
 * heading, each followed by a list of `<a href time_added tags>` links (tags separated by commas).
 * Pocket exports hold no article bodies: every item is a link.
 */
import { importError, wrongFormat } from './errors';
import { checkWebUrl, cleanTags, cleanText, epochFromNumber, neutraliseFormula, tooLong } from './fields';
import { readCsv, type CsvTable } from './csv';
import { htmlParserFor } from './html';
import { ReportBuilder } from './report';
import { LOSSY_WARNING, decodeUtf8 } from './text';
import { readZip } from './zip';
import type { ImportOptions, ImportResult } from './types';

/** A Pocket CSV part's name inside the export zip. */
export const POCKET_PART = /(?:^|\/)part_(\d+)\.csv$/i;

const POCKET_COLUMNS = 'title,url,time_added,cursor,tags,status';
const EMPTY = 'This Pocket export holds no saved items.';

/** True when a CSV header has Pocket's columns (title, url and time_added at least). */
export function isPocketHeader(header: readonly string[]): boolean {
  return header.includes('url') && header.includes('title') && header.includes('time_added');
}

/** A formula-neutralised, cleaned cell; notes the row when a prefix was removed. */
function cell(report: ReportBuilder, row: string | number, raw: string): string {
  const { value, changed } = neutraliseFormula(raw);
  if (changed) report.formula(row);
  return value;
}

function addRows(report: ReportBuilder, table: CsvTable, rowName: (row: number) => number | string): void {
  report.expect(table.rows.length);
  for (const record of table.rows) {
    if (report.full) return;
    const row = rowName(record.row);
    if ('reason' in record) {
      report.skip(row, record.reason);
      continue;
    }
    const { cells } = record;
    const url = checkWebUrl(cells.get('url'));
    if (!url.ok) {
      report.skip(row, url.reason);
      continue;
    }
    const status = (cells.get('status') ?? '').trim().toLowerCase();
    report.add(row, {
      url: url.url,
      title: cleanText(cell(report, row, cells.get('title') ?? '')),
      savedAt: epochFromNumber(cells.get('time_added')),
      tags: cleanTags((cells.get('tags') ?? '').split('|').map((tag) => cell(report, row, tag))),
      status: status === 'archive' || status === 'archived' || status === 'read' ? 'archived' : 'unread',
    });
  }
}

function checkHeader(table: CsvTable, name: string): ImportResult | null {
  if (isPocketHeader(table.header)) return null;
  return {
    ok: false,
    error: importError('bad-shape', `${name} does not have Pocket's columns (${POCKET_COLUMNS}); it has ${table.header.join(',') || 'none'}.`),
  };
}

/** Parses one Pocket CSV (a part on its own, or a bare export). */
export function parsePocketCsv(text: string): ImportResult {
  const table = readCsv(text);
  const bad = checkHeader(table, 'This CSV');
  if (bad) return bad;
  const report = new ReportBuilder('pocket-csv', 'pocket');
  addRows(report, table, (row) => row);
  return report.finish(EMPTY);
}

/** Parses Pocket's export zip: every `part_NNNNNN.csv` in order, rows named "part_000001.csv row 17". */
export function parsePocketZip(bytes: Uint8Array): ImportResult {
  const zip = readZip(bytes, (name) => (POCKET_PART.test(name) ? 'structural' : 'ignore'));
  if (!zip.ok) return zip;
  const parts = [...zip.contents.files.keys()].sort((a, b) => Number(POCKET_PART.exec(a)?.[1]) - Number(POCKET_PART.exec(b)?.[1]) || a.localeCompare(b));
  if (parts.length === 0) return { ok: false, error: wrongFormat('a zip file that is not a Pocket or Omnivore export (it has no part_000000.csv)') };
  const report = new ReportBuilder('pocket-zip', 'pocket');
  for (const name of parts) {
    const decoded = decodeUtf8(zip.contents.files.get(name)!);
    if (decoded.lossy) report.warn(LOSSY_WARNING);
    const table = readCsv(decoded.text);
    const base = name.slice(name.lastIndexOf('/') + 1);
    const bad = checkHeader(table, `“${base}” in this zip`);
    if (bad) return bad;
    addRows(report, table, (row) => `${base} row ${row}`);
    if (report.full) break;
  }
  return report.finish(EMPTY);
}

/** Parses the classic `ril_export.html`: links under "Unread" stay unread, under "Read Archive" are archived. */
export function parsePocketHtml(html: string, options?: ImportOptions): ImportResult {
  const parser = htmlParserFor(options);
  if (!parser.ok) return parser;
  const doc = parser.parse(html);
  const report = new ReportBuilder('pocket-html', 'pocket');
  const elements = Array.from(doc.querySelectorAll('h1, a'));
  report.expect(elements.length - doc.querySelectorAll('h1').length);
  let archived = false;
  let row = 0;
  // Document order: each link belongs to the last heading before it, however the lists nest.
  for (const el of elements) {
    if (el.tagName.toUpperCase() === 'H1') {
      archived = /archive|read/i.test(el.textContent ?? '') && !/unread/i.test(el.textContent ?? '');
      continue;
    }
    if (report.full) break;
    row++;
    const title = el.textContent ?? '';
    const tags = el.getAttribute('tags') ?? '';
    if (tooLong(title) || tooLong(tags)) {
      report.skip(row, 'A field is longer than 1 MB.');
      continue;
    }
    const url = checkWebUrl(el.getAttribute('href'));
    if (!url.ok) {
      report.skip(row, url.reason);
      continue;
    }
    report.add(row, {
      url: url.url,
      title: cleanText(title),
      savedAt: epochFromNumber(el.getAttribute('time_added')),
      tags: cleanTags(tags.split(',')),
      status: archived ? 'archived' : 'unread',
    });
  }
  return report.finish(EMPTY);
}
