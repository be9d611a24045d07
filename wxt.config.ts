import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// The manifest is a function of the target browser: Chrome gets the side panel and the
// session-scoped storage it offers; Firefox gets sidebar_action (WXT derives it from the
// `sidepanel` entrypoint) plus the gecko id that AMO and `web-ext lint` require.
// READER_SEARCH_CHECK=1 builds, next to the real output, an extension with one more page
// (entrypoints/search-check) that drives the search worker for scripts/check-search-worker.ts and
// bench:search --browser. Normal builds leave that page out.
const SEARCH_CHECK = process.env.READER_SEARCH_CHECK === '1';

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  ...(SEARCH_CHECK ? { outDirTemplate: 'search-check-{{browser}}-mv{{manifestVersion}}' } : {}),
  hooks: {
    'entrypoints:resolved': (_wxt, entrypoints) => {
      if (SEARCH_CHECK) return;
      const at = entrypoints.findIndex((e) => e.name === 'search-check');
      if (at >= 0) entrypoints.splice(at, 1);
    },
  },
  // Explicit imports everywhere: the same modules run in Node (CLI, benchmarks, unit tests).
  imports: false,
  vite: () => ({
    plugins: [preact()],
    build: {
      // The extension ships its code; source maps would double the package for no user benefit.
      sourcemap: false,
      // BENCH_NO_MINIFY=1 keeps function names for a profile (bench:library --cpu-profile).
      ...(process.env.BENCH_NO_MINIFY === '1' ? { minify: false } : {}),
    },
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // activeTab + scripting: we read a page only when the user asks us to, never in the background.
    // storage + unlimitedStorage: saved articles keep their full content and images' URLs locally.
    permissions: [
      'activeTab',
      'scripting',
      'storage',
      'unlimitedStorage',
      // "Read in side panel" / "Save page for later" in the page's context menu.
      'contextMenus',
      // Wakes the worker while saved links' pages are being fetched (utils/background/link-fetcher.ts).
      'alarms',
      // Chrome: one offscreen document (utils/background/offscreen-document.ts) keeps the library's
      // search index loaded and parses saved links' pages (the service worker has no DOMParser).
      ...(browser === 'firefox' ? [] : ['sidePanel', 'offscreen']),
    ],
    // Optional, never granted at install: asked for from a saved article's view, for the few sites
    // whose images the page could not share with us (utils/background/save-images.ts), and from the
    // library to fetch imported links' articles (utils/background/link-fetcher.ts).
    ...(browser === 'firefox' ? { optional_permissions: ['*://*/*'] } : { optional_host_permissions: ['*://*/*'] }),
    action: {
      default_title: '__MSG_actionTitle__',
    },
    commands: {
      'open-side-panel': {
        suggested_key: { default: 'Alt+Shift+R' },
        description: '__MSG_commandOpenSidePanel__',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'reader@reader-mode.example',
              // 140 is the first release that knows data_collection_permissions (AMO requires it).
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
  zip: {
    excludeSources: ['demo-output/**', 'test-output/**', 'bench-output/**', '.output/**'],
  },
});
