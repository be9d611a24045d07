import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatDate } from '../../../utils/i18n/format';

describe('formatDate', () => {
  afterEach(() => vi.restoreAllMocks());

  it('formats a short date, and null for what is not a date', () => {
    expect(formatDate(Date.UTC(2024, 3, 19, 12), 'en-GB')).toBe('19 Apr 2024');
    expect(formatDate('not a date')).toBeNull();
    expect(formatDate(null)).toBeNull();
  });

  it('builds one formatter per locale, however many dates it formats (one per library row)', () => {
    const Real = Intl.DateTimeFormat;
    let made = 0;
    vi.spyOn(Intl, 'DateTimeFormat').mockImplementation(function (...args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
      made++;
      return new Real(...args);
    } as unknown as typeof Intl.DateTimeFormat);
    const dates = Array.from({ length: 500 }, (_, i) => formatDate(Date.UTC(2024, 0, 1 + (i % 28)), 'fr-CA'));
    expect(new Set(dates).size).toBe(28);
    expect(made).toBe(1);
  });
});
