/*
 * Headless Firefox + the Firefox (MV2) build as a temporary add-on, driven over WebDriver BiDi
 * spoken directly on a WebSocket (`ws`): no geckodriver, selenium or puppeteer. What works here
 * (Debian firefox-esr 153 ESR, measured while writing this file):
 *
 * - `--headless --remote-debugging-port=0 --remote-allow-system-access` prints
 *   "WebDriver BiDi listening on ws://127.0.0.1:<port>" on stderr; `<url>/session` takes a BiDi
 *   session. System access makes the browser window itself a BiDi context
 *   (`browsingContext.getTree` with `"moz:scope": "chrome"`), so `script.callFunction` runs there
 *   with the system principal (Services, gBrowser, CustomizableUI, SidebarController).
 * - `webExtension.install` with `{type: "path"}` installs a temporary add-on; the user.js pref
 *   `extensions.webextensions.uuids` fixes its moz-extension UUID in advance.
 * - Trusted input: the remote agent ships Mozilla's EventUtils
 *   (chrome://remote/content/external/EventUtils.js); loaded into the browser window it sends
 *   real mouse and key events through the window (`window.synthesizeMouseEvent`, a text input
 *   processor), the way Mozilla's own tests click a browser action. Events aimed at a
 *   remote <browser> (the popup, the sidebar, a tab) reach its content as a person's input:
 *   a toolbar click grants activeTab, a click in the popup may open the sidebar, Alt+Shift+R
 *   fires commands.onCommand, a context-menu item fires contextMenus.onClicked.
 * - `browser.extension.getViews()` in an extension page opened in a background tab returns the
 *   real popup's and sidebar's windows (same process), so their DOM can be read directly.
 * - BiDi `log.entryAdded` reports the pages' console (also the content script's errors in the
 *   page) but never an extension document: the remote agent skips extension contexts (Mozilla
 *   bug 1755014). A process script (collectExtensionConsole) listens in every content process
 *   instead, the extension's process included.
 * - A temporary add-on's storage.local survives a restart of Firefox: at shutdown Firefox runs
 *   the add-on's uninstall bootstrap but not the AddonManager onUninstalled cleanup that clears
 *   storage. An explicit uninstall (`webExtension.uninstall`, about:debugging's Remove) wipes it
 *   and gives the add-on a new UUID unless `extensions.webextensions.keepStorageOnUninstall` and
 *   `keepUuidOnUninstall` are set.
 * - Headless: the window is 1366 x 768; the add-on's sidebar opens by itself right after each
 *   install (`open_at_install`), 252 px wide.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Places a Firefox binary usually lives, Debian's ESR first (what CI installs). */
export const DEFAULT_FIREFOX_CANDIDATES: readonly string[] = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];

/** Message shown when no Firefox is found; exported so tests can match it. */
export const NO_FIREFOX_MESSAGE = [
  'No Firefox found for the Firefox tests.',
  'Install one, or point FIREFOX_PATH at an existing binary:',
  '  Debian/Ubuntu: sudo apt-get install firefox-esr',
  'geckodriver is not needed: the tests speak WebDriver BiDi to Firefox directly.',
].join('\n');

/** Seams so tests can describe a machine without touching the real file system or env. */
export interface FindFirefoxOptions {
  env?: Record<string, string | undefined>;
  candidates?: readonly string[];
  exists?: (path: string) => boolean;
}

/** Path of the Firefox binary to test with: FIREFOX_PATH, else the first known install; throws when none. */
export function findFirefox(opts: FindFirefoxOptions = {}): string {
  const env = opts.env ?? process.env;
  const exists = opts.exists ?? existsSync;
  const candidates = opts.candidates ?? DEFAULT_FIREFOX_CANDIDATES;
  const fromEnv = env.FIREFOX_PATH?.trim();
  if (fromEnv) {
    // An explicit choice that is wrong should fail loudly, not silently fall back to another browser.
    if (!exists(fromEnv)) throw new Error(`FIREFOX_PATH is set to "${fromEnv}" but no file exists there.\n${NO_FIREFOX_MESSAGE}`);
    return fromEnv;
  }
  const found = candidates.find((p) => exists(p));
  if (!found) throw new Error(`${NO_FIREFOX_MESSAGE}\nLooked in:\n${candidates.map((c) => `  ${c}`).join('\n')}`);
  return found;
}

/** Path of the built Firefox MV2 extension; throws if `npm run build:firefox` has not produced it. */
export function firefoxExtensionDir(): string {
  const dir = join(REPO_ROOT, '.output', 'firefox-mv2');
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`No built extension at ${dir}: run \`npm run build:firefox\` first.`);
  return dir;
}

/** The add-on id a Firefox build declares (browser_specific_settings.gecko.id). */
export function addonIdOf(extensionDir: string): string {
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as {
    browser_specific_settings?: { gecko?: { id?: unknown } };
  };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (typeof id !== 'string') throw new Error(`${extensionDir}/manifest.json has no browser_specific_settings.gecko.id`);
  return id;
}

