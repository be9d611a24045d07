import { describe, expect, it } from 'vitest';
import { binaryBytes, pageWithTitle } from '../../../scripts/lib/pathological';
import { looksBinary } from '../../../utils/extract/binary';
import { NOT_ARTICLE_MESSAGE, extractArticle } from '../../../utils/extract/index';
import { parseHtml } from '../../../utils/extract/node';

/** Extracts `html` as the browser decodes it (UTF-8), in 'auto' or forced mode. */
function read(html: string, force = false) {
  const { document, close } = parseHtml(html, 'https://files.example/image.png');
  try {
    return extractArticle(document, { url: 'https://files.example/image.png', force });
  } finally {
    void close();
  }
}

describe('a binary file served as text/html', () => {
  it('is no article (its bytes decode to a long run of garbage that Readability would keep)', () => {
    const result = read(binaryBytes(200_000).toString('utf8'));
    expect(result).toMatchObject({ ok: false, reason: 'no-article', message: NOT_ARTICLE_MESSAGE });
  });

  it('is still shown on "Read anyway": the user asked for whatever is there', () => {
    expect(read(binaryBytes(20_000).toString('utf8'), true)).toMatchObject({ ok: true });
  });

  it('does not catch an article with a few stray replacement or control characters', () => {
    const html = pageWithTitle('h1', 'A story with a few broken bytes').replace('Paragraph 3 of', 'Paragraph 3 \ufffd\u0007\ufffd of');
    expect(read(html)).toMatchObject({ ok: true, article: { title: 'A story with a few broken bytes' } });
    expect(looksBinary('Caf\ufffd au lait, cr\ufffdme br\ufffdl\ufffde, and a long sentence of ordinary words around them.')).toBe(false);
    expect(looksBinary('')).toBe(false);
  });
});
