// @vitest-environment node
/**
 * The export's workers, each faked in this thread by the real job handler (export-jobs.ts, with
 * domino as in the worker) answering later and in any order: the archives they help write are the
 * ones the page writes alone, byte for byte, and a worker that fails, is missing or is closed
 * costs nothing but time.
 */
import { inflateSync, strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseBodyWithDomino } from '../../../utils/export/domino-body';
import { answerJob } from '../../../utils/export/export-jobs';
import type { ExportJobReply, ExportJobRequest } from '../../../utils/export/export-protocol';
import { createExportWorkers, type ExportWorkerLike } from '../../../utils/export/export-worker-client';
import { exportMarkdown, NOTES_AHEAD } from '../../../utils/export/markdown';
import { ChunkWriter } from '../../../utils/export/output';
import type { ExportEntry, ExportImage, ExportOptions, ImageResolver } from '../../../utils/export/types';
import { ZipWriter } from '../../../utils/export/zip';
import { collect } from './collect';
import { SAMPLE, entry } from './entries';

interface FakeOptions {
  /** Fails (an error event) once it has received this many jobs. */
  failAfter?: number;
  neverAnswer?: boolean;
  /** Answers markdown jobs with a failure, as a worker whose parser choked would. */
  refuseMarkdown?: boolean;
}

/** A worker in this thread: answers each job after a random delay, from the worker's own handler. */
function fakeWorker(options: FakeOptions = {}) {
  const listeners: { message: Array<(e: MessageEvent<ExportJobReply>) => void>; error: Array<(e: Event) => void> } = { message: [], error: [] };
  const state = { received: 0, kinds: [] as string[], terminated: false, inFlight: 0, mostInFlight: 0 };
  const worker: ExportWorkerLike = {
    postMessage(job: ExportJobRequest) {
      state.received++;
      state.kinds.push(job.kind);
      if (options.failAfter !== undefined && state.received > options.failAfter) {
        setTimeout(() => listeners.error.forEach((l) => l(new Event('error'))), 0);
        return;
      }
      if (options.neverAnswer) return;
      state.mostInFlight = Math.max(state.mostInFlight, ++state.inFlight);
      const { reply } =
        options.refuseMarkdown && job.kind === 'markdown'
          ? { reply: { id: job.id, ok: false as const, message: 'parser choked' } }
          : answerJob(structuredClone(job), parseBodyWithDomino);
      setTimeout(() => {
        state.inFlight--;
        if (!state.terminated) listeners.message.forEach((l) => l({ data: reply } as MessageEvent<ExportJobReply>));
      }, Math.random() * 4);
    },
    addEventListener(type: 'message' | 'error', listener: (e: never) => void) {
      listeners[type].push(listener as never);
    },
    terminate() {
      state.terminated = true;
    },
  };
  return { worker, state };
}

function pool(fakes: ReturnType<typeof fakeWorker>[]) {
  return createExportWorkers(fakes.length, (i) => fakes[i]!.worker);
}

/** Many notes: the samples again and again under new titles, some with images stored, one whose body cannot be converted. */
const ENTRIES: ExportEntry[] = Array.from({ length: 60 }, (_, i) => {
  const base = SAMPLE[i % SAMPLE.length]!;
  const images = i % 7 === 3 ? '<figure><img src="https://news.example/a.png" alt="A"></figure><p><img src="https://elsewhere.example/c.png" alt="C"></p>' : '';
  return entry({
    ...base,
    id: `art-${i}`,
    article: { ...base.article, title: `${base.article.title} ${i}`, contentHtml: `${base.article.contentHtml}${images}` },
  });
});
const PNG: ExportImage = { bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2]), type: 'image/png' };
const withStoredImages = (e: ExportEntry) => e.article.contentHtml.includes('news.example/a.png');
const images: ImageResolver = async (e, url) => (withStoredImages(e) && url === 'https://news.example/a.png' ? PNG : null);

async function markdownZip(options: ExportOptions = {}): Promise<{ bytes: Uint8Array; count: number; skipped: number }> {
  const out = collect();
  const result = await exportMarkdown(ENTRIES, out.sink, options);
  return { bytes: out.bytes(), count: result.count, skipped: result.skipped };
}