/** The id Firefox gives an add-on's toolbar widget (ExtensionCommon's makeWidgetId + "-browser-action"). */
export function browserActionWidgetId(addonId: string): string {
  return `${addonId.toLowerCase().replace(/[^a-z0-9_-]/g, '_')}-browser-action`;
}

/** A user.js pref value. */
export type PrefValue = string | number | boolean;

/**
 * Prefs of every harness profile: no first-run or what's-new pages, no updates, telemetry, studies
 * or remote settings, and every host but 127.0.0.1 sent to a closed proxy port so it fails fast
 * (loopback never goes through a proxy), as Chromium's harness aborts them.
 */
export const FIREFOX_TEST_PREFS: Readonly<Record<string, PrefValue>> = {
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'browser.startup.page': 0,
  'browser.aboutwelcome.enabled': false,
  'browser.newtabpage.enabled': false,
  'browser.tabs.warnOnClose': false,
  'startup.homepage_welcome_url': '',
  'startup.homepage_welcome_url.additional': '',
  'trailhead.firstrun.didSeeAboutWelcome': true,
  'datareporting.policy.dataSubmissionEnabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'app.update.auto': false,
  'app.update.enabled': false,
  'app.normandy.enabled': false,
  'messaging-system.rsexperimentloader.enabled': false,
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.proxy.type': 1,
  'network.proxy.http': '127.0.0.1',
  'network.proxy.http_port': 9,
  'network.proxy.ssl': '127.0.0.1',
  'network.proxy.ssl_port': 9,
  'network.proxy.no_proxies_on': '',
  'network.proxy.allow_hijacking_localhost': false,
};

/** Serialises prefs as a user.js file (Firefox reads it at every start, over prefs.js). */
export function userJs(prefs: Readonly<Record<string, PrefValue>>): string {
  return Object.entries(prefs)
    .map(([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});`)
    .join('\n')
    .concat('\n');
}

/**
 * The add-on UUIDs a used profile's prefs.js holds. A restart keeps them: user.js replaces the
 * whole pref, and Firefox's built-in add-ons given new UUIDs fail to load their cached scripts.
 */
export function savedExtensionUuids(profileDir: string): Record<string, string> {
  let prefsJs: string;
  try {
    prefsJs = readFileSync(join(profileDir, 'prefs.js'), 'utf8');
  } catch {
    return {};
  }
  const literal = /^user_pref\("extensions\.webextensions\.uuids", ("(?:[^"\\]|\\.)*")\);$/m.exec(prefsJs)?.[1];
  if (!literal) return {};
  try {
    const map = JSON.parse(JSON.parse(literal) as string) as unknown;
    return map && typeof map === 'object' ? Object.fromEntries(Object.entries(map).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};
  } catch {
    return {};
  }
}

/** The BiDi WebSocket URL in Firefox's stderr, or null while it has not been printed. */
export function parseBidiUrl(stderr: string): string | null {
  return /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(stderr)?.[1] ?? null;
}

type BidiMessage =
  | { type: 'success'; id: number; result: unknown }
  | { type: 'error'; id: number | null; error: string; message: string; stacktrace?: string }
  | { type: 'event'; method: string; params: unknown };

/** A minimal WebDriver BiDi client: commands with replies, events by method name. */
export class BidiClient {
  private nextId = 1;
  private readonly pending = new Map<number, { method: string; resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  private readonly listeners = new Map<string, Set<(params: unknown) => void>>();
  private closedReason: string | null = null;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => this.receive(JSON.parse(String(data)) as BidiMessage));
    ws.on('close', () => this.fail('Firefox closed the WebDriver BiDi connection'));
    ws.on('error', (error) => this.fail(`WebDriver BiDi connection error: ${error.message}`));
  }

  /** Opens a WebSocket to `url` (ws://host:port/session). */
  static async connect(url: string, timeoutMs = 15_000): Promise<BidiClient> {
    const ws = new WebSocket(url);
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`No WebDriver BiDi connection to ${url} within ${timeoutMs} ms`)), timeoutMs);
      ws.once('open', () => (clearTimeout(timer), done()));
      ws.once('error', (error) => (clearTimeout(timer), fail(error)));
    });
    return new BidiClient(ws);
  }

  /** Sends one command and resolves with its result; rejects with Firefox's error and message. */
  send<T = unknown>(method: string, params: object = {}, timeoutMs = 30_000): Promise<T> {
    if (this.closedReason) return Promise.reject(new Error(`${method}: ${this.closedReason}`));
    const id = this.nextId++;
    return new Promise<T>((resolveReply, rejectReply) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        rejectReply(new Error(`${method}: no reply from Firefox within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { method, resolve: (v) => resolveReply(v as T), reject: rejectReply, timer });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Calls `listener` with the params of every `method` event; returns the unsubscribe function. */
  on(method: string, listener: (params: unknown) => void): () => void {
    const set = this.listeners.get(method) ?? new Set();
    set.add(listener);
    this.listeners.set(method, set);
    return () => set.delete(listener);
  }

  /** Closes the socket; pending commands fail. */
  close(): void {
    this.fail('the WebDriver BiDi client was closed');
    this.ws.close();
  }

  private receive(message: BidiMessage): void {
    if (message.type === 'event') {
      for (const listener of this.listeners.get(message.method) ?? []) listener(message.params);
      return;
    }
    const waiting = message.id === null ? undefined : this.pending.get(message.id);
    if (!waiting || message.id === null) return;
    this.pending.delete(message.id);
    clearTimeout(waiting.timer);
    if (message.type === 'success') waiting.resolve(message.result);
    else waiting.reject(new Error(`${waiting.method}: ${message.error}: ${message.message}`));
  }

  private fail(reason: string): void {
    this.closedReason ??= reason;
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(new Error(`${waiting.method}: ${reason}`));
      this.pending.delete(id);
    }
  }
}

