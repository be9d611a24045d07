// @vitest-environment node
import { inflateSync, strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { crc32, deflateFile, type Deflater } from '../../../utils/export/deflate';
import { createWorkerDeflater, type DeflateWorkerLike } from '../../../utils/export/deflate-worker-client';
import type { DeflateReply, DeflateRequest } from '../../../utils/export/deflate-protocol';
import { ChunkWriter } from '../../../utils/export/output';
import { MAX_IN_FLIGHT, ZipWriter } from '../../../utils/export/zip';

/** A worker in this thread: answers each request later, from deflateFile, like the real one. */
function fakeWorker(options: { failAfter?: number; neverAnswer?: boolean } = {}) {
  const listeners: { message: Array<(e: MessageEvent<DeflateReply>) => void>; error: Array<(e: Event) => void> } = { message: [], error: [] };
  const state = { received: 0, terminated: false };
  const worker: DeflateWorkerLike = {
    postMessage({ id, data, level }: DeflateRequest) {
      state.received++;
      if (options.failAfter !== undefined && state.received > options.failAfter) {
        setTimeout(() => listeners.error.forEach((l) => l(new Event('error'))), 0);
        return;
      }
      if (options.neverAnswer) return;
      const file = deflateFile(data, level);
      setTimeout(() => listeners.message.forEach((l) => l({ data: { id, ok: true, file } } as MessageEvent<DeflateReply>)), Math.random() * 3);
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

/** Prose that does not deflate to nothing: words drawn by a small seeded generator. */
function prose(seed: number, words: number): string {
  const vocabulary = ['river', 'stone', 'é', 'lantern', '中文', 'quietly', 'north', 'archive', 'seven', 'ledger', 'harbour', 'μέλι'];
  let x = seed;
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(`${vocabulary[x % vocabulary.length]}${x % 97}`);
  }
  return out.join(' ');
}

const FILES = Array.from({ length: 40 }, (_, i) => ({
  name: `note ${i}.md`,
  text: `# Note ${i}\n\n${prose(i + 1, 200 + i * 60)}`,
  mtime: Date.UTC(2024, 0, 1 + i),
}));

/** How a test's zip is compressed: in the page, by a given deflater, or through createWorkerDeflater with a given worker. */
type Mode = 'sync' | { deflate: Deflater } | { worker: () => DeflateWorkerLike | null };

async function zipOf(mode: Mode): Promise<{ bytes: Uint8Array; chunks: number }> {
  const chunks: Uint8Array[] = [];
  const out = new ChunkWriter((chunk) => void chunks.push(chunk));
  const made = mode !== 'sync' && 'worker' in mode ? createWorkerDeflater(mode.worker) : null;
  const deflate = mode === 'sync' ? undefined : 'deflate' in mode ? mode.deflate : made!.deflate;
  const zip = new ZipWriter(out, 1, deflate);
  for (const f of FILES) await zip.add(f.name, f.text, f.mtime);
  await zip.add('assets/a.bin', new Uint8Array([0, 1, 2, 255]), FILES[0]!.mtime);
  await zip.end();
  await out.end();
  made?.close();
  return { bytes: new Uint8Array(await new Blob(chunks as BlobPart[]).arrayBuffer()), chunks: chunks.length };
}

describe('deflate', () => {
  it('computes the standard CRC-32 and deflates text as UTF-8', () => {
    expect(crc32(strToU8('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
    const file = deflateFile('héllo 中文', 1);
    expect(strFromU8(inflateSync(file.bytes))).toBe('héllo 中文');
    expect(file.size).toBe(strToU8('héllo 中文').length);
    // The CRC fflate's own zip writes for the same bytes.
    const reference = zipSync({ a: strToU8('héllo 中文') });
    expect(new DataView(reference.buffer).getUint32(14, true)).toBe(file.crc);
  });
});

describe('ZipWriter with a deflater that answers later', () => {
  it('writes the same archive, byte for byte, in chunks, whatever order the answers come in', async () => {
    const sync = await zipOf('sync');
    const late = await zipOf({
      deflate: async (data, level) => {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
        return deflateFile(data, level);
      },
    });
    expect(late.chunks).toBeGreaterThan(1);
    expect(late.bytes).toEqual(sync.bytes);
    const files = unzipSync(late.bytes);
    expect(Object.keys(files)).toEqual([...FILES.map((f) => f.name), 'assets/a.bin']);
    for (const f of FILES) expect(strFromU8(files[f.name]!)).toBe(f.text);
    expect([...files['assets/a.bin']!]).toEqual([0, 1, 2, 255]);
  });

  it('holds at most MAX_IN_FLIGHT files waiting for the deflater', async () => {
    let waiting = 0;
    let most = 0;
    await zipOf({
      deflate: async (data, level) => {
        most = Math.max(most, ++waiting);
        await new Promise((resolve) => setTimeout(resolve, 1));
        waiting--;
        return deflateFile(data, level);
      },
    });
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(MAX_IN_FLIGHT);
  });

  it('throws a deflater failure from the export instead of writing a broken archive', async () => {
    const zip = new ZipWriter(new ChunkWriter(() => undefined), 1, () => Promise.reject(new Error('out of memory')));
    await zip.add('a.md', 'text', 0);
    await expect(zip.end()).rejects.toThrow('out of memory');
  });
});

describe('createWorkerDeflater', () => {
  it('compresses in the worker, and the archive is the one the page would write', async () => {
    const sync = await zipOf('sync');
    const fake = fakeWorker();
    const viaWorker = await zipOf({ worker: () => fake.worker });
    expect(fake.state.received).toBe(FILES.length + 1);
    expect(fake.state.terminated).toBe(true);
    expect(viaWorker.bytes).toEqual(sync.bytes);
  });

  it('a worker that fails midway: the files it held are compressed in the page, and the archive is whole', async () => {
    const sync = await zipOf('sync');
    const fake = fakeWorker({ failAfter: 10 });
    const recovered = await zipOf({ worker: () => fake.worker });
    expect(fake.state.terminated).toBe(true);
    expect(recovered.bytes).toEqual(sync.bytes);
  });

  it('without a worker, compresses in the page', async () => {
    const sync = await zipOf('sync');
    expect((await zipOf({ worker: () => null })).bytes).toEqual(sync.bytes);
  });

  it('close() compresses what the worker still held', async () => {
    const fake = fakeWorker({ neverAnswer: true });
    const { deflate, close } = createWorkerDeflater(() => fake.worker);
    const pending = deflate('never answered', 1);
    close();
    expect(strFromU8(inflateSync((await pending).bytes))).toBe('never answered');
  });
});
