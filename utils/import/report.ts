/**
 * Builds an ImportReport row by row: duplicates merged on the library's canonical URL (so what is
 * one article in the library is one item here), rows skipped with their reason, warnings gathered,
 * and the item cap enforced — a file past it is refused whole.
 */
import { canonicalArticleUrl } from '../library/canonical-url';
import { formatCount, importError } from './errors';
import { unionTags } from './fields';
import { MAX_ITEMS, ROWS_LISTED_IN_WARNINGS } from './limits';
import type { BackupSettings } from './backup-schema';
import type { ImportFormat, ImportItem, ImportResult, ImportSource, MergedDuplicate, SkippedRow } from './types';

/** An item as a parser fills it in: everything but `source` and `restore` is optional. */
export type ItemDraft = Partial<Omit<ImportItem, 'url' | 'source'>> & { url: string };

/** "rows 2, 5, 9 and 4 more" */
export function listRows(rows: readonly (number | string)[]): string {
  const shown = rows.slice(0, ROWS_LISTED_IN_WARNINGS).join(', ');
  const more = rows.length - ROWS_LISTED_IN_WARNINGS;
  return more > 0 ? `${shown} and ${formatCount(more)} more` : shown;
}

/** Collects one file's items; `finish` returns the report, or a refusal when a limit was crossed. */
export class ReportBuilder {
  private readonly items: ImportItem[] = [];
  private readonly rowOf: (number | string)[] = [];
  private readonly byUrl = new Map<string, number>();
  private readonly skipped: SkippedRow[] = [];
  private readonly duplicates: MergedDuplicate[] = [];
  private readonly warnings: string[] = [];
  private readonly formulaRows: (number | string)[] = [];
  private seen = 0;
  private overflow = false;
  settings: BackupSettings | null = null;

  constructor(
    private readonly format: ImportFormat,
    private readonly source: ImportSource,
  ) {}

  /** True once more rows than MAX_ITEMS were seen: the parser can stop, `finish` refuses. */
  get full(): boolean {
    return this.overflow || this.seen > MAX_ITEMS;
  }

  /** Announces `rows` more rows (a CSV's, a JSON array's) so a file past the cap is refused before any is read. */
  expect(rows: number): void {
    if (this.seen + rows > MAX_ITEMS) this.overflow = true;
  }

  /** Adds an item, or merges it into an earlier item with the same canonical URL. */
  add(row: number | string, draft: ItemDraft): void {
    this.seen++;
    const item: ImportItem = {
      title: null,
      savedAt: null,
      tags: [],
      status: 'unread',
      favourite: false,
      readingProgress: null,
      readAt: null,
      contentHtml: null,
      highlights: null,
      excerpt: null,
      byline: null,
      leadImageUrl: null,
      publishedTime: null,
      lang: null,
      restore: null,
      ...draft,
      source: this.source,
    };
    const key = canonicalArticleUrl(item.url);
    const earlier = this.byUrl.get(key);
    if (earlier === undefined) {
      this.byUrl.set(key, this.items.length);
      this.items.push(item);
      this.rowOf.push(row);
      return;
    }
    const first = this.items[earlier]!;
    this.duplicates.push({ row, into: this.rowOf[earlier]!, url: item.url });
    this.items[earlier] = mergeItems(first, item);
  }

  /**
   * Counts an item without holding it (a backup in parts, whose records are read again when
   * restored): a repeat of an earlier item's canonical URL is listed as merged into it, as `add`
   * does. True for the first item with its URL. Not to be mixed with `add` in one report.
   */
  count(row: number | string, url: string): boolean {
    this.seen++;
    const key = canonicalArticleUrl(url);
    const earlier = this.byUrl.get(key);
    if (earlier === undefined) {
      this.byUrl.set(key, this.rowOf.length);
      this.rowOf.push(row);
      return true;
    }
    this.duplicates.push({ row, into: this.rowOf[earlier]!, url });
    return false;
  }

  /** Records a row that is not imported. */
  skip(row: number | string, reason: string): void {
    this.seen++;
    this.skipped.push({ row, reason });
  }

  /** Adds a sentence about the file as a whole. */
  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  /** Notes a row where a formula prefix was removed (one warning lists them all). */
  formula(row: number | string): void {
    if (this.formulaRows[this.formulaRows.length - 1] !== row) this.formulaRows.push(row);
  }

  /** The whole report, or a refusal (too many items; nothing at all in the file, unless `allowEmpty`). */
  finish(emptyMessage: string, allowEmpty = false): ImportResult {
    if (this.full) {
      return {
        ok: false,
        error: importError('too-many-items', `This file holds more than ${formatCount(MAX_ITEMS)} items; Reader imports at most that many at once.`),
      };
    }
    if (this.items.length === 0 && this.skipped.length === 0 && !allowEmpty) return { ok: false, error: importError('nothing-to-import', emptyMessage) };
    const warnings = [...this.warnings];
    if (this.formulaRows.length > 0) {
      warnings.push(
        `${formatCount(this.formulaRows.length)} ${this.formulaRows.length === 1 ? 'row' : 'rows'} had cells starting like spreadsheet formulas (=, +, -, @); the leading signs were removed (row ${listRows(this.formulaRows)}).`,
      );
    }
    if (this.duplicates.length > 0) {
      warnings.push(
        `${formatCount(this.duplicates.length)} ${this.duplicates.length === 1 ? 'entry repeats an address' : 'entries repeat addresses'} seen earlier in the file and ${this.duplicates.length === 1 ? 'was' : 'were'} merged into it, tags combined.`,
      );
    }
    return {
      ok: true,
      report: { format: this.format, items: this.items, skipped: this.skipped, duplicates: this.duplicates, warnings, settings: this.settings },
    };
  }
}

/** Two items for one article: the first wins, gaps are filled from the second, tags are combined. */
export function mergeItems(first: ImportItem, second: ImportItem): ImportItem {
  const tags = unionTags(first.tags, second.tags);
  return {
    ...first,
    title: first.title ?? second.title,
    savedAt: first.savedAt !== null && second.savedAt !== null ? Math.min(first.savedAt, second.savedAt) : (first.savedAt ?? second.savedAt),
    tags,
    favourite: first.favourite || second.favourite,
    readingProgress: first.readingProgress ?? second.readingProgress,
    readAt: first.readAt ?? second.readAt,
    contentHtml: first.contentHtml ?? second.contentHtml,
    highlights: first.highlights ?? second.highlights,
    excerpt: first.excerpt ?? second.excerpt,
    byline: first.byline ?? second.byline,
    leadImageUrl: first.leadImageUrl ?? second.leadImageUrl,
    publishedTime: first.publishedTime ?? second.publishedTime,
    lang: first.lang ?? second.lang,
    // A backup's record carries its own tags; they must agree with the item's.
    restore: first.restore && { ...first.restore, tags },
  };
}
