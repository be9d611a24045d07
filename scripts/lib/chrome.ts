import { existsSync } from 'node:fs';

/** Places a Chrome or Chromium binary usually lives, most likely first for this project's CI. */
export const DEFAULT_CHROME_CANDIDATES: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
  ...(process.env.LOCALAPPDATA ? [`${process.env.LOCALAPPDATA}\\Google\\Chrome\\Application\\chrome.exe`] : []),
  'C:\\Program Files\\Chromium\\Application\\chrome.exe',
];

/** Seams so tests can describe a machine without touching the real file system or env. */
export interface FindChromeOptions {
  env?: Record<string, string | undefined>;
  candidates?: readonly string[];
  exists?: (path: string) => boolean;
}

/** Message shown when no browser is found; exported so tests and scripts can match it. */
export const NO_CHROME_MESSAGE = [
  'No Chrome or Chromium found for the browser tests.',
  'Install one, or point CHROME_PATH at an existing binary:',
  '  Debian/Ubuntu: sudo apt-get install chromium',
  '  macOS:         install Google Chrome (or Chromium), or set CHROME_PATH',
  '  Windows:       install Google Chrome, or set CHROME_PATH',
  "Playwright's own browser download is not used (playwright-core only).",
].join('\n');

/** Path of the Chrome/Chromium binary to test with: CHROME_PATH, else the first known install. */
export function findChrome(opts: FindChromeOptions = {}): string {
  const env = opts.env ?? process.env;
  const exists = opts.exists ?? existsSync;
  const candidates = opts.candidates ?? DEFAULT_CHROME_CANDIDATES;

  const fromEnv = env.CHROME_PATH?.trim();
  if (fromEnv) {
    // An explicit choice that is wrong should fail loudly, not silently fall back to another browser.
    if (!exists(fromEnv)) {
      throw new Error(`CHROME_PATH is set to "${fromEnv}" but no file exists there.\n${NO_CHROME_MESSAGE}`);
    }
    return fromEnv;
  }
  const found = candidates.find((p) => exists(p));
  if (!found) {
    throw new Error(`${NO_CHROME_MESSAGE}\nLooked in:\n${candidates.map((c) => `  ${c}`).join('\n')}`);
  }
  return found;
}
