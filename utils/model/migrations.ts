/**
 * The one migration convention for every stored shape, WXT's: a map of upgrade steps keyed by
 * the version each step produces (`{ 2: (v1) => v2, 3: (v2) => v3 }`). WXT runs it for storage
 * items (settings); the library runs the same kind of map through `runMigrations`.
 */

/** Upgrade steps keyed by the version they produce. */
export type MigrationMap = Readonly<Record<number, (old: unknown) => unknown>>;

/**
 * Upgrades `data` written at version `from` to version `to`, one step at a time. Returns the
 * input itself when nothing needs doing, and null when a step is missing or `from` is newer.
 */
export function runMigrations(data: unknown, from: number, to: number, migrations: MigrationMap): unknown | null {
  if (from > to) return null;
  let current = data;
  for (let target = from + 1; target <= to; target++) {
    const step = migrations[target];
    if (!step) return null;
    current = step(current);
  }
  return current;
}
