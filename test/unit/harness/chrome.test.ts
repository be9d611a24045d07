// @vitest-environment node
// Node, not happy-dom: these helpers run in Node and need real sockets and fetch.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHROME_CANDIDATES, findChrome, NO_CHROME_MESSAGE } from '../../../scripts/lib/chrome';

const existsOnly =
  (...present: string[]) =>
  (path: string): boolean =>
    present.includes(path);

describe('findChrome', () => {
  it('honours CHROME_PATH before any known location', () => {
    const found = findChrome({
      env: { CHROME_PATH: '/opt/my/chrome' },
      exists: existsOnly('/opt/my/chrome', '/usr/bin/chromium'),
    });
    expect(found).toBe('/opt/my/chrome');
  });

  it('fails loudly when CHROME_PATH points at nothing, rather than picking another browser', () => {
    expect(() => findChrome({ env: { CHROME_PATH: '/nowhere/chrome' }, exists: existsOnly('/usr/bin/chromium') })).toThrow(
      /CHROME_PATH is set to "\/nowhere\/chrome"/,
    );
  });

  it('ignores an empty CHROME_PATH', () => {
    expect(findChrome({ env: { CHROME_PATH: '  ' }, exists: existsOnly('/usr/bin/chromium') })).toBe('/usr/bin/chromium');
  });

  it('takes the first candidate that exists, in order', () => {
    const found = findChrome({
      env: {},
      candidates: ['/a', '/b', '/c'],
      exists: existsOnly('/c', '/b'),
    });
    expect(found).toBe('/b');
  });

  it('prefers Debian chromium and knows macOS and Windows locations', () => {
    expect(DEFAULT_CHROME_CANDIDATES[0]).toBe('/usr/bin/chromium');
    expect(DEFAULT_CHROME_CANDIDATES.some((p) => p.startsWith('/Applications/Google Chrome.app/'))).toBe(true);
    expect(DEFAULT_CHROME_CANDIDATES.some((p) => p.endsWith('chrome.exe'))).toBe(true);
  });

  it('explains how to install a browser when none is found', () => {
    let message = '';
    try {
      findChrome({ env: {}, candidates: ['/x/chromium'], exists: () => false });
    } catch (err) {
      message = err instanceof Error ? err.message : String(err);
    }
    expect(message).toContain(NO_CHROME_MESSAGE);
    expect(message).toContain('sudo apt-get install chromium');
    expect(message).toContain('CHROME_PATH');
    expect(message).toMatch(/Playwright's own browser download is not used/);
    expect(message).toContain('/x/chromium');
  });
});
