/**
 * Property: whatever sequence of saves, tag changes, archives, favourites, deletes, undos, tag
 * renames and purges the writer is given, the derived entries are exactly entryFor(records), and
 * the records keep their own rules (one per canonical URL, tags clean and sorted).
 */
import fc from 'fast-check';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { canonicalArticleUrl } from '../../../utils/library/canonical-url';
import { META_KEY } from '../../../utils/library/db';
import { entryFor, parseRecord, type StoredRecord } from '../../../utils/library/schema';
import { readLibrary, readNewestEntries } from '../../../utils/library/store';
import { mergeTags } from '../../../utils/library/tags';
import { UNDO_WINDOW_MS, createLibraryWriter } from '../../../utils/library/writer';
import { makeArticle } from '../support/article-factory';
import { clock, libraryDb } from '../support/library';

const URLS = ['https://a.example/1', 'https://a.example/1?utm_source=x', 'https://a.example/2', 'https://b.example/3#frag', 'https://c.example/4'];
const TAGS = ['News', 'news', ' Long  read ', 'été', 'ÉTÉ', 'x', '\u0000', 'Zebra'];

const pick = fc.nat({ max: 20 });
const picks = fc.array(pick, { minLength: 1, maxLength: 3 });
const tags = fc.array(fc.constantFrom(...TAGS), { minLength: 1, maxLength: 3 });
const op = fc.oneof(
  fc.record({ op: fc.constant('save' as const), url: fc.constantFrom(...URLS), title: fc.string({ maxLength: 8 }) }),
  fc.record({ op: fc.constant('addTags' as const), at: picks, tags }),
  fc.record({ op: fc.constant('removeTags' as const), at: picks, tags }),
  fc.record({ op: fc.constant('archive' as const), at: picks, on: fc.boolean() }),
  fc.record({ op: fc.constant('favourite' as const), at: picks, on: fc.boolean() }),
  fc.record({ op: fc.constant('read' as const), at: picks, on: fc.boolean() }),
  fc.record({ op: fc.constant('delete' as const), at: picks }),
  fc.record({ op: fc.constant('undo' as const), at: picks }),
  fc.record({ op: fc.constant('renameTag' as const), from: fc.constantFrom(...TAGS), to: fc.constantFrom(...TAGS) }),
  fc.record({ op: fc.constant('deleteTag' as const), tag: fc.constantFrom(...TAGS) }),
  fc.record({ op: fc.constant('wait' as const), long: fc.boolean() }),
);

describe('library consistency (property)', () => {
  it('keeps entries == entryFor(records) after any sequence of changes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 40 }), async (ops) => {
        fakeBrowser.reset();
        globalThis.indexedDB = new IDBFactory();
        const time = clock();
        let n = 0;
        const writer = createLibraryWriter({ now: time.now, newId: () => `id-${++n}` });
        const known: string[] = [];
        const ids = (at: number[]) => (known.length === 0 ? ['none'] : at.map((i) => known[i % known.length]!));
        for (const step of ops) {
          time.advance(1000);
          switch (step.op) {
            case 'save': {
              const saved = await writer.save(makeArticle({ url: step.url, title: step.title }));
              if (saved.ok && !known.includes(saved.value.id)) known.push(saved.value.id);
              break;
            }
            case 'addTags':
              await writer.addTags(ids(step.at), step.tags);
              break;
            case 'removeTags':
              await writer.removeTags(ids(step.at), step.tags);
              break;
            case 'archive':
              await writer.setArticlesArchived(ids(step.at), step.on);
              break;
            case 'favourite':
              await writer.setArticlesFavourite(ids(step.at), step.on);
              break;
            case 'read':
              await writer.setArticlesRead(ids(step.at), step.on);
              break;
            case 'delete':
              await writer.deleteArticles(ids(step.at));
              break;
            case 'undo':
              await writer.restoreArticles(ids(step.at));
              break;
            case 'renameTag':
              await writer.renameTag(step.from, step.to);
              break;
            case 'deleteTag':
              await writer.deleteTag(step.tag);
              break;
            case 'wait':
              // Past the undo window, the next change purges what was deleted.
              time.advance(step.long ? UNDO_WINDOW_MS + 1 : 1000);
              break;
          }
        }
        const db = await libraryDb();
        const records = (await db.getAll('records')).map((raw) => {
          const parsed = parseRecord(raw);
          if (!parsed.ok) throw new Error('a record the writer wrote does not validate');
          return parsed.record;
        });
        const byId = (a: unknown, b: unknown) => ((a as { id: string }).id < (b as { id: string }).id ? -1 : 1);
        expect((await db.getAll('entries')).sort(byId)).toEqual(records.map(entryFor).sort(byId));
        // (No meta only when no change reached the database at all.)
        const meta: unknown = await db.get('meta', META_KEY);
        if (meta !== undefined || records.length > 0) expect(meta).toMatchObject({ recordCount: records.length });
        const urls = records.map((r: StoredRecord) => canonicalArticleUrl(r.article.url));
        expect(new Set(urls).size).toBe(urls.length);
        for (const r of records) expect(r.tags).toEqual(mergeTags(r.tags, []));
        const visible = records.filter((r) => r.deletedAt === null);
        expect((await readLibrary()).entries.map((e) => e.id).sort()).toEqual(visible.map((r) => r.id).sort());
        expect((await readNewestEntries(100)).total).toBe(visible.length);
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
