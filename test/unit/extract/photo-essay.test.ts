import { describe, expect, it } from 'vitest';
import { removeDuplicates } from '../../../utils/extract/clean/duplicates';
import { blockText, isPhotoEssay } from '../../../utils/extract/text';
import { page, prose } from './helpers';

const root = (html: string): Element => page(`<div id="r">${html}</div>`).getElementById('r')!;
const caption = (seed: string): string =>
  `${seed}: the fishermen unload the night's catch on the quay while buyers from the market hall walk the line of boats, counting crates and calling out prices across the water.`;
const figure = (seed: string, src = `${seed}.jpg`, text = caption(seed)): string => `<figure><img src="${src}"><figcaption>${text}</figcaption></figure>`;

describe('isPhotoEssay', () => {
  it('is true for figures whose long captions are most of the text', () => {
    const r = root(`<p>A short introduction. Two sentences.</p>${['a', 'b', 'c', 'd'].map((s) => figure(s)).join('')}`);
    expect(isPhotoEssay(r)).toBe(true);
    expect(blockText(r, { skipCaptions: !isPhotoEssay(r) }).split('\n')).toHaveLength(5);
  });
  it('is false for a news story with pictures: the captions stay out of the text', () => {
    const r = root(`<p>${prose('a')}</p>${figure('a')}<p>${prose('b')}</p>${figure('b')}<p>${prose('c')}</p>${figure('c')}<p>${prose('d')}</p>`);
    expect(isPhotoEssay(r)).toBe(false);
  });
  it('is false for a gallery of short captions or credits', () => {
    const r = root(['a', 'b', 'c', 'd', 'e'].map((s) => figure(s, `${s}.jpg`, `Photo: Agency ${s}`)).join(''));
    expect(isPhotoEssay(r)).toBe(false);
  });
  it('is false for fewer than three captioned pictures', () => {
    const r = root(`<p>Intro.</p>${figure('a')}${figure('b')}`);
    expect(isPhotoEssay(r)).toBe(false);
  });
});

describe('removeDuplicates and captioned pictures', () => {
  it('keeps a repeated picture that has a caption of its own', () => {
    const r = root(`${figure('a', 'same.jpg')}${figure('b', 'same.jpg')}`);
    removeDuplicates(r);
    expect(r.querySelectorAll('figure')).toHaveLength(2);
  });
  it('still removes a repeated picture with the same caption, or with none', () => {
    const r = root(`${figure('a', 'same.jpg')}${figure('a', 'same.jpg')}<figure><img src="same.jpg"></figure><img src="same.jpg">`);
    removeDuplicates(r);
    expect(r.querySelectorAll('img')).toHaveLength(1);
  });
});