/** One BiDi log.entryAdded entry, as much of it as the tests read. */
export interface BidiLogEntry {
  level: string;
  type: string;
  method?: string;
  text: string | null;
  source: { context?: string };
  stackTrace?: { callFrames: Array<{ url: string; lineNumber: number; columnNumber: number; functionName: string }> };
}

/** What a serialised function returns, awaited. */
type Returned<R> = Promise<Awaited<R>>;

type EvaluateResult =
  | { type: 'success'; result: { type: string; value?: unknown } }
  | { type: 'exception'; exceptionDetails: { text: string; stackTrace?: BidiLogEntry['stackTrace'] } };

/** Options for launchFirefox. */
export interface LaunchFirefoxOptions {
  /** The binary; default findFirefox(). */
  binary?: string;
  /** Reuse a profile (a restart); the caller then owns its removal. Default: a fresh temp profile. */
  profileDir?: string;
  /** moz-extension UUIDs fixed in advance, add-on id → UUID. */
  extensionUuids?: Readonly<Record<string, string>>;
  /** Prefs added to (or overriding) FIREFOX_TEST_PREFS. */
  prefs?: Readonly<Record<string, PrefValue>>;
  /** How long to wait for Firefox to print its BiDi URL; default 45 s (a busy two-core machine). */
  startupTimeoutMs?: number;
}

/** A running headless Firefox with one BiDi session; close() ends it and removes a profile it created. */
export class FirefoxBrowser {
  /** Every log.entryAdded event since launch (pages only: see the note at the top of this file). */
  readonly logEntries: BidiLogEntry[] = [];
  private chromeContextId: string | null = null;
  private exited: Promise<void>;

  private constructor(
    readonly bidi: BidiClient,
    readonly process: ChildProcess,
    readonly profileDir: string,
    private readonly ownsProfile: boolean,
    private readonly output: string[],
  ) {
    this.exited = new Promise((done) => (process.exitCode !== null || process.signalCode !== null ? done() : process.once('exit', () => done())));
    bidi.on('log.entryAdded', (params) => this.logEntries.push(params as BidiLogEntry));
  }

