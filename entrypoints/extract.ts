import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { collectPageImages } from '@/utils/content/collect-images';
import { extractPage } from '@/utils/content/extract-page';
import { COLLECT_IMAGES_HOOK, EXTRACT_HOOK } from '@/utils/content/extract-hook';
import type { ReadMode } from '@/utils/model/messaging';

// An unlisted script, not a content script: WXT wraps content scripts in a context that
// announces itself to the page with window.postMessage ("<id>:extract:wxt:content-script-started"),
// telling every site we read that this extension is there and naming its id. Injected by the
// background with scripting.executeScript only when the user asks to read a page.
export default defineUnlistedScript(() => {
  Object.defineProperty(globalThis, EXTRACT_HOOK, {
    value: (mode: ReadMode) => extractPage(window, mode),
    configurable: true,
  });
  // Saving the article read here: its images, fetched as the page may fetch them.
  Object.defineProperty(globalThis, COLLECT_IMAGES_HOOK, {
    value: (contentHtml: string, leadImageUrl: string | null) => collectPageImages(window, contentHtml, leadImageUrl),
    configurable: true,
  });
});
