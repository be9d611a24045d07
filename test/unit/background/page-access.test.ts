import { describe, expect, it } from 'vitest';
import { reasonFromInjectionError, restrictedReason } from '../../../utils/background/page-access';

describe('restrictedReason', () => {
  it.each([
    ['chrome://settings', 'browser-page'],
    ['chrome://newtab/', 'browser-page'],
    ['about:blank', 'browser-page'],
    ['edge://extensions', 'browser-page'],
    ['chrome-extension://abc/popup.html', 'browser-page'],
    ['https://chromewebstore.google.com/detail/xyz', 'web-store'],
    ['https://chrome.google.com/webstore/category/extensions', 'web-store'],
    ['https://addons.mozilla.org/en-US/firefox/', 'web-store'],
    ['file:///home/me/paper.pdf', 'pdf'],
    ['file:///home/me/page.html', 'file-access'],
    ['view-source:https://example.com', 'unsupported'],
    ['data:text/html,hi', 'unsupported'],
    [undefined, 'no-page'],
    ['', 'no-page'],
    ['not a url', 'no-page'],
  ])('%s → %s', (url, reason) => {
    expect(restrictedReason(url)).toBe(reason);
  });

  it.each(['https://news.example/a', 'http://127.0.0.1:8080/page.html', 'https://chrome.google.com/search'])('%s can be read', (url) => {
    expect(restrictedReason(url)).toBeNull();
  });

  it('allows file pages when the user granted file access', () => {
    expect(restrictedReason('file:///home/me/page.html', { fileAccess: true })).toBeNull();
  });
});

describe('reasonFromInjectionError', () => {
  it('recognises Chrome’s refusals', () => {
    expect(reasonFromInjectionError('Cannot access a chrome:// URL')).toBe('browser-page');
    expect(reasonFromInjectionError('The extensions gallery cannot be scripted.')).toBe('web-store');
    expect(reasonFromInjectionError('Cannot access contents of url "file:///x". Extension manifest must request permission to access this host.')).toBe(
      'file-access',
    );
    expect(reasonFromInjectionError('Cannot access contents of the page.', 'https://x.example/report.pdf')).toBe('pdf');
    expect(reasonFromInjectionError('Frame with ID 0 is showing error page')).toBe('no-page');
  });

  it('leaves unknown errors to the caller', () => {
    expect(
      reasonFromInjectionError('Cannot access contents of the page. Extension manifest must request permission to access the respective host.'),
    ).toBeNull();
  });
});
