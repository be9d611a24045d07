/**
 * The Netscape bookmarks export (`bookmarks.html`), the one file every browser, Raindrop,
 * Karakeep, Pinboard and Shaarli import.
 *
 * Layout: two folders, "Unread" and "Archive", each article once, its tags in TAGS="a,b".
 * Browsers import only folders (Chrome and Safari drop TAGS), so the state is a folder; a folder
 * per tag would import an article with three tags as three bookmarks. Raindrop makes the folders
 * collections and reads TAGS; Karakeep reads TAGS and ADD_DATE and makes folders lists (and
 * refuses a file that does not start with the doctype, so nothing comes before it). Every
 * bookmark is PRIVATE="1": Pinboard and Shaarli would otherwise publish a reading list.
 */
import { unixSeconds } from './dates';
import { escapeHtml } from './escape';
import { ChunkWriter, forEachEntry } from './output';
import type { ExportEntry, ExportOptions, ExportResult, ExportSink } from './types';

/** Folder names (English by default; the UI passes its translations). */
export interface BookmarkLabels {
  title: string;
  unread: string;
  archive: string;
}

/** The English folder names. */
export const DEFAULT_BOOKMARK_LABELS: BookmarkLabels = { title: 'Bookmarks', unread: 'Unread', archive: 'Archive' };

/** Options of the bookmarks exporter. */
export interface BookmarkExportOptions extends ExportOptions {
  labels?: Partial<BookmarkLabels>;
}

/** URLs a bookmark may hold: a javascript: bookmark runs in whatever page is open when clicked. */
function bookmarkUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    return ['http:', 'https:', 'file:'].includes(parsed.protocol) ? parsed.href : null;
  } catch {
    return null;
  }
}

/** TAGS is split on commas by every importer: a comma inside a tag becomes a space. */
export function bookmarkTags(tags: readonly string[]): string {
  return tags
    .map((t) => t.replace(/,/g, ' ').replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join(',');
}

/** One `<DT><A …>` line (and its `<DD>` excerpt), or null when the URL may not be a bookmark. */
export function bookmarkLine(entry: ExportEntry): string | null {
  const url = bookmarkUrl(entry.article.url);
  if (!url) return null;
  const a = entry.article;
  const tags = bookmarkTags(entry.tags);
  const attrs = [
    `HREF="${escapeHtml(url)}"`,
    `ADD_DATE="${unixSeconds(entry.savedAt)}"`,
    entry.readAt !== null || entry.archivedAt !== null ? `LAST_VISIT="${unixSeconds(entry.readAt ?? entry.archivedAt)}"` : '',
    tags ? `TAGS="${escapeHtml(tags)}"` : '',
    entry.archivedAt === null && entry.readAt === null ? 'TOREAD="1"' : '',
    'PRIVATE="1"',
  ].filter(Boolean);
  const title = (a.title.trim() || url).replace(/\s+/g, ' ');
  const excerpt = a.excerpt?.replace(/\s+/g, ' ').trim();
  return `        <DT><A ${attrs.join(' ')}>${escapeHtml(title)}</A>\n${excerpt ? `        <DD>${escapeHtml(excerpt)}\n` : ''}`;
}

function folderStart(name: string, now: number): string {
  return `    <DT><H3 ADD_DATE="${unixSeconds(now)}">${escapeHtml(name)}</H3>\n    <DL><p>\n`;
}

const FOLDER_END = '    </DL><p>\n';

/**
 * Writes the bookmarks file. Unread articles stream straight into the first folder; archived ones
 * wait (one line each, never a body) for the second.
 */
export async function exportBookmarks(
  entries: AsyncIterable<ExportEntry> | Iterable<ExportEntry>,
  sink: ExportSink,
  options: BookmarkExportOptions = {},
): Promise<ExportResult> {
  const labels = { ...DEFAULT_BOOKMARK_LABELS, ...options.labels };
  const now = options.now ?? Date.now();
  const out = new ChunkWriter(sink);
  const archived: string[] = [];
  let skipped = 0;
  await out.text(
    [
      '<!DOCTYPE NETSCAPE-Bookmark-file-1>',
      '<!-- This is an automatically generated file.',
      '     It will be read and overwritten.',
      '     DO NOT EDIT! -->',
      '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">',
      `<TITLE>${escapeHtml(labels.title)}</TITLE>`,
      `<H1>${escapeHtml(labels.title)}</H1>`,
      '<DL><p>',
      folderStart(labels.unread, now),
    ].join('\n'),
  );
  const count = await forEachEntry(entries, options, async (entry) => {
    const line = bookmarkLine(entry);
    if (line === null) skipped++;
    else if (entry.archivedAt !== null) archived.push(line);
    else await out.text(line);
  });
  await out.text(`${FOLDER_END}${folderStart(labels.archive, now)}`);
  for (const line of archived) await out.text(line);
  await out.text(`${FOLDER_END}</DL><p>\n`);
  await out.end();
  return { count: count - skipped, skipped, bytes: out.bytes };
}
