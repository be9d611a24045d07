/**
 * Reading saved articles for an export or a backup: the full records of a list of ids, in that
 * order, a batch per short read-only transaction, each batch with its reading positions, and the
 * next batch read while the current one is being converted. Memory holds two batches, never the
 * library; a save or a change made meanwhile is never held up (no long transaction).
 */
import * as v from 'valibot';
import { hasStores, inTransaction, issueAll, openLibraryDb } from './db';
import { IMAGE_STORES } from './image-db';
import { ImageSetSchema } from './images';
import { parseRecord, type StoredRecord } from './schema';
import { loadSavedPositions } from '../reading/position';
import type { ReadingPosition } from '../reading/progress';

/** One saved article as an export reads it. */
export interface ExportRecord {
  record: StoredRecord;
  position: ReadingPosition | null;
  /**
   * The URLs of its stored images (imageSets), read in the same transaction: an export asks for
   * the bytes of these only, instead of a read per image of every article. Absent: none known.
   */
  storedImages?: ReadonlySet<string>;
}

/** Records per read: about 2–6 MB of bodies, a few milliseconds of IndexedDB. */
export const EXPORT_READ_BATCH = 100;

/** Options of readExportRecords. */
export interface ReadExportOptions {
  batchSize?: number;
  /** Hears each id that is not exported: deleted since the list was shown, or unreadable. */
  onSkip?: (id: string) => void;
}

async function readBatch(ids: readonly string[], onSkip: (id: string) => void): Promise<ExportRecord[]> {
  const { db } = await openLibraryDb();
  if (!hasStores(db, 'records')) {
    ids.forEach(onSkip);
    return [];
  }
  const images = hasStores(db, ...IMAGE_STORES);
  const [[raws, sets], positions] = await Promise.all([
    images
      ? inTransaction(db, ['records', 'imageSets'], 'readonly', (tx) =>
          Promise.all([
            issueAll(ids.map((id) => () => tx.objectStore('records').get(id))),
            issueAll(ids.map((id) => () => tx.objectStore('imageSets').get(id))),
          ]),
        )
      : inTransaction(db, ['records'], 'readonly', async (tx) => [await issueAll(ids.map((id) => () => tx.objectStore('records').get(id))), []] as const),
    loadSavedPositions(ids),
  ]);
  const out: ExportRecord[] = [];
  raws.forEach((raw, i) => {
    const id = ids[i]!;
    const parsed = parseRecord(raw);
    if (!parsed.ok || parsed.record.deletedAt !== null) return onSkip(id);
    const set = v.safeParse(ImageSetSchema, sets[i]);
    const kept = set.success && set.output.articleId === id && set.output.kept.length > 0 ? new Set(set.output.kept) : undefined;
    out.push({ record: parsed.record, position: positions.get(id) ?? null, ...(kept ? { storedImages: kept } : {}) });
  });
  return out;
}

/** The records of `ids`, in order; ids deleted meanwhile or unreadable are skipped (and reported to onSkip). */
export async function* readExportRecords(ids: readonly string[], options: ReadExportOptions = {}): AsyncGenerator<ExportRecord> {
  const size = Math.max(1, Math.floor(options.batchSize ?? EXPORT_READ_BATCH));
  const onSkip = options.onSkip ?? (() => undefined);
  const read = (from: number): Promise<ExportRecord[]> | null => (from < ids.length ? readBatch(ids.slice(from, from + size), onSkip) : null);
  let pending = read(0);
  for (let from = 0; pending; from += size) {
    const batch = await pending;
    // The next batch is on its way while this one is converted.
    pending = read(from + size);
    // Observed now: if the consumer stops early, a failed read ahead is not an unhandled rejection.
    pending?.catch(() => undefined);
    yield* batch;
  }
}
