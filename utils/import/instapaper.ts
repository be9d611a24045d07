/**
 * Instapaper's CSV export: `URL,Title,Selection,Folder,Timestamp` (newer exports add `Tags`, a
 * JSON array in one cell). Folder is `Unread`, `Archive`, `Starred` or the name of a folder the
 * user made; Timestamp is Unix seconds; Selection is the text selected when the page was saved.
 * No bodies: every item is a link.
 */
import * as v from 'valibot';
import { importError } from './errors';
import { checkWebUrl, cleanTags, cleanText, epochFromNumber, keepText, neutraliseFormula } from './fields';
import { readCsv } from './csv';
import { parseJsonSafely } from './json';
import { ReportBuilder } from './report';
import type { ImportResult } from './types';

const INSTAPAPER_COLUMNS = 'URL,Title,Selection,Folder,Timestamp';
const TagList = v.array(v.string());

/** True when a CSV header has Instapaper's columns. */
export function isInstapaperHeader(header: readonly string[]): boolean {
  return ['url', 'title', 'selection', 'folder', 'timestamp'].every((name) => header.includes(name));
}

/** Tags from the Tags cell: a JSON array of names (`["a","b"]`), or a comma list from older tools. */
function tagCell(raw: string): string[] {
  const text = raw.trim();
  if (text === '') return [];
  if (text.startsWith('[')) {
    const json = parseJsonSafely(text);
    const list = json.ok ? v.safeParse(TagList, json.value) : null;
    return list?.success ? list.output : [];
  }
  return text.split(',');
}

/** Parses an Instapaper CSV export. */
export function parseInstapaperCsv(text: string): ImportResult {
  const table = readCsv(text);
  if (!isInstapaperHeader(table.header)) {
    return {
      ok: false,
      error: importError('bad-shape', `This CSV does not have Instapaper's columns (${INSTAPAPER_COLUMNS}); it has ${table.header.join(',') || 'none'}.`),
    };
  }
  const report = new ReportBuilder('instapaper-csv', 'instapaper');
  report.expect(table.rows.length);
  const cell = (row: number, raw: string | undefined): string => {
    const { value, changed } = neutraliseFormula(raw ?? '');
    if (changed) report.formula(row);
    return value;
  };
  for (const record of table.rows) {
    if (report.full) break;
    const { row } = record;
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
    const folder = cleanText(cell(row, cells.get('folder')));
    const kind = folder?.toLowerCase();
    const selection = keepText(cell(row, cells.get('selection')));
    report.add(row, {
      url: url.url,
      title: cleanText(cell(row, cells.get('title'))),
      savedAt: epochFromNumber(cells.get('timestamp')),
      // A folder the user made is how they sorted; a tag is how the library sorts.
      tags: cleanTags([
        ...tagCell(cells.get('tags') ?? '').map((tag) => cell(row, tag)),
        ...(folder && kind !== 'unread' && kind !== 'archive' && kind !== 'starred' ? [folder] : []),
      ]),
      status: kind === 'archive' ? 'archived' : 'unread',
      favourite: kind === 'starred',
      // What the user selected on the page when saving it: their own highlight of it.
      highlights: selection && `> ${selection.replace(/\n/g, '\n> ')}`,
    });
  }
  return report.finish('This Instapaper export holds no saved items.');
}
