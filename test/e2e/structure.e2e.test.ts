/**
 * Footnotes in the real side panel: the reference [1] and the note's back-link ^ are links inside
 * the article, so clicking one scrolls the reader to the other instead of opening the page.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionDirFor, launchWithExtension, type ExtensionBrowser, type ExtensionView } from '../../scripts/lib/browser';
import { startStaticServer, type StaticServer } from '../../scripts/lib/server';
import { openSidePanelViaPopup, waitUntil } from '../../scripts/lib/views';

const FIXTURES = resolve(import.meta.dirname, '..', 'fixtures');

interface Place {
  /** Top of the element relative to the view's viewport (px). */
  top: number;
  viewport: number;
  target: string | null;
  hash: string;
}

function placeOf(selector: string): Place {
  const el = document.querySelector(`[data-testid="article-body"] ${selector}`)!;
  return {
    top: el.getBoundingClientRect().top,
    viewport: window.innerHeight,
    target: document.querySelector(':target')?.id ?? null,
    hash: location.hash,
  };
}

describe('footnotes in the side panel', () => {
  let server: StaticServer;
  let browser: ExtensionBrowser;
  let panel: ExtensionView;

  beforeAll(async () => {
    server = await startStaticServer(FIXTURES);
    browser = await launchWithExtension({ extensionDir: extensionDirFor('chrome') });
  });

  afterAll(async () => {
    await panel?.detach().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('[1] scrolls to its note, and the note’s ^ scrolls back to the reference', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url('/structure/footnotes-wikipedia.html'));
    panel = await openSidePanelViaPopup(browser, page);
    // A short panel, so that the notes start below the first screen.
    await panel.send('Emulation.setDeviceMetricsOverride', { width: 360, height: 420, deviceScaleFactor: 1, mobile: false });
    const pagesBefore = browser.context.pages().length;

    const ref = 'sup a[href="#reader-fn-cite_note-1"]';
    const note = '#reader-fn-cite_note-1';
    const before = await panel.evaluate(placeOf, note);
    expect(before.top).toBeGreaterThan(before.viewport);

    await panel.click(ref);
    const atNote = await waitUntil(
      () => panel.evaluate(placeOf, note),
      (p) => p.top >= 0 && p.top < p.viewport,
      'the note to scroll into view',
    );
    expect(atNote.target).toBe('reader-fn-cite_note-1');
    // Below the sticky toolbar rows, not under them.
    expect(atNote.top).toBeGreaterThan(40);

    await panel.click(`${note} a[href="#reader-fn-cite_ref-1"]`);
    const atRef = await waitUntil(
      () => panel.evaluate(placeOf, '#reader-fn-cite_ref-1'),
      (p) => p.top >= 0 && p.top < p.viewport,
      'the reference to scroll back into view',
    );
    expect(atRef.target).toBe('reader-fn-cite_ref-1');
    const noteAfter = await panel.evaluate(placeOf, note);
    expect(noteAfter.top).toBeGreaterThan(noteAfter.viewport);
    // Still the reader: nothing opened in a new tab, the panel still shows the article.
    expect(browser.context.pages().length).toBe(pagesBefore);
    expect(await panel.evaluate(() => document.querySelectorAll('[data-testid="article-body"] ol > li').length)).toBe(3);
  });
});
