/**
 * Upgrades of the stored library records, in the project's one convention
 * (utils/model/migrations.ts): keyed by the version each step produces. Only records are
 * migrated: list entries are derived from them (schema.ts `entryFor`) and rebuilt, never upgraded.
 * Moving schema 1 out of storage.local into IndexedDB is migrate-v1.ts; it runs step 2 per record.
 */
import { runMigrations, type MigrationMap } from '../model/migrations';

type Obj = Record<string, unknown>;
const isObject = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const numberOrNull = (x: unknown): number | null => (typeof x === 'number' ? x : null);

/**
 * 1 → 2: a record gains the state that was in the index or did not exist (its delete mark,
 * archive, favourite, tags) and `updatedAt`. The delete mark lived only in the schema-1 index:
 * migrate-v1.ts lays it over the result.
 */
function recordV1toV2(old: unknown): unknown {
  if (!isObject(old)) return old;
  const savedAt = old.savedAt;
  const readAt = numberOrNull(old.readAt);
  return {
    ...old,
    schemaVersion: 2,
    readAt,
    deletedAt: null,
    archivedAt: null,
    favourite: false,
    tags: [],
    updatedAt: typeof savedAt === 'number' ? Math.max(savedAt, readAt ?? 0) : savedAt,
  };
}

/**
 * 2 → 3: a record says whether it holds the article or only a link (`content`). Every record
 * before schema 3 was saved from a page the reader extracted: an article.
 */
function recordV2toV3(old: unknown): unknown {
  if (!isObject(old)) return old;
  return { ...old, schemaVersion: 3, content: 'article' };
}

/**
 * 3 → 4: a record may hold the highlights and notes an import brought (`highlights`). No record
 * before schema 4 has any; the version moves so that a version without the field, which would drop
 * it when it rewrites a record, leaves schema-4 records alone (a newer schema is never overwritten).
 */
function recordV3toV4(old: unknown): unknown {
  if (!isObject(old)) return old;
  return { ...old, schemaVersion: 4 };
}

/** Steps for the per-article records, keyed by the version they produce. */
export const LIBRARY_MIGRATIONS: { record: MigrationMap } = { record: { 2: recordV1toV2, 3: recordV2toV3, 4: recordV3toV4 } };

/** Upgrades a stored record from version `from` to `to`; null when a step is missing. */
export function migrate(kind: 'record', data: unknown, from: number, to: number): unknown | null {
  return runMigrations(data, from, to, LIBRARY_MIGRATIONS[kind]);
}
