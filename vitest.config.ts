import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Unit tests: WXT's plugin swaps `wxt/browser` for its in-memory fake browser, so storage and
// messaging logic runs against the same API surface as in the extension.
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['test/unit/**/*.test.{ts,tsx}'],
    environment: 'happy-dom',
    setupFiles: ['test/unit/support/english-i18n.ts', 'test/unit/support/fresh-indexeddb.ts'],
    testTimeout: 20_000,
  },
});
