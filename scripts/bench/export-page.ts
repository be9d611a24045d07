/**
 * Entry of the export benchmark's in-page bundle (IIFE, built by scripts/bench/export.ts --browser):
 * the exporters as the extension page runs them, on the browser's own DOM (DOMParser for Turndown,
 * DOMPurify trusted in place of happy-dom).
 */
import { exportLibrary, type ExportEntry, type ExportFormat } from '../../utils/export';
import type { StoredRecord } from '../../utils/library/schema';

/** What one run reports back to Node. */
export interface PageRun {
  count: number;
  bytes: number;
  blobBytes: number;
  seconds: number;
}

/** Folds chunks into a Blob every few megabytes, so the bytes leave the JS heap as a download's would. */
const FOLD_BYTES = 4 * 1024 * 1024;

async function run(format: ExportFormat, records: StoredRecord[], count: number): Promise<PageRun> {
  async function* entries(): AsyncGenerator<ExportEntry> {
    for (let i = 0; i < count; i++) {
      // Yield to the event loop now and then, as a storage cursor does: it lets the benchmark read the heap meanwhile.
      if (i % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
      const r = records[i % records.length]!;
      const pass = Math.floor(i / records.length);
      yield {
        article: pass === 0 ? r.article : { ...r.article, title: `${r.article.title} (${pass})`, url: `${r.article.url}?pass=${pass}` },
        savedAt: r.savedAt,
        readAt: r.readAt,
        archivedAt: i % 5 < 2 ? r.savedAt + 86_400_000 : null,
        favourite: i % 10 === 0,
        tags: i % 3 === 0 ? ['world', 'long read'] : [],
        progress: null,
      };
    }
  }
  let blob = new Blob([]);
  let batch: Uint8Array<ArrayBuffer>[] = [];
  let batched = 0;
  const started = performance.now();
  const result = await exportLibrary(format, entries(), (chunk, final) => {
    batch.push(chunk);
    batched += chunk.length;
    if (batched >= FOLD_BYTES || final) {
      blob = new Blob([blob, ...batch]);
      batch = [];
      batched = 0;
    }
  });
  return { count: result.count, bytes: result.bytes, blobBytes: blob.size, seconds: (performance.now() - started) / 1000 };
}

(globalThis as unknown as { __exportBench: unknown }).__exportBench = { run };
