import { describe, expect, it } from 'vitest';
import { parseInstapaperCsv } from '../../../utils/import/instapaper';
import { fixtureText, refusal, report } from './helpers';

describe('Instapaper CSV', () => {
  it('maps Unread / Archive / Starred / a folder of the user’s to status, favourite and tag', () => {
    const r = report(parseInstapaperCsv(fixtureText('instapaper-export.csv')));
    expect(r.format).toBe('instapaper-csv');
    expect(r.items.map((i) => [i.status, i.favourite, i.tags])).toEqual([
      ['unread', false, []],
      ['archived', false, []],
      ['unread', true, []],
      ['unread', false, ['Learning']],
      ['unread', false, []],
    ]);
    expect(r.items[0]).toMatchObject({ title: 'The Arabian Nights', savedAt: 1420070400_000, source: 'instapaper', contentHtml: null });
    expect(r.items[4]!.title).toBeNull();
  });

  it('keeps the selection as a quoted highlight', () => {
    const r = report(parseInstapaperCsv(fixtureText('instapaper-export.csv')));
    expect(r.items[1]!.highlights).toBe("> Apple Vision Pro is the best consumer electronics device I've ever used, but also the most frustrating.");
    expect(r.items[0]!.highlights).toBeNull();
  });

  it('reads the newer Tags column (a JSON list in one cell) alongside the folder', () => {
    const r = report(parseInstapaperCsv(fixtureText('instapaper-export-tags.csv')));
    expect(r.items.map((i) => [i.status, i.favourite, i.tags])).toEqual([
      ['unread', false, []],
      ['archived', false, ['react', 'javascript']],
      ['unread', true, ['social']],
      ['unread', false, ['politics', 'twitter', 'Recipes']],
    ]);
    expect(r.items[3]!.title).toBe('Dis donc Donald Trump, c’est quoi exactement «covfefe»?'.replace('’', "'"));
  });

  it('strips formula prefixes and skips non-web URLs with their row', () => {
    const csv = [
      'URL,Title,Selection,Folder,Timestamp',
      `https://example.com/a,"=1+2",,Unread,1700000000`,
      'javascript:alert(1),Bad,,Unread,1700000000',
      '',
    ].join('\n');
    const r = report(parseInstapaperCsv(csv));
    expect(r.items.map((i) => i.title)).toEqual(['1+2']);
    expect(r.skipped).toEqual([{ row: 3, reason: expect.stringContaining('javascript:') }]);
    expect(r.warnings.join(' ')).toMatch(/formulas/);
  });

  it('refuses a CSV without Instapaper’s columns', () => {
    expect(refusal(parseInstapaperCsv(fixtureText('pocket-2024.csv'))).code).toBe('bad-shape');
  });
});
