/**
 * ImportItem → staged record: bodies from an export go through the reader's sanitize step, items
 * without one are kept as links, and the state each service exported (tags, archive, progress,
 * favourite, times) is carried over.
 */
import { describe, expect, it } from 'vitest';
import { patchHappyDomForDomPurify } from '../../../utils/extract/node';
import { parseImport } from '../../../utils/import';
import type { ImportItem } from '../../../utils/import/types';
import { stagedItemFor } from '../../../utils/ui/import-map';
import { fixtureBytes } from '../import/helpers';

// happy-dom's nodeName as DOMPurify reads it (the extraction tests do the same; a browser needs nothing).
patchHappyDomForDomPurify(window);

const NOW = 1_750_000_000_000;

function itemsOf(name: string): ImportItem[] {
  const result = parseImport({ name, bytes: fixtureBytes(name) });
  if (!result.ok) throw new Error(result.error.message);
  return result.report.items;
}

function item(overrides: Partial<ImportItem>): ImportItem {
  return {
    url: 'https://news.example/story',
    title: 'A story',
    savedAt: 1_700_000_000_000,
    tags: [],
    status: 'unread',
    favourite: false,
    readingProgress: null,
    readAt: null,
    contentHtml: null,
    highlights: null,
    excerpt: null,
    byline: null,
    leadImageUrl: null,
    publishedTime: null,
    lang: null,
    source: 'pocket',
    restore: null,
    ...overrides,
  };
}

describe('ImportItem → staged record', () => {
  it('sanitizes an Omnivore body and keeps its labels, progress and archived state', () => {
    const items = itemsOf('omnivore-export.zip');
    const marginal = stagedItemFor(
      items.find((i) => i.url.includes('marginal-user'))!,
      'item 1',
      { now: NOW },
    );
    expect(marginal.content).toBe('article');
    // The export's body carried a <script> and an onerror handler: neither survives.
    expect(marginal.article.contentHtml).not.toMatch(/<script|onerror|alert/i);
    expect(marginal.article.contentHtml).toContain('<img');
    expect(marginal.article.text).toContain('the marginal user');
    expect(marginal.article.wordCount).toBeGreaterThan(20);
    expect(marginal.article.readingTimeMinutes).toBeGreaterThanOrEqual(1);
    expect(marginal.tags).toEqual(['software', 'Newsletter']);
    expect(marginal.archivedAt).toBeNull();
    expect(marginal.position).toMatchObject({ progress: 0.475, offset: 0 });
    expect(marginal.article).toMatchObject({ title: 'The Tyranny of the Marginal User', byline: 'Ivan Vendrov', excerpt: expect.stringContaining('software') });

    const archived = stagedItemFor(
      items.find((i) => i.url.includes('breitling'))!,
      'item 2',
      { now: NOW },
    );
    expect(archived.archivedAt).toBe(archived.savedAt);
    expect(archived.position).toMatchObject({ progress: 1 });

    const unfetched = stagedItemFor(
      items.find((i) => i.url.includes('basketeurope'))!,
      'item 4',
      { now: NOW },
    );
    expect(unfetched).toMatchObject({ content: 'link', article: { contentHtml: '', text: '', wordCount: 0, readingTimeMinutes: 0 } });
    expect(unfetched.position).toBeNull();
  });

  it('keeps Pocket rows as links with their tags, archive and saved time; an untitled one shows its address', () => {
    const staged = itemsOf('pocket-export.zip').map((i, n) => stagedItemFor(i, `item ${n + 1}`, { now: NOW }));
    expect(staged.every((s) => s.content === 'link' && s.article.contentHtml === '' && s.article.wordCount === 0)).toBe(true);
    const sleep = staged.find((s) => s.article.url.includes('why-we-sleep'))!;
    expect(sleep).toMatchObject({ tags: ['science', 'health'], archivedAt: sleep.savedAt, readAt: null, favourite: false });
    expect(sleep.savedAt).toBe(1699900800 * 1000);
    const untitled = staged.find((s) => s.article.url.includes('never-titled'))!;
    expect(untitled.article.title).toBe('https://example.com/an-item-pocket-never-titled');
  });

  it('keeps as a link an item whose body is nothing but what sanitizing removes', () => {
    const staged = stagedItemFor(item({ contentHtml: '<script>alert(1)</script><style>p{}</style><iframe src="https://x.example"></iframe>' }), 'item 1', {
      now: NOW,
    });
    expect(staged.content).toBe('link');
    expect(staged.article.contentHtml).toBe('');
  });

  it('makes links absolute against the article and drops javascript: ones', () => {
    const staged = stagedItemFor(
      item({ url: 'https://news.example/a/story', contentHtml: '<p>Read <a href="../b">this</a> and <a href="javascript:alert(1)">that</a>.</p>' }),
      'item 1',
      { now: NOW },
    );
    expect(staged.article.contentHtml).toContain('href="https://news.example/b"');
    expect(staged.article.contentHtml).not.toContain('javascript:');
  });

  it('an archived item without a saved time is archived at the import', () => {
    expect(stagedItemFor(item({ status: 'archived', savedAt: null }), 'item 1', { now: NOW })).toMatchObject({ archivedAt: NOW, savedAt: null });
  });
});
