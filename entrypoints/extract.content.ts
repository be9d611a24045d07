import { defineContentScript } from 'wxt/utils/define-content-script';
import { readCurrentPage } from '@/utils/in-page';
import { IN_PAGE_HOOK } from '@/utils/in-page-hook';
import type { ReadMode } from '@/utils/messaging';

// Registered at runtime only: injected by the background with scripting.executeScript when the
// user asks to read a page, never on pages they do not read.
export default defineContentScript({
  registration: 'runtime',
  main() {
    Object.defineProperty(globalThis, IN_PAGE_HOOK, {
      value: (mode: ReadMode) => readCurrentPage(window, mode),
      configurable: true,
    });
  },
});
