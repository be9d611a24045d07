/**
 * Import jobs end to end on the real stores (fake IndexedDB): the page's import store parses,
 * maps and stages a file, the background's runner commits it batch by batch through the writer —
 * deduped against the library with tags merged, links filled by bodies — and a stopped worker, a
 * cancel, a failed batch or a page closed while staging each leave the library whole: resumed, or
 * rolled back to what it was.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createImportRunner } from '../../../utils/background/import-runner';
import { fillSavedLink } from '../../../utils/background/fill-link';
import { patchHappyDomForDomPurify } from '../../../utils/extract/node';
import { MAX_FILE_BYTES } from '../../../utils/import/limits';
import { batchKey, jobKey, type ImportJob } from '../../../utils/library/import-job';
import { readArticleImages, storedImageBytes } from '../../../utils/library/image-db';
import type { CollectedImages } from '../../../utils/library/images';
import { readLibrary, watchLibrary } from '../../../utils/library/store';
import { createLibraryWriter, type WriterOptions } from '../../../utils/library/writer';
import type { LibraryChange, LibraryEntry } from '../../../utils/library/types';
import { handleMessages } from '../../../utils/model/messaging';
import { loadPosition } from '../../../utils/reading/position';
import { createImportStore, type ImportStoreDeps, type PickedFile } from '../../../utils/ui/import-store';
import { createStagingJob, readImportJobs, stageBatch } from '../../../utils/ui/import-stage';
import { makeArticle } from '../support/article-factory';
import { clock, ids, importHandlers, libraryDb, libraryHandlers } from '../support/library';
import { bytes, fixtureBytes, fixtureText } from '../import/helpers';
import { strToU8, zipSync } from 'fflate';

patchHappyDomForDomPurify(window);

/** The background as entrypoints/background.ts wires it, with a runner the test can wait for. */
function background(options: WriterOptions = {}, stagerAlive: (job: ImportJob) => Promise<boolean> = async () => true) {
  const writer = createLibraryWriter(options);
  const runner = createImportRunner(writer, { keepAlive: async () => undefined, stagerAlive });
  handleMessages({ readTab: async () => ({ status: 'error', message: 'not here' }), ...libraryHandlers(writer), ...importHandlers(runner) });
  return { writer, runner };
}

function picked(name: string, data: Uint8Array): PickedFile {
  return { name, size: data.length, bytes: async () => data };
}

/** A Pocket CSV of `rows` rows at a.example/0…; every third archived, tagged by tens. */
function pocketCsv(rows: number, url = (i: number) => `https://a.example/${i}`): Uint8Array {
  const lines = ['title,url,time_added,cursor,tags,status'];
  for (let i = 0; i < rows; i++) lines.push(`Story ${i},${url(i)},${1_600_000_000 + i},${i},t${Math.floor(i / 10)},${i % 3 === 0 ? 'archive' : 'unread'}`);
  return bytes(lines.join('\n') + '\n');
}

/** The id of the Breitling article (the Omnivore fixture's archived one). */
const breitlingId = (entries: readonly LibraryEntry[]): string => entries.find((e) => e.url.includes('breitling'))!.id;

async function importsStore() {
  const db = await libraryDb();
  return { keys: await db.getAllKeys('imports'), jobs: await readImportJobs() };
}

/** The library as stored, for before/after comparisons. */
async function dump() {
  const db = await libraryDb();
  return { records: await db.getAll('records'), entries: await db.getAll('entries'), meta: await db.get('meta', 'library') };
}

const finished = (store: ReturnType<typeof createImportStore>): ImportJob => {
  const view = store.view.value;
  if (view.phase !== 'job') throw new Error(`not a job: ${view.phase}`);
  return view.job;
};

async function importAndWait(store: ReturnType<typeof createImportStore>, runner: ReturnType<typeof createImportRunner>, file: PickedFile): Promise<ImportJob> {
  await store.importFile(file);
  await runner.idle();
  await vi.waitFor(() => expect(['done', 'rolled-back']).toContain(finished(store).state));
  return finished(store);
}

