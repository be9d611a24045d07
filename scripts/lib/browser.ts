/*
 * Headless Chromium + an unpacked MV3 extension: what works (Chromium 156, playwright-core 1.65.1,
 * measured with a throwaway extension that has a popup, a side panel and activeTab+scripting only).
 *
 * - The real action popup and the real side panel are CDP targets of type "page", but Playwright
 *   never attaches to them: they are NOT in context.pages() and fire no context 'page' event.
 *   attachToExtensionView() below reaches them over a raw CDP session (Runtime.evaluate, clicks
 *   with a user gesture, screenshots). Opening popup.html / sidepanel.html as a tab
 *   (openExtensionPage) remains the simple way to test their UI with Playwright locators.
 * - chrome.runtime.getContexts({contextTypes: ['POPUP', 'SIDE_PANEL']}) from the service worker
 *   does list them (tabId -1), so a test can assert "the side panel is open".
 * - chrome.action.openPopup() from the service worker opens the real popup, but grants NO activeTab:
 *   executeScript on a 127.0.0.1 tab then fails ("Cannot access contents of the page").
 * - triggerExtensionAction() (CDP Extensions.triggerAction on the tab target; works over
 *   Playwright's pipe without --enable-unsafe-extension-debugging) is a real toolbar click: it
 *   opens the popup (or fires action.onClicked with the tab when there is no popup) AND grants
 *   activeTab, so executeScript works from popup, side panel and service worker, and tabs.query
 *   returns the tab's url (6/6 runs via the popup). The grant survived a same-origin navigation.
 *   Caveat: without a popup, executeScript called synchronously inside action.onClicked failed
 *   2 runs in 6 ("Cannot access contents"), then worked a moment later: the grant can land
 *   after the event, so a test should not read that as an app bug without retrying.
 * - chrome.sidePanel.open({tabId}) needs a user gesture: refused from Runtime.evaluate without
 *   one; accepted after a Playwright click in an extension tab or ExtensionView.click() (the
 *   popup then closes itself). Opening the side panel from an extension tab grants no activeTab.
 * - Keyboard commands (manifest "commands", including _execute_action) do not fire from
 *   page.keyboard.press(): those keys go to the renderer, not to the browser's accelerators.
 *   Native context menus cannot be clicked headless either.
 * - A build with host_permissions ["http://127.0.0.1/*"] can executeScript with no gesture at all;
 *   triggerExtensionAction makes that test-only permission unnecessary.
 */
import {
  chromium,
  type Browser as PlaywrightBrowser,
  type BrowserContext,
  type CDPSession,
  type Page,
  type Request,
  type Route,
  type Worker,
} from 'playwright-core';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'wxt/browser';
import { findChrome } from './chrome';

// Code passed to serviceWorker.evaluate() runs in the extension, where `chrome` is the global.
declare const chrome: typeof Browser;

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What launchWithExtension hands back; close() also removes a temp profile it created. */
export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  userDataDir: string;
  close(): Promise<void>;
}

/** Options for launchWithExtension. */
export interface LaunchOptions {
  extensionDir: string;
  /** Reuse a profile to relaunch on it (persisted storage); the caller then owns its removal. */
  userDataDir?: string;
  headless?: boolean;
  /** How long to wait for the extension's service worker; default 15 s. */
  serviceWorkerTimeoutMs?: number;
}

/** Command-line flags every harness browser (demo, benchmarks, e2e) starts with. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  // Without these Chromium keeps dialling Google on a closed network and floods the logs.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches the found Chromium with CHROMIUM_ARGS and no extension (what the benchmarks measure in). */
export async function launchChromium(opts: { headless?: boolean } = {}): Promise<PlaywrightBrowser> {
  return chromium.launch({ executablePath: findChrome(), headless: opts.headless ?? true, args: [...CHROMIUM_ARGS] });
}

/** Aborts every request of the context that `allow` refuses, so nothing leaves the machine. */
export async function restrictNetwork(context: BrowserContext, allow: (request: Request) => boolean): Promise<void> {
  // Refused requests must fail fast rather than hang a page on a closed network.
  await context.route('**/*', (route: Route) => (allow(route.request()) ? route.continue() : route.abort('blockedbyclient')));
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True for URLs a test may load: local http(s) and every non-network scheme. */
export function isAllowedUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:' || parsed.protocol === 'ws:' || parsed.protocol === 'wss:') {
    return LOCAL_HOSTS.has(parsed.hostname);
  }
  // chrome-extension:, chrome:, data:, blob:, about: never leave the machine.
  return true;
}

