/** What only the end-to-end suites need: the sample page's expected text and a storage probe. */
import type { Worker } from 'playwright-core';

// Code passed to serviceWorker.evaluate() runs in the extension, where `chrome` is the global.
declare const chrome: {
  storage: { local: { get(key: string | null): Promise<Record<string, unknown>> } };
};

/** Number of saved (not deleted) articles, read straight from extension storage. */
export async function storedArticleCount(sw: Worker): Promise<number> {
  return sw.evaluate(async () => {
    const index = (await chrome.storage.local.get('library:index'))['library:index'] as { entries?: Array<{ deletedAt: number | null }> } | undefined;
    return index?.entries?.filter((e) => e.deletedAt === null).length ?? 0;
  });
}

/** The seven paragraphs of the seed article, as a reader must show them (promo sentence removed). */
export const SAMPLE_PARAGRAPH_STARTS = [
  'Russian President Vladimir Putin arrived in Beijing on Tuesday',
  'At the top of the guest list is Putin',
  'It is a carefully choreographed visit',
  'But the two men are now facing rising tensions',
  'Despite the tensions, experts expect few big surprises',
  'The two leaders will likely also discuss the Middle East',
  'Xi has long seen the Palestinian struggle',
];

/** Words of the sample page's chrome that a clean reader view must not contain. */
export const SAMPLE_CHROME_WORDS = ['Trending Now', 'Recommended for', 'Most Popular', 'Los Angeles', 'Friday, April 19, 2024', 'Sign up', 'newsletter'];
