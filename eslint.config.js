// @ts-check
// A small rule set that catches real bugs, plus the import boundaries of the architecture:
// components get their data through props and stores, and shipped code never reaches into test/.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// `@/x`, `~/x`, `@@/x`, `~~/x` (WXT's aliases) or a relative `../x`, `../../x`.
const FROM_ROOT = String.raw`^(?:[@~]{1,2}/|(?:\.\.?/)+)`;

const COMPONENTS_MESSAGE = 'Components get their data through props and stores: no extension API, storage or background code in components/.';

export default defineConfig(
  {
    ignores: ['.output/', '.wxt/', 'node_modules/', 'demo-output/', 'test-output/', 'bench-output/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    // Type information (from tsconfig.json) for the two promise rules; it makes the run ~4x slower.
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    // Only the rules: the plugin's `configs` typings do not match ESLint 10's Plugin type.
    plugins: { 'react-hooks': { rules: reactHooks.rules } },
    rules: {
      // An un-awaited promise loses its rejection: a failed storage write or message goes unseen.
      '@typescript-eslint/no-floating-promises': 'error',
      // An async function where a void callback is expected (onClick, addEventListener) drops its errors.
      '@typescript-eslint/no-misused-promises': 'error',
      // Hooks from 'preact/hooks' follow React's rules; the plugin goes by the `use` name prefix.
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Fires on `let x = null; try { x = f() } catch { x = null }`, a pattern the code uses on purpose.
      'no-useless-assignment': 'off',
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['components/**'],
    rules: {
      // import() would slip past the boundary below; components have no use for it.
      'no-restricted-syntax': ['error', { selector: 'ImportExpression', message: COMPONENTS_MESSAGE }],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`^(?:wxt/browser|wxt/utils/storage|@wxt-dev/storage|webextension-polyfill)(?:/|$)`,
              message: COMPONENTS_MESSAGE,
            },
            {
              regex: `${FROM_ROOT}utils/library/(?:store|writer)(?:\\.ts)?$`,
              message: COMPONENTS_MESSAGE,
            },
            {
              // The stores and what stores positions or opens the panel: the views hand components
              // their values and callbacks instead.
              regex: `${FROM_ROOT}utils/(?:ui/(?:reader|library)-store|settings/store|reading/(?:position|tracker)|panel/)`,
              message: COMPONENTS_MESSAGE,
              allowTypeImports: true,
            },
            {
              regex: `${FROM_ROOT}utils/background/`,
              message: COMPONENTS_MESSAGE,
            },
            {
              // The message types are shared vocabulary; sending messages is the stores' job.
              regex: `${FROM_ROOT}utils/model/messaging(?:\\.ts)?$`,
              message: COMPONENTS_MESSAGE,
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**', 'bin/**', 'utils/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `${FROM_ROOT}test(?:/|$)`,
              message: 'Shipped code and tools must not depend on test/: move what they share out of test/.',
            },
          ],
        },
      ],
    },
  },
  {
    // The pipeline runs in the page and in Node (CLI, benchmarks): no extension API, and nothing
    // of the extension's other folders but the Article model.
    files: ['utils/extract/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: String.raw`^(?:wxt|@wxt-dev|webextension-polyfill)(?:/|$)`, message: 'utils/extract/ runs in Node too: no extension API.' },
            {
              regex: `${FROM_ROOT}(?:utils/)?(?:background|content|library|panel|settings|reading|keyboard|speech|ui|i18n|components|hooks|entrypoints)(?:/|$)`,
              message: 'utils/extract/ depends only on utils/model/ (it runs in Node and in the page).',
            },
          ],
        },
      ],
    },
  },
  {
    // The import parsers are pure (bytes in, a report out) so they run in a page, a worker and
    // Node: no extension API, no storage, no views. Types of the stored shapes are fine.
    files: ['utils/import/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `${FROM_ROOT}test(?:/|$)`,
              message: 'Shipped code and tools must not depend on test/: move what they share out of test/.',
            },
            { regex: String.raw`^(?:wxt|@wxt-dev|webextension-polyfill|idb)(?:/|$)`, message: 'utils/import/ is pure: no extension API or storage.' },
            {
              regex: `${FROM_ROOT}(?:utils/)?(?:background|content|panel|ui|i18n|keyboard|speech|components|hooks|entrypoints)(?:/|$)`,
              message: 'utils/import/ is pure: it may use utils/model, the pure helpers of utils/library and types.',
            },
            {
              regex: `${FROM_ROOT}(?:utils/)?(?:library/(?:store|writer|db)|settings/(?:store|settings)|reading/(?:position|tracker))(?:\\.ts)?$`,
              message: 'utils/import/ is pure: no storage (types are fine).',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    // The exporters are pure and run in pages and in Node (benchmarks): they get articles and a
    // sink from their caller, and never reach for storage, the extension API or the UI.
    files: ['utils/export/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: String.raw`^(?:wxt|@wxt-dev|webextension-polyfill)(?:/|$)`, message: 'utils/export/ is pure: no extension API.' },
            {
              // utils/ui only for its pure lead-image choice; its stores read storage.
              regex: `${FROM_ROOT}(?:utils/)?(?:(?:background|content|library|panel|settings|reading|keyboard|speech|i18n|components|hooks|entrypoints)(?:/|$)|ui/(?!lead-image(?:\\.ts)?$))`,
              message: 'utils/export/ is pure: the caller brings the articles (no storage) and the words (no i18n).',
              allowTypeImports: true,
            },
            { regex: `${FROM_ROOT}test(?:/|$)`, message: 'Shipped code and tools must not depend on test/: move what they share out of test/.' },
          ],
        },
      ],
    },
  },
  {
    // The service worker names the content script's hook but must not bundle the pipeline.
    files: ['utils/background/**', 'entrypoints/background.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `${FROM_ROOT}(?:(?:utils/)?extract(?:/|$)|(?:utils/)?content/extract-page)`,
              message: 'The background must not bundle the extraction pipeline: it runs in the page (utils/content/).',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
