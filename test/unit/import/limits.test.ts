// Hostile and oversized input: each is refused whole (or its row skipped) with a sentence.
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { MAX_BACKUP_FILE_BYTES, MAX_FILE_BYTES, MAX_ITEMS, detectFormat, parseAs, parseImport, parsePocketCsv, parsePocketZip } from '../../../utils/import';
import { listZip, zipNamesFromEnd } from '../../../utils/import/zip';
import { ZIP_LIMITS, readZip } from '../../../utils/import/zip';
import { bytes, fixtureBytes, fixtureText, refusal, report } from './helpers';

const HEADER = 'title,url,time_added,cursor,tags,status\n';

/** Rewrites the uncompressed size that the central directory declares for every entry. */
function declareSize(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let i = 0; i + 46 <= out.length; i++) {
    if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, size, true);
  }
  return out;
}

describe('file and zip limits', () => {
  it('refuses a file over 200 MB before reading it, detected or named', () => {
    const big = new Uint8Array(MAX_FILE_BYTES + 1);
    expect(detectFormat({ name: 'big.zip', bytes: big })).toMatchObject({
      ok: false,
      error: { code: 'too-large', message: expect.stringContaining('200 MB') },
    });
    expect(parseAs('pocket-csv', big)).toMatchObject({ ok: false, error: { code: 'too-large' } });
  });

  it('takes Reader’s backup in parts past 200 MB (up to MAX_BACKUP_FILE_BYTES), known by its zip directory; no other file', () => {
    const part = strToU8(fixtureText('reader-backup.json'));
    // Stored, not deflated: the filler makes the file large without a large inflate.
    const filler = new Uint8Array(MAX_FILE_BYTES + 1024);
    const backup = zipSync({ 'reader-backup-part-0001.json': part, 'filler.bin': [filler, { level: 0 }] });
    expect(backup.length).toBeGreaterThan(MAX_FILE_BYTES);
    expect(backup.length).toBeLessThan(MAX_BACKUP_FILE_BYTES);
    expect(detectFormat({ name: 'reader-backup.zip', bytes: backup })).toEqual({ ok: true, format: 'backup-zip' });
    expect(report(parseImport({ name: 'reader-backup.zip', bytes: backup })).backup?.count).toBe(2);
    const other = zipSync({ 'notes.json': part, 'filler.bin': [filler, { level: 0 }] });
    expect(refusal(parseImport({ name: 'notes.zip', bytes: other }))).toMatchObject({ code: 'too-large' });
    // Past the backup's own cap, refused like anything else.
    expect(parseAs('backup-zip', new Uint8Array(MAX_BACKUP_FILE_BYTES + 1))).toMatchObject({ ok: false, error: { code: 'too-large' } });
  });

  it('reads a zip’s entry names from its end alone, as the whole file lists them', async () => {
    for (const name of ['pocket-export.zip', 'omnivore-export.zip']) {
      const zip = fixtureBytes(name);
      const reads: Array<[number, number]> = [];
      const names = await zipNamesFromEnd(zip.length, async (start, end) => {
        reads.push([start, end]);
        return zip.slice(start, end);
      });
      const listing = listZip(zip);
      expect(listing.ok && names).toEqual(listing.ok && listing.entries.map((e) => e.name));
      expect(reads).toHaveLength(2);
    }
    const text = bytes('title,url\n');
    expect(await zipNamesFromEnd(text.length, async (start, end) => text.slice(start, end))).toBeNull();
  });

  it('refuses a truncated zip, cut anywhere', () => {
    const zip = fixtureBytes('pocket-export.zip');
    for (const cut of [zip.length - 1, zip.length - 22, Math.floor(zip.length / 2), 40]) {
      const error = refusal(parseImport({ name: 'pocket.zip', bytes: zip.subarray(0, cut) }));
      expect(error.code).toBe('corrupt-zip');
      expect(error.message).toMatch(/damaged or incomplete/);
    }
  });

  it('refuses a zip bomb by its compression ratio, before inflating it', () => {
    const bomb = zipSync({ 'part_000000.csv': new Uint8Array(8 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(20_000);
    const error = refusal(parsePocketZip(bomb));
    expect(error).toMatchObject({ code: 'zip-limits', message: expect.stringContaining('expands more than 200 times') });
  });

  it('refuses an entry that declares more than the entry cap', () => {
    const zip = declareSize(zipSync({ 'part_000000.csv': strToU8(HEADER) }, { level: 0 }), 0xffff_fff0);
    expect(refusal(parsePocketZip(zip))).toMatchObject({ code: 'zip-limits' });
  });

  it('inflates no more than an entry declares: a lying size cuts the entry, which then fails to parse', () => {
    const json = JSON.stringify([{ slug: 's', url: 'https://example.com/a', state: 'SUCCEEDED' }]);
    const zip = declareSize(zipSync({ 'metadata_0_to_1.json': strToU8(json) }), 10);
    expect(refusal(parseImport({ name: 'omnivore.zip', bytes: zip })).code).toBe('bad-json');
  });

  it('refuses a zip past the entry count and the total size caps', () => {
    const many = zipSync(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`f${i}.txt`, strToU8('x')])));
    const counted = readZip(many, () => 'structural', { ...ZIP_LIMITS, entries: 10 });
    expect(counted).toMatchObject({ ok: false, error: { code: 'zip-limits', message: expect.stringContaining('more than 10 files') } });
    const total = readZip(many, () => 'structural', { ...ZIP_LIMITS, totalBytes: 5 });
    expect(total).toMatchObject({ ok: false, error: { code: 'zip-limits', message: expect.stringContaining('expands to more than 5 bytes') } });
    expect(readZip(many, () => 'structural')).toMatchObject({ ok: true });
  });
});

describe('row limits', () => {
  it('skips a row with a field over 1 MB and keeps the others', () => {
    const csv = `${HEADER}Short,https://example.com/a,1700000000,1,,unread\n"${'x'.repeat(1024 * 1024 + 1)}",https://example.com/b,1700000000,2,,unread\n`;
    const r = report(parsePocketCsv(csv));
    expect(r.items.map((i) => i.url)).toEqual(['https://example.com/a']);
    expect(r.skipped).toEqual([{ row: 3, reason: 'A field is longer than 1 MB.' }]);
  });

  it('refuses a file with more items than the cap, whole', () => {
    const rows = Array.from({ length: MAX_ITEMS + 1 }, (_, i) => `T${i},https://example.com/${i},1700000000,${i},,unread`);
    const error = refusal(parsePocketCsv(HEADER + rows.join('\n')));
    expect(error).toMatchObject({ code: 'too-many-items', message: expect.stringContaining('100,000') });
  });

  it('warns when the text is not valid UTF-8, and imports it', () => {
    const latin1 = new Uint8Array([...bytes(`${HEADER}Caf`), 0xe9, ...bytes(',https://example.com/cafe,1700000000,1,,unread\n')]);
    const r = report(parseImport({ name: 'pocket.csv', bytes: latin1 }));
    expect(r.items[0]!.title).toBe('Caf\uFFFD');
    expect(r.warnings[0]).toMatch(/not valid UTF-8/);
  });
});
