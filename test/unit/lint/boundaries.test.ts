// @vitest-environment node
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

// The project's own config; only the type-aware rules are switched off, because the snippets
// below are not files the TypeScript project knows, and the import rules need no types.
const eslint = new ESLint({
  cwd: ROOT,
  overrideConfigFile: resolve(ROOT, 'eslint.config.js'),
  overrideConfig: tseslint.configs.disableTypeChecked,
});

async function restrictedImports(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  if (!result) throw new Error('ESLint returned no result');
  const fatal = result.messages.filter((m) => m.fatal);
  expect(fatal).toEqual([]);
  return result.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('lint: import boundaries', () => {
  it('keeps wxt/browser out of components/', async () => {
    const messages = await restrictedImports("import { browser } from 'wxt/browser';\nexport const b = browser;\n", 'components/Bad.tsx');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('Components get their data through props and stores');
  });

  it.each([
    ["import { storage } from 'wxt/utils/storage';", 'storage'],
    ["import { readLibrary } from '@/utils/library/store';", 'readLibrary'],
    ["import { readLibrary } from '../utils/library/store';", 'readLibrary'],
    ["import { saveTab } from '@/utils/background/save-tab';", 'saveTab'],
    ["import { sendMessage } from '@/utils/model/messaging';", 'sendMessage'],
    ["import { createTabReader } from '@/utils/ui/reader-store';", 'createTabReader'],
    ["import { createLibraryStore } from '@/utils/ui/library-store';", 'createLibraryStore'],
    ["import { createSettingsStore } from '@/utils/settings/store';", 'createSettingsStore'],
    ["import { savePosition } from '@/utils/reading/position';", 'savePosition'],
    ["import { openReaderPanel } from '@/utils/panel/side-panel';", 'openReaderPanel'],
  ])('rejects %s in a component', async (line, name) => {
    expect(await restrictedImports(`${line}\nexport const x = ${name};\n`, 'components/Bad.tsx')).toHaveLength(1);
  });

  it('allows a type-only import of the message types in a component', async () => {
    const code = "import type { ReadMode } from '@/utils/model/messaging';\nexport const mode: ReadMode = 'auto';\n";
    expect(await restrictedImports(code, 'components/Good.tsx')).toEqual([]);
  });

  it('lets code outside components/ use the extension API', async () => {
    const code = "import { browser } from 'wxt/browser';\nexport const b = browser;\n";
    expect(await restrictedImports(code, 'entrypoints/background.ts')).toEqual([]);
  });

  it.each([
    ['scripts/tool.ts', "import { waitUntil } from '../test/e2e/support';"],
    ['scripts/bench/tool.ts', "import { waitUntil } from '../../test/e2e/support';"],
    ['utils/ui/thing.ts', "import { waitUntil } from '@/test/e2e/support';"],
    ['bin/tool.ts', "import { waitUntil } from '../test/e2e/support';"],
  ])('keeps %s from importing test/', async (filePath, line) => {
    expect(await restrictedImports(`${line}\nexport const w = waitUntil;\n`, filePath)).toHaveLength(1);
  });

  it.each([
    ['utils/extract/prepare/rule.ts', "import { browser } from 'wxt/browser';", 'browser'],
    ['utils/extract/index.ts', "import { readLibrary } from '../library/store';", 'readLibrary'],
    ['utils/extract/clean/rule.ts', "import { t } from '../../i18n';", 't'],
  ])('keeps %s runnable in Node: %s is refused', async (filePath, line, name) => {
    expect(await restrictedImports(`${line}\nexport const x = ${name};\n`, filePath)).toHaveLength(1);
  });

  it('lets the pipeline use the Article model and its own helpers', async () => {
    const code =
      "import type { Article } from '../model/article';\nimport { normText } from './dom';\nexport const x: Article | null = null;\nexport const n = normText;\n";
    expect(await restrictedImports(code, 'utils/extract/index.ts')).toEqual([]);
  });

  it.each([
    ["import { browser } from 'wxt/browser';", 'browser'],
    ["import { readLibrary } from '../library/store';", 'readLibrary'],
    ["import { t } from '../i18n';", 't'],
    ["import { createTabReader } from '../ui/reader-store';", 'createTabReader'],
    ["import { waitUntil } from '../../test/e2e/support';", 'waitUntil'],
  ])('keeps the exporters pure: %s is refused', async (line, name) => {
    expect(await restrictedImports(`${line}\nexport const x = ${name};\n`, 'utils/export/markdown.ts')).toHaveLength(1);
  });

  it('lets the exporters use the model, sanitize and library types', async () => {
    const code =
      "import type { Article } from '../model/article';\nimport type { LibraryEntry } from '../library/types';\nimport { sanitizeArticle } from '../extract/sanitize';\nimport { leadImageToShow } from '../ui/lead-image';\nexport const x: Article | LibraryEntry | null = null;\nexport const s = [sanitizeArticle, leadImageToShow];\n";
    expect(await restrictedImports(code, 'utils/export/html.ts')).toEqual([]);
  });

  it.each([
    ["import { extractArticle } from '../extract';", 'extractArticle'],
    ["import { extractPage } from '../content/extract-page';", 'extractPage'],
  ])('keeps the pipeline out of the service worker: %s', async (line, name) => {
    expect(await restrictedImports(`${line}\nexport const x = ${name};\n`, 'utils/background/read-tab.ts')).toHaveLength(1);
  });

  it.each([
    ["import { browser } from 'wxt/browser';", 'browser'],
    ["import { openDB } from 'idb';", 'openDB'],
    ["import { readLibrary } from '../library/store';", 'readLibrary'],
    ["import { createLibraryWriter } from '../library/writer';", 'createLibraryWriter'],
    ["import { loadSettings } from '../settings/settings';", 'loadSettings'],
    ["import { t } from '../i18n';", 't'],
    ["import { sanitizeArticleHtml } from '../ui/render-html';", 'sanitizeArticleHtml'],
    ["import { waitUntil } from '../../test/e2e/support';", 'waitUntil'],
  ])('keeps the import parsers pure: %s is refused', async (line, name) => {
    expect(await restrictedImports(`${line}\nexport const x = ${name};\n`, 'utils/import/pocket.ts')).toHaveLength(1);
  });

  it('lets the import parsers use the model, the canonical URL and stored types', async () => {
    const code = [
      "import { ArticleSchema } from '../model/article-schema';",
      "import { canonicalArticleUrl } from '../library/canonical-url';",
      "import type { ReaderSettings } from '../settings/settings';",
      "import type { ReadingPosition } from '../reading/progress';",
      'export const x = [ArticleSchema, canonicalArticleUrl];',
      'export type Y = ReaderSettings | ReadingPosition;',
      '',
    ].join('\n');
    expect(await restrictedImports(code, 'utils/import/backup-schema.ts')).toEqual([]);
  });
});
