import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalArticleUrl } from '../../../utils/library/canonical-url';
import { BACKUP_FORMAT, serializeBackup, serializeBackupChunks, type BackupArticle, type BackupSettings } from '../../../utils/import/backup-schema';
import { strToU8, zipSync } from 'fflate';
import { parseBackupJson, parseBackupZip } from '../../../utils/import/backup';
import { parseImport } from '../../../utils/import';
import { backupFromReport } from '../../../utils/import/backup-records';
import { fixtureBytes, fixtureText, refusal, report } from './helpers';

describe('Reader backup', () => {
  it('reads the fixture into items that carry their whole record', () => {
    const r = report(parseBackupJson(fixtureText('reader-backup.json')));
    expect(r.format).toBe('backup-json');
    expect(r.items).toHaveLength(2);
    expect(r.items[0]).toMatchObject({
      url: 'https://news.example/energy/heat-pumps',
      status: 'archived',
      favourite: true,
      tags: ['Energy', 'long reads'],
      readingProgress: 0.8,
      readAt: Date.UTC(2024, 11, 3, 21, 0),
      source: 'backup',
    });
    expect(r.items[0]!.restore?.position).toEqual({ block: 12, offset: 0.25, progress: 0.8, updatedAt: Date.UTC(2024, 11, 3, 20, 59) });
    // A saved local page is the user's own record, restored as it was.
    expect(r.items[1]).toMatchObject({ url: 'file:///home/sam/notes/reading-list.html', status: 'unread', readingProgress: null });
    expect(r.settings).toMatchObject({ theme: 'sepia', fontSize: 19 });
  });

  it('writes the fixture back byte for byte', () => {
    const text = fixtureText('reader-backup.json');
    const r = report(parseBackupJson(text));
    const exportedAt = (JSON.parse(text) as { exportedAt: number }).exportedAt;
    expect(serializeBackup({ exportedAt, settings: r.settings, articles: r.items.map((i) => i.restore!) })).toBe(text);
  });

  it('streams one article per chunk, and the chunks join into the same JSON', () => {
    const r = report(parseBackupJson(fixtureText('reader-backup.json')));
    const chunks = [...serializeBackupChunks({ exportedAt: 1, settings: null, articles: r.items.map((i) => i.restore!) })];
    expect(chunks).toHaveLength(4);
    expect(JSON.parse(chunks.join(''))).toMatchObject({
      format: BACKUP_FORMAT,
      version: 1,
      settings: null,
      articles: [{ id: 'k3x9w2-a1' }, { id: 'k3x9w2-b2' }],
    });
  });

  it('does not write fields outside the backup shape (a record’s deletedAt, say)', () => {
    const r = report(parseBackupJson(fixtureText('reader-backup.json')));
    const record = { ...r.items[0]!.restore!, deletedAt: 5, schemaVersion: 2 } as BackupArticle;
    expect(serializeBackup({ exportedAt: 1, settings: null, articles: [record] })).not.toMatch(/deletedAt|schemaVersion/);
  });

  it('refuses a backup from a newer Reader', () => {
    expect(refusal(parseBackupJson(fixtureText('hostile/backup-newer.json')))).toMatchObject({
      code: 'newer-backup',
      message: expect.stringContaining('newer version'),
    });
  });

  it('ignores __proto__ and constructor keys at every level, pollutes nothing, and skips a damaged article', () => {
    const r = report(parseBackupJson(fixtureText('hostile/backup-proto.json')));
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { isAdmin?: unknown }).isAdmin).toBeUndefined();
    expect(r.items).toHaveLength(1);
    expect(Object.getPrototypeOf(r.items[0]!.restore!.article)).toBe(Object.prototype);
    expect(Object.keys(r.settings!)).not.toContain('constructor');
    expect(r.skipped).toEqual([{ row: 2, reason: expect.stringContaining('savedAt') }]);
    // Three __proto__, one constructor, and the prototype inside it.
    expect(r.warnings).toContainEqual(expect.stringMatching(/^5 JSON keys named/));
  });

  describe('in parts (a zip)', () => {
    const text = fixtureText('reader-backup.json');
    const backup = JSON.parse(text) as { articles: unknown[]; settings: unknown };
    const part = (articles: unknown[], settings: unknown = null, version = 1) => strToU8(JSON.stringify({ ...backup, version, settings, articles }));
    const zip = (files: Record<string, Uint8Array>) => zipSync(files, { level: 1 });

    it('reads the parts in order, the settings from the first, as one backup', () => {
      const bytes = zip({
        // Listed out of order: read by number.
        'reader-backup-part-0002.json': part([{ id: 'damaged' }, backup.articles[1]]),
        'reader-backup-part-0001.json': part([backup.articles[0]], backup.settings),
      });
      const r = report(parseImport({ name: 'reader-backup-2024-12-04.zip', bytes }));
      expect(r.format).toBe('backup-zip');
      // Counted and checked, not held: the restore reads the parts again, each time afresh.
      expect(r.items).toEqual([]);
      const parsed = backupFromReport(r);
      expect(parsed.count).toBe(2);
      const urls = report(parseBackupJson(text)).items.map((i) => i.url);
      expect([...parsed.articles()].map((a) => a.article.url)).toEqual(urls);
      expect([...parsed.articles()].map((a) => a.article.url)).toEqual(urls);
      // Rows count on across the parts: the damaged article is the second of the backup.
      expect(r.skipped.map((x) => x.row)).toEqual([2]);
      expect(r.settings).toMatchObject({ theme: 'sepia', fontSize: 19 });
    });

    it('merges a repeated address across the parts as the one-file backup does: one record, tags combined, listed and warned about', () => {
      const first = backup.articles[0] as BackupArticle;
      const again = { ...first, id: 'another-id', tags: ['Extra', 'energy'] };
      const zipped = report(
        parseImport({
          name: 'reader-backup-2024-12-04.zip',
          bytes: zip({ 'reader-backup-part-0001.json': part([first, backup.articles[1]], backup.settings), 'reader-backup-part-0002.json': part([again]) }),
        }),
      );
      const whole = report(parseBackupJson(JSON.stringify({ ...backup, articles: [first, backup.articles[1], again] })));
      const parsed = backupFromReport(zipped);
      expect(parsed.count).toBe(2);
      expect([...parsed.articles()]).toEqual(backupFromReport(whole).articles());
      expect([...parsed.articles()][0]!.tags).toEqual(['Energy', 'long reads', 'Extra']);
      expect(zipped.duplicates).toEqual(whole.duplicates);
      expect(zipped.warnings).toEqual(whole.warnings);
    });

    it('reads the parts fixture into the items and settings of the one-file backup', () => {
      const parts = report(parseImport({ name: 'reader-backup-parts.zip', bytes: fixtureBytes('reader-backup-parts.zip') }));
      const whole = report(parseBackupJson(text));
      expect(parts.format).toBe('backup-zip');
      expect([...backupFromReport(parts).articles()]).toEqual(whole.items.map((i) => i.restore));
      expect(backupFromReport(parts).count).toBe(whole.items.length);
      expect(parts.settings).toEqual(whole.settings);
    });

    it('reads a part only when the restore reaches it', () => {
      const bytes = zip({
        'reader-backup-part-0001.json': part([backup.articles[0]], backup.settings),
        'reader-backup-part-0002.json': part([backup.articles[1]]),
      });
      const source = backupFromReport(report(parseBackupZip(bytes))).articles();
      const articles = source[Symbol.iterator]();
      expect(articles.next().value).toMatchObject({ article: { url: 'https://news.example/energy/heat-pumps' } });
      // Damaged after the first part was read: only the second part's read sees it.
      bytes.fill(0);
      expect(() => articles.next()).toThrow(/damaged or incomplete/);
    });

    it('refuses the whole file when a part is missing, damaged, or from a newer Reader', () => {
      const one = part([backup.articles[0]], backup.settings);
      expect(refusal(parseBackupZip(zip({ 'reader-backup-part-0001.json': one, 'reader-backup-part-0003.json': part([]) })))).toMatchObject({
        code: 'bad-shape',
        message: expect.stringContaining('part 2 of it is missing'),
      });
      expect(
        refusal(
          parseBackupZip(zip({ 'reader-backup-part-0001.json': one, 'reader-backup-part-0002.json': strToU8('{"format":"reader-library-backup","ver') })),
        ),
      ).toMatchObject({
        code: 'bad-json',
        message: expect.stringContaining('reader-backup-part-0002.json'),
      });
      expect(refusal(parseBackupZip(zip({ 'reader-backup-part-0001.json': part([], null, 99) })))).toMatchObject({ code: 'newer-backup' });
      expect(refusal(parseBackupZip(zip({ 'notes.txt': strToU8('hello') })))).toMatchObject({ code: 'bad-shape' });
      // Cut short: the zip's own refusal.
      const whole = zip({ 'reader-backup-part-0001.json': one });
      expect(refusal(parseImport({ name: 'b.zip', bytes: whole.subarray(0, whole.length - 30) }))).toMatchObject({ code: 'corrupt-zip' });
    });
  });

  it('refuses what is not a backup, or not JSON', () => {
    expect(refusal(parseBackupJson('{"format":"something-else","version":1}')).code).toBe('bad-shape');
    expect(refusal(parseBackupJson('{"format":"reader-library-backup","version":1,"exportedAt":1,"articles":[')).code).toBe('bad-json');
    expect(refusal(parseBackupJson('{"format":"reader-library-backup","version":1,"exportedAt":1,"articles":[]}')).code).toBe('nothing-to-import');
  });

  it('restores the settings of an empty library', () => {
    const r = report(parseBackupJson(serializeBackup({ exportedAt: 1, settings: { theme: 'dark' }, articles: [] })));
    expect(r.items).toEqual([]);
    expect(r.settings).toEqual({ theme: 'dark' });
  });
});

