import { describe, expect, it } from 'vitest';
import { MAX_STEM_BYTES, UniqueNames, fileStem, truncateUtf8 } from '../../../utils/export/filenames';

const bytes = (s: string): number => new TextEncoder().encode(s).length;

describe('fileStem', () => {
  it('replaces characters Windows and Obsidian refuse', () => {
    expect(fileStem('a/b\\c:d*e?f"g<h>i|j#k^l[m]n')).toBe('a b c d e f g h i j k l m n');
  });
  it('drops controls, bidi overrides and trailing dots and spaces; no leading dot', () => {
    expect(fileStem('Invoice\u202Egpj.exe')).toBe('Invoicegpj.exe');
    expect(fileStem('tab\there\nnewline')).toBe('tab here newline');
    expect(fileStem('.hidden. . ')).toBe('hidden');
  });
  it('never returns a Windows device name', () => {
    for (const name of ['CON', 'con', 'Nul', 'COM1', 'lpt9', 'aux.tar']) expect(fileStem(name)).not.toMatch(/^(con|nul|com1|lpt9|aux)(\.|$)/i);
    expect(fileStem('CON')).toBe('CON_');
    expect(fileStem('aux.tar')).toBe('aux_.tar');
    expect(fileStem('Console')).toBe('Console');
  });
  it('keeps non-Latin titles readable', () => {
    expect(fileStem('بوتين يصل إلى بكين')).toBe('بوتين يصل إلى بكين');
    expect(fileStem('普京抵达北京：会见“亲爱的朋友”')).toBe('普京抵达北京：会见“亲爱的朋友”');
    expect(fileStem('Cafe\u0301')).toBe('Café'); // NFC
  });
  it('caps the length in UTF-8 bytes without splitting a character or a grapheme', () => {
    const cjk = fileStem('北'.repeat(200));
    expect(bytes(cjk)).toBeLessThanOrEqual(MAX_STEM_BYTES);
    expect(cjk).toBe('北'.repeat(40));
    const emoji = truncateUtf8('👍🏽'.repeat(10), 18);
    expect(emoji).toBe('👍🏽👍🏽');
  });
  it('names an empty title', () => {
    expect(fileStem('  ///  ')).toBe('Untitled');
    expect(fileStem('')).toBe('Untitled');
  });
});

describe('UniqueNames', () => {
  it('numbers collisions, compared case- and normalization-insensitively', () => {
    const names = new UniqueNames();
    expect(names.claim('Title', '.md')).toBe('Title.md');
    expect(names.claim('title', '.md')).toBe('title (2).md');
    expect(names.claim('Title (2)', '.md')).toBe('Title (2) (2).md');
    expect(names.claim('TITLE', '.md')).toBe('TITLE (3).md');
    expect(names.claim('Cafe\u0301', '.md')).toBe('Café.md');
    expect(names.claim('Café', '.md')).toBe('Café (2).md');
  });
  it('respects reserved names and stays fast with thousands of equal titles', () => {
    const names = new UniqueNames();
    names.reserve('index.html');
    expect(names.claim('index', '.html')).toBe('index (2).html');
    const seen = new Set<string>();
    const t = performance.now();
    for (let i = 0; i < 5000; i++) seen.add(names.claim('Untitled', '.md').toLowerCase());
    expect(seen.size).toBe(5000);
    expect(performance.now() - t).toBeLessThan(2000);
  });
  it('keeps a long title and its suffix under the cap', () => {
    const names = new UniqueNames();
    const long = 'x'.repeat(300);
    names.claim(long, '.md');
    expect(bytes(names.claim(long, '.md'))).toBeLessThanOrEqual(MAX_STEM_BYTES + 3);
  });
});
