// @vitest-environment node
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ChunkWriter, utf8 } from '../../../utils/export/output';
import { ZipWriter } from '../../../utils/export/zip';

describe('ZipWriter', () => {
  it('writes files that unzip to their bytes, names in UTF-8, dates clamped to what zip holds', async () => {
    const chunks: Uint8Array[] = [];
    const out = new ChunkWriter((chunk) => void chunks.push(chunk));
    const zip = new ZipWriter(out);
    await zip.add('a.md', utf8('x'.repeat(10_000)), Date.UTC(2024, 0, 1));
    await zip.add('普京.md', utf8('中文'), 0);
    await zip.add('late.md', utf8(''), Date.UTC(2200, 0, 1));
    await zip.end();
    await out.end();
    const files = unzipSync(new Uint8Array(await new Blob(chunks as BlobPart[]).arrayBuffer()));
    expect(Object.keys(files)).toEqual(['a.md', '普京.md', 'late.md']);
    expect(strFromU8(files['a.md']!)).toBe('x'.repeat(10_000));
    expect(strFromU8(files['普京.md']!)).toBe('中文');
  });
  it('keeps no per-file buffers: memory stays flat over thousands of files', async () => {
    const out = new ChunkWriter(() => undefined);
    const zip = new ZipWriter(out);
    const before = process.memoryUsage().arrayBuffers;
    for (let i = 0; i < 2000; i++) await zip.add(`${i}.md`, utf8(`note ${i}`), Date.UTC(2024, 0, 1));
    // fflate's ZipDeflate kept its compressor's buffers (~140 kB) for every file until the end: 280 MB
    // here. The bound is half of that: arrayBuffers is process-wide, and test files running beside
    // this one in the same process allocate too (a 50 MB bound failed in CI at 52 MB).
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(140 * 1024 * 1024);
    await zip.end();
  });
});