// No -0 (JSON writes it as 0) and no NaN or infinities (JSON cannot hold them).
const time = fc.integer({ min: 0, max: 4_102_444_800_000 });
const fraction = fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x + 0);
const text = fc.string({ unit: 'binary', maxLength: 40 });
const nullableText = fc.option(text, { nil: null });
const pageUrl = fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.constant('file:///home/u/page.html'));

const backupArticle: fc.Arbitrary<BackupArticle> = fc
  .tuple(
    fc.record({
      id: fc.string({ minLength: 1, maxLength: 40 }),
      savedAt: time,
      updatedAt: time,
      readAt: fc.option(time, { nil: null }),
      archivedAt: fc.option(time, { nil: null }),
      favourite: fc.boolean(),
      tags: fc.array(text, { maxLength: 5 }),
      position: fc.option(fc.record({ block: fc.nat(5000), offset: fraction, progress: fraction, updatedAt: time }), { nil: null }),
      article: fc
        .tuple(
          fc.record({
            url: pageUrl,
            title: text,
            byline: nullableText,
            siteName: nullableText,
            publishedTime: nullableText,
            lang: nullableText,
            dir: fc.constantFrom('ltr' as const, 'rtl' as const, null),
            excerpt: nullableText,
            // Stored records hold the normalised form (ArticleSchema's safeImageUrl), so a backup does too.
            leadImageUrl: fc.option(
              fc.webUrl().map((u) => new URL(u).href),
              { nil: null },
            ),
            wordCount: fc.nat(),
            readingTimeMinutes: fc.double({ min: 0, max: 1000, noNaN: true }).map((x) => x + 0),
            contentHtml: fc.string({ unit: 'binary', maxLength: 200 }),
            text: fc.string({ unit: 'binary', maxLength: 200 }),
            readerable: fc.boolean(),
          }),
          fc.boolean(),
        )
        .map(([article, cut]) => (cut ? { ...article, truncated: true as const } : article)),
    }),
    fc.option(fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }), { nil: null }),
  )
  .map(([a, highlights]) => (highlights === null ? a : { ...a, highlights }));

const settings: fc.Arbitrary<BackupSettings | null> = fc.option(
  fc.dictionary(
    fc.string({ maxLength: 20 }).filter((key) => !['__proto__', 'constructor', 'prototype'].includes(key)),
    fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => x + 0),
      fc.boolean(),
    ),
    { maxKeys: 12 },
  ),
  { nil: null },
);

describe('backup round trip (property)', () => {
  it('serializeBackup → parseBackupJson gives back every article record and the settings', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(backupArticle, { minLength: 1, maxLength: 8, selector: (a) => canonicalArticleUrl(a.article.url) }),
        settings,
        time,
        (articles, s, exportedAt) => {
          const r = report(parseBackupJson(serializeBackup({ articles, settings: s, exportedAt })));
          expect(r.skipped).toEqual([]);
          expect(r.items.map((i) => i.restore)).toEqual(articles);
          expect(r.items.map((i) => i.url)).toEqual(articles.map((a) => a.article.url));
          expect(r.settings).toEqual(s);
        },
      ),
      { numRuns: 200 },
    );
  });
});
