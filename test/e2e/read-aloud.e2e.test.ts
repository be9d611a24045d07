/**
 * Read aloud in the real extension page (sidepanel.html opened as a tab, a saved article opened
 * from the library): the toolbar's Read aloud button starts reading and opens the player docked
 * at the bottom; start, highlight, next sentence, pause, next paragraph, resume, speed, voices,
 * keyboard access and stop (which closes the player).
 *
 * Headless Chromium on Linux has no speech service (speech-dispatcher): getVoices() is empty
 * and every utterance fails at once with "synthesis-failed", no start or end. So the test puts a
 * double in place of the Web Speech API itself (window.speechSynthesis and
 * SpeechSynthesisUtterance) with an init script that runs before the page's own code. The
 * extension is the production build: nothing test-only is compiled in.
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionDirFor, launchWithExtension, openExtensionPage, type ExtensionBrowser } from '../../scripts/lib/browser';
import { makeArticle } from '../unit/support/article-factory';

const OUTPUT = join(resolve(import.meta.dirname, '..', '..'), 'test-output');

/** What the double records, read back by the test. */
interface TtsLogEntry {
  call: 'speak' | 'cancel';
  text?: string;
  lang?: string;
  rate?: number;
  voice?: string | null;
}

// Runs in the page before any of its scripts (keep self-contained: it is serialised).
function installSpeechDouble(): void {
  type Handler = ((event: Event) => void) | null;
  class FakeUtterance extends EventTarget {
    lang = '';
    rate = 1;
    pitch = 1;
    volume = 1;
    voice: unknown = null;
    onstart: Handler = null;
    onend: Handler = null;
    onerror: Handler = null;
    onboundary: Handler = null;
    onpause: Handler = null;
    onresume: Handler = null;
    onmark: Handler = null;
    constructor(public text = '') {
      super();
    }
  }
  const fire = (u: FakeUtterance, type: 'start' | 'end' | 'error', error?: string): void => {
    const event = Object.assign(new Event(type), { utterance: u, charIndex: 0, elapsedTime: 0, name: '', error });
    u.dispatchEvent(event);
    u[`on${type}`]?.(event);
  };
  const voices = [
    { voiceURI: 'test:en-US', name: 'Test English (US)', lang: 'en-US', default: true, localService: true },
    { voiceURI: 'test:en-GB', name: 'Test English (UK)', lang: 'en-GB', default: false, localService: true },
    { voiceURI: 'test:de-DE', name: 'Test German', lang: 'de-DE', default: false, localService: true },
  ];
  const log: Array<Record<string, unknown>> = [];
  let current: FakeUtterance | null = null;
  class FakeSynthesis extends EventTarget {
    onvoiceschanged: Handler = null;
    get speaking(): boolean {
      return current !== null;
    }
    get pending(): boolean {
      return false;
    }
    get paused(): boolean {
      return false;
    }
    getVoices() {
      return voices.slice();
    }
    speak(u: FakeUtterance): void {
      const voice = u.voice as { voiceURI?: string } | null;
      log.push({ call: 'speak', text: u.text, lang: u.lang, rate: u.rate, voice: voice?.voiceURI ?? null });
      current = u;
      // Engines start asynchronously.
      setTimeout(() => current === u && fire(u, 'start'), 0);
    }
    cancel(): void {
      log.push({ call: 'cancel' });
      const u = current;
      current = null;
      if (u) fire(u, 'error', 'interrupted');
    }
    pause(): void {}
    resume(): void {}
  }
  const synth = new FakeSynthesis();
  Object.defineProperty(window, 'speechSynthesis', { configurable: true, get: () => synth });
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { configurable: true, writable: true, value: FakeUtterance });
  (window as unknown as Record<string, unknown>).__tts = {
    log,
    /** The engine finished the utterance it is speaking. */
    finish(): boolean {
      const u = current;
      current = null;
      if (u) fire(u, 'end');
      return u !== null;
    },
  };
}

// Code passed to page.evaluate() runs in the extension page.
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

interface ReadAloudView {
  log: TtsLogEntry[];
  highlighted: string | null;
  /** The docked player's play/pause button ('' while the player is closed). */
  toggleLabel: string;
  status: string | null;
  voiceOptions: string[];
  /** aria-pressed of the toolbar's Read aloud button. */
  entryPressed: string | null;
  playerOpen: boolean;
}

function readView(): ReadAloudView {
  const registry = (CSS as unknown as { highlights?: Map<string, Iterable<Range>> }).highlights;
  const highlight = registry?.get('read-aloud');
  const ranges = highlight ? Array.from(highlight) : [];
  const mark = document.querySelector('mark.read-aloud-mark');
  const toggle = document.querySelector('[data-testid="read-aloud-toggle"]');
  const player = document.querySelector('[data-testid="read-aloud"]');
  return {
    entryPressed: document.querySelector('[data-testid="read-aloud-start"]')?.getAttribute('aria-pressed') ?? null,
    playerOpen: player !== null,
    log: (window as unknown as { __tts: { log: TtsLogEntry[] } }).__tts.log.slice(),
    highlighted: ranges[0] ? ranges[0].toString().replace(/\s+/g, ' ') : (mark?.textContent ?? null),
    toggleLabel: (toggle?.textContent ?? '').trim(),
    status: toggle?.getAttribute('data-status') ?? null,
    voiceOptions: Array.from(document.querySelectorAll('[data-testid="read-aloud-voice"] option')).map((o) => o.textContent ?? ''),
  };
}

