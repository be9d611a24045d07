import { defineContentScript } from 'wxt/utils/define-content-script';
import { extractPage } from '@/utils/content/extract-page';
import { EXTRACT_HOOK } from '@/utils/content/extract-hook';
import type { ReadMode } from '@/utils/model/messaging';

// Registered at runtime only: injected by the background with scripting.executeScript when the
// user asks to read a page, never on pages they do not read.
export default defineContentScript({
  registration: 'runtime',
  main() {
    Object.defineProperty(globalThis, EXTRACT_HOOK, {
      value: (mode: ReadMode) => extractPage(window, mode),
      configurable: true,
    });
  },
});
