/**
 * The settings' "Storage used" line: what the browser counts for the extension (saved articles,
 * their images, the search index; navigator.storage.estimate) and, of that, what the library's
 * images take (the per-article sums image-db.ts keeps, so no image is read to count them).
 */
import { signal } from '@preact/signals';
import { storedImageBytes } from '../library/image-db';

/** What the line shows; `total` is null when the browser gives no estimate. */
export interface StorageUsage {
  total: number | null;
  images: number;
  imageCount: number;
}

/** Where the figures come from; replaced in tests. */
export interface StorageUsageDeps {
  estimate: () => Promise<{ usage?: number }>;
  imageBytes: () => Promise<{ bytes: number; images: number }>;
}

const defaultDeps: StorageUsageDeps = {
  estimate: () => (navigator.storage?.estimate ? navigator.storage.estimate() : Promise.resolve({})),
  imageBytes: storedImageBytes,
};

/** A byte count for people: "850 kB", "12.4 MB", "1.2 GB" (decimal units, as the browsers' own settings show). */
export function formatBytes(bytes: number, locale?: string): string {
  const [unit, size] =
    bytes >= 1e9 ? (['gigabyte', bytes / 1e9] as const) : bytes >= 1e6 ? (['megabyte', bytes / 1e6] as const) : (['kilobyte', bytes / 1e3] as const);
  return new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: size < 10 ? 1 : 0 }).format(size);
}

/** The storage figures as a signal (null while counting), read again on `refresh`. */
export function createStorageUsage(overrides: Partial<StorageUsageDeps> = {}) {
  const deps = { ...defaultDeps, ...overrides };
  const usage = signal<StorageUsage | null>(null);
  let generation = 0;
  async function refresh(): Promise<void> {
    const mine = ++generation;
    const [estimate, images] = await Promise.all([
      deps.estimate().catch(() => ({}) as { usage?: number }),
      deps.imageBytes().catch(() => ({ bytes: 0, images: 0 })),
    ]);
    if (mine !== generation) return;
    usage.value = { total: estimate.usage ?? null, images: images.bytes, imageCount: images.images };
  }
  return { usage, refresh };
}
