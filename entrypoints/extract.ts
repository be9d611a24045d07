import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { extractPage } from '@/utils/content/extract-page';
import { EXTRACT_HOOK } from '@/utils/content/extract-hook';
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
});
