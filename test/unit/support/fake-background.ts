import { vi } from 'vitest';
import { createLibraryWriter, type LibraryWriter } from '../../../utils/library/writer';
import { dispatch, type Handlers } from '../../../utils/model/messaging';
import type { StoreDeps } from '../../../utils/ui/reader-store';

/**
 * The background as the stores reach it: requests go through the real protocol (validated by
 * `dispatch`, refused requests throw as `sendMessage` does) to the real library writer on the
 * fake browser's storage; only reading a tab is scripted by each test.
 */
export function fakeBackground() {
  let n = 0;
  const writer: LibraryWriter = createLibraryWriter({ newId: () => `id-${++n}` });
  const readTab = vi.fn<Handlers['readTab']>(async () => ({ status: 'error', message: 'no reading scripted' }));
  const handlers: Handlers = {
    readTab,
    saveArticle: ({ article }) => writer.save(article),
    deleteArticle: ({ id }) => writer.remove(id),
    restoreArticle: ({ id }) => writer.restore(id),
    setArticleRead: ({ id, read }) => writer.setRead(id, read),
    deleteArticles: ({ ids }) => writer.removeMany(ids),
    restoreArticles: ({ ids }) => writer.restoreMany(ids),
    setArticlesRead: ({ ids, read }) => writer.setReadMany(ids, read),
    setArticlesArchived: ({ ids, archived }) => writer.setArchived(ids, archived),
    setArticlesFavourite: ({ ids, favourite }) => writer.setFavourite(ids, favourite),
    addTags: ({ ids, tags }) => writer.addTags(ids, tags),
    removeTags: ({ ids, tags }) => writer.removeTags(ids, tags),
    renameTag: ({ from, to }) => writer.renameTag(from, to),
    deleteTag: ({ tag }) => writer.deleteTag(tag),
  };
  const requests: string[] = [];
  const send: StoreDeps['send'] = async (type, payload) => {
    requests.push(type);
    const response = await dispatch(handlers, { type, payload }, {});
    if (typeof response === 'object' && response !== null && 'protocolError' in response) throw new Error(String(response.protocolError));
    return response as never;
  };
  return { writer, readTab, handlers, send, requests };
}
