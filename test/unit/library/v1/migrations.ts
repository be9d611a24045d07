// Frozen copy of utils/library/migrations.ts at 05a29fe, the last schema-1 code: the migration tests build
// their schema-1 libraries with it, exactly as that version wrote them. Do not update it.
/**
 * Upgrades of the stored library, in the project's one convention (utils/model/migrations.ts):
 * keyed by the version each step produces. Version 1 is the first stored shape, so there is
 * nothing to upgrade yet; version 2 adds `2: (v1) => v2` to both maps and a test that starts
 * from a version-1 library.
 */
import { runMigrations, type MigrationMap } from '../../../../utils/model/migrations';

/** Steps for the index and for the per-article records, keyed by the version they produce. */
export const LIBRARY_MIGRATIONS: { index: MigrationMap; record: MigrationMap } = { index: {}, record: {} };

/** Upgrades a stored index or record from version `from` to `to`; null when a step is missing. */
export function migrate(kind: 'index' | 'record', data: unknown, from: number, to: number): unknown | null {
  return runMigrations(data, from, to, LIBRARY_MIGRATIONS[kind]);
}
