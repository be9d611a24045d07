import { describe, expect, it } from 'vitest';
import { runMigrations } from '../../../utils/model/migrations';
import { LIBRARY_MIGRATIONS } from '../../../utils/library/migrations';
import { SETTINGS_MIGRATIONS, SETTINGS_SCHEMA_VERSION } from '../../../utils/settings/settings';
import { LIBRARY_SCHEMA_VERSION } from '../../../utils/library/schema';

describe('runMigrations (keyed by the version each step produces)', () => {
  const steps = {
    2: (old: unknown) => ({ ...(old as object), two: true }),
    3: (old: unknown) => ({ ...(old as object), three: true }),
  };

  it('runs every step after `from` up to `to`, in order', () => {
    expect(runMigrations({ v: 1 }, 1, 3, steps)).toEqual({ v: 1, two: true, three: true });
    expect(runMigrations({ v: 2 }, 2, 3, steps)).toEqual({ v: 2, three: true });
  });

  it('returns the very same value when it is current', () => {
    const data = { v: 3 };
    expect(runMigrations(data, 3, 3, steps)).toBe(data);
  });

  it('refuses a gap in the steps and data from a newer version', () => {
    expect(runMigrations({}, 1, 4, steps)).toBeNull();
    expect(runMigrations({}, 4, 3, steps)).toBeNull();
  });
});

describe('every stored item follows the convention', () => {
  // A step for each version after the first, up to the current one, and none beyond it.
  it.each([
    ['settings', SETTINGS_MIGRATIONS, SETTINGS_SCHEMA_VERSION],
    ['library records', LIBRARY_MIGRATIONS.record, LIBRARY_SCHEMA_VERSION],
  ])('%s', (_, migrations, current) => {
    const expected = Array.from({ length: current - 1 }, (_, i) => String(i + 2));
    expect(Object.keys(migrations).sort()).toEqual(expected);
  });
});
