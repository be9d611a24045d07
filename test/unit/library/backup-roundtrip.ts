/**
 * What the backup round-trip tests share: a snapshot of everything a library is (records, entries,
 * the kept count, reading positions, settings), the export of a backup through the Export
 * button's own module, and a restore through the real protocol into a fresh library.
 */
import { IDBFactory } from 'fake-indexeddb';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { blobSink, exportBackup, exportToBlob } from '../../../utils/export/library-export';
import { readExportRecords } from '../../../utils/library/export-source';
import { parseBackupJson, parseBackupZip } from '../../../utils/import/backup';
import type { ImportResult } from '../../../utils/import/types';
import { backupFromReport, restoreBackup, type RestoreOutcome } from '../../../utils/library/restore-backup';
import { META_KEY } from '../../../utils/library/db';
import { readLibrary } from '../../../utils/library/store';
import { createLibraryWriter } from '../../../utils/library/writer';
import { dispatch, type Handlers } from '../../../utils/model/messaging';
import { loadSettings } from '../../../utils/settings/settings';
import { libraryDb, libraryHandlers } from '../support/library';

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Everything a library is, in a comparable form. */
export async function librarySnapshot() {
  const db = await libraryDb();
  const all = (await db.getAll('records')) as Array<{ id: string; deletedAt: number | null }>;
  const records = all.filter((r) => r.deletedAt === null).sort(byId);
  const entries = ((await db.getAll('entries')) as Array<{ id: string; deletedAt: number | null }>).filter((e) => e.deletedAt === null).sort(byId);
  const meta = (await db.get('meta', META_KEY)) as { recordCount: number } | undefined;
  const stored = await fakeBrowser.storage.local.get(null);
  const visible = new Set(records.map((r) => r.id));
  const positions = Object.fromEntries(
    Object.entries(stored)
      .filter(([key]) => key.startsWith('position:saved:') && visible.has(key.slice('position:saved:'.length)))
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  // The kept count covers pending deletes too (a backup leaves those out): compared without them.
  const visibleCount = (meta?.recordCount ?? 0) - (all.length - records.length);
  return { records, entries, visibleCount, positions, settings: await loadSettings() };
}

/** A backup of the whole visible library, as the Export button writes it, as text. */
export async function exportBackupText(now = 1_700_000_000_000): Promise<string> {
  const ids = (await readLibrary()).entries.map((e) => e.id);
  const { blob, count } = await exportToBlob('backup', ids, {
    settings: await loadSettings(),
    now,
    read: (list, onSkip) => readExportRecords(list, { onSkip }),
  });
  if (count !== ids.length) throw new Error(`exported ${count} of ${ids.length}`);
  return blob.text();
}

/** A backup of the whole visible library as a zip of parts of `partArticles` articles (what a large library gets), as bytes. */
export async function exportBackupParts(partArticles: number, now = 1_700_000_000_000): Promise<Uint8Array> {
  const ids = (await readLibrary()).entries.map((e) => e.id);
  const { sink, blob } = blobSink('application/zip');
  const result = await exportBackup(readExportRecords(ids), sink, { settings: await loadSettings(), now, parts: { partArticles } });
  if (result.count !== ids.length) throw new Error(`exported ${result.count} of ${ids.length}`);
  return new Uint8Array(await blob().arrayBuffer());
}

/** Empties everything: a new IndexedDB and empty extension storage. */
export function wipe(): void {
  globalThis.indexedDB = new IDBFactory();
  fakeBrowser.reset();
}

/**
 * Restores a backup's text into the current library: parsed by the importer's parser, sent batch by
 * batch through the real message schema (as JSON, the way Chrome carries a message) to a real writer.
 */
export async function restoreText(text: string, batchSize?: number): Promise<RestoreOutcome> {
  return restoreParsed(parseBackupJson(text), batchSize);
}

/** Restores a backup zip of parts, as restoreText does a backup's text. */
export async function restoreParts(bytes: Uint8Array, batchSize?: number): Promise<RestoreOutcome> {
  return restoreParsed(parseBackupZip(bytes), batchSize);
}

async function restoreParsed(parsed: ImportResult, batchSize?: number): Promise<RestoreOutcome> {
  if (!parsed.ok) throw new Error(parsed.error.message);
  const writer = createLibraryWriter();
  const handlers = { readTab: () => Promise.reject(new Error('not here')), ...libraryHandlers(writer) } satisfies Handlers;
  const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
  return restoreBackup(backupFromReport(parsed.report), {
    batchSize,
    send: async (items) => {
      const response = wire(await dispatch(handlers, wire({ type: 'restoreBackup', payload: { items } }), {}));
      if (typeof response === 'object' && response !== null && 'protocolError' in response) throw new Error(String(response.protocolError));
      return response as never;
    },
  });
}
