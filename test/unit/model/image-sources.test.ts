import { describe, expect, it } from 'vitest';
import { elementImageCandidates, imageCandidates, srcsetCandidates } from '../../../utils/model/image-sources';

describe('image sources', () => {
  it('reads srcset candidates with their widths or densities, keeping only web addresses', () => {
    expect(srcsetCandidates('https://a.example/s.jpg 400w, https://a.example/l.jpg 800w, data:image/png;base64,AAAA 2x, javascript:x 3x')).toEqual([
      { url: 'https://a.example/s.jpg', width: 400, density: null },
      { url: 'https://a.example/l.jpg', width: 800, density: null },
    ]);
    expect(srcsetCandidates('https://a.example/1.jpg, https://a.example/2.jpg 2x')).toEqual([
      { url: 'https://a.example/1.jpg', width: null, density: null },
      { url: 'https://a.example/2.jpg', width: null, density: 2 },
    ]);
    expect(srcsetCandidates(null)).toEqual([]);
  });

  it('orders an image’s candidates src first, then the srcset widest first, without repeats', () => {
    expect(imageCandidates('https://a.example/m.jpg', 'https://a.example/s.jpg 400w, https://a.example/m.jpg 600w, https://a.example/l.jpg 1200w')).toEqual([
      'https://a.example/m.jpg',
      'https://a.example/l.jpg',
      'https://a.example/s.jpg',
    ]);
    expect(imageCandidates('data:image/gif;base64,R0lGOD', null)).toEqual([]);
    expect(imageCandidates(null, 'https://a.example/1x.jpg 1x, https://a.example/2x.jpg 2x')).toEqual(['https://a.example/2x.jpg', 'https://a.example/1x.jpg']);
  });

  it('adds the sources of a <picture> after the image’s own', () => {
    const doc = document.implementation.createHTMLDocument('');
    doc.body.innerHTML =
      '<picture><source srcset="https://a.example/p.webp 800w" type="image/webp"><img src="https://a.example/p.jpg"></picture><img srcset="https://a.example/only.jpg 300w">';
    const [inPicture, bare] = Array.from(doc.querySelectorAll('img'));
    expect(elementImageCandidates(inPicture!)).toEqual(['https://a.example/p.jpg', 'https://a.example/p.webp']);
    expect(elementImageCandidates(bare!)).toEqual(['https://a.example/only.jpg']);
  });
});
