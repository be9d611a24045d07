/**
 * The search worker's articles, read straight from the library's IndexedDB (same origin as the
 * pages): no message to the page, and nothing here needs the extension API, which a dedicated
 * worker does not have. Reads only: the background stays the one writer.
 */
import { hasStores, inTransaction, openLibraryDb } from '../db';
import { parseEntry, parseRecord } from '../schema';
import type { SearchSource } from '../types';
import type { SourceStamp } from './index';
import type { SearchSources } from './serve';
import { highlightBlocks } from '../../model/highlights';

/** Records per read transaction: a transaction cannot stay open across the index's awaits. */
const DEFAULT_BATCH = 100;

/**
 * The text searched for an article: its body, and the user's own notes among its imported
 * highlights (the quoted passages are in the body already), so a word the user wrote finds it.
 */
function searchedText(body: string, highlights: string | undefined): string {
  if (highlights === undefined) return body;
  const notes = highlightBlocks(highlights).flatMap((b) => (b.kind === 'note' ? [b.text] : []));
  return notes.length === 0 ? body : `${body}\n${notes.join('\n')}`;
}

function toSource(raw: unknown): SearchSource | null {
  const parsed = parseRecord(raw);
  if (!parsed.ok || parsed.record.deletedAt !== null) return null;
  const { record } = parsed;
  const a = record.article;
  return {
    id: record.id,
    updatedAt: record.updatedAt,
    title: a.title,
    siteName: a.siteName,
    byline: a.byline,
    tags: record.tags,
    excerpt: a.excerpt,
    text: searchedText(a.text, record.highlights),
    lang: a.lang,
  };
}

/** SearchSources over the library database: stamps from the entries (no bodies), bodies by id, `batchSize` records per batch. */
export function librarySources(batchSize = DEFAULT_BATCH): SearchSources {
  const BATCH = Math.max(1, Math.floor(batchSize));
  return {
    async listSources(): Promise<SourceStamp[]> {
      const { db } = await openLibraryDb();
      if (!hasStores(db, 'entries')) return [];
      const all = await inTransaction(db, ['entries'], 'readonly', (tx) => tx.objectStore('entries').getAll());
      const stamps: SourceStamp[] = [];
      for (const raw of all) {
        const entry = parseEntry(raw);
        if (entry && entry.deletedAt === null) stamps.push({ id: entry.id, updatedAt: entry.updatedAt });
      }
      return stamps;
    },
    async *loadSources(ids) {
      const { db } = await openLibraryDb();
      if (!hasStores(db, 'records')) return;
      if (ids === null || ids === undefined) {
        let after: string | null = null;
        for (;;) {
          const from: string | null = after;
          const { docs, last, more } = await inTransaction(db, ['records'], 'readonly', async (tx) => {
            const out: SearchSource[] = [];
            let lastKey: string | null = null;
            let cursor = await tx.objectStore('records').openCursor(from === null ? null : IDBKeyRange.lowerBound(from, true));
            for (let read = 0; cursor && read < BATCH; read++) {
              lastKey = cursor.key;
              const doc = toSource(cursor.value);
              if (doc) out.push(doc);
              cursor = await cursor.continue();
            }
            return { docs: out, last: lastKey, more: cursor !== null };
          });
          if (docs.length > 0) yield docs;
          if (!more || last === null) return;
          after = last;
        }
      }
      for (let i = 0; i < ids.length; i += BATCH) {
        const slice = ids.slice(i, i + BATCH);
        const docs = await inTransaction(db, ['records'], 'readonly', async (tx) => {
          const store = tx.objectStore('records');
          const raws = await Promise.all(slice.map((id) => store.get(id)));
          return raws.map(toSource).filter((d): d is SearchSource => d !== null);
        });
        if (docs.length > 0) yield docs;
      }
    },
  };
}
