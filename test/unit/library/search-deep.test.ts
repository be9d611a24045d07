import { describe, expect, it } from 'vitest';
import { createDeepIndex, deepTerms, loadDeepIndex, type DeepMatch } from '../../../utils/library/search/deep';

const keys = (m: DeepMatch): string[] => {
  const out: string[] = [];
  m.forEach((id) => out.push(id));
  return out.sort();
};
const termsOf = (i: number, n: number): Set<string> => new Set(Array.from({ length: n }, (_, k) => `t${(i * 7 + k) % 3_000}`).concat(`own${i}`));

describe('deep index (terms past the body bound)', () => {
  it('matches a term as typed or as a prefix, weighing the longer words less', () => {
    const deep = createDeepIndex();
    deep.add('a', new Set(['glacier', 'glaciers']));
    deep.add('b', new Set(['glacial']));
    deep.add('c', new Set(['moraine']));
    expect(keys(deep.match('glacier', false, 3))).toEqual(['a']);
    expect(keys(deep.match('glac', true, 3))).toEqual(['a', 'b']);
    expect(keys(deep.match('glac', false, 3))).toEqual([]);
    const exact = deep.match('glacier', true, 3).weightOf('a')!;
    expect(exact).toBeGreaterThan(deep.match('glacia', true, 3).weightOf('b') ?? 0);
    expect(deep.match('glacier', true, 3).weightOf('a')).toBeGreaterThan(0);
  });

  it('keeps every article through compactions (many added, some removed and replaced), in memory and through its snapshot', () => {
    const deep = createDeepIndex();
    // 200 articles of 600 terms: 120,000 postings, several compactions on the way.
    for (let i = 0; i < 200; i++) deep.add(`d${i}`, termsOf(i, 600));
    for (let i = 0; i < 200; i += 3) deep.remove(`d${i}`);
    deep.add('d1', new Set(['replaced']));
    const expectWhole = (index: NonNullable<ReturnType<typeof loadDeepIndex>>): void => {
      expect(index.size).toBe(200 - 67);
      for (let i = 0; i < 200; i++) {
        const want = i % 3 === 0 || i === 1 ? [] : [`d${i}`];
        expect(keys(index.match(`own${i}`, false, 200))).toEqual(want);
      }
      expect(keys(index.match('replaced', false, 200))).toEqual(['d1']);
      const t5 = keys(index.match('t5', false, 200));
      const wanted = Array.from({ length: 200 }, (_, i) => i)
        .filter((i) => i % 3 !== 0 && i !== 1 && termsOf(i, 600).has('t5'))
        .map((i) => `d${i}`)
        .sort();
      expect(t5).toEqual(wanted);
    };
    expectWhole(deep as NonNullable<ReturnType<typeof loadDeepIndex>>);
    const snap = JSON.parse(JSON.stringify(deep.toJSON())) as ReturnType<typeof deep.toJSON>;
    const again = loadDeepIndex(snap, deep.ids());
    expect(again).not.toBeNull();
    expectWhole(again!);
  });

  it('refuses a snapshot that does not fit its articles', () => {
    const deep = createDeepIndex();
    deep.add('a', new Set(['x', 'y']));
    deep.add('b', new Set(['y']));
    const snap = deep.toJSON();
    expect(loadDeepIndex(snap, ['a', 'b'])).not.toBeNull();
    expect(loadDeepIndex(snap, ['a'])).toBeNull(); // slot 1 names no article
    expect(loadDeepIndex({ ...snap, counts: snap.counts.slice(1) }, ['a', 'b'])).toBeNull();
    expect(loadDeepIndex({ ...snap, terms: 'y\nx' }, ['a', 'b'])).toBeNull();
  });

  it('adds only the terms the indexed part does not hold, each once', () => {
    expect([...deepTerms(['a', 'b'], ['b', 'c', 'c', 'd'])]).toEqual(['c', 'd']);
  });
});
