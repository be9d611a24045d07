import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, exportLibrary, exportStream, type Bytes, type ExportFormat } from '../../../utils/export';
import { collect } from './collect';
import { SAMPLE, entry } from './entries';

async function* slowly<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    yield item;
  }
}

/** Reads a stream the way the download will: chunks into a Blob. */
async function readAll(stream: ReadableStream<Bytes>): Promise<Uint8Array> {
  const chunks: Bytes[] = [];
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
  return new Uint8Array(await new Blob(chunks).arrayBuffer());
}

describe('exportLibrary', () => {
  it('writes every format and reports progress per article', async () => {
    for (const format of Object.keys(EXPORT_FORMATS) as ExportFormat[]) {
      const out = collect();
      const progress: number[] = [];
      const result = await exportLibrary(format, slowly(SAMPLE), out.sink, { onProgress: (n) => progress.push(n) });
      expect(progress, format).toEqual([1, 2, 3, 4, 5]);
      expect(result.count + result.skipped, format).toBe(5);
      const bytes = out.bytes();
      expect(result.bytes, format).toBe(bytes.length);
      if (EXPORT_FORMATS[format].mimeType === 'application/zip') expect(Object.keys(unzipSync(bytes)).length, format).toBeGreaterThanOrEqual(5);
      else expect(new TextDecoder().decode(bytes).length, format).toBeGreaterThan(100);
    }
  });
  it('waits for a slow sink before producing more', async () => {
    let inFlight = 0;
    let most = 0;
    const many = Array.from({ length: 40 }, (_, i) => entry({ article: { title: `A ${i}`, contentHtml: `<p>${'word '.repeat(20_000)}</p>` } }));
    await exportLibrary('html-single', many, async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight--;
    });
    expect(most).toBe(1);
  });
  it('rejects an unknown format', async () => {
    await expect(exportLibrary('pdf' as ExportFormat, [], () => undefined)).rejects.toThrow('Unknown export format');
  });
});

describe('exportStream', () => {
  it('gives the same bytes as the sink, as a ReadableStream', async () => {
    const out = collect();
    await exportLibrary('csv', SAMPLE, out.sink);
    expect(await readAll(exportStream('csv', slowly(SAMPLE)))).toEqual(out.bytes());
    const zip = await readAll(exportStream('markdown', slowly(SAMPLE)));
    expect(Object.keys(unzipSync(zip))).toHaveLength(5);
  });
  it('stops reading articles when the stream is cancelled', async () => {
    let pulled = 0;
    async function* counted(): AsyncGenerator<(typeof SAMPLE)[number]> {
      for (let i = 0; i < 1000; i++) {
        pulled++;
        yield entry({ article: { title: `T ${i}`, contentHtml: `<p>${'x'.repeat(50_000)}</p>` } });
      }
    }
    const reader = exportStream('html-single', counted()).getReader();
    await reader.read();
    await reader.cancel();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pulled).toBeLessThan(100);
  });
});
