import { describe, expect, it } from 'vitest';
import { MAX_TAG_LENGTH, mergeTags, normalizeTag, tagKey } from '../../../utils/library/tags';

describe('tags', () => {
  it.each([
    ['  News  ', 'News'],
    ['long   read', 'long read'],
    ['tab\tand\nline', 'tab and line'],
    ['no\u0000nul\u0007bell', 'nonulbell'],
    ['e\u0301te\u0301', 'été'],
    ['\u00a0spaced\u2003out\u00a0', 'spaced out'],
    ['Ünïcödé 日本語', 'Ünïcödé 日本語'],
  ])('cleans %j to %j', (raw, clean) => {
    expect(normalizeTag(raw)).toBe(clean);
  });

  it.each(['', '   ', '\u0000\u0001', '\n\t'])('refuses %j (nothing left)', (raw) => {
    expect(normalizeTag(raw)).toBeNull();
  });

  it('cuts a long tag to 64 characters without splitting a character', () => {
    expect(normalizeTag('x'.repeat(100))).toBe('x'.repeat(MAX_TAG_LENGTH));
    const emoji = '😀'.repeat(70);
    expect(Array.from(normalizeTag(emoji)!)).toHaveLength(MAX_TAG_LENGTH);
    // A cut that ends on a space does not leave it.
    expect(normalizeTag(`${'a'.repeat(63)} b`)).toBe('a'.repeat(63));
  });

  it('keys tags case-insensitively, the same in every locale', () => {
    expect(tagKey('News')).toBe(tagKey('NEWS'));
    expect(tagKey('Straße')).toBe('straße');
    expect(tagKey('İstanbul')).toBe(tagKey('i̇stanbul'));
    expect(tagKey('DIŞ')).toBe('diş');
    expect(tagKey('été')).toBe(tagKey('E\u0301TE\u0301'.normalize('NFC')));
  });

  it('merges two lists: one tag per key, the first spelling kept, sorted', () => {
    expect(mergeTags(['news', 'Zebra'], ['NEWS', 'apple', ' zebra '])).toEqual(['apple', 'news', 'Zebra']);
    expect(mergeTags([], [])).toEqual([]);
    expect(mergeTags(['  '], ['b', 'a', 'b'])).toEqual(['a', 'b']);
    expect(mergeTags(['Ärger', 'Apfel', 'zoo'], [])).toEqual(['Apfel', 'Ärger', 'zoo']);
  });
});
