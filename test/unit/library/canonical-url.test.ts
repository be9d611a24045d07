import { describe, expect, it } from 'vitest';
import { canonicalArticleUrl } from '../../../utils/library/canonical-url';

describe('canonicalArticleUrl', () => {
  it('drops fragments and tracking parameters but keeps meaningful ones', () => {
    expect(canonicalArticleUrl('https://News.Example/a?id=3&utm_source=tw&fbclid=1#c')).toBe('https://news.example/a?id=3');
  });
  it('leaves a non-URL as it is', () => {
    expect(canonicalArticleUrl('nope')).toBe('nope');
  });
});
