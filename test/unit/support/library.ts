/** What tests of the library and of its callers share: the background's library handlers, a full disk. */
import { vi } from 'vitest';
import { createImportRunner, type ImportRunner } from '../../../utils/background/import-runner';
import { openLibraryDb } from '../../../utils/library/db';
import { createLibraryWriter, type LibraryWriter, type WriterOptions } from '../../../utils/library/writer';
import { handleMessages, type Handlers } from '../../../utils/model/messaging';

/** Every library message routed to `writer`, as entrypoints/background.ts wires them. */
export function libraryHandlers(writer: LibraryWriter): Omit<Handlers, 'readTab'> {
  return {
    saveArticle: ({ article }) => writer.save(article),
    deleteArticle: ({ id }) => writer.remove(id),
    restoreArticle: ({ id }) => writer.restore(id),
    setArticleRead: ({ id, read }) => writer.setRead(id, read),
    deleteArticles: ({ ids }) => writer.deleteArticles(ids),
    restoreArticles: ({ ids }) => writer.restoreArticles(ids),
    setArticlesRead: ({ ids, read }) => writer.setArticlesRead(ids, read),
    setArticlesArchived: ({ ids, archived }) => writer.setArticlesArchived(ids, archived),
    setArticlesFavourite: ({ ids, favourite }) => writer.setArticlesFavourite(ids, favourite),
    addTags: ({ ids, tags }) => writer.addTags(ids, tags),
    removeTags: ({ ids, tags }) => writer.removeTags(ids, tags),
    renameTag: ({ from, to }) => writer.renameTag(from, to),
    deleteTag: ({ tag }) => writer.deleteTag(tag),
    prepareLibrary: ({ repair }) => writer.prepare({ repair }),
    restoreBackup: ({ items }) => writer.restoreRecords(items),
    keepArticleImages: () => Promise.resolve({ ok: false, error: 'storage', message: 'not in these tests' }),
    linkFetch: () => Promise.resolve({ ok: false, error: 'storage', message: 'not in these tests' }),
    retryLinkFetch: () => Promise.resolve({ ok: false, error: 'storage', message: 'not in these tests' }),
    ...importHandlers(createImportRunner(writer)),
  };
}

/** The import messages routed to a runner, as entrypoints/background.ts wires them. */
export function importHandlers(runner: ImportRunner): Pick<Handlers, 'commitImport' | 'cancelImport' | 'dismissImport' | 'resumeImports'> {
  return {
    commitImport: ({ jobId }) => runner.commit(jobId),
    cancelImport: ({ jobId }) => runner.cancel(jobId),
    dismissImport: ({ jobId }) => runner.dismiss(jobId),
    resumeImports: () => runner.resume(),
  };
}

/**
 * Makes every IndexedDB write fail as a full disk does (QuotaExceededError on the request, which
 * aborts its transaction) until the returned spy is restored.
 */
export function libraryStorageFull() {
  const full = () => {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  };
  const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(full);
  const del = vi.spyOn(IDBObjectStore.prototype, 'delete').mockImplementation(full);
  return {
    mockRestore() {
      put.mockRestore();
      del.mockRestore();
    },
  };
}

/** A writer answering the library messages, as the background does (the pages' requests reach it). */
export function libraryBackground(options: WriterOptions = {}): LibraryWriter {
  const writer = createLibraryWriter(options);
  handleMessages({ readTab: async () => ({ status: 'error', message: 'not in these tests' }), ...libraryHandlers(writer) });
  return writer;
}

/** The library's database as the code opened it, for a test to look into or damage. */
export async function libraryDb() {
  return (await openLibraryDb()).db;
}

/** A test clock. */
export function clock(start = 1_700_000_000_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

/** Ids id-1, id-2… */
export function ids() {
  let n = 0;
  return () => `id-${++n}`;
}
