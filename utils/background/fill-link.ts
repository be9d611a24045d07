/**
 * A saved link gets its article when the user reads its page: after a tab reads as an article
 * (the whole page, not a selection), a saved record holding only that page's link (an import from
 * Pocket, Instapaper, bookmarks…) is given the article, through the writer. No permission beyond
 * the reader's own: the page is read because the user invoked the reader on it.
 */
import type { LibraryWriter } from '../library/writer';
import type { ReadMode, TabReadResult } from '../model/messaging';

/** Fills a saved link from what reading the tab gave, then passes the result on unchanged. */
export async function fillSavedLink(writer: Pick<LibraryWriter, 'fillLinkArticle'>, result: TabReadResult, mode: ReadMode): Promise<TabReadResult> {
  if (result.status !== 'article' || mode === 'selection') return result;
  const filled = await writer.fillLinkArticle(result.article);
  if (!filled.ok) console.warn('The saved link could not get its article:', filled.message);
  return result;
}
