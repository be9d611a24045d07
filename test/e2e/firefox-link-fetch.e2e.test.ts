/**
 * Saved links' articles fetched in the background, in headless Firefox: its background page parses
 * the pages itself (no offscreen document). Two saved links (one article, one missing page) are
 * put in the library; the Library's offer is clicked with a person's click (Firefox's optional
 * permission prompt is turned off by its pref, so the request inside the click is granted as an
 * "Allow" would); the article fills its link and the missing page is recorded with its reason.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addonIdOf, clickInHost, findFirefox, firefoxExtensionDir, installChromeHelpers, launchFirefox, type FirefoxBrowser } from '../../scripts/lib/firefox';
import { startStaticServer, type StaticServer } from '../../scripts/lib/server';
import { waitUntil } from '../../scripts/lib/views';
import { LIBRARY_SCHEMA_VERSION } from '../../utils/library/schema';

const FIXTURES = resolve(import.meta.dirname, '..', 'fixtures');
const UUID = '0b7f3c8e-5d21-4a9b-9e6f-2c4d8a1b7e35';
const ORIGIN = `moz-extension://${UUID}`;

const inCI = process.env.CI === 'true' || process.env.CI === '1';
const found = ((): { path: string } | { path: null; why: string } => {
  try {
    return { path: findFirefox() };
  } catch (error) {
    return { path: null, why: (error as Error).message };
  }
})();
// As the main Firefox suite: skipped only on a machine without Firefox, never in CI.
const skip = found.path === null && !inCI && !process.env.FIREFOX_PATH?.trim();

/** A saved link's record as a backup holds it (the current schema, content 'link'). */
function linkRecord(id: string, url: string, savedAt: number) {
  return {
    record: {
      schemaVersion: LIBRARY_SCHEMA_VERSION,
      id,
      savedAt,
      readAt: null,
      deletedAt: null,
      archivedAt: null,
      favourite: false,
      tags: ['later'],
      updatedAt: savedAt,
      content: 'link',
      article: {
        url,
        title: `Saved link ${id}`,
        byline: null,
        siteName: null,
        publishedTime: null,
        lang: null,
        dir: null,
        excerpt: null,
        leadImageUrl: null,
        wordCount: 0,
        readingTimeMinutes: 0,
        contentHtml: '',
        text: '',
        readerable: false,
      },
    },
    position: null,
  };
}

describe.skipIf(skip)('fetching saved links’ articles in Firefox', () => {
  let profile: string;
  let server: StaticServer;
  let firefox: FirefoxBrowser;
  let tab: string;

  beforeAll(async () => {
    if (found.path === null) throw new Error(found.why);
    const extensionDir = firefoxExtensionDir();
    profile = await mkdtemp(join(tmpdir(), 'reader-firefox-link-fetch-'));
    server = await startStaticServer(FIXTURES);
    firefox = await launchFirefox({
      binary: found.path,
      profileDir: profile,
      extensionUuids: { [addonIdOf(extensionDir)]: UUID },
      // permissions.request inside a person's click is granted without the doorhanger headless Firefox cannot answer.
      prefs: { 'extensions.webextOptionalPermissionPrompts': false },
    });
    // The helpers a person's click is synthesized with.
    await installChromeHelpers(firefox);
    await firefox.installTemporaryAddon(extensionDir);
  }, 120_000);

  afterAll(async () => {
    await firefox?.close();
    await server?.close();
    if (profile) await rm(profile, { recursive: true, force: true, maxRetries: 3 });
  });

  it('the click allows it; the background page fetches and extracts; a missing page says why', async () => {
    const article = server.url('/gate/articles/news-brief.html');
    const missing = server.url('/gate/articles/no-such-story.html');
    tab = await firefox.openTab(`${ORIGIN}/sidepanel.html#library?view=all`);
    await firefox.activate(tab);
    const restored = await firefox.call(
      tab,
      (items: unknown[]) =>
        (globalThis as unknown as { browser: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).browser.runtime.sendMessage({
          type: 'restoreBackup',
          payload: { items },
        }),
      [linkRecord('link-1', article, 1_700_000_000_000), linkRecord('link-2', missing, 1_700_000_001_000)],
    );
    expect(restored).toMatchObject({ ok: true, value: { added: 2 } });

    const button = await waitUntil(
      () =>
        firefox.call(tab, () => {
          const el = document.querySelector('[data-testid="link-fetch-allow"]');
          if (!el) return null;
          const r = el.getBoundingClientRect();
          return { x: r.left + r.width / 2, y: r.top + r.height / 2, text: el.textContent };
        }),
      (b) => b !== null,
      'the offer to fetch the links’ articles',
    );
    expect(button!.text).toBe('Allow and fetch the articles');
    await clickInHost(firefox, 'tab', button!.x, button!.y);

    const summary = await waitUntil(
      () => firefox.call(tab, () => document.querySelector('[data-testid="link-fetch-summary"]')?.textContent ?? null),
      (text) => text !== null,
      'the fetch to finish',
      60_000,
    );
    expect(summary).toBe('Articles fetched: 1 of 2. 1 could not be fetched; each says why.');
    const rows = await firefox.call(tab, () =>
      Array.from(document.querySelectorAll('[data-testid="library-item"]')).map((row) => ({
        content: row.getAttribute('data-content'),
        note: row.querySelector('[data-testid="library-item-fetch-note"]')?.textContent ?? null,
      })),
    );
    expect(rows).toEqual([
      { content: 'link', note: 'Could not fetch: the site answered with error 404' },
      { content: 'article', note: null },
    ]);
  });
});
