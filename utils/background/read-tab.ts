/**
 * Background side of reading a tab: refuse pages the browser forbids, inject the extraction
 * script on demand, call it, and check what comes back before anyone renders it.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { t } from '../i18n';
import { ArticleSchema } from '../model/article-schema';
import type { ExtractPageResult } from '../content/extract-page';
import { EXTRACT_HOOK } from '../content/extract-hook';
import type { ReadMode, TabReadResult } from '../model/messaging';
import { reasonFromInjectionError, restrictedReason } from './page-access';

/** Path of the built content script (WXT's output name for the unlisted script entrypoints/extract.ts). */
export const EXTRACT_SCRIPT = '/extract.js' as const;

const ExtractionResultSchema = v.variant('ok', [
  v.object({ ok: v.literal(true), article: ArticleSchema, durationMs: v.number() }),
  v.object({
    ok: v.literal(false),
    reason: v.picklist(['no-article', 'too-large', 'error']),
    message: v.string(),
    durationMs: v.number(),
  }),
]);
const ExtractPageResultSchema = v.object({ result: v.nullable(ExtractionResultSchema), hasSelection: v.boolean(), contentType: v.string() });

/** The scripting and tabs calls reading needs; injectable for tests. */
export interface ReadTabDeps {
  getTabUrl(tabId: number): Promise<string | undefined>;
  fileAccessAllowed(): Promise<boolean>;
  /** Runs `func(...args)` in the tab's isolated world and returns its value. */
  runInTab<A extends unknown[], R>(tabId: number, func: (...args: A) => R, args: A): Promise<Awaited<R> | undefined>;
  injectFile(tabId: number, file: typeof EXTRACT_SCRIPT): Promise<void>;
}

/** The real browser implementation of ReadTabDeps. */
export const browserReadTabDeps: ReadTabDeps = {
  async getTabUrl(tabId) {
    const tab = await browser.tabs.get(tabId);
    return tab.url ?? tab.pendingUrl;
  },
  async fileAccessAllowed() {
    return browser.extension.isAllowedFileSchemeAccess();
  },
  async runInTab(tabId, func, args) {
    const [frame] = await browser.scripting.executeScript({ target: { tabId }, func, args });
    return frame?.result as never;
  },
  async injectFile(tabId, file) {
    await browser.scripting.executeScript({ target: { tabId }, files: [file] });
  },
};

function hookIsInstalled(hook: string): boolean {
  return typeof (globalThis as Record<string, unknown>)[hook] === 'function';
}

function callHook(hook: string, mode: ReadMode): unknown {
  return ((globalThis as Record<string, unknown>)[hook] as (m: ReadMode) => unknown)(mode);
}

/** Reads the article (or the selection) of a tab, turning every failure into a result to show. */
export async function readTab(tabId: number, mode: ReadMode, deps: ReadTabDeps = browserReadTabDeps): Promise<TabReadResult> {
  let url: string | undefined;
  try {
    url = await deps.getTabUrl(tabId);
  } catch {
    return { status: 'restricted', reason: 'no-page', url: null };
  }
  // Without host access the URL may be hidden from us; then we simply try, and map the error.
  if (url !== undefined) {
    const reason = restrictedReason(url, { fileAccess: url.startsWith('file:') ? await deps.fileAccessAllowed() : false });
    if (reason) return { status: 'restricted', reason, url };
  }
  let raw: unknown;
  try {
    // Inject once per document: the hook survives until the page navigates.
    const installed = await deps.runInTab(tabId, hookIsInstalled, [EXTRACT_HOOK]);
    if (!installed) await deps.injectFile(tabId, EXTRACT_SCRIPT);
    raw = await deps.runInTab(tabId, callHook, [EXTRACT_HOOK, mode]);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const reason = reasonFromInjectionError(message, url);
    if (reason) return { status: 'restricted', reason, url: url ?? null };
    if (/cannot access|permission|host/i.test(message)) return { status: 'needs-access', url: url ?? null };
    return { status: 'error', message: t('pageReadFailed', message) };
  }
  const parsed = v.safeParse(ExtractPageResultSchema, raw);
  if (!parsed.success) return { status: 'error', message: t('pageReturnedNoArticle') };
  const { result, hasSelection, contentType } = parsed.output as ExtractPageResult;
  if (contentType === 'application/pdf') return { status: 'restricted', reason: 'pdf', url: url ?? null };
  if (result === null) {
    return { status: 'no-selection', message: t('noSelectionBody') };
  }
  if (result.ok) {
    return { status: 'article', article: result.article, durationMs: result.durationMs };
  }
  if (result.reason === 'no-article') return { status: 'no-article', message: result.message, hasSelection };
  if (result.reason === 'too-large') return { status: 'too-large', message: t('tooLargeBody') };
  console.warn('Extraction failed in the page:', result.message);
  return { status: 'error', message: t('extractionFailed') };
}
