import { describe, expect, it } from 'vitest';
import { resolveLazyImages } from '../../../utils/extract/prepare/lazy-images';
import { page } from './helpers';

describe('resolveLazyImages on what an IntersectionObserver loader leaves in the DOM', () => {
  it('replaces any inline stand-in (a blurred data:image/jpeg, not only a gif) by data-src', () => {
    const doc = page('<img src="data:image/jpeg;base64,/9j/4AAQ" data-src="/photo.jpg">');
    resolveLazyImages(doc);
    expect(doc.querySelector('img')!.getAttribute('src')).toBe('/photo.jpg');
  });
  it('replaces an inline srcset stand-in by data-srcset', () => {
    const doc = page('<img src="/a.jpg" srcset="data:image/webp;base64,UklG 1x" data-srcset="/a-2x.jpg 2x">');
    resolveLazyImages(doc);
    expect(doc.querySelector('img')!.getAttribute('srcset')).toBe('/a-2x.jpg 2x');
  });
  it('fills a <picture><source> whose srcset is a stand-in, and its placeholder <img>', () => {
    const doc = page('<picture><source srcset="data:image/gif;base64,R0lG" data-srcset="/p.webp 1x"><img src="data:image/gif;base64,R0lG"></picture>');
    resolveLazyImages(doc);
    expect(doc.querySelector('source')!.getAttribute('srcset')).toBe('/p.webp 1x');
    expect(doc.querySelector('img')!.getAttribute('src')).toBe('/p.webp');
  });
  it('keeps a loading=lazy image with its real src, and an inline image without a lazy attribute', () => {
    const doc = page('<img loading="lazy" src="/below-the-fold.jpg"><img src="data:image/png;base64,iVBOR" alt="chart">');
    resolveLazyImages(doc);
    const [below, inline] = Array.from(doc.querySelectorAll('img'));
    expect(below!.getAttribute('src')).toBe('/below-the-fold.jpg');
    expect(below!.getAttribute('loading')).toBe('lazy');
    expect(inline!.getAttribute('src')).toBe('data:image/png;base64,iVBOR');
  });
});
