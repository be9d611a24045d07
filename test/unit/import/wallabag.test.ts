import { describe, expect, it } from 'vitest';
import { parseWallabagJson } from '../../../utils/import/wallabag';
import { fixtureText, refusal, report } from './helpers';

describe('wallabag JSON export', () => {
  const r = report(parseWallabagJson(fixtureText('wallabag-export.json')));

  it('reads entries with escaped slashes and unicode, as PHP writes them', () => {
    expect(r.format).toBe('wallabag-json');
    expect(r.items.map((i) => i.url)).toEqual([
      'https://blog.wikimedia.org/2016/02/10/anne-frank-diary-removal/',
      'https://tails.boum.org/news/version_2.0.1/index.en.html',
      'https://www.lefigaro.fr/societes/le-teletravail-s-installe-durablement-20230912',
    ]);
    expect(r.items[0]!.title).toBe('Wikimedia Foundation removes The Diary of Anne Frank due to copyright law requirements « Wikimedia blog');
  });

  it('maps is_archived / is_starred (booleans or 0/1), tags, dates with +0200 offsets and the body', () => {
    expect(r.items[0]).toMatchObject({
      status: 'archived',
      favourite: false,
      savedAt: Date.parse('2016-09-08T09:55:58Z'),
      publishedTime: '2016-02-10T18:00:00.000Z',
      byline: 'Jacob Rogers',
      lang: 'en',
      leadImageUrl: 'https://wikimediablog.files.wordpress.com/2016/02/annefrankschoolphoto.jpg',
      source: 'wallabag',
    });
    expect(r.items[0]!.contentHtml).toMatch(/^<p>Today, in an unfortunate example/);
    expect(r.items[1]).toMatchObject({ status: 'unread', favourite: true, tags: ['security', 'linux'] });
    expect(r.items[2]).toMatchObject({ status: 'unread', favourite: false, tags: ['français'], lang: 'fr_FR', leadImageUrl: null });
  });

  it('turns annotations into quoted highlights with their notes', () => {
    expect(r.items[1]!.highlights).toBe('> All users must upgrade as soon as possible.\n\nupgrade everything today');
    expect(r.items[0]!.highlights).toBeNull();
  });

  it('drops __proto__ and constructor keys without polluting any prototype', () => {
    const parsed = report(parseWallabagJson(fixtureText('hostile/wallabag-proto.json')));
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect((Object.prototype as { polluted?: unknown }).polluted).toBeUndefined();
    expect(parsed.items.map((i) => i.url)).toEqual(['https://example.com/proto', 'https://example.com/constructor', 'https://example.com/nested']);
    // "__proto__" as a tag's value is only text.
    expect(parsed.items[0]!.tags).toEqual(['__proto__', 'constructor']);
    expect(parsed.items[2]).toMatchObject({ tags: ['ok'], highlights: '> q\n\nt' });
    expect(parsed.warnings).toContainEqual(expect.stringMatching(/^5 JSON keys named __proto__, constructor or prototype were ignored/));
  });

  it('refuses truncated JSON and JSON that is not a list', () => {
    expect(refusal(parseWallabagJson(fixtureText('hostile/wallabag-truncated.json')))).toMatchObject({
      code: 'bad-json',
      message: expect.stringMatching(/cut short/),
    });
    expect(refusal(parseWallabagJson('{"entries": []}')).code).toBe('bad-shape');
  });

  it('skips an entry of the wrong shape or with a huge field, with its position', () => {
    const entries = [{ url: 'https://example.com/1' }, { url: 42 }, { url: 'https://example.com/3', title: 'x'.repeat(1024 * 1024 + 1) }, 'nope'];
    const parsed = report(parseWallabagJson(JSON.stringify(entries)));
    expect(parsed.items.map((i) => i.url)).toEqual(['https://example.com/1']);
    expect(parsed.skipped).toEqual([
      { row: 2, reason: expect.stringContaining('url') },
      { row: 3, reason: 'A field is longer than 1 MB.' },
      { row: 4, reason: 'It is not a wallabag entry.' },
    ]);
  });
});
