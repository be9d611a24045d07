/**
 * Property: for any library the writer can make — any articles (any text, RTL, CJK, lone
 * surrogates, markup), tags, archive, favourites, read marks, pending deletes, reading positions and
 * settings — a JSON backup exported through the Export button's module, the library wiped, and the
 * backup restored through the real message schema gives back exactly the same library.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLibraryWriter } from '../../../utils/library/writer';
import { savePosition } from '../../../utils/reading/position';
import { NUMERIC_RANGES, updateSettings } from '../../../utils/settings/settings';
import { makeArticle } from '../support/article-factory';
import { clock } from '../support/library';
import { exportBackupText, librarySnapshot, restoreText, wipe } from './backup-roundtrip';

const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('بوتين يصل إلى بكين', '普京抵达北京', '"quoted" \\ back\nslash', '\u2028\u0000\ud800'),
);
const html = fc.oneof(
  text.map((t) => `<p>${t}</p>`),
  fc.constantFrom(
    '<p>a <a href="https://x.example/" target="_blank" rel="noopener noreferrer">b</a></p>',
    '<figure><img src="https://x.example/i.jpg" alt=""></figure>',
    '',
  ),
);
const time = fc.integer({ min: 0, max: 4_102_444_800_000 });
const article = fc.record({
  path: fc.stringMatching(/^[a-z0-9-]{1,12}$/),
  title: text,
  byline: fc.option(text, { nil: null }),
  siteName: fc.option(text, { nil: null }),
  publishedTime: fc.option(
    time.map((t) => new Date(t).toISOString()),
    { nil: null },
  ),
  lang: fc.constantFrom('en', 'ar', 'zh', null),
  dir: fc.constantFrom('ltr' as const, 'rtl' as const, null),
  contentHtml: html,
  text,
  wordCount: fc.nat({ max: 20_000 }),
  readerable: fc.boolean(),
  // A page cut at the text budget: its saved first part keeps saying so.
  cut: fc.boolean(),
  // Highlights and notes an import brought to the saved copy.
  highlights: fc.option(fc.constantFrom('> a quote', '> q\n\nmy note', '> «été» 中文'), { nil: null }),
});
const state = fc.record({
  tags: fc.array(fc.constantFrom('World', 'long read', 'été', '中文', 'x'), { maxLength: 3 }),
  archived: fc.boolean(),
  favourite: fc.boolean(),
  read: fc.boolean(),
  deleted: fc.boolean(),
  position: fc.option(
    fc.record({
      block: fc.nat({ max: 500 }),
      offset: fc.double({ min: 0, max: 1, noNaN: true }),
      progress: fc.double({ min: 0, max: 1, noNaN: true }),
      updatedAt: time,
    }),
    { nil: null },
  ),
});
const settings = fc.record(
  {
    theme: fc.constantFrom('system', 'light', 'dark', 'sepia', 'contrast' as const),
    fontSize: fc.integer({ min: NUMERIC_RANGES.fontSize.min, max: NUMERIC_RANGES.fontSize.max }),
    dimImages: fc.boolean(),
    textAlign: fc.constantFrom('start', 'justify' as const),
  },
  { requiredKeys: [] },
);

describe('JSON backup round trip (property)', () => {
  it('export → wipe → restore gives back an identical library', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(article, state), { maxLength: 8 }), settings, fc.integer({ min: 1, max: 4 }), async (items, chosen, batchSize) => {
        wipe();
        const t = clock();
        let n = 0;
        const writer = createLibraryWriter({ now: t.now, newId: () => `id-${++n}` });
        for (const [a, s] of items) {
          t.advance(1000);
          const saved = await writer.save(
            makeArticle({
              ...a,
              url: `https://site.example/${a.path}`,
              readingTimeMinutes: Math.ceil(a.wordCount / 230),
              excerpt: a.text || null,
              ...(a.cut ? { truncated: true as const } : {}),
            }),
          );
          if (!saved.ok) throw new Error(saved.message);
          const id = [saved.value.id];
          if (a.highlights) {
            const imported = await writer.importRecords([{ article: makeArticle({ url: `https://site.example/${a.path}` }), highlights: a.highlights }]);
            if (!imported.ok) throw new Error(imported.message);
          }
          if (s.tags.length > 0) await writer.addTags(id, s.tags);
          if (s.archived) await writer.setArticlesArchived(id, true);
          if (s.favourite) await writer.setArticlesFavourite(id, true);
          if (s.read) await writer.setArticlesRead(id, true);
          if (s.position) await savePosition({ kind: 'saved', id: id[0]! }, s.position);
          if (s.deleted) await writer.deleteArticles(id);
        }
        await updateSettings(chosen);
        const before = await librarySnapshot();
        const backup = await exportBackupText(t.now());
        wipe();
        const outcome = await restoreText(backup, batchSize);
        expect(outcome.error).toBeNull();
        expect(outcome.added).toBe(before.records.length);
        expect(await librarySnapshot()).toEqual(before);
      }),
      { numRuns: 40 },
    );
  });
});