/**
 * The id Chrome gives an unpacked extension: from the manifest's "key" if present, else from its
 * real absolute path (sha256, first 32 hex digits spelt a–p). Lets us tell its service worker apart.
 */
export function unpackedExtensionId(extensionDir: string): string {
  const dir = realpathSync(extensionDir);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { key?: unknown };
  const source = typeof manifest.key === 'string' ? Buffer.from(manifest.key, 'base64') : Buffer.from(dir, 'utf8');
  const hex = createHash('sha256').update(source).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join('');
}

/**
 * Path of the built Chrome MV3 extension; throws if `npm run build` has not produced it. The
 * 'bench' mode is `wxt build --mode bench` (WXT's `-bench` output folder), the build that lets
 * the library benchmark fill the library through the writer.
 */
export function extensionDirFor(browser: 'chrome', mode: 'production' | 'bench' = 'production'): string {
  const dir = join(REPO_ROOT, '.output', `${browser}-mv3${mode === 'bench' ? '-bench' : ''}`);
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new Error(`No built extension at ${dir}: run \`${mode === 'bench' ? 'npx wxt build --mode bench' : 'npm run build'}\` first.`);
  }
  return dir;
}

/** Launches Chromium with one unpacked extension loaded and network limited to 127.0.0.1. */
export async function launchWithExtension(opts: LaunchOptions): Promise<ExtensionBrowser> {
  const extensionDir = resolve(opts.extensionDir);
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No manifest.json in ${extensionDir}: is this an unpacked extension?`);
  }
  const ownsProfile = opts.userDataDir === undefined;
  const userDataDir = opts.userDataDir ?? (await mkdtemp(join(tmpdir(), 'reader-e2e-profile-')));

  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: findChrome(),
      headless: opts.headless ?? true,
      ignoreDefaultArgs: ['--disable-extensions'],
      args: [...CHROMIUM_ARGS, `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`],
    });
  } catch (err) {
    if (ownsProfile) await rm(userDataDir, { recursive: true, force: true });
    throw err;
  }

  const cleanup = async (): Promise<void> => {
    await context.close().catch(() => undefined);
    if (ownsProfile) await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
  };

  try {
    await restrictNetwork(context, (request) => isAllowedUrl(request.url()));
    const serviceWorker = await findServiceWorker(context, unpackedExtensionId(extensionDir), opts.serviceWorkerTimeoutMs ?? 15_000);
    const extensionId = new URL(serviceWorker.url()).host;
    return { context, extensionId, serviceWorker, userDataDir, close: cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

async function findServiceWorker(context: BrowserContext, expectedId: string, timeoutMs: number): Promise<Worker> {
  // Only our extension is loaded, but Chromium may run component extensions' workers too.
  const isOurs = (w: Worker): boolean => w.url().startsWith(`chrome-extension://${expectedId}/`);
  const existing = context.serviceWorkers().find(isOurs);
  if (existing) return existing;
  try {
    return await context.waitForEvent('serviceworker', { predicate: isOurs, timeout: timeoutMs });
  } catch {
    const others = context.serviceWorkers().map((w) => w.url());
    throw new Error(
      `The extension's service worker (chrome-extension://${expectedId}/) did not start within ${timeoutMs} ms` +
        (others.length ? ` (workers seen: ${others.join(', ')})` : '') +
        '. Check that the manifest has background.service_worker and that the build is not broken ' +
        '(load it once in chrome://extensions to see its errors).',
    );
  }
}

