/**
 * What the search worker reads of each saved article (utils/library/search/library-sources): the
 * visible articles with their fields, straight from the library database; an imported article's
 * own notes are searched with its body.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { librarySources } from '../../../utils/library/search/library-sources';
import type { SearchSource } from '../../../utils/library/types';
import { createLibraryWriter } from '../../../utils/library/writer';
import { makeArticle } from '../support/article-factory';
import { clock, ids } from '../support/library';

beforeEach(() => fakeBrowser.reset());

async function everySource(): Promise<SearchSource[]> {
  const out: SearchSource[] = [];
  for await (const batch of librarySources(2).loadSources()) out.push(...batch);
  return out;
}

describe('the search worker’s articles', () => {
  it('reads every visible article in batches, with the notes of its highlights after its body', async () => {
    const writer = createLibraryWriter({ now: clock().now, newId: ids() });
    await writer.save(makeArticle({ url: 'https://a.example/1', title: 'One', text: 'The body of one.' }));
    await writer.save(makeArticle({ url: 'https://a.example/2', title: 'Two', text: 'The body of two.' }));
    await writer.save(makeArticle({ url: 'https://a.example/3', title: 'Three', text: 'The body of three.' }));
    await writer.importRecords([{ article: makeArticle({ url: 'https://a.example/2' }), highlights: '> The body of two.\n\nmy zanzibar note' }]);
    await writer.deleteArticles(['id-3']);

    const sources = await everySource();
    expect(sources.map((s) => s.title).sort()).toEqual(['One', 'Two']);
    expect(sources.find((s) => s.title === 'One')!.text).toBe('The body of one.');
    // The note, once: the quote is the body's own text.
    expect(sources.find((s) => s.title === 'Two')!.text).toBe('The body of two.\nmy zanzibar note');
    const stamps = await librarySources().listSources!();
    expect(stamps.map((s) => s.id).sort()).toEqual(['id-1', 'id-2']);
  });
});
