/**
 * "Save page for later" from the context menu: read the page without showing it, save it, and
 * say how it went on the toolbar button, since no reader view is open to say so.
 */
import { t } from '../i18n';
import type { LibraryWriter } from '../library/writer';
import { readTab } from './read-tab';
import { saveWithImages } from './save-images';
import { flashBadge } from './toolbar';

/** Reads the tab's article, saves it through the library writer and shows the outcome on the toolbar badge. */
export async function saveTabFromMenu(tabId: number, library: LibraryWriter): Promise<void> {
  const read = await readTab(tabId, 'auto');
  if (read.status !== 'article') {
    const reason = read.status === 'no-article' ? t('noArticleTitle') : read.status === 'restricted' ? t('restrictedTitle') : t('errorTitle');
    await flashBadge(tabId, 'failed', t('saveFromMenuFailed', reason));
    return;
  }
  const saved = await saveWithImages(library, read.article, tabId);
  await flashBadge(tabId, saved.ok ? 'saved' : 'failed', saved.ok ? t('savedFromMenu') : t('saveFromMenuFailed', saved.message));
}
