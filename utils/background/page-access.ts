/**
 * Decides, from a tab's URL alone, whether the browser lets an extension read the page,
 * and turns script-injection errors into the same user-facing reasons.
 */
import type { RestrictedReason } from '../model/messaging';

// Extension galleries: each browser blocks content scripts on its own store; we refuse them all so
// that every browser gives the same answer.
const EXTENSION_GALLERIES: ReadonlyArray<{ host: string; pathPrefix: string }> = [
  { host: 'chromewebstore.google.com', pathPrefix: '/' },
  { host: 'chrome.google.com', pathPrefix: '/webstore' },
  { host: 'microsoftedge.microsoft.com', pathPrefix: '/addons' },
  { host: 'addons.mozilla.org', pathPrefix: '/' },
  { host: 'addons.opera.com', pathPrefix: '/' },
];

const BROWSER_SCHEMES = new Set([
  'chrome:',
  'chrome-extension:',
  'chrome-search:',
  'chrome-untrusted:',
  'devtools:',
  'edge:',
  'brave:',
  'opera:',
  'vivaldi:',
  'about:',
  'moz-extension:',
  'resource:',
]);

/** Returns why the page at `url` cannot be read, or null when injection may be attempted. */
export function restrictedReason(url: string | undefined, opts: { fileAccess?: boolean } = {}): RestrictedReason | null {
  if (!url) return 'no-page';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'no-page';
  }
  if (BROWSER_SCHEMES.has(parsed.protocol)) return 'browser-page';
  if (parsed.protocol === 'file:') {
    if (/\.pdf$/i.test(parsed.pathname)) return 'pdf';
    return opts.fileAccess ? null : 'file-access';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'unsupported';
  const host = parsed.hostname.toLowerCase();
  if (EXTENSION_GALLERIES.some((g) => g.host === host && parsed.pathname.startsWith(g.pathPrefix))) {
    return 'web-store';
  }
  return null;
}

/**
 * Maps an error thrown by `scripting.executeScript` to a reason. Chrome's messages are not an
 * API, so this matches their stable phrases and falls back to null ("some other failure").
 */
export function reasonFromInjectionError(message: string, url?: string): RestrictedReason | null {
  const m = message.toLowerCase();
  if (m.includes('extensions gallery') || m.includes('web store')) return 'web-store';
  if (m.includes('file://') || m.includes('file url')) return 'file-access';
  if (url && /\.pdf([?#]|$)/i.test(url)) return 'pdf';
  if (m.includes('cannot access a chrome') || m.includes('chrome://') || m.includes('about:')) return 'browser-page';
  if (m.includes('pdf')) return 'pdf';
  if (m.includes('frame with id 0 is showing error page') || m.includes('no tab with id')) return 'no-page';
  return null;
}
