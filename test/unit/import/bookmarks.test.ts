import { describe, expect, it } from 'vitest';
import { parseBookmarksHtml } from '../../../utils/import/bookmarks';
import { parseHtml } from '../../../utils/extract/node';
import { fixtureText, report } from './helpers';

describe('Netscape bookmark file', () => {
  it('reads a Chrome export: nested folders become tags, the bookmarks bar does not', () => {
    const r = report(parseBookmarksHtml(fixtureText('bookmarks-chrome.html')));
    expect(r.format).toBe('bookmarks-html');
    expect(r.items.map((i) => [i.url, i.tags])).toEqual([
      ['https://developer.mozilla.org/en-US/docs/Web/HTML', []],
      ['https://www.theatlantic.com/technology/archive/2023/05/internet-slow-web/674000/', ['Reading']],
      ['https://www.newyorker.com/magazine/2018/10/22/why-we-sleep', ['Reading', 'Long reads']],
      ['https://paulgraham.com/greatwork.html', ['Reading']],
      ['https://news.ycombinator.com/', []],
    ]);
    expect(r.items[1]).toMatchObject({
      title: 'The Case for a Slower Internet - The Atlantic',
      savedAt: 1700000300_000,
      status: 'unread',
      source: 'bookmarks',
    });
    expect(r.skipped).toEqual([
      { row: 5, reason: expect.stringContaining('javascript:') },
      { row: 7, reason: expect.stringContaining('chrome:') },
    ]);
  });

  it('reads a Firefox export: TAGS, folders, descriptions ignored, place: queries skipped, duplicates merged', () => {
    const r = report(parseBookmarksHtml(fixtureText('bookmarks-firefox.html')));
    expect(r.items.map((i) => [i.title, i.tags])).toEqual([
      ['Get Help', ['help', 'Firefox']],
      ['Fusion nucléaire : un record', ['Recherche', 'énergie', 'physique']],
      ['Getting Started', ['mozilla']],
      ['Spaced Repetition for Efficient Learning · Gwern.net', ['learning']],
    ]);
    expect(r.skipped).toEqual([{ row: 3, reason: expect.stringContaining('place:') }]);
    expect(r.duplicates).toEqual([{ row: 6, into: 4, url: 'https://www.mozilla.org/en-US/firefox/central/#top' }]);
  });

  it('is inert: no script, handler, SVG or iframe in the file runs, and only web links are imported', () => {
    const r = report(parseBookmarksHtml(fixtureText('hostile/bookmarks-scripts.html')));
    expect((globalThis as { __importPwned?: unknown }).__importPwned).toBeUndefined();
    expect(r.items.map((i) => [i.url, i.title, i.tags, i.savedAt])).toEqual([
      ['https://example.com/safe', 'A safe link', [], 1700000000_000],
      ['https://example.com/in-folder', expect.stringMatching(/^In a folder/), ['Folder'], null],
      ['https://example.com/svg', 'An SVG title', ['Folder'], 1700000006_000],
    ]);
    expect(r.skipped.map((s) => [s.row, s.reason.match(/a (\w+): link/)?.[1]])).toEqual([
      [2, 'javascript'],
      [3, 'javascript'],
      [4, 'data'],
      [5, 'file'],
    ]);
  });

  it('gives the same result with happy-dom’s Node parser (utils/extract/node), as in a browser', () => {
    const page = parseHtml('');
    const viaNode = report(parseBookmarksHtml(fixtureText('bookmarks-chrome.html'), { parseHtml: (html) => parseHtml(html).document }));
    void page.close();
    expect(viaNode.items.map((i) => i.tags)).toEqual(report(parseBookmarksHtml(fixtureText('bookmarks-chrome.html'))).items.map((i) => i.tags));
  });

  it('follows folders when the list is a sibling of the DT, as some exporters write it', () => {
    const html = `<!DOCTYPE NETSCAPE-Bookmark-file-1><DL><p><DT><H3>Outer</H3></DT><DL><p><DT><A HREF="https://example.com/x">X</A></DL><DT><A HREF="https://example.com/y">Y</A></DL>`;
    const r = report(parseBookmarksHtml(html));
    expect(r.items.map((i) => [i.title, i.tags])).toEqual([
      ['X', ['Outer']],
      ['Y', []],
    ]);
  });
});
