/**
 * CSV through Papa Parse (RFC 4180 quoting, fields with commas, quotes and line breaks), read as
 * rows of strings so row numbers and column checks stay ours. Papa Parse's `header` mode is not
 * used: it builds an object per row keyed by the file's own header names, and a header cell named
 * `__proto__` would then set that object's prototype.
 */
import Papa from 'papaparse';
import { MAX_FIELD_CHARS } from './limits';

/** One data row: its number in the file (the header is row 1) and its cells by column name. */
export interface CsvRow {
  row: number;
  cells: ReadonlyMap<string, string>;
}

/** A data row that cannot be read, with the reason. */
export interface CsvProblem {
  row: number;
  reason: string;
}

/** The file's header (lower-cased, trimmed) and its data rows in file order, each read or refused. */
export interface CsvTable {
  header: string[];
  rows: (CsvRow | CsvProblem)[];
}

/** The header row alone (lower-cased and trimmed), for detecting a format without parsing the file. */
export function csvHeader(text: string): string[] {
  const firstLine =
    text
      .replace(/^\uFEFF/, '')
      .slice(0, 4096)
      .split(/\r?\n/, 1)[0] ?? '';
  const parsed = Papa.parse<string[]>(firstLine, { delimiter: ',', header: false });
  return (parsed.data[0] ?? []).map((cell) => cell.trim().toLowerCase());
}

/** Parses CSV text whose first row names the columns. */
export function readCsv(text: string): CsvTable {
  // Delimiter fixed: every format we read uses commas, and guessing turns a one-column file odd.
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { delimiter: ',', header: false, skipEmptyLines: false });
  const [headerRow = [], ...data] = parsed.data;
  const header = headerRow.map((cell) => cell.trim().toLowerCase());
  const errorsByRow = new Map<number, string>();
  for (const error of parsed.errors) {
    // Papa Parse numbers data rows from 0 including the header; MissingQuotes is a truncated file.
    if (typeof error.row === 'number' && !errorsByRow.has(error.row)) {
      errorsByRow.set(error.row, error.code === 'MissingQuotes' ? 'A quoted field is never closed (is the file cut short?).' : `${error.message}.`);
    }
  }
  const rows: (CsvRow | CsvProblem)[] = [];
  const problem = (row: number, reason: string) => rows.push({ row, reason });
  data.forEach((fields, index) => {
    const row = index + 2;
    // A blank line (often the file's last) is not a row.
    if (fields.length === 1 && fields[0]!.trim() === '') return;
    const error = errorsByRow.get(index + 1);
    if (error !== undefined) {
      problem(row, error);
      return;
    }
    if (fields.some((field) => field.length > MAX_FIELD_CHARS)) {
      problem(row, 'A field is longer than 1 MB.');
      return;
    }
    if (fields.length < header.length) {
      problem(row, `It has ${fields.length} fields where the header has ${header.length}.`);
      return;
    }
    const cells = new Map<string, string>();
    header.forEach((name, column) => {
      if (!cells.has(name)) cells.set(name, fields[column] ?? '');
    });
    rows.push({ row, cells });
  });
  return { header, rows };
}