/** Opens chrome-extension://<id>/<path> in a new tab (how popup and side panel pages get tested). */
export async function openExtensionPage(context: BrowserContext, extensionId: string, path: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/${path.replace(/^\/+/, '')}`);
  return page;
}

/** Id of the active tab of the last focused window, asked from the service worker. */
export async function activeTabId(serviceWorker: Worker): Promise<number> {
  const id = await serviceWorker.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    return tab?.id ?? null;
  });
  if (id === null) throw new Error('No active tab found from the service worker.');
  return id;
}

type CdpTargetInfo = { targetId: string; type: string; url: string };

async function browserSession(context: BrowserContext): Promise<CDPSession> {
  const browser = context.browser();
  if (!browser) throw new Error('No Browser behind this context: was it launched with launchWithExtension?');
  return browser.newBrowserCDPSession();
}

async function allTargets(cdp: CDPSession): Promise<CdpTargetInfo[]> {
  // The default filter hides "tab" targets, which are the ones Extensions.triggerAction accepts.
  const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{}] });
  return targetInfos;
}

/**
 * Clicks the extension's toolbar button for `page`'s tab, as a user would (Extensions.triggerAction):
 * opens the real popup, or fires action.onClicked, and grants activeTab on that tab.
 */
export async function triggerExtensionAction(context: BrowserContext, extensionId: string, page: Page, opts: { tabUrl?: string } = {}): Promise<void> {
  const cdp = await browserSession(context);
  try {
    // Playwright reports a view-source: tab by the URL it shows the source of; CDP by its own.
    const url = opts.tabUrl ?? page.url();
    const tabs = (await allTargets(cdp)).filter((t) => t.type === 'tab' && t.url === url);
    // CDP gives no link from a page target to its tab target, so the URL is the key.
    if (tabs.length !== 1) {
      throw new Error(
        `triggerExtensionAction: expected exactly one tab at ${url}, found ${tabs.length}; ` + 'give each tab a distinct URL (e.g. a query string).',
      );
    }
    await cdp.send('Extensions.triggerAction', { id: extensionId, targetId: tabs[0]!.targetId });
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** Options for ExtensionView.evaluate. */
export interface ViewEvaluateOptions {
  /** Run as if from a user gesture, so APIs such as sidePanel.open() accept the call. */
  userGesture?: boolean;
}

/** The real popup or side panel, which Playwright does not expose as a Page, driven over raw CDP. */
export interface ExtensionView {
  url: string;
  /** Runs fn(arg) in the view and returns its (awaited, JSON-serialisable) result. */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A, opts?: ViewEvaluateOptions): Promise<Awaited<R>>;
  /** Evaluates a JavaScript expression in the view (awaiting a promise) and returns its JSON value. */
  evaluateExpression<T>(expression: string, opts?: ViewEvaluateOptions): Promise<T>;
  /** Clicks the first element matching selector, with a user gesture. */
  click(selector: string): Promise<void>;
  /** PNG of the view as rendered (the side panel is 360 px wide by default). */
  screenshot(): Promise<Buffer>;
  /** Sends one raw CDP command to the view (Emulation, Input, Runtime…) and returns its result. */
  send(method: string, params?: object): Promise<unknown>;
  /**
   * Starts collecting the view's uncaught errors, unhandled rejections and console.error calls,
   * including those logged before (V8 replays its console buffer when Runtime is enabled), and
   * returns what has been collected so far each time it is called.
   */
  collectErrors(): Promise<() => string[]>;
  detach(): Promise<void>;
}

type CdpReply = { id: number; result?: unknown; error?: { message: string } };
const CLOSED_MID_CALL = 'The extension view closed.';
type EvaluateResult = {
  result: { value?: unknown };
  exceptionDetails?: { text: string; exception?: { description?: string } };
};

/**
 * Attaches to a live extension view such as chrome-extension://<id>/popup.html or /sidepanel.html
 * (matched by pathname), waiting up to timeoutMs for it to appear.
 */
export async function attachToExtensionView(
  context: BrowserContext,
  extensionId: string,
  path: string,
  opts: { timeoutMs?: number } = {},
): Promise<ExtensionView> {
  const wanted = `/${path.replace(/^\/+/, '')}`;
  const matches = (t: CdpTargetInfo): boolean => {
    if (t.type !== 'page') return false;
    try {
      const u = new URL(t.url);
      return u.protocol === 'chrome-extension:' && u.host === extensionId && u.pathname === wanted;
    } catch {
      return false;
    }
  };
  const cdp = await browserSession(context);
  const deadline = Date.now() + (opts.timeoutMs ?? 5_000);
  let target: CdpTargetInfo | undefined;
  // The same page may also be open as a tab (sidepanel.html#library); those carry a fragment
  // or query, the real popup and side panel do not, so the bare URL wins.
  const pick = (targets: CdpTargetInfo[]): CdpTargetInfo | undefined => {
    const found = targets.filter(matches);
    return found.find((t) => !/[#?]/.test(t.url)) ?? found[0];
  };
  while (!(target = pick(await allTargets(cdp)))) {
    if (Date.now() > deadline) {
      await cdp.detach().catch(() => undefined);
      throw new Error(`No live extension view at chrome-extension://${extensionId}${wanted} (is it open?)`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  // Flat sessions would route replies into Playwright's own connection, which does not know them;
  // the nested (non-flat) mode keeps the whole conversation on this CDP session.
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
  let nextId = 1;
  const pending = new Map<number, (reply: CdpReply) => void>();
  const errors: string[] = [];
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    if (event.sessionId !== sessionId) return;
    const reply = JSON.parse(event.message) as Partial<CdpReply> & CdpEvent;
    if (typeof reply.id === 'number') pending.get(reply.id)?.(reply as CdpReply);
    else {
      const error = errorInEvent(reply);
      if (error !== null) errors.push(error);
    }
  });
  cdp.on('Target.detachedFromTarget', (event) => {
    if (event.sessionId !== sessionId) return;
    for (const [id, done] of pending) done({ id, error: { message: CLOSED_MID_CALL } });
    pending.clear();
  });
  const send = async (method: string, params: object): Promise<unknown> => {
    const id = nextId++;
    const reply = new Promise<CdpReply>((done) => pending.set(id, done));
    try {
      await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
    } catch (err) {
      pending.delete(id);
      // A popup closes itself when it loses focus (e.g. once it opened the side panel).
      const gone = err instanceof Error && /No session/i.test(err.message);
      throw gone ? new Error(`${method} in ${wanted}: the extension view has closed.`) : err;
    }
    const { result, error } = await reply;
    pending.delete(id);
    if (error) throw new Error(`${method} in ${wanted}: ${error.message}`);
    return result;
  };

  const view: ExtensionView = {
    url: target.url,
    evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg?: A, evalOpts: ViewEvaluateOptions = {}): Promise<Awaited<R>> {
      const expression = `(${fn.toString()})(${arg === undefined ? '' : JSON.stringify(arg)})`;
      return view.evaluateExpression<Awaited<R>>(expression, evalOpts);
    },
    async evaluateExpression<T>(expression: string, evalOpts: ViewEvaluateOptions = {}): Promise<T> {
      const res = (await send('Runtime.evaluate', {
        expression,
        awaitPromise: true,
        returnByValue: true,
        userGesture: evalOpts.userGesture ?? false,
      })) as EvaluateResult;
      if (res.exceptionDetails) {
        const d = res.exceptionDetails;
        throw new Error(`Error in ${wanted}: ${d.exception?.description ?? d.text}`);
      }
      return res.result.value as T;
    },
    async click(selector: string) {
      let found: boolean;
      try {
        found = await view.evaluate(
          (sel: string) => {
            const el = document.querySelector(sel);
            if (el instanceof HTMLElement) el.click();
            return el !== null;
          },
          selector,
          { userGesture: true },
        );
      } catch (err) {
        // A click that opens the side panel or the library closes the popup, which can happen
        // before the reply comes back: the click was made, so that is success, not an error.
        if (err instanceof Error && err.message.endsWith(CLOSED_MID_CALL)) return;
        throw err;
      }
      if (!found) throw new Error(`No element matches ${selector} in ${wanted}`);
    },
    async screenshot() {
      const { data } = (await send('Page.captureScreenshot', { format: 'png' })) as { data: string };
      return Buffer.from(data, 'base64');
    },
    send: (method, params = {}) => send(method, params),
    async collectErrors() {
      await send('Runtime.enable', {});
      return () => [...errors];
    },
    async detach() {
      await cdp.detach().catch(() => undefined);
    },
  };
  return view;
}

type CdpEvent = { method?: string; params?: Record<string, unknown> };
type ConsoleArg = { value?: unknown; description?: string };

/** The text of an uncaught error or a console.error in a view's CDP event, or null for any other event. */
function errorInEvent(event: CdpEvent): string | null {
  if (event.method === 'Runtime.exceptionThrown') {
    const details = event.params?.exceptionDetails as { text?: string; exception?: { description?: string } } | undefined;
    return details?.exception?.description ?? details?.text ?? 'uncaught error';
  }
  if (event.method === 'Runtime.consoleAPICalled' && event.params?.type === 'error') {
    const args = (event.params.args ?? []) as ConsoleArg[];
    return `console.error: ${args.map((a) => (a.value !== undefined ? String(a.value) : (a.description ?? ''))).join(' ')}`;
  }
  return null;
}
