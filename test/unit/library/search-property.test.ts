import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLibrarySearch, planQuery } from '../../../utils/library/search';
import { createTokenizer } from '../../../utils/library/search/tokenize';
import { source } from './search-support';

// Words from a four-letter alphabet collide, share prefixes and sit one edit apart often, so the
// prefix and typo rules are exercised on every run, not only on lucky draws.
const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), minLength: 1, maxLength: 6 });
const words = fc.array(word, { minLength: 0, maxLength: 8 }).map((ws) => ws.join(' '));
const doc = fc.record({ id: fc.constantFrom('d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6'), title: words, text: words });
const op = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), docs: fc.array(doc, { maxLength: 3 }) }),
  fc.record({ kind: fc.constant('remove' as const), ids: fc.array(fc.constantFrom('d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6'), { maxLength: 3 }) }),
  fc.record({ kind: fc.constant('replace' as const), doc }),
);

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

describe('library search (property)', () => {
  it('after any add/remove/replace sequence, a word finds exactly the articles that contain it (as the matching rules define)', () => {
    const tokenizer = createTokenizer();
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), word, (ops, extra) => {
        // Shards of three: several shards, and articles moving within them.
        const search = createLibrarySearch({ shardSize: 3 });
        const model = new Map<string, { title: string; text: string }>();
        for (const o of ops) {
          if (o.kind === 'add') {
            search.add(o.docs.map((d) => source(d.id, { title: d.title, text: d.text })));
            for (const d of o.docs) model.set(d.id, d);
          } else if (o.kind === 'remove') {
            search.remove(o.ids);
            for (const id of o.ids) model.delete(id);
          } else {
            search.replace(source(o.doc.id, { title: o.doc.title, text: o.doc.text }));
            model.set(o.doc.id, o.doc);
          }
        }
        const restored = createLibrarySearch({ shardSize: 3 });
        restored.fromJSON(JSON.parse(JSON.stringify(search.toJSON())));
        const queries = new Set([extra, ...[...model.values()].flatMap((d) => `${d.title} ${d.text}`.split(' ').filter(Boolean))]);
        for (const q of queries) {
          const [plan] = planQuery(q, tokenizer);
          const matches = (w: string, prefix: boolean): boolean => w === q || (prefix && w.startsWith(q)) || levenshtein(w, q) <= plan!.fuzzy;
          const expected = [...model]
            .filter(([, d]) => d.title.split(' ').some((w) => matches(w, plan!.prefix)) || d.text.split(' ').some((w) => matches(w, plan!.bodyPrefix)))
            .map(([id]) => id)
            .sort();
          expect(search.size).toBe(model.size);
          expect(
            search
              .search(q, { limit: 100 })
              .map((h) => h.id)
              .sort(),
            `query ${q}`,
          ).toEqual(expected);
          expect(
            restored
              .search(q, { limit: 100 })
              .map((h) => h.id)
              .sort(),
            `query ${q} after a snapshot`,
          ).toEqual(expected);
        }
      }),
      { numRuns: 150 },
    );
  });
});