describe('the export workers convert Markdown notes', () => {
  it('write the archive the page writes alone, byte for byte, with the work spread over the workers', async () => {
    for (const withImages of [false, true]) {
      const options: ExportOptions = withImages ? { images, hasStoredImages: withStoredImages } : {};
      const alone = await markdownZip(options);
      const fakes = [fakeWorker(), fakeWorker()];
      const workers = pool(fakes);
      const helped = await markdownZip({ ...options, convertNote: workers.convertNote, deflate: workers.deflate });
      workers.close();
      expect(helped.bytes).toEqual(alone.bytes);
      expect(helped.count).toBe(ENTRIES.length);
      for (const f of fakes) {
        expect(f.state.kinds.filter((k) => k === 'markdown').length).toBeGreaterThan(5);
        expect(f.state.terminated).toBe(true);
      }
      // A note whose images are stored is linked and compressed after the page found them.
      if (withImages) {
        const files = unzipSync(helped.bytes);
        const name = Object.keys(files).find((n) => n.startsWith('assets/'))!;
        expect(files[name]).toEqual(PNG.bytes);
        expect(fakes.flatMap((f) => f.state.kinds).filter((k) => k === 'deflate').length).toBeGreaterThan(0);
      }
    }
  });

  it('convert at most NOTES_AHEAD notes ahead of the one being written', async () => {
    const fake = fakeWorker();
    const workers = pool([fake]);
    await markdownZip({ convertNote: workers.convertNote });
    workers.close();
    expect(fake.state.mostInFlight).toBeGreaterThan(1);
    expect(fake.state.mostInFlight).toBeLessThanOrEqual(NOTES_AHEAD);
  });

  it('a worker that fails midway, or answers with a failure: the page converts its notes, and the archive is whole', async () => {
    const alone = await markdownZip();
    for (const fakes of [[fakeWorker({ failAfter: 9 }), fakeWorker()], [fakeWorker({ refuseMarkdown: true })]]) {
      const workers = pool(fakes);
      const helped = await markdownZip({ convertNote: workers.convertNote, deflate: workers.deflate });
      workers.close();
      expect(helped.bytes).toEqual(alone.bytes);
    }
  });

  it('without a worker, the page does every job', async () => {
    const alone = await markdownZip();
    const workers = createExportWorkers(2, () => null);
    expect((await markdownZip({ convertNote: workers.convertNote, deflate: workers.deflate })).bytes).toEqual(alone.bytes);
  });

  it('a note no DOM can convert is skipped and counted, the others written', async () => {
    const broken = entry({ id: 'broken', article: { title: 'Broken', contentHtml: '<p>x</p>' } });
    // A getter that throws: the same failure wherever the note is converted.
    Object.defineProperty(broken.article, 'contentHtml', {
      get() {
        throw new Error('damaged body');
      },
    });
    const fake = fakeWorker();
    const workers = pool([fake]);
    const out = collect();
    const result = await exportMarkdown([ENTRIES[0]!, broken, ENTRIES[1]!], out.sink, { convertNote: workers.convertNote });
    workers.close();
    expect(result).toMatchObject({ count: 2, skipped: 1 });
    expect(Object.keys(out.files())).toHaveLength(2);
  });

  it('close() does in the page what a worker still held', async () => {
    const fake = fakeWorker({ neverAnswer: true });
    const { deflate, convertNote, close } = pool([fake]);
    const file = deflate('never answered', 1);
    const note = convertNote(
      {
        article: { title: 'T', url: 'https://news.example/t', byline: null, siteName: null, publishedTime: null, contentHtml: '<p>Held <b>note</b>.</p>' },
        savedAt: 0,
        readAt: null,
        archivedAt: null,
        favourite: false,
        tags: [],
      },
      { collectImages: false, final: true, level: 1 },
    );
    close();
    expect(strFromU8(inflateSync((await file).bytes))).toBe('never answered');
    expect(strFromU8(inflateSync((await note).file!.bytes))).toContain('Held **note**.');
  });
});

describe('the export workers compress zip files', () => {
  const FILES = Array.from({ length: 30 }, (_, i) => ({
    name: `f${i}.md`,
    text: `# ${i}\n\n${'harbour silt lantern '.repeat(40 + i * 13)}é中文`,
    mtime: Date.UTC(2024, 0, 1 + i),
  }));
  async function zipOf(deflate?: ExportOptions['deflate']): Promise<Uint8Array> {
    const out = collect();
    const writer = new ChunkWriter(out.sink);
    const zip = new ZipWriter(writer, 1, deflate);
    for (const f of FILES) await zip.add(f.name, f.text, f.mtime);
    await zip.add('assets/a.bin', new Uint8Array([0, 1, 2, 255]), 0);
    await zip.end();
    await writer.end();
    return out.bytes();
  }

  it('the archive is the one the page writes, also when a worker fails midway', async () => {
    const alone = await zipOf();
    for (const fakes of [[fakeWorker(), fakeWorker()], [fakeWorker({ failAfter: 7 })]]) {
      const workers = pool(fakes);
      expect(await zipOf(workers.deflate)).toEqual(alone);
      workers.close();
      expect(fakes.every((f) => f.state.received > 0 && f.state.terminated)).toBe(true);
    }
  });
});
