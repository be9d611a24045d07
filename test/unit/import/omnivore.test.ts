import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseOmnivoreJson, parseOmnivoreZip } from '../../../utils/import/omnivore';
import { fixtureBytes, fixtureText, refusal, report } from './helpers';

describe('Omnivore export zip', () => {
  const r = report(parseOmnivoreZip(fixtureBytes('omnivore-export.zip')));

  it('reads every metadata entry, through data descriptors as Omnivore wrote them', () => {
    expect(r.format).toBe('omnivore-zip');
    expect(r.items.map((i) => i.url)).toEqual([
      'https://nothinghuman.substack.com/p/the-tyranny-of-the-marginal-user',
      'https://www.lemonde.fr/economie/article/2024/10/29/breitling-etend-son-reseau_6365425_3234.html',
      'http://paulgraham.com/greatwork.html',
      'https://www.basketeurope.com/les-serbes-apres-leur-medaille-de-bronze/',
    ]);
    expect(r.skipped).toEqual([]);
    expect(r.items.every((i) => i.source === 'omnivore')).toBe(true);
  });

  it('keeps labels as tags, the archived state, progress as a fraction, and the metadata', () => {
    expect(r.items[0]).toMatchObject({
      title: 'The Tyranny of the Marginal User',
      tags: ['software', 'Newsletter'],
      status: 'unread',
      readingProgress: 0.475,
      savedAt: Date.parse('2023-10-29T16:30:11.000Z'),
      excerpt: 'Why software gets worse over time, even as it gains users.',
      byline: 'Ivan Vendrov',
      leadImageUrl: 'https://substackcdn.com/image/fetch/w_1200,h_600,c_fill/marginal-user.jpg',
      publishedTime: '2023-10-25T08:00:00.000Z',
    });
    expect(r.items[1]).toMatchObject({ status: 'archived', readingProgress: 1, tags: ['RSS'] });
    expect(r.items[2]).toMatchObject({ readingProgress: 0, excerpt: null, byline: null, leadImageUrl: null, publishedTime: null, tags: [] });
  });

  it('takes content/<slug>.html as the body, as written (the writer sanitizes it)', () => {
    expect(r.items[0]!.contentHtml).toContain('the product is optimised for the user who is about to leave');
    // Untrusted and untouched here: sanitizing is the writer's step, before anything stores it.
    expect(r.items[0]!.contentHtml).toContain('<script>');
    expect(r.items[2]!.contentHtml).toContain('If you collected lists of techniques');
    // CONTENT_NOT_FETCHED: no body in the export, so the item is a link.
    expect(r.items[3]!.contentHtml).toBeNull();
  });

  it('takes highlights/<slug>.md as the highlights', () => {
    expect(r.items[0]!.highlights).toMatch(/^> The answer, I think, is the marginal user[\s\S]*#insight[\s\S]*bloated and slow\.$/);
    expect(r.items[1]!.highlights).toBeNull();
  });

  it('orders metadata files by their first cursor and skips deleted and malformed entries', () => {
    const entry = (n: number, extra: object = {}) => ({
      id: `${n}`,
      slug: `s${n}`,
      title: `T${n}`,
      url: `https://example.com/${n}`,
      state: 'SUCCEEDED',
      labels: [],
      ...extra,
    });
    const zip = zipSync({
      'metadata_20_to_22.json': strToU8(JSON.stringify([entry(21), entry(22, { state: 'DELETED' })])),
      'metadata_0_to_20.json': strToU8(
        JSON.stringify([entry(1), entry(2, { url: 'javascript:alert(1)' }), entry(3, { labels: 'oops' }), entry(4, { readingProgress: 250 })]),
      ),
      'content/s21.html': strToU8('<p>twenty-one</p>'),
    });
    const parsed = report(parseOmnivoreZip(zip));
    expect(parsed.items.map((i) => i.title)).toEqual(['T1', 'T4', 'T21']);
    expect(parsed.items[1]!.readingProgress).toBe(1);
    expect(parsed.items[2]!.contentHtml).toBe('<p>twenty-one</p>');
    expect(parsed.skipped).toEqual([
      { row: 'metadata_0_to_20.json item 2', reason: expect.stringContaining('javascript:') },
      { row: 'metadata_0_to_20.json item 3', reason: expect.stringContaining('labels') },
      { row: 'metadata_20_to_22.json item 2', reason: 'It was deleted in Omnivore.' },
    ]);
  });

  it('refuses a metadata file that is not JSON, or not a list', () => {
    const broken = zipSync({ 'metadata_0_to_1.json': strToU8('[{"url": "https://example.com",') });
    expect(refusal(parseOmnivoreZip(broken))).toMatchObject({ code: 'bad-json', message: expect.stringContaining('metadata_0_to_1.json') });
    const object = zipSync({ 'metadata_0_to_1.json': strToU8('{"url": "https://example.com"}') });
    expect(refusal(parseOmnivoreZip(object)).code).toBe('bad-shape');
  });

  it('imports a body larger than the cap as a link, and says so', () => {
    // Random letters deflate like prose does (a run of one letter would trip the zip-bomb ratio).
    const letters = new Uint8Array(5 * 1024 * 1024 + 10);
    for (let at = 0; at < letters.length; at += 65536) crypto.getRandomValues(letters.subarray(at, at + 65536));
    const huge = `<p>${new TextDecoder().decode(letters.map((b) => 97 + (b % 26)))}</p>`;
    const zip = zipSync({
      'metadata_0_to_1.json': strToU8(JSON.stringify([{ slug: 'big', url: 'https://example.com/big', state: 'SUCCEEDED' }])),
      'content/big.html': strToU8(huge),
    });
    const parsed = report(parseOmnivoreZip(zip));
    expect(parsed.items[0]!.contentHtml).toBeNull();
    expect(parsed.warnings).toContainEqual(expect.stringContaining('larger than 5 MB'));
  });
});

describe('Omnivore metadata JSON on its own', () => {
  it('reads the entries without bodies', () => {
    const r = report(parseOmnivoreJson(fixtureText('omnivore-export/metadata_0_to_4.json')));
    expect(r.format).toBe('omnivore-json');
    expect(r.items).toHaveLength(4);
    expect(r.items.every((i) => i.contentHtml === null)).toBe(true);
  });
});
