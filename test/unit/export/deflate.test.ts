// @vitest-environment node
import { inflateSync, strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { crc32, deflateFile, type Deflater } from '../../../utils/export/deflate';
import { ChunkWriter } from '../../../utils/export/output';
import { MAX_IN_FLIGHT, ZipWriter } from '../../../utils/export/zip';

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

/** How a test's zip is compressed: in the page, or by a given deflater. */
type Mode = 'sync' | { deflate: Deflater };

async function zipOf(mode: Mode): Promise<{ bytes: Uint8Array; chunks: number }> {
  const chunks: Uint8Array[] = [];
  const out = new ChunkWriter((chunk) => void chunks.push(chunk));
  const deflate = mode === 'sync' ? undefined : mode.deflate;
  const zip = new ZipWriter(out, 1, deflate);
  for (const f of FILES) await zip.add(f.name, f.text, f.mtime);
  await zip.add('assets/a.bin', new Uint8Array([0, 1, 2, 255]), FILES[0]!.mtime);
  await zip.end();
  await out.end();
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
