import fc from 'fast-check';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { detectFormat, parseImport, SUPPORTED_SENTENCE, type ImportFormat } from '../../../utils/import';
import { bytes, fixtureBytes } from './helpers';

const FIXTURE_FORMATS: [string, ImportFormat][] = [
  ['pocket-export.zip', 'pocket-zip'],
  ['pocket-export/part_000000.csv', 'pocket-csv'],
  ['pocket-2024.csv', 'pocket-csv'],
  ['ril_export.html', 'pocket-html'],
  ['omnivore-export.zip', 'omnivore-zip'],
  ['omnivore-export/metadata_0_to_4.json', 'omnivore-json'],
  ['instapaper-export.csv', 'instapaper-csv'],
  ['instapaper-export-tags.csv', 'instapaper-csv'],
  ['wallabag-export.json', 'wallabag-json'],
  ['bookmarks-chrome.html', 'bookmarks-html'],
  ['bookmarks-firefox.html', 'bookmarks-html'],
  ['reader-backup.json', 'backup-json'],
  ['hostile/pocket-formulas.csv', 'pocket-csv'],
  ['hostile/pocket-bad-rows.csv', 'pocket-csv'],
  ['hostile/bookmarks-scripts.html', 'bookmarks-html'],
  ['hostile/ril_export-scripts.html', 'pocket-html'],
  ['hostile/wallabag-proto.json', 'wallabag-json'],
  ['hostile/wallabag-truncated.json', 'wallabag-json'],
  ['hostile/backup-proto.json', 'backup-json'],
  ['hostile/backup-newer.json', 'backup-json'],
];

describe('detectFormat', () => {
  it.each(FIXTURE_FORMATS)('%s is %s', (name, format) => {
    expect(detectFormat({ name, bytes: fixtureBytes(name) })).toEqual({ ok: true, format });
  });

  it('does not go by the file name', () => {
    expect(detectFormat({ name: 'export.txt', bytes: fixtureBytes('pocket-export.zip') })).toEqual({ ok: true, format: 'pocket-zip' });
    expect(detectFormat({ name: 'x.zip', bytes: fixtureBytes('wallabag-export.json') })).toEqual({ ok: true, format: 'wallabag-json' });
  });

  const refused: [string, string | Uint8Array, RegExp][] = [
    [
      'wrong columns',
      'id,title,note,excerpt,url,folder,tags\n1,a,,,https://x.example,,\n',
      /CSV file whose columns \(id, title, note, excerpt, url, folder, tags\)/,
    ],
    ['a web page', '<!doctype html><html><head><title>News</title></head><body><p>Hi</p></body></html>', /web page/],
    ['an OPML file', '<?xml version="1.0"?><opml version="2.0"><body/></opml>', /news feeds \(OPML\)/],
    ['other JSON', '{"hello": "world"}', /JSON file that is not a wallabag export/],
    ["Chrome's Bookmarks file", '{"checksum": "abc", "roots": {"bookmark_bar": {}}}', /Chrome's own Bookmarks file/],
    ['a Firefox JSON backup', '{"guid":"root________","title":"","typeCode":2}', /Firefox bookmark backup/],
    ['plain text', 'just some words\nand more', /plain text file/],
    ['a PDF', '%PDF-1.7\n%âãÏÓ\n', /PDF document/],
    ['a gzip file', new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]), /gzip/],
    ['binary garbage', new Uint8Array([1, 2, 3, 0, 255, 254, 0, 9]), /binary file/],
    ['a zip of something else', zipSync({ 'photo.jpg': new Uint8Array([0xff, 0xd8, 0xff]) }), /zip file that is not a Pocket or Omnivore export/],
  ];

  it.each(refused)('refuses %s with a sentence naming what Reader imports', (_, content, message) => {
    const result = detectFormat({ name: 'file', bytes: typeof content === 'string' ? bytes(content) : content });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('wrong-format');
    expect(result.error.message).toMatch(message);
    expect(result.error.message).toMatch(
      /^This looks like .*; Reader imports Pocket, Omnivore, Instapaper, wallabag, browser bookmarks and its own backups\.$/,
    );
    expect(result.error.message.endsWith(SUPPORTED_SENTENCE)).toBe(true);
  });

  it('reads a CSV saved with a byte-order mark', () => {
    const csv = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('URL,Title,Selection,Folder,Timestamp\nhttps://example.com/a,A,,Unread,1700000000\n')]);
    expect(detectFormat({ name: 'a.csv', bytes: csv })).toEqual({ ok: true, format: 'instapaper-csv' });
    const parsed = parseImport({ name: 'a.csv', bytes: csv });
    expect(parsed.ok && parsed.report.items.map((i) => i.url)).toEqual(['https://example.com/a']);
  });

  it('refuses an empty file, a blank one and an empty zip', () => {
    expect(detectFormat({ name: 'a', bytes: new Uint8Array() })).toMatchObject({ ok: false, error: { code: 'empty' } });
    expect(detectFormat({ name: 'a', bytes: bytes(' \n\t ') })).toMatchObject({ ok: false, error: { code: 'empty' } });
    expect(detectFormat({ name: 'a', bytes: zipSync({}) })).toMatchObject({ ok: false, error: { code: 'empty' } });
  });

  it('refuses a damaged zip as damaged, not as the wrong format', () => {
    const zip = fixtureBytes('pocket-export.zip');
    expect(detectFormat({ name: 'a.zip', bytes: zip.subarray(0, zip.length - 30) })).toMatchObject({ ok: false, error: { code: 'corrupt-zip' } });
  });

  it('never throws on arbitrary bytes, and parseImport never returns half a result', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (data) => {
        const detected = detectFormat({ name: 'x', bytes: data });
        const parsed = parseImport({ name: 'x', bytes: data });
        if (!detected.ok) expect(parsed).toEqual(detected);
        else if (parsed.ok) expect(parsed.report.format).toBe(detected.format);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary text shaped like each format', () => {
    const starts = [
      'title,url,time_added,cursor,tags,status\n',
      'URL,Title,Selection,Folder,Timestamp\n',
      '[{"is_archived":',
      '{"format":"reader-library-backup",',
      '<!DOCTYPE NETSCAPE-Bookmark-file-1>',
      '<title>Pocket Export</title>',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...starts), fc.string({ unit: 'binary', maxLength: 500 }), (start, rest) => {
        const result = parseImport({ name: 'x', bytes: bytes(start + rest) });
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on a fixture zip with bytes flipped', () => {
    const zips = [fixtureBytes('pocket-export.zip'), fixtureBytes('omnivore-export.zip')];
    fc.assert(
      fc.property(fc.constantFrom(0, 1), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), (which, flips) => {
        const zip = zips[which]!.slice();
        for (const [at, value] of flips) zip[at % zip.length] = value;
        const result = parseImport({ name: 'x.zip', bytes: zip });
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });
});
