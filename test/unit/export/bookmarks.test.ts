import { describe, expect, it } from 'vitest';
import { bookmarkTags, exportBookmarks } from '../../../utils/export/bookmarks';
import { collect } from './collect';
import { SAMPLE, SAVED_AT, entry } from './entries';

const NOW = Date.UTC(2025, 0, 1);

async function bookmarks(entries = SAMPLE): Promise<{ text: string; doc: Document; skipped: number; count: number }> {
  const out = collect();
  const result = await exportBookmarks(entries, out.sink, { now: NOW });
  const text = out.text();
  return { text, doc: new DOMParser().parseFromString(text, 'text/html'), ...result };
}

describe('exportBookmarks', () => {
  it('starts with the doctype (Karakeep refuses anything before it) and has the two folders', async () => {
    const { text, doc } = await bookmarks();
    expect(text.startsWith('<!DOCTYPE NETSCAPE-Bookmark-file-1>\n')).toBe(true);
    expect(Array.from(doc.querySelectorAll('h3'), (h) => h.textContent)).toEqual(['Unread', 'Archive']);
    expect(doc.querySelector('h3')!.getAttribute('add_date')).toBe(String(NOW / 1000));
  });
  it('writes each article once, in its folder, with ADD_DATE in seconds and TAGS', async () => {
    const { text } = await bookmarks();
    const seconds = SAVED_AT / 1000;
    expect(text).toContain(
      `        <DT><A HREF="https://news.example/world/putin-xi" ADD_DATE="${seconds}" TAGS="world,china russia,a|b,say &quot;hi&quot;" TOREAD="1" PRIVATE="1">Putin in China to meet ‘dear friend’ Xi</A>\n        <DD>Russian President Vladimir Putin arrived in Beijing on Tuesday.\n`,
    );
    // The archived Arabic article is in the second folder, with when it was read.
    const archive = text.slice(text.indexOf('>Archive</H3>'));
    expect(archive).toContain(
      `<A HREF="https://ar.example/news/1" ADD_DATE="${seconds + 1}" LAST_VISIT="${seconds + 5}" TAGS="سياسة" PRIVATE="1">بوتين يصل إلى بكين: &quot;صديق عزيز&quot;</A>`,
    );
    expect(text.match(/<DT><A /g)).toHaveLength(SAMPLE.length);
  });
  it('escapes titles, URLs and tags, and parses back to the same values', async () => {
    const { doc } = await bookmarks();
    const links = Array.from(doc.querySelectorAll('a'));
    expect(links.map((a) => a.textContent)).toEqual([SAMPLE[0], SAMPLE[2], SAMPLE[3], SAMPLE[4], SAMPLE[1]].map((e) => e!.article.title));
    expect(links[2]!.getAttribute('href')).toBe('https://edge.example/x?a=1&b=2');
    expect(links[0]!.getAttribute('tags')!.split(',')).toEqual(['world', 'china russia', 'a|b', 'say "hi"']);
    expect(doc.querySelector('script')).toBeNull();
  });
  it('leaves out a URL a bookmark must not hold, and counts it', async () => {
    const { count, skipped, text } = await bookmarks([entry({ article: { url: 'javascript:alert(1)' } }), entry()]);
    expect({ count, skipped }).toEqual({ count: 1, skipped: 1 });
    expect(text).not.toContain('javascript:');
  });
  it('makes a comma inside a tag a space (importers split TAGS on commas)', () => {
    expect(bookmarkTags(['a,b', ' c ', '', 'd'])).toBe('a b,c,d');
  });
});