describe('import jobs', () => {
  beforeEach(() => fakeBrowser.reset());

  it('imports a Pocket export as links with their tags and archive, in batches, and reports it', async () => {
    const { runner } = background({ now: clock().now, newId: ids() });
    const store = createImportStore();
    store.start();
    const job = await importAndWait(store, runner, picked('pocket.zip', fixtureBytes('pocket-export.zip')));
    expect(job).toMatchObject({ state: 'done', outcome: null, added: 8, merged: 0, invalidCount: 0, total: 8, batches: 1, format: 'pocket-zip' });
    expect(job.parse).toMatchObject({ items: 8, skippedCount: 0, duplicates: 0 });

    const library = await readLibrary();
    expect(library.problems).toEqual([]);
    expect(library.entries).toHaveLength(8);
    expect(library.entries.every((e) => e.content === 'link' && e.wordCount === 0)).toBe(true);
    const sleep = library.entries.find((e) => e.url.includes('why-we-sleep'))!;
    expect(sleep).toMatchObject({ tags: ['health', 'science'], archivedAt: 1699900800 * 1000, savedAt: 1699900800 * 1000, readAt: null });
    // The job's batches are gone once it is done; its report stays until it is dismissed.
    expect((await importsStore()).keys).toEqual([jobKey(job.id)]);
    await store.dismiss();
    expect((await importsStore()).keys).toEqual([]);
  });

  it('dedupes against the library by canonical URL: tags merged, the saved copy and state kept; a body fills a saved link', async () => {
    const time = clock();
    const { writer, runner } = background({ now: time.now, newId: ids() });
    const saved = await writer.save(makeArticle({ url: 'https://jackcheng.com/the-slow-web/?utm_source=x', title: 'My copy', text: 'My own words' }));
    expect(saved.ok).toBe(true);
    await writer.addTags(['id-1'], ['Mine']);
    await writer.setArticlesArchived(['id-1'], true);
    const store = createImportStore();
    store.start();
    const pocket = await importAndWait(store, runner, picked('pocket.zip', fixtureBytes('pocket-export.zip')));
    expect(pocket).toMatchObject({ added: 7, merged: 1 });
    const db = await libraryDb();
    expect(await db.get('records', 'id-1')).toMatchObject({
      content: 'article',
      tags: ['essays', 'Mine', 'web'],
      archivedAt: time.now(),
      article: { title: 'My copy', text: 'My own words' },
    });
    await store.dismiss();

    // A link saved from Pocket, then the Omnivore export of the same article: the link gets the body.
    const linkFirst = await importAndWait(
      store,
      runner,
      picked(
        'pocket.csv',
        bytes(
          'title,url,time_added,cursor,tags,status\nMarginal,https://nothinghuman.substack.com/p/the-tyranny-of-the-marginal-user,1700000000,1,pocket,unread\n',
        ),
      ),
    );
    expect(linkFirst).toMatchObject({ added: 1 });
    await store.dismiss();
    const omnivore = await importAndWait(store, runner, picked('omnivore.zip', fixtureBytes('omnivore-export.zip')));
    expect(omnivore).toMatchObject({ added: 3, merged: 1 });
    const entries = (await readLibrary()).entries;
    const marginal = entries.find((e) => e.url.includes('marginal-user'))!;
    expect(marginal).toMatchObject({ content: 'article', tags: ['Newsletter', 'pocket', 'software'] });
    // Its Omnivore highlights and notes come with the body (highlights/<slug>.md).
    expect((await db.get('records', marginal.id)) as { highlights?: string }).toMatchObject({
      highlights: expect.stringMatching(/^> The answer, I think, is the marginal user[\s\S]*#insight[\s\S]*bloated and slow\.$/),
    });
    // An article the export has no highlights for gets none.
    expect(await db.get('records', breitlingId(entries))).not.toHaveProperty('highlights');
    expect(entries.find((e) => e.url.includes('basketeurope'))).toMatchObject({ content: 'link' });
    const breitling = entries.find((e) => e.url.includes('breitling'))!;
    expect(breitling).toMatchObject({ content: 'article', archivedAt: expect.any(Number) });
    // Omnivore's progress is kept as a reading position.
    expect(await loadPosition({ kind: 'saved', id: breitling.id })).toMatchObject({ progress: 1 });
  });

  it('resumes a job the worker stopped in the middle: every item lands once, the count agrees', async () => {
    // One staged batch per transaction, so that the worker can stop between two.
    const first = background({ now: clock().now, newId: ids(), importCommitItems: 500 });
    // The worker stops right after the page staged: the commit request is never acted on.
    const send = (async (type: string, payload: unknown) =>
      type === 'commitImport'
        ? { ok: true, value: null }
        : (await import('../../../utils/model/messaging')).sendMessage(type as never, payload as never)) as ImportStoreDeps['send'];
    const store = createImportStore({ send });
    await store.importFile(picked('big.csv', pocketCsv(1_200)));
    const [staged] = (await importsStore()).jobs;
    expect(staged).toMatchObject({ state: 'staged', total: 1_200, batches: 3, nextBatch: 0 });
    expect((await readLibrary()).entries).toHaveLength(0);
    // One batch lands, then the worker stops.
    expect(await first.writer.importStep(staged!.id)).toMatchObject({ ok: true, value: { state: 'committing', nextBatch: 1, added: 500 } });
    expect((await readLibrary()).entries).toHaveLength(500);

    fakeBrowser.reset();
    const restarted = background({ now: clock().now, newId: () => crypto.randomUUID() });
    expect(await restarted.runner.resume()).toMatchObject({ ok: true });
    await restarted.runner.idle();
    const [done] = (await importsStore()).jobs;
    expect(done).toMatchObject({ state: 'done', added: 1_200, nextBatch: 3 });
    const library = await readLibrary();
    expect(library.problems).toEqual([]);
    expect(new Set(library.entries.map((e) => e.url)).size).toBe(1_200);
    expect((await dump()).meta).toMatchObject({ recordCount: 1_200 });
  });

  it('rolls back a cancelled job: added articles gone, merged tags and filled links undone, the count restored', async () => {
    const time = clock();
    const { writer, runner } = background({ now: time.now, newId: ids(), importCommitItems: 500 });
    await writer.save(makeArticle({ url: 'https://a.example/3', title: 'Saved before' }));
    await writer.addTags(['id-1'], ['Mine']);
    const link = makeArticle({ url: 'https://a.example/7', title: 'A link', contentHtml: '', text: '', wordCount: 0, readingTimeMinutes: 0 });
    await writer.importRecords([{ article: link, content: 'link', tags: ['Kept'] }]);
    const before = await dump();
    // Staged, not committed yet: the test steps it.
    const store = createImportStore({ send: (async () => ({ ok: true, value: null })) as ImportStoreDeps['send'] });
    await store.importFile(picked('big.csv', pocketCsv(1_200)));
    const [job] = (await importsStore()).jobs;
    // The body for the link comes in the staged batch, as an Omnivore export would bring it.
    const db = await libraryDb();
    const batch = (await db.get('imports', batchKey(job!.id, 0))) as { items: Array<{ article: { url: string }; content: string }> };
    const item = batch.items.find((i) => i.article.url === 'https://a.example/7')!;
    Object.assign(item, { content: 'article', article: makeArticle({ url: 'https://a.example/7', title: 'Now with a body' }), highlights: '> its quote' });
    // Highlights for an article saved before (merged into it; taken away again by the rollback).
    Object.assign(
      batch.items.find((i) => i.article.url === 'https://a.example/3')!,
      { highlights: '> a quote\n\nmy note' },
    );
    await db.put('imports', batch, batchKey(job!.id, 0));

    await writer.importStep(job!.id);
    await writer.importStep(job!.id);
    expect((await readLibrary()).entries).toHaveLength(1_000);
    expect(await db.get('records', 'id-1')).toMatchObject({ tags: ['Mine', 't0'] });
    expect(await db.get('records', 'id-2')).toMatchObject({ content: 'article', tags: ['Kept', 't0'], highlights: '> its quote' });
    expect(await db.get('records', 'id-1')).toMatchObject({ highlights: '> a quote\n\nmy note' });

    expect(await runner.cancel(job!.id)).toMatchObject({ ok: true, value: { state: 'rolling-back', outcome: 'cancelled' } });
    await runner.idle();
    expect((await importsStore()).jobs).toMatchObject([{ state: 'rolled-back', outcome: 'cancelled', nextBatch: 0 }]);
    const after = await dump();
    // The same records as before, each as it was but for when it last changed.
    const strip = (records: unknown[]) => (records as Array<{ updatedAt: number }>).map((r) => ({ ...r, updatedAt: 0 }));
    expect(strip(after.records)).toEqual(strip(before.records));
    expect(after.meta).toEqual(before.meta);
    expect((await readLibrary()).problems).toEqual([]);
    // Only the job (with its report) is left in the imports store.
    expect((await importsStore()).keys).toEqual([jobKey(job!.id)]);
  });

  it('rolls back a job whose batch cannot be committed, and says why', async () => {
    const { runner } = background({ now: clock().now, newId: ids() });
    const store = createImportStore({ send: (async () => ({ ok: true, value: null })) as ImportStoreDeps['send'] });
    await store.importFile(picked('big.csv', pocketCsv(1_200)));
    const [job] = (await importsStore()).jobs;
    const db = await libraryDb();
    await db.put('imports', { jobId: job!.id, seq: 1, items: 'damaged', undo: null }, batchKey(job!.id, 1));
    await runner.commit(job!.id);
    await runner.idle();
    const [failed] = (await importsStore()).jobs;
    expect(failed).toMatchObject({ state: 'rolled-back', outcome: 'failed', message: expect.stringContaining('batch 2') });
    expect((await readLibrary()).entries).toHaveLength(0);
    expect((await dump()).meta).toMatchObject({ recordCount: 0 });
  });

  it('rolls back a job abandoned while staging (the page closed), and leaves one still being staged', async () => {
    const alive = new Set<string>();
    const { runner } = background({ now: clock().now, newId: ids() }, async (job) => alive.has(job.id));
    const parse = { items: 2, duplicates: 0, skipped: [], skippedCount: 0, warnings: [] };
    for (const id of ['gone', 'busy']) {
      await createStagingJob({ id, fileName: `${id}.csv`, format: 'pocket-csv', parse, now: 1 });
      expect(await stageBatch(id, 0, [], 2)).toBe(true);
    }
    alive.add('busy');
    await runner.resume();
    await runner.idle();
    const jobs = (await importsStore()).jobs;
    expect(jobs.find((j) => j.id === 'gone')).toMatchObject({ state: 'rolled-back', outcome: 'interrupted' });
    expect(jobs.find((j) => j.id === 'busy')).toMatchObject({ state: 'staging' });
    expect((await importsStore()).keys).toEqual([batchKey('busy', 0), jobKey('busy'), jobKey('gone')]);
    // A page that comes back to a stopped job cannot stage into it any more.
    expect(await stageBatch('gone', 1, [], 3)).toBe(false);
  });

  it('validates every staged item in the background: a hostile one is refused with its row and reason, the rest land', async () => {
    const { runner } = background({ now: clock().now, newId: ids() });
    const store = createImportStore({ send: (async () => ({ ok: true, value: null })) as ImportStoreDeps['send'] });
    await store.importFile(picked('three.csv', pocketCsv(3)));
    const [job] = (await importsStore()).jobs;
    const db = await libraryDb();
    const batch = (await db.get('imports', batchKey(job!.id, 0))) as { items: Array<Record<string, unknown>> };
    (batch.items[0]!.article as Record<string, unknown>).url = 'javascript:alert(1)';
    batch.items[1]!.tags = 'not a list';
    await db.put('imports', batch, batchKey(job!.id, 0));
    await runner.commit(job!.id);
    await runner.idle();
    const [done] = (await importsStore()).jobs;
    expect(done).toMatchObject({ state: 'done', added: 1, invalidCount: 2 });
    expect(done!.invalid.map((r) => r.row)).toEqual(['item 1', 'item 2']);
    expect(done!.invalid[0]!.reason).toMatch(/url/);
    expect((await readLibrary()).entries.map((e: LibraryEntry) => e.url)).toEqual(['https://a.example/2']);
  });

  it.each([
    ['a truncated zip', 'pocket.zip', () => fixtureBytes('pocket-export.zip').subarray(0, 300), 'corrupt-zip'],
    ['a JSON export cut short', 'wallabag.json', () => fixtureBytes('hostile/wallabag-truncated.json'), 'bad-json'],
    ['a CSV of another service', 'raindrop.csv', () => fixtureBytes('hostile/wrong-columns.csv'), 'wrong-format'],
    ['a PDF', 'file.pdf', () => bytes('%PDF-1.7\n...'), 'wrong-format'],
  ])('refuses %s with its reason and writes nothing', async (_, name, data, code) => {
    background({ now: clock().now, newId: ids() });
    const store = createImportStore();
    await store.importFile(picked(name, data()));
    expect(store.view.value).toMatchObject({ phase: 'refused', code, detail: expect.any(String) });
    expect((await importsStore()).keys).toEqual([]);
    expect((await dump()).records).toEqual([]);
  });

  it('refuses a file over 200 MB without reading it', async () => {
    background({ now: clock().now, newId: ids() });
    const store = createImportStore();
    const read = vi.fn(async () => new Uint8Array(0));
    await store.importFile({ name: 'huge.zip', size: MAX_FILE_BYTES + 1, bytes: read });
    expect(store.view.value).toMatchObject({ phase: 'refused', code: 'too-large' });
    expect(read).not.toHaveBeenCalled();
    expect((await importsStore()).keys).toEqual([]);
  });

  it('reads a file over 200 MB only when its zip directory, read from its end, says it is Reader’s backup in parts', async () => {
    background({ now: clock().now, newId: ids() });
    const filler = new Uint8Array(MAX_FILE_BYTES + 1024);
    const picked = (zip: Uint8Array, name: string) => {
      const read = vi.fn(async () => zip);
      const sliced: Array<[number, number]> = [];
      const file: PickedFile = { name, size: zip.length, bytes: read, slice: async (start, end) => (sliced.push([start, end]), zip.slice(start, end)) };
      return { file, read, sliced };
    };
    const other = picked(zipSync({ 'notes.json': strToU8('{}'), 'filler.bin': [filler, { level: 0 }] }), 'notes.zip');
    const store = createImportStore();
    await store.importFile(other.file);
    expect(store.view.value).toMatchObject({ phase: 'refused', code: 'too-large' });
    expect(other.read).not.toHaveBeenCalled();
    // Its end only: the directory, not the 200 MB.
    expect(other.sliced.reduce((n, [a, b]) => n + b - a, 0)).toBeLessThan(100_000);
    const backup = picked(
      zipSync({ 'reader-backup-part-0001.json': strToU8(fixtureText('reader-backup.json')), 'filler.bin': [filler, { level: 0 }] }),
      'b.zip',
    );
    await store.importFile(backup.file);
    expect(backup.read).toHaveBeenCalledOnce();
    expect(store.view.value).toMatchObject({ phase: 'backup', articles: 2, settings: true });
  });

  it('cancels while staging: nothing reaches the library or stays staged', async () => {
    background({ now: clock().now, newId: ids() });
    let yields = 0;
    const store: ReturnType<typeof createImportStore> = createImportStore({
      yieldToPage: async () => {
        if (++yields === 3) void store.cancel();
      },
    });
    await store.importFile(picked('big.csv', pocketCsv(1_200)));
    expect(store.view.value).toMatchObject({ phase: 'cancelled' });
    expect((await importsStore()).keys).toEqual([]);
    expect((await dump()).records).toEqual([]);
  });
});

describe('import commits in groups of staged batches', () => {
  beforeEach(() => fakeBrowser.reset());

  /** A staged (not committed) job of `csv`, with the test stepping the writer. */
  async function stagedJob(csv: Uint8Array): Promise<ImportJob> {
    const store = createImportStore({ send: (async () => ({ ok: true, value: null })) as ImportStoreDeps['send'] });
    await store.importFile(picked('big.csv', csv));
    const [job] = (await importsStore()).jobs;
    return job!;
  }

  it('lands several staged batches in one transaction, and the views hear of the job’s articles once, when it is done', async () => {
    const { writer } = background({ now: clock().now, newId: ids() });
    const changes: LibraryChange[] = [];
    const stop = watchLibrary((change) => changes.push(change));
    const job = await stagedJob(pocketCsv(1_200));
    expect(job).toMatchObject({ state: 'staged', batches: 3 });
    expect(await writer.importStep(job.id)).toMatchObject({ ok: true, value: { state: 'committing', nextBatch: 3, added: 1_200 } });
    expect((await readLibrary()).entries).toHaveLength(1_200);
    expect(await writer.importStep(job.id)).toMatchObject({ ok: true, value: { state: 'done', added: 1_200 } });
    await vi.waitFor(() => expect(changes).toHaveLength(1));
    stop();
    expect(changes[0]!.kind).toBe('imported');
    expect(new Set(changes[0]!.ids)).toEqual(new Set((await readLibrary()).entries.map((e) => e.id)));
    expect((await dump()).meta).toMatchObject({ recordCount: 1_200 });
  });

  it('rolls back grouped batches to the library as it was (the group’s undo is kept with its last batch)', async () => {
    const { writer, runner } = background({ now: clock().now, newId: ids(), importCommitItems: 1_000 });
    await writer.save(makeArticle({ url: 'https://a.example/3', title: 'Saved before' }));
    const before = await dump();
    const job = await stagedJob(pocketCsv(1_200));
    expect(await writer.importStep(job.id)).toMatchObject({ ok: true, value: { nextBatch: 2 } });
    const db = await libraryDb();
    expect(await db.get('imports', batchKey(job.id, 0))).toMatchObject({ items: [], undo: [] });
    expect(((await db.get('imports', batchKey(job.id, 1))) as { undo: unknown[] }).undo).toHaveLength(1_000);
    expect(await writer.importStep(job.id)).toMatchObject({ ok: true, value: { nextBatch: 3 } });
    expect((await readLibrary()).entries).toHaveLength(1_200);
    await runner.cancel(job.id);
    await runner.idle();
    expect((await importsStore()).jobs).toMatchObject([{ state: 'rolled-back', outcome: 'cancelled', nextBatch: 0 }]);
    const after = await dump();
    const strip = (records: unknown[]) => (records as Array<{ updatedAt: number }>).map((r) => ({ ...r, updatedAt: 0 }));
    expect(strip(after.records)).toEqual(strip(before.records));
    expect(after.meta).toEqual(before.meta);
  });

  it('spells tags as the library has them at each step, also after a tag was renamed between two steps', async () => {
    const { writer } = background({ now: clock().now, newId: ids(), importCommitItems: 500 });
    await writer.save(makeArticle({ url: 'https://saved.example/1' }));
    await writer.addTags(['id-1'], ['News']);
    const lines = ['title,url,time_added,cursor,tags,status'];
    for (let i = 0; i < 1_000; i++) lines.push(`Story ${i},https://a.example/${i},${1_600_000_000 + i},${i},news,unread`);
    const job = await stagedJob(bytes(lines.join('\n') + '\n'));
    await writer.importStep(job.id);
    const first = (await readLibrary()).entries.filter((e) => e.url.startsWith('https://a.example/'));
    expect(first).toHaveLength(500);
    expect(new Set(first.flatMap((e) => e.tags))).toEqual(new Set(['News']));
    // Every "News" becomes "Press": the library has no "news" any more, so the next step keeps the file's spelling.
    await writer.renameTag('News', 'Press');
    await writer.importStep(job.id);
    const tags = (await readLibrary()).entries.filter((e) => e.url.startsWith('https://a.example/')).map((e) => e.tags.join());
    expect(tags.filter((t) => t === 'Press')).toHaveLength(500);
    expect(tags.filter((t) => t === 'news')).toHaveLength(500);
  });
});

describe('an import replacing an article pending deletion', () => {
  beforeEach(() => fakeBrowser.reset());

  const withImages = async (writer: ReturnType<typeof createLibraryWriter>) => {
    const article = makeArticle({ url: 'https://a.example/5', contentHtml: '<p>Text</p><img src="https://a.example/5.png">' });
    const images: CollectedImages = { kept: [{ url: 'https://a.example/5.png', type: 'image/png', bytes: new Uint8Array(40).buffer }], missed: [] };
    expect(await writer.save(article, images)).toMatchObject({ ok: true, value: { id: 'id-1' } });
    expect(await storedImageBytes()).toEqual({ bytes: 40, images: 1 });
    await writer.deleteArticles(['id-1']);
  };

  it('takes its stored images away with it (a job)', async () => {
    const { writer, runner } = background({ now: clock().now, newId: ids(), estimateStorage: async () => ({ usage: 0, quota: 1e12 }) });
    await withImages(writer);
    const store = createImportStore();
    store.start();
    const job = await importAndWait(store, runner, picked('ten.csv', pocketCsv(10)));
    expect(job).toMatchObject({ state: 'done', added: 10 });
    // Replaced in place: the same id, now the imported link, without the old article's images.
    expect(await libraryDb().then((db) => db.get('records', 'id-1'))).toMatchObject({ deletedAt: null, content: 'link' });
    expect(await readArticleImages('id-1')).toEqual({ images: [], set: null });
    expect(await storedImageBytes()).toEqual({ bytes: 0, images: 0 });
  });

  it('takes its stored images away with it (importRecords)', async () => {
    const writer = createLibraryWriter({ now: clock().now, newId: ids(), estimateStorage: async () => ({ usage: 0, quota: 1e12 }) });
    await withImages(writer);
    const link = makeArticle({ url: 'https://a.example/5', contentHtml: '', text: '', wordCount: 0, readingTimeMinutes: 0 });
    expect(await writer.importRecords([{ article: link, content: 'link' }])).toMatchObject({ ok: true, value: { added: 1 } });
    expect(await readArticleImages('id-1')).toEqual({ images: [], set: null });
  });
});

describe('link-only records', () => {
  beforeEach(() => fakeBrowser.reset());

  const linkOf = (url: string) => makeArticle({ url, title: 'Saved link', contentHtml: '', text: '', wordCount: 0, readingTimeMinutes: 0, excerpt: null });

  it('a saved link gets the article read from its page, keeping its address and state', async () => {
    const time = clock();
    const writer = createLibraryWriter({ now: time.now, newId: ids() });
    await writer.importRecords([{ article: linkOf('https://a.example/story?utm_source=pocket'), content: 'link', tags: ['later'], archivedAt: 5, savedAt: 4 }]);
    time.advance(1000);
    const article = makeArticle({ url: 'https://a.example/story', title: 'The real title' });
    const filled = await writer.fillLinkArticle(article);
    expect(filled).toMatchObject({
      ok: true,
      value: { id: 'id-1', content: 'article', title: 'The real title', tags: ['later'], archivedAt: 5, savedAt: 4, updatedAt: time.now() },
    });
    const record = await (await libraryDb()).get('records', 'id-1');
    expect(record).toMatchObject({ content: 'article', article: { url: 'https://a.example/story?utm_source=pocket', text: article.text } });
    // An article is never replaced by this path (saving the page again is the user's choice).
    expect(await writer.fillLinkArticle(makeArticle({ url: 'https://a.example/story', title: 'Other' }))).toEqual({ ok: true, value: null });
  });

  it('saving a page over a saved link makes it an article', async () => {
    const writer = createLibraryWriter({ now: clock().now, newId: ids() });
    await writer.importRecords([{ article: linkOf('https://a.example/story'), content: 'link' }]);
    expect(await writer.save(makeArticle({ url: 'https://a.example/story' }))).toMatchObject({
      ok: true,
      created: false,
      value: { id: 'id-1', content: 'article' },
    });
  });

  it('the reader fills a link when it reads the whole page, not a selection', async () => {
    const writer = createLibraryWriter({ now: clock().now, newId: ids() });
    await writer.importRecords([{ article: linkOf('https://a.example/story'), content: 'link' }]);
    const read = { status: 'article' as const, article: makeArticle({ url: 'https://a.example/story', title: 'Part of it' }), durationMs: 1 };
    expect(await fillSavedLink(writer, read, 'selection')).toBe(read);
    expect((await readLibrary()).entries[0]).toMatchObject({ content: 'link' });
    expect(await fillSavedLink(writer, read, 'auto')).toBe(read);
    expect((await readLibrary()).entries[0]).toMatchObject({ content: 'article', title: 'Part of it' });
  });
});
