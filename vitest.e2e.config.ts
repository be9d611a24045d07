import { defineConfig } from 'vitest/config';

// End-to-end: the built extension in real headless Chromium. One browser at a time on a
// two-core machine, so files run one after another.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
});
