import { describe, expect, it } from 'vitest';
import { checkWebUrl, cleanTags, epochFromDate, epochFromNumber, isoFromDate, neutraliseFormula } from '../../../utils/import/fields';

describe('import fields', () => {
  it.each([
    ['javascript:alert(1)', 'javascript:'],
    ['  JavaScript:alert(1)', 'javascript:'],
    ['data:text/html,<b>x</b>', 'data:'],
    ['file:///etc/passwd', 'file:'],
    ['chrome://settings', 'chrome:'],
    ['place:sort=8', 'place:'],
    ['mailto:a@example.com', 'mailto:'],
  ])('refuses %s, naming its scheme', (raw, scheme) => {
    const checked = checkWebUrl(raw);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.reason).toContain(`a ${scheme} link`);
  });

  it('accepts http(s) and normalises the host', () => {
    expect(checkWebUrl(' https://Example.COM/a b ')).toEqual({ ok: true, url: 'https://example.com/a%20b' });
    expect(checkWebUrl('http://example.com')).toEqual({ ok: true, url: 'http://example.com/' });
    expect(checkWebUrl('')).toMatchObject({ ok: false });
    expect(checkWebUrl(`https://example.com/${'a'.repeat(9000)}`)).toMatchObject({ ok: false, reason: expect.stringContaining('8192') });
  });

  it('reads seconds, milliseconds and microseconds; anything implausible is null', () => {
    expect(epochFromNumber('1700000000')).toBe(1_700_000_000_000);
    expect(epochFromNumber(1_700_000_000_000)).toBe(1_700_000_000_000);
    expect(epochFromNumber('1700000000000000')).toBe(1_700_000_000_000);
    for (const bad of ['0', '-5', 'yesterday', '1e9', '', '12', '99999999999999999999', null, NaN, Infinity]) expect(epochFromNumber(bad)).toBeNull();
  });

  it('reads ISO dates with Z, +02:00 and wallabag’s +0200; other strings are null', () => {
    expect(epochFromDate('2016-09-08T11:55:58+0200')).toBe(Date.parse('2016-09-08T09:55:58Z'));
    expect(epochFromDate('2016-09-08T11:55:58+02:00')).toBe(Date.parse('2016-09-08T09:55:58Z'));
    expect(epochFromDate('2024-10-29T16:30:11.000Z')).toBe(Date.parse('2024-10-29T16:30:11.000Z'));
    expect(epochFromDate('2024-10-29')).toBe(Date.parse('2024-10-29'));
    for (const bad of ['Tuesday', '29/10/2024', '2024-13-45T00:00:00Z', '1970-01-01T00:00:00Z', '2300-01-01']) expect(epochFromDate(bad)).toBeNull();
  });

  it('keeps old publication dates that no save could have', () => {
    expect(isoFromDate('1850-06-01T00:00:00Z')).toBe('1850-06-01T00:00:00.000Z');
    expect(epochFromDate('1850-06-01T00:00:00Z')).toBeNull();
  });

  it.each([
    ['=1+1', '1+1'],
    ["=cmd|' /C calc'!A0", "cmd|' /C calc'!A0"],
    ['+SUM(1,2)', 'SUM(1,2)'],
    ["-2+3+cmd|' /C calc'!A0", "2+3+cmd|' /C calc'!A0"],
    ['@SUM(1+9)', 'SUM(1+9)'],
    [' \t=1', '1'],
    ['==+=HYPERLINK("x")', 'HYPERLINK("x")'],
  ])('neutralises the formula %s', (raw, value) => {
    expect(neutraliseFormula(raw)).toEqual({ value, changed: true });
  });

  it.each(['-10 °C in Oslo', "@dril's best", '+1 for this', 'A = B', 'Plain title (2024)', ''])('leaves %s alone', (raw) => {
    expect(neutraliseFormula(raw)).toEqual({ value: raw, changed: false });
  });

  it('cleans tags: trimmed, collapsed, one per case-insensitive spelling', () => {
    expect(cleanTags(['  News ', 'news', 'long   reads', '', null, 'NEWS', 'İstanbul', 'istanbul'])).toEqual(['News', 'long reads', 'İstanbul', 'istanbul']);
  });
});