const ARTICLE = makeArticle({
  url: 'https://news.example/read-aloud',
  title: 'A town and its river',
  lang: 'en-GB',
  contentHtml:
    '<p>The river rose overnight. Nobody in town was surprised.</p>' +
    '<h2>Getting ready</h2>' +
    '<p>Volunteers filled <b>sandbags</b> until dawn. The school became a shelter.</p>' +
    '<pre><code>not spoken();</code></pre>' +
    '<p>By noon the water had stopped rising.</p>',
  text: 'The river rose overnight.',
});

describe('read aloud, end to end', () => {
  let browser: ExtensionBrowser;
  let page: Page;
  const view = (): Promise<ReadAloudView> => page.evaluate(readView);
  const spoken = (v: ReadAloudView): string[] => v.log.filter((e) => e.call === 'speak').map((e) => e.text ?? '');

  beforeAll(async () => {
    browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome') });
    await browser.context.addInitScript(installSpeechDouble);
    page = await openExtensionPage(browser.context, browser.extensionId, 'sidepanel.html#library');
    const saved = await page.evaluate((article) => chrome.runtime.sendMessage({ type: 'saveArticle', payload: { article } }), ARTICLE);
    expect(saved).toMatchObject({ ok: true });
    await page.getByRole('button', { name: /^A town and its river/ }).click();
    await page.getByTestId('article-body').waitFor();
    await page.getByTestId('read-aloud-start').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('offers Read aloud as a button of the article toolbar, with no player until it is pressed', async () => {
    const toolbar = page.getByRole('toolbar', { name: 'Article actions' });
    await expect.poll(() => toolbar.count()).toBe(1);
    expect(await toolbar.getByRole('button', { name: 'Read aloud', exact: true }).count()).toBe(1);
    const v = await view();
    expect(v.entryPressed).toBe('false');
    expect(v.playerOpen).toBe(false);
    expect(v.log).toEqual([]);
    expect(v.highlighted).toBeNull();
  });

  it('starts reading: speaks the first sentence in the article language and highlights it', async () => {
    await page.getByTestId('read-aloud-start').click();
    await expect.poll(async () => (await view()).status).toBe('playing');
    const v = await view();
    expect(spoken(v)).toEqual(['The river rose overnight.']);
    expect(v.log.find((e) => e.call === 'speak')).toMatchObject({ lang: 'en-GB', rate: 1, voice: null });
    expect(v.highlighted).toBe('The river rose overnight.');
    expect(v.toggleLabel).toBe('Pause reading');
    expect(v.entryPressed).toBe('true');
  });

  it('docks the player at the bottom, with the controls’ accessible names and only voices for the article language', async () => {
    const player = page.getByRole('toolbar', { name: 'Read aloud' });
    await expect.poll(() => player.count()).toBe(1);
    for (const name of ['Previous paragraph', 'Pause reading', 'Next paragraph', 'Stop reading']) {
      expect(await player.getByRole('button', { name, exact: true }).count()).toBe(1);
    }
    expect(await page.getByRole('combobox', { name: 'Reading speed' }).count()).toBe(1);
    // "Default voice" first, then the browser's default voice, then the other English one.
    expect((await view()).voiceOptions).toEqual(['Default voice', 'Test English (US)', 'Test English (UK)']);
    const dock = await page.evaluate(() => {
      const box = document.querySelector('.read-aloud-dock')!.getBoundingClientRect();
      return {
        bottom: Math.round(box.bottom),
        height: box.height,
        viewport: window.innerHeight,
        position: getComputedStyle(document.querySelector('.read-aloud-dock')!).position,
      };
    });
    expect(dock).toMatchObject({ bottom: dock.viewport, position: 'fixed' });
    expect(dock.height).toBeLessThan(120);
    // How it looks in a side panel of the default size.
    await page.setViewportSize({ width: 360, height: 765 });
    await mkdir(OUTPUT, { recursive: true });
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: join(OUTPUT, `read-aloud-docked-${colorScheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  it('has no serious or critical axe violations with every control shown, light and dark', async () => {
    // Evaluated through the debugger protocol: the extension's CSP refuses injected <script>s.
    const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    await page.evaluate(`${axeSource}\n;0`);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const violations = await page.evaluate(async () => {
        const axe = (
          window as unknown as { axe: { run(context: string, options: object): Promise<{ violations: Array<{ id: string; impact: string | null }> }> } }
        ).axe;
        const result = await axe.run('[data-testid="read-aloud"]', { resultTypes: ['violations'] });
        return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
      });
      expect({ colorScheme, violations }).toEqual({ colorScheme, violations: [] });
    }
    await page.emulateMedia({ colorScheme: 'light' });
    // Every control is reachable with Tab.
    const focusable = await page.evaluate(
      () =>
        Array.from(document.querySelectorAll<HTMLElement>('[data-testid="read-aloud"] button, [data-testid="read-aloud"] select')).filter(
          (el) => el.tabIndex >= 0,
        ).length,
    );
    expect(focusable).toBe(6); // previous, pause, next, stop, speed, voice
  });

  it('reaches the docked player with Tab from the toolbar, before the article', async () => {
    // The player comes right after the toolbar row in the document (it is drawn at the bottom):
    // from the Read aloud button, Tab passes the row's last buttons and then enters the player.
    await page.getByTestId('read-aloud-start').focus();
    const stops: string[] = [];
    for (let i = 0; i < 8 && !stops.includes('read-aloud-previous'); i++) {
      await page.keyboard.press('Tab');
      stops.push(await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? ''));
    }
    expect(stops).toContain('read-aloud-previous');
    expect(stops.slice(0, -1).every((id) => id !== 'A' && !id.startsWith('read-aloud'))).toBe(true);
    expect(await page.evaluate(() => !!document.activeElement?.closest('.read-aloud-dock'))).toBe(true);
    expect((await view()).status).toBe('playing');
  });

  it('moves to the next sentence when the engine ends the utterance', async () => {
    expect(await page.evaluate(() => (window as unknown as { __tts: { finish(): boolean } }).__tts.finish())).toBe(true);
    await expect.poll(async () => (await view()).highlighted).toBe('Nobody in town was surprised.');
    expect(spoken(await view()).at(-1)).toBe('Nobody in town was surprised.');
  });

  it('pauses: cancels the engine, keeps the sentence highlighted, offers Resume', async () => {
    const before = (await view()).log.length;
    await page.getByTestId('read-aloud-toggle').click();
    await expect.poll(async () => (await view()).status).toBe('paused');
    const v = await view();
    expect(v.log.slice(before)).toEqual([{ call: 'cancel' }]);
    expect(v.highlighted).toBe('Nobody in town was surprised.');
    expect(v.toggleLabel).toBe('Resume reading');
  });

  it('moves to the next paragraph while paused without speaking, then resumes there', async () => {
    const before = spoken(await view()).length;
    await page.getByTestId('read-aloud-next').click();
    await expect.poll(async () => (await view()).highlighted).toBe('Getting ready');
    expect(spoken(await view())).toHaveLength(before);
    await page.getByTestId('read-aloud-toggle').click();
    await expect.poll(async () => spoken(await view()).at(-1)).toBe('Getting ready');
    expect((await view()).status).toBe('playing');
  });

  it('applies a new speed and voice from the controls', async () => {
    await page.getByTestId('read-aloud-rate').selectOption('1.5');
    await page.evaluate(() => (window as unknown as { __tts: { finish(): boolean } }).__tts.finish());
    await expect.poll(async () => (await view()).log.at(-1)).toMatchObject({ call: 'speak', text: 'Volunteers filled sandbags until dawn.', rate: 1.5 });
    await page.getByTestId('read-aloud-voice').selectOption('test:en-US');
    await expect
      .poll(async () => (await view()).log.at(-1))
      .toMatchObject({ call: 'speak', text: 'Volunteers filled sandbags until dawn.', voice: 'test:en-US' });
  });

  it('skips code blocks, and stops with the highlight cleared after the last sentence', async () => {
    const finish = () => page.evaluate(() => (window as unknown as { __tts: { finish(): boolean } }).__tts.finish());
    await finish();
    await expect.poll(async () => (await view()).highlighted).toBe('The school became a shelter.');
    await finish();
    await expect.poll(async () => (await view()).highlighted).toBe('By noon the water had stopped rising.');
    await finish();
    // The player closes once the article is read, and the toolbar button is no longer pressed.
    await expect.poll(async () => (await view()).playerOpen).toBe(false);
    const v = await view();
    expect(v.highlighted).toBeNull();
    expect(spoken(v).join(' ')).not.toContain('not spoken');
    expect(v.entryPressed).toBe('false');
  });

  it('never blocks scrolling while reading', async () => {
    await page.setViewportSize({ width: 400, height: 300 });
    await page.getByTestId('read-aloud-start').click();
    await expect.poll(async () => (await view()).status).toBe('playing');
    await page.mouse.move(200, 200);
    await page.mouse.wheel(0, 400);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    await page.getByTestId('read-aloud-stop').click();
    await expect.poll(async () => (await view()).playerOpen).toBe(false);
    // Stop closed the player that had focus: focus goes back to the toolbar button.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('read-aloud-start');
  });

  it('toggles reading with the r key', async () => {
    await page.locator('[data-testid="article-body"]').click();
    await page.keyboard.press('r');
    await expect.poll(async () => (await view()).status).toBe('playing');
    await page.keyboard.press('r');
    await expect.poll(async () => (await view()).status).toBe('paused');
    await page.getByTestId('read-aloud-start').click();
    await expect.poll(async () => (await view()).playerOpen).toBe(false);
  });
});
