import { describe, expect, it } from 'vitest';
import { createTokenizer, fold } from '../../../utils/library/search/tokenize';

describe('search tokenizer', () => {
  const tk = createTokenizer();
  const bigrams = createTokenizer({ segmenter: false });

  it('folds case, diacritics, compatibility forms and ß', () => {
    expect(fold('Café')).toBe('cafe');
    expect(fold('NAÏVE')).toBe('naive');
    expect(fold('Straße')).toBe('strasse');
    expect(fold('STRASSE')).toBe('strasse');
    expect(fold('Łódź')).toBe('lodz');
    expect(fold('Øre')).toBe('ore');
    expect(fold('İstanbul')).toBe('istanbul');
    expect(fold('ﬁne')).toBe('fine');
    expect(fold('ｆｕｌｌ')).toBe('full');
    expect(fold('Ελληνικά')).toBe('ελληνικα');
  });

  it('keeps marks that are letters: kana voicing, Devanagari vowels; drops Arabic harakat and tatweel', () => {
    expect(fold('が')).toBe('が');
    expect(fold('ガ')).not.toBe(fold('カ'));
    expect(fold('हिन्दी')).toBe('हिन्दी');
    expect(fold('مُحَمَّد')).toBe('محمد');
    expect(fold('كتـــاب')).toBe('كتاب');
  });

  it('cuts words at anything but letters, digits and marks', () => {
    expect(tk.terms("L'été, c'est 2024 — e-mail!", 'query')).toEqual(['l', 'ete', 'c', 'est', '2024', 'e', 'mail']);
    expect(tk.terms('   ', 'query')).toEqual([]);
  });

  it('gives offsets into the original text, also where folding changes the length', () => {
    const text = 'Die Straße, ﬁne.';
    for (const t of tk.tokens(text, 'query')) expect(fold(text.slice(t.start, t.end))).toBe(t.term);
    expect(tk.tokens(text, 'query').map((t) => t.term)).toEqual(['die', 'strasse', 'fine']);
  });

  it('segments Chinese and Japanese into words with Intl.Segmenter', () => {
    expect(tk.segmenting).toBe(true);
    expect(tk.terms('我们在北京大学学习', 'query')).toEqual(['我们', '在', '北京', '大学', '学习']);
    expect(tk.terms('東京大学はTokyo', 'query')).toEqual(['東京', '大学', 'は', 'tokyo']);
  });

  it('indexes the suffixes of long CJK words, so a word inside another is found', () => {
    const terms = tk.terms('形態素解析', 'index');
    expect(terms).toContain('形態素');
    expect(terms).toContain('態素');
    expect(tk.terms('形態素解析', 'query')).not.toContain('態素');
  });

  it('falls back to overlapping bigrams without a segmenter', () => {
    expect(bigrams.segmenting).toBe(false);
    expect(bigrams.terms('北京大学', 'query')).toEqual(['北京', '京大', '大学']);
    expect(bigrams.terms('Tokyo東京は', 'query')).toEqual(['tokyo', '東京', '京は']);
    expect(bigrams.terms('猫', 'query')).toEqual(['猫']);
    // A character outside the BMP is one character, not two halves.
    expect(bigrams.terms('𠮷野家', 'query')).toEqual(['𠮷野', '野家']);
    expect(bigrams.id).not.toBe(tk.id);
  });

  it('scan stops when the visitor returns false', () => {
    const seen: string[] = [];
    tk.scan('one two three four', 'query', (term) => {
      seen.push(term);
      return term !== 'two';
    });
    expect(seen).toEqual(['one', 'two']);
  });
});
