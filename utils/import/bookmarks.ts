/**
 * The Netscape bookmark file every browser exports (and Pinboard, Raindrop, Karakeep, wallabag…):
 * `<!DOCTYPE NETSCAPE-Bookmark-file-1>`, then nested `<DL><p>` lists in which
 * `<DT><H3>Folder</H3>` opens a folder and `<DT><A HREF ADD_DATE TAGS>` is a bookmark (ADD_DATE
 * in Unix seconds, TAGS comma-separated, Firefox's and Pinboard's). Folders become tags, except
 * the browser's own roots (the bookmarks bar, "Other bookmarks"), which every bookmark shares.
 * No bodies: every item is a link.
 */
import { checkWebUrl, cleanTags, cleanText, epochFromNumber, tooLong } from './fields';
import { htmlParserFor, tagOf } from './html';
import { ReportBuilder } from './report';
import type { ImportOptions, ImportResult } from './types';

/** True when the text starts with the Netscape bookmark file's doctype. */
export function isBookmarksFile(text: string): boolean {
  return /^\s*<!DOCTYPE\s+NETSCAPE-Bookmark-file-1\s*>/i.test(text.slice(0, 1024));
}

// The browser's root folders are where bookmarks live, not how the user sorted them.
const ROOT_FOLDER_ATTRIBUTES = ['personal_toolbar_folder', 'unfiled_bookmarks_folder'];

/** The H3 heading directly in a DT (not one in a nested list). */
function headingIn(dt: Element): Element | null {
  for (const child of Array.from(dt.children)) if (tagOf(child) === 'H3') return child;
  return null;
}

/** The heading that ends `el` (an H3, a DT holding one, or a `<p>` wrapper around either), or null. */
function headingAtEnd(el: Element | null): Element | null {
  if (!el) return null;
  const tag = tagOf(el);
  if (tag === 'H3') return el;
  // A DT that already holds its own list is a folder of its own, not the heading of a later list.
  if (tag === 'DT') return el.querySelector('dl') ? null : headingIn(el);
  if (tag === 'P') return headingAtEnd(el.lastElementChild);
  return null;
}

/**
 * The folder heading of a DL. Browsers nest `<DT><H3/><DL/>` (the list inside the DT); other
 * parsers (happy-dom) leave `<p>` wrappers between them, and some files close the DT before the DL.
 */
function headingOf(dl: Element): Element | null {
  let up = dl.parentElement;
  while (up && tagOf(up) === 'P') up = up.parentElement;
  if (up && tagOf(up) === 'DT') return headingIn(up);
  return headingAtEnd(dl.previousElementSibling);
}

/** The folder names from the outermost to the bookmark's own, the browser's roots left out. */
function foldersOf(a: Element): string[] {
  const folders: string[] = [];
  for (let el = a.parentElement; el; el = el.parentElement) {
    if (tagOf(el) !== 'DL') continue;
    const heading = headingOf(el);
    if (!heading || ROOT_FOLDER_ATTRIBUTES.some((name) => heading.hasAttribute(name))) continue;
    const name = cleanText(heading.textContent);
    if (name !== null) folders.unshift(name);
  }
  return folders;
}

/** Parses a Netscape bookmark file; each link is one item, in file order. */
export function parseBookmarksHtml(html: string, options?: ImportOptions): ImportResult {
  const parser = htmlParserFor(options);
  if (!parser.ok) return parser;
  const doc = parser.parse(html);
  const report = new ReportBuilder('bookmarks-html', 'bookmarks');
  const links = Array.from(doc.querySelectorAll('a'));
  report.expect(links.length);
  let row = 0;
  for (const a of links) {
    if (report.full) break;
    row++;
    const title = a.textContent ?? '';
    const tags = a.getAttribute('tags') ?? '';
    if (tooLong(title) || tooLong(tags)) {
      report.skip(row, 'A field is longer than 1 MB.');
      continue;
    }
    // A bookmarklet or a place: URL is a bookmark, not an article; say so rather than import it.
    const url = checkWebUrl(a.getAttribute('href'));
    if (!url.ok) {
      report.skip(row, url.reason);
      continue;
    }
    report.add(row, {
      url: url.url,
      title: cleanText(title),
      savedAt: epochFromNumber(a.getAttribute('add_date')),
      tags: cleanTags([...foldersOf(a), ...tags.split(',')]),
    });
  }
  return report.finish('This bookmark file holds no bookmarks.');
}