  /** Launches Firefox headless with a prepared profile and opens a BiDi session (subscribed to log.entryAdded). */
  static async launch(opts: LaunchFirefoxOptions = {}): Promise<FirefoxBrowser> {
    const binary = opts.binary ?? findFirefox();
    const ownsProfile = opts.profileDir === undefined;
    const profileDir = opts.profileDir ?? (await mkdtemp(join(tmpdir(), 'reader-firefox-')));
    const uuids = { ...savedExtensionUuids(profileDir), ...opts.extensionUuids };
    const prefs = { ...FIREFOX_TEST_PREFS, 'extensions.webextensions.uuids': JSON.stringify(uuids), ...opts.prefs };
    await writeFile(join(profileDir, 'user.js'), userJs(prefs));

    const child = spawn(
      binary,
      ['--headless', '--remote-debugging-port=0', '--remote-allow-system-access', '--no-remote', '--profile', profileDir, 'about:blank'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1' },
      },
    );
    // The last lines Firefox printed, for the error message when something goes wrong.
    const output: string[] = [];
    const keep = (chunk: Buffer) => {
      output.push(...String(chunk).split('\n').filter(Boolean));
      if (output.length > 200) output.splice(0, output.length - 200);
    };
    child.stdout?.on('data', keep);
    let stderr = '';
    const timeoutMs = opts.startupTimeoutMs ?? 45_000;
    let url: string;
    try {
      url = await new Promise<string>((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`Firefox printed no WebDriver BiDi URL within ${timeoutMs} ms`)), timeoutMs);
        child.stderr?.on('data', (chunk: Buffer) => {
          keep(chunk);
          if (stderr.length < 100_000) stderr += String(chunk);
          const found = parseBidiUrl(stderr);
          if (found) {
            clearTimeout(timer);
            done(found);
          }
        });
        child.once('error', (error) => (clearTimeout(timer), fail(error)));
        child.once('exit', (code, signal) => (clearTimeout(timer), fail(new Error(`Firefox exited at start (code ${code}, signal ${signal})`))));
      });
    } catch (error) {
      child.kill('SIGKILL');
      if (ownsProfile) await rm(profileDir, { recursive: true, force: true });
      throw new Error(`${(error as Error).message}.\nFirefox: ${binary}\nLast output:\n${output.slice(-30).join('\n')}`, { cause: error });
    }

    let bidi: BidiClient | undefined;
    try {
      bidi = await BidiClient.connect(`${url}/session`);
      await bidi.send('session.new', { capabilities: {} });
      const browser = new FirefoxBrowser(bidi, child, profileDir, ownsProfile, output);
      await bidi.send('session.subscribe', { events: ['log.entryAdded'] });
      return browser;
    } catch (error) {
      bidi?.close();
      child.kill('SIGKILL');
      if (ownsProfile) await rm(profileDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** The last lines Firefox printed on stdout and stderr. */
  recentOutput(lines = 40): string {
    return this.output.slice(-lines).join('\n');
  }

  /** The BiDi context of the browser window itself (system principal; needs --remote-allow-system-access). */
  async chromeContext(): Promise<string> {
    if (this.chromeContextId) return this.chromeContextId;
    const { contexts } = await this.bidi.send<{ contexts: Array<{ context: string; url: string }> }>('browsingContext.getTree', {
      'moz:scope': 'chrome',
      maxDepth: 0,
    });
    const win = contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml');
    if (!win) throw new Error(`No browser window among the chrome contexts: ${JSON.stringify(contexts.map((c) => c.url))}`);
    this.chromeContextId = win.context;
    return win.context;
  }

  /** The top-level content contexts (tabs), in tab order, with their URLs. */
  async tabs(): Promise<Array<{ context: string; url: string }>> {
    const { contexts } = await this.bidi.send<{ contexts: Array<{ context: string; url: string }> }>('browsingContext.getTree', { maxDepth: 0 });
    return contexts.map(({ context, url }) => ({ context, url }));
  }

  /** Opens a tab (in the background: the active tab stays what the user looks at) and loads `url`. */
  async openTab(url: string, opts: { background?: boolean } = {}): Promise<string> {
    const { context } = await this.bidi.send<{ context: string }>('browsingContext.create', { type: 'tab', background: opts.background ?? false });
    await this.navigate(context, url);
    return context;
  }

  /** Loads `url` in a tab and waits for its load event. */
  async navigate(context: string, url: string): Promise<void> {
    await this.bidi.send('browsingContext.navigate', { context, url, wait: 'complete' });
  }

  /** Makes a tab the selected one of its window. */
  async activate(context: string): Promise<void> {
    await this.bidi.send('browsingContext.activate', { context });
  }

  /**
   * Runs fn(arg) in a context's window realm (a tab, or chromeContext() for the browser window)
   * and returns its awaited result; arg and result cross as JSON, so fn must be self-contained.
   */
  async call<R, A = undefined>(context: string, fn: (arg: A) => R, arg?: A): Returned<R> {
    // `__name` covers bundlers that wrap named functions (esbuild's keepNames) in serialised code.
    const declaration = `async function (json) { const __name = (f) => f; const value = await (${fn.toString()})(json === undefined ? undefined : JSON.parse(json)); return value === undefined ? undefined : JSON.stringify(value); }`;
    const reply = await this.bidi.send<EvaluateResult>('script.callFunction', {
      functionDeclaration: declaration,
      target: { context },
      arguments: [arg === undefined ? { type: 'undefined' } : { type: 'string', value: JSON.stringify(arg) }],
      awaitPromise: true,
      resultOwnership: 'none',
    });
    if (reply.type === 'exception') {
      const where = reply.exceptionDetails.stackTrace?.callFrames[0];
      throw new Error(`${reply.exceptionDetails.text}${where ? ` (at ${where.url}:${where.lineNumber})` : ''}`);
    }
    const value = reply.result.value;
    return (typeof value === 'string' ? JSON.parse(value) : undefined) as Awaited<R>;
  }

  /** Runs fn(arg) in the browser window (system principal), where installChromeHelpers put `__readerTest`. */
  async callInChrome<R, A = undefined>(fn: (arg: A) => R, arg?: A): Returned<R> {
    return this.call(await this.chromeContext(), fn, arg);
  }

  /** Installs a temporary add-on from an unpacked directory (BiDi webExtension.install); returns its id. */
  async installTemporaryAddon(extensionDir: string): Promise<string> {
    const { extension } = await this.bidi.send<{ extension: string }>('webExtension.install', { extensionData: { type: 'path', path: resolve(extensionDir) } });
    return extension;
  }

  /** Quits Firefox (BiDi browser.close, then SIGKILL after timeoutMs) and removes a profile it created. */
  async close(timeoutMs = 15_000): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      await this.bidi.send('browser.close', {}, 5_000).catch(() => undefined);
      const timer = setTimeout(() => this.process.kill('SIGKILL'), timeoutMs);
      await this.exited;
      clearTimeout(timer);
    }
    this.bidi.close();
    if (this.ownsProfile) await rm(this.profileDir, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** Launches headless Firefox; see FirefoxBrowser.launch. */
export function launchFirefox(opts: LaunchFirefoxOptions = {}): Promise<FirefoxBrowser> {
  return FirefoxBrowser.launch(opts);
}

// ---------------------------------------------------------------------------------------------
// The browser window's side. The functions below are serialised and run in browser.xhtml with the
// system principal; the declarations only describe what they use there.

/** Modifier keys of a trusted key press or click. */
export interface Modifiers {
  altKey?: boolean;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
}

interface EventUtilsApi {
  synthesizeMouseAtCenter(target: Element, event: { type?: string; button?: number } & Modifiers, win: Window): void;
  synthesizeMouse(target: Element, x: number, y: number, event: { type?: string; button?: number } & Modifiers, win: Window): void;
  synthesizeKey(key: string, event: Modifiers, win: Window): void;
}
interface XulPopup extends Element {
  state: string;
}
interface XulMenu extends Element {
  label: string;
  hidden: boolean;
  disabled: boolean;
  menupopup: XulPopup | null;
}
interface ChromeBrowser extends HTMLElement {
  contentWindow: Window;
}
/** What installChromeHelpers leaves in the browser window, for the calls that follow. */
interface ReaderTestChrome {
  eu: EventUtilsApi;
  console: ExtensionConsoleMessage[];
}
interface FirefoxChromeWindow extends Window {
  __readerTest: ReaderTestChrome;
  gBrowser: { selectedBrowser: ChromeBrowser };
  CustomizableUI: { AREA_NAVBAR: string; addWidgetToArea(id: string, area: string): void; getPlacementOfWidget(id: string): { area: string } | null };
  SidebarController: { isOpen: boolean; currentID: string; browser: ChromeBrowser; hide(): void };
}
// Globals of a system-principal window in Firefox.
declare const Services: {
  scriptloader: { loadSubScript(url: string, target: object): void };
  ppmm: {
    loadProcessScript(url: string, allowDelayedLoad: boolean): void;
    addMessageListener(name: string, listener: (message: { data: unknown }) => void): void;
  };
  console: { registerListener(listener: { observe(message: unknown): void }): void };
};
declare const Ci: Record<string, unknown> & { nsIScriptError: unknown };
declare const Cc: Record<string, unknown>;

/** A console message of an extension document or script, collected in the browser's processes. */
export interface ExtensionConsoleMessage {
  /** 'console' for console.* calls, 'error' for script errors (uncaught exceptions, CSP reports, rejections). */
  kind: 'console' | 'error';
  /** console level (error, warn…) or, for script errors, 'error' / 'warning' / 'info'. */
  level: string;
  file: string;
  text: string;
  /** The process it came from: extension, web, parent. */
  process: string;
}

/**
 * Loads EventUtils into the browser window and starts collecting the console of every
 * moz-extension:// document and script in every process (BiDi's log never reports extension
 * documents). Call once per launch, before the add-on runs.
 */
export async function installChromeHelpers(firefox: FirefoxBrowser): Promise<void> {
  // The process script: one listener on the console API and one on script errors, in each content
  // process (present and future), forwarding what comes from moz-extension:// to the parent.
  const processScript = `
    const ours = (s) => typeof s === 'string' && s.includes('moz-extension://');
    const send = (m) => { try { Services.cpmm.sendAsyncMessage('reader-test:console', { ...m, process: Services.appinfo.remoteType || 'parent' }); } catch {} };
    Cc['@mozilla.org/consoleAPI-storage;1'].getService(Ci.nsIConsoleAPIStorage).addLogEventListener((m) => {
      const stack = (m.stacktrace || []).map((f) => f.filename).join(' ');
      if (!ours(m.filename) && !ours(stack)) return;
      let text = '';
      try { text = (m.arguments || []).map((a) => { try { return typeof a === 'object' && a !== null ? (a.message ? a.name + ': ' + a.message : JSON.stringify(a)) : String(a); } catch { return String(a); } }).join(' '); } catch {}
      send({ kind: 'console', level: m.level, file: m.filename, text });
    }, Cc['@mozilla.org/systemprincipal;1'].createInstance(Ci.nsIPrincipal));
    Services.console.registerListener({ observe(m) {
      if (!(m instanceof Ci.nsIScriptError)) return;
      if (!ours(m.sourceName) && !ours(m.errorMessage) && !ours(String(m.stack || ''))) return;
      const level = m.flags & Ci.nsIScriptError.warningFlag ? 'warning' : m.flags & Ci.nsIScriptError.infoFlag ? 'info' : 'error';
      send({ kind: 'error', level, file: m.sourceName, text: m.errorMessage });
    } });
  `;
  await firefox.callInChrome((source: string) => {
    const win = window as unknown as FirefoxChromeWindow;
    if (win.__readerTest) return;
    const eu = { window, parent: window, _EU_Ci: Ci, _EU_Cc: Cc };
    Services.scriptloader.loadSubScript('chrome://remote/content/external/EventUtils.js', eu);
    const collected: ExtensionConsoleMessage[] = [];
    win.__readerTest = { eu: eu as unknown as EventUtilsApi, console: collected };
    Services.ppmm.addMessageListener('reader-test:console', (message) => void collected.push(message.data as ExtensionConsoleMessage));
    // The process script runs in content processes only; the parent's own console is watched here.
    Services.console.registerListener({
      observe(m: unknown) {
        const e = m as { flags: number; sourceName: string; errorMessage: string };
        if (!(m instanceof (Ci.nsIScriptError as typeof Object))) return;
        if (!String(e.sourceName).includes('moz-extension://') && !String(e.errorMessage).includes('moz-extension://')) return;
        collected.push({
          kind: 'error',
          level: e.flags & 1 ? 'warning' : e.flags & 8 ? 'info' : 'error',
          file: e.sourceName,
          text: e.errorMessage,
          process: 'parent',
        });
      },
    });
    Services.ppmm.loadProcessScript(`data:,${encodeURIComponent(source)}`, true);
  }, processScript);
}

/** Every console message from moz-extension:// collected since installChromeHelpers (all levels). */
export function extensionConsoleMessages(firefox: FirefoxBrowser): Promise<ExtensionConsoleMessage[]> {
  return firefox.callInChrome(() => (window as unknown as FirefoxChromeWindow).__readerTest.console);
}

/**
 * A PNG of what the popup, the sidebar or the selected tab shows, drawn by Firefox from the
 * <browser> that hosts it (BiDi's captureScreenshot refuses chrome contexts and extension views).
 */
export async function screenshotHost(firefox: FirefoxBrowser, host: ViewHost): Promise<Buffer> {
  const dataUrl = await firefox.callInChrome(async (where: ViewHost) => {
    const win = window as unknown as FirefoxChromeWindow;
    const browser =
      where === 'popup'
        ? document.querySelector('browser.webextension-popup-browser')
        : where === 'sidebar'
          ? win.SidebarController.browser.contentWindow.document.getElementById('webext-panels-browser')
          : win.gBrowser.selectedBrowser;
    const global = (
      browser as unknown as {
        browsingContext?: { currentWindowGlobal?: { drawSnapshot(rect: null, scale: number, color: string): Promise<ImageBitmap> } };
      } | null
    )?.browsingContext?.currentWindowGlobal;
    if (!global) throw new Error(`No ${where} to draw`);
    const bitmap = await global.drawSnapshot(null, 1, 'white');
    const canvas = document.createElementNS('http://www.w3.org/1999/xhtml', 'canvas') as HTMLCanvasElement;
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
    return canvas.toDataURL('image/png');
  }, host);
  return Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64');
}

/** Moves an add-on's toolbar button out of the extensions (puzzle-piece) menu onto the toolbar. */
export async function pinBrowserAction(firefox: FirefoxBrowser, addonId: string): Promise<void> {
  const placement = await firefox.callInChrome(async (widgetId: string) => {
    const win = window as unknown as FirefoxChromeWindow;
    // The widget exists once the add-on's browser_action has been built; that is quick but async.
    for (let i = 0; i < 100 && !document.getElementById(widgetId); i++) await new Promise((r) => setTimeout(r, 50));
    win.CustomizableUI.addWidgetToArea(widgetId, win.CustomizableUI.AREA_NAVBAR);
    return win.CustomizableUI.getPlacementOfWidget(widgetId)?.area ?? null;
  }, browserActionWidgetId(addonId));
  if (placement !== 'nav-bar') throw new Error(`The toolbar button of ${addonId} is not on the toolbar (placement: ${placement})`);
}

/** A person's click on the add-on's toolbar button (trusted mousedown + mouseup from the browser window). */
export async function clickBrowserAction(firefox: FirefoxBrowser, addonId: string): Promise<void> {
  await firefox.callInChrome(async (widgetId: string) => {
    const win = window as unknown as FirefoxChromeWindow;
    const node = document.getElementById(widgetId);
    const button = node?.querySelector('.unified-extensions-item-action-button') ?? node?.firstElementChild;
    if (!button) throw new Error(`No toolbar button ${widgetId}: pin it first`);
    // As Mozilla's clickBrowserAction: let layout settle before aiming at the button.
    await new Promise((r) => requestAnimationFrame(r));
    await new Promise((r) => requestIdleCallback(r));
    win.__readerTest.eu.synthesizeMouseAtCenter(button, {}, window);
  }, browserActionWidgetId(addonId));
}

/** A person's key press in the browser window (e.g. a commands shortcut), with the page focused first. */
export async function pressKey(firefox: FirefoxBrowser, key: string, modifiers: Modifiers = {}): Promise<void> {
  await firefox.callInChrome(
    async ({ key, modifiers }: { key: string; modifiers: Modifiers }) => {
      const win = window as unknown as FirefoxChromeWindow;
      win.gBrowser.selectedBrowser.focus();
      await new Promise((r) => requestAnimationFrame(r));
      win.__readerTest.eu.synthesizeKey(key, modifiers, window);
    },
    { key, modifiers },
  );
}

/** Where an extension view or page is hosted in the browser window. */
export type ViewHost = 'popup' | 'sidebar' | 'tab';

/**
 * A person's click at (x, y) (CSS px of the hosted document's viewport) in the action popup, the
 * sidebar or the selected tab: a trusted click on the <browser> that shows it.
 */
export async function clickInHost(
  firefox: FirefoxBrowser,
  host: ViewHost,
  x: number,
  y: number,
  event: { type?: string; button?: number } = {},
): Promise<void> {
  await firefox.callInChrome(
    ({ host, x, y, event }: { host: ViewHost; x: number; y: number; event: { type?: string; button?: number } }) => {
      const win = window as unknown as FirefoxChromeWindow;
      let target: Element | null;
      let targetWindow: Window = window;
      if (host === 'popup') {
        target = document.querySelector('browser.webextension-popup-browser');
      } else if (host === 'sidebar') {
        // The sidebar is a chrome document (webext-panels.xhtml) that holds the add-on's remote browser.
        targetWindow = win.SidebarController.browser.contentWindow;
        target = targetWindow.document.getElementById('webext-panels-browser');
      } else {
        target = win.gBrowser.selectedBrowser;
      }
      if (!target) throw new Error(`No ${host} is open to click in`);
      win.__readerTest.eu.synthesizeMouse(target, x, y, event, targetWindow);
    },
    { host, x, y, event },
  );
}

/**
 * Opens the page's context menu with a person's right click at (x, y) of the selected tab's
 * viewport; returns the labels of the add-on's items in it (their submenu's, when grouped).
 */
export async function openContextMenu(firefox: FirefoxBrowser, x: number, y: number): Promise<string[]> {
  return firefox.callInChrome(
    async ({ x, y }: { x: number; y: number }) => {
      const win = window as unknown as FirefoxChromeWindow;
      const menu = document.getElementById('contentAreaContextMenu') as XulPopup | null;
      if (!menu) throw new Error('No content-area context menu in this window');
      const shown = new Promise((r) => menu.addEventListener('popupshown', r, { once: true }));
      win.__readerTest.eu.synthesizeMouse(win.gBrowser.selectedBrowser, x, y, { type: 'contextmenu', button: 2 }, window);
      await Promise.race([shown, new Promise((r) => setTimeout(r, 5000))]);
      if (menu.state !== 'open') throw new Error(`The context menu did not open (state: ${menu.state})`);
      return Array.from(menu.querySelectorAll<XulMenu & HTMLElement>('menu, menuitem'))
        .filter((item) => item.id.includes('-menuitem-') && !item.hidden)
        .map((item) => item.label);
    },
    { x, y },
  );
}

/**
 * Clicks through the open context menu along `labels` (a submenu, then an item), with trusted
 * clicks, and waits for the menu to close.
 */
export async function chooseContextMenuItem(firefox: FirefoxBrowser, labels: readonly string[]): Promise<void> {
  await firefox.callInChrome(
    async (path: string[]) => {
      const win = window as unknown as FirefoxChromeWindow;
      const root = document.getElementById('contentAreaContextMenu') as XulPopup | null;
      if (root?.state !== 'open') throw new Error('The context menu is not open');
      let popup: XulPopup = root;
      for (const [i, label] of path.entries()) {
        const item = Array.from(popup.children).find((c): c is XulMenu => (c as XulMenu).label === label && !(c as XulMenu).hidden);
        if (!item) {
          const seen = Array.from(popup.children).map((c) => (c as XulMenu).label);
          throw new Error(`No visible item "${label}" in the menu (items: ${JSON.stringify(seen)})`);
        }
        if (item.disabled) throw new Error(`The menu item "${label}" is disabled`);
        if (i < path.length - 1) {
          const sub = item.menupopup;
          if (!sub) throw new Error(`"${label}" is not a submenu`);
          const shown = new Promise((r) => sub.addEventListener('popupshown', r, { once: true }));
          win.__readerTest.eu.synthesizeMouseAtCenter(item, {}, window);
          await Promise.race([shown, new Promise((r) => setTimeout(r, 5000))]);
          if (sub.state !== 'open') throw new Error(`The submenu "${label}" did not open`);
          popup = sub;
        } else {
          const hidden = new Promise((r) => root.addEventListener('popuphidden', r, { once: true }));
          win.__readerTest.eu.synthesizeMouseAtCenter(item, {}, window);
          await Promise.race([hidden, new Promise((r) => setTimeout(r, 5000))]);
        }
      }
    },
    [...labels],
  );
}

/** The sidebar as the browser window has it: open, whose, and its width in CSS px. */
export interface SidebarState {
  open: boolean;
  id: string | null;
  width: number;
}

/** Reads the sidebar's state from the browser window. */
export function sidebarState(firefox: FirefoxBrowser): Promise<SidebarState> {
  return firefox.callInChrome(() => {
    const win = window as unknown as FirefoxChromeWindow;
    const box = document.getElementById('sidebar-box');
    return { open: win.SidebarController.isOpen, id: win.SidebarController.currentID || null, width: box?.getBoundingClientRect().width ?? 0 };
  });
}

/** Closes the sidebar as its close button would. */
export async function hideSidebar(firefox: FirefoxBrowser): Promise<void> {
  await firefox.callInChrome(() => (window as unknown as FirefoxChromeWindow).SidebarController.hide());
}

// ---------------------------------------------------------------------------------------------
// Extension views, reached from an extension page in a background tab.

/** The kinds of extension view `browser.extension.getViews({type})` knows. */
export type ViewKind = 'popup' | 'sidebar' | 'tab';

/**
 * The add-on's real views (popup, sidebar, tabs) seen from one of its own pages, opened in a
 * background tab so that the active tab stays the page the user reads.
 */
export class ExtensionViews {
  private constructor(
    private readonly firefox: FirefoxBrowser,
    /** The BiDi context of the extension page used to reach the others. */
    readonly context: string,
    /** moz-extension://<uuid> */
    readonly origin: string,
  ) {}

  /** Opens `origin/path` in a background tab and uses it to reach the add-on's views. */
  static async open(firefox: FirefoxBrowser, origin: string, path: string): Promise<ExtensionViews> {
    const context = await firefox.openTab(`${origin}/${path.replace(/^\/+/, '')}`, { background: true });
    return new ExtensionViews(firefox, context, origin);
  }

  /** How many views of each kind are open (the helper page itself counts as a tab). */
  count(): Promise<Record<ViewKind, number>> {
    return this.firefox.call(this.context, () => {
      const ext = (globalThis as unknown as { browser: { extension: { getViews(filter: { type: string }): Window[] } } }).browser.extension;
      return { popup: ext.getViews({ type: 'popup' }).length, sidebar: ext.getViews({ type: 'sidebar' }).length, tab: ext.getViews({ type: 'tab' }).length };
    });
  }

  /**
   * Runs fn(document, arg) against the first open view of `kind` and returns its result; throws if
   * none is open. fn is serialised: it must be self-contained and use the document it is given.
   */
  async evaluate<R, A = undefined>(kind: ViewKind, fn: (doc: Document, arg: A) => R, arg?: A): Returned<R> {
    const source = `async ({ kind, arg }) => {
      const views = browser.extension.getViews({ type: kind }).filter((v) => v !== window);
      if (views.length === 0) throw new Error('No ' + kind + ' view is open');
      const __name = (f) => f;
      return await (${fn.toString()})(views[0].document, arg);
    }`;
    // Built as source text: the views run under the extension's CSP, which forbids eval there.
    return this.firefox.call(this.context, toFunction<{ kind: ViewKind; arg: A | undefined }, R>(source), { kind, arg });
  }

  /** Runs fn(arg) in the helper extension page itself (storage, runtime, tabs APIs). */
  inPage<R, A = undefined>(fn: (arg: A) => R, arg?: A): Returned<R> {
    return this.firefox.call(this.context, fn, arg);
  }

  /**
   * A person's click on the first element matching `selector` (and containing `opts.text`, when
   * given) in the open popup or sidebar: scrolled into view, then a trusted click at its centre
   * from the browser window.
   */
  async click(kind: 'popup' | 'sidebar', selector: string, opts: { text?: string } = {}): Promise<void> {
    const point = await this.evaluate(
      kind,
      (doc, { sel, text }: { sel: string; text: string | null }) => {
        const el = Array.from(doc.querySelectorAll(sel)).find((e) => text === null || (e.textContent ?? '').includes(text));
        if (!el) return null;
        el.scrollIntoView({ block: 'center', inline: 'nearest' });
        const r = el.getBoundingClientRect();
        const x = r.left + r.width / 2;
        const y = r.top + r.height / 2;
        const hit = doc.elementFromPoint(x, y);
        return { x, y, covered: !(hit && (hit === el || el.contains(hit))), hitName: hit?.outerHTML.slice(0, 80) ?? null };
      },
      { sel: selector, text: opts.text ?? null },
    );
    if (!point) throw new Error(`No element matches ${selector}${opts.text ? ` with "${opts.text}"` : ''} in the ${kind}`);
    if (point.covered) throw new Error(`${selector} in the ${kind} is covered by ${point.hitName}`);
    await clickInHost(this.firefox, kind, point.x, point.y);
  }
}

/** Turns function source text into a function value whose toString() is that text (no eval). */
function toFunction<A, R>(source: string): (arg: A) => R {
  const fn = (() => {
    throw new Error('serialised only');
  }) as unknown as (arg: A) => R;
  fn.toString = () => source;
  return fn;
}
