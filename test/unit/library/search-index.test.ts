import { describe, expect, it } from 'vitest';
import { BODY_CHARS, SnapshotError, boundBody, createLibrarySearch, planQuery, type ShardSnapshot } from '../../../utils/library/search';
import { SNIPPET_CHARS } from '../../../utils/library/search/snippet';
import { createTokenizer } from '../../../utils/library/search/tokenize';
import { firstSnippet, snippetText, source } from './search-support';

const ids = (hits: ReadonlyArray<{ id: string }>): string[] => hits.map((h) => h.id);
/** At least `chars` characters of text whose words none of the deep-word tests look for. */
const filler = (chars: number): string => 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(Math.ceil(chars / 57));

function library() {
  const search = createLibrarySearch();
  search.add([
    source('guide', { title: 'A field guide to mushrooms', text: 'Foraging in autumn woods. Chanterelles grow under beech trees.' }),
    source('city', {
      title: 'Night trains of Europe',
      siteName: 'The Traveller',
      text: 'The sleeper from Vienna to Zürich leaves at nine. Mushrooms are served at breakfast.',
    }),
    source('code', {
      title: 'Parsing with combinators',
      byline: 'Ada Lovelace',
      tags: ['programming', 'haskell'],
      text: 'A parser is a function from a string to a result and the rest of the input.',
    }),
    source('café', { title: 'Le café de Flore', text: 'Une institution de Saint-Germain-des-Prés, où l’on boit un café crème.' }),
    source('strasse', { title: 'Die Hauptstraße', text: 'Die Straße führt durch das Dorf.' }),
  ]);
  return search;
}

describe('library search index', () => {
  it('finds words in every field: title, site, byline, tags and body', () => {
    const search = library();
    expect(ids(search.search('mushrooms'))).toEqual(['guide', 'city']);
    expect(ids(search.search('traveller'))).toEqual(['city']);
    expect(ids(search.search('lovelace'))).toEqual(['code']);
    expect(ids(search.search('haskell'))).toEqual(['code']);
    expect(ids(search.search('beech'))).toEqual(['guide']);
  });

  it('matches the word being typed as a prefix', () => {
    const search = library();
    expect(ids(search.search('mush'))).toEqual(['guide', 'city']);
    expect(ids(search.search('chanter'))).toEqual(['guide']);
    // Two letters: prefix of a title word…
    expect(ids(search.search('pa'))).toEqual(['code']);
    // …but a word the query has finished (a space after it) is matched whole.
    expect(search.search('chanter ')).toEqual([]);
  });

  it('tolerates a typo in words of four letters or more', () => {
    const search = library();
    expect(ids(search.search('mushroms'))).toEqual(['guide', 'city']);
    expect(ids(search.search('combinatros '))).toEqual(['code']);
    expect(ids(search.search('vienne'))).toEqual(['city']);
    // Short words need their letters: "tree" is not "three", "cafe" not "cake".
    expect(search.search('trex ')).toEqual([]);
  });

  it('folds diacritics, case and ß in queries and documents alike', () => {
    const search = library();
    expect(ids(search.search('CAFE'))).toEqual(['café']);
    expect(ids(search.search('creme'))).toEqual(['café']);
    expect(ids(search.search('zurich'))).toEqual(['city']);
    expect(ids(search.search('strasse'))).toEqual(['strasse']);
    expect(ids(search.search('Straße'))).toEqual(['strasse']);
    expect(ids(search.search('pres'))).toEqual(['café']);
  });

  it('needs every word of the query (AND)', () => {
    const search = library();
    expect(ids(search.search('mushrooms breakfast'))).toEqual(['city']);
    expect(search.search('mushrooms haskell')).toEqual([]);
  });

  it('ranks a title hit above a body hit', () => {
    const search = createLibrarySearch();
    search.add([
      source('body', { title: 'Weekly notes', text: 'Among other things, we talk about volcanoes for a while and then about the weather.' }),
      source('title', { title: 'Volcanoes of Iceland', text: 'A trip along the south coast: glaciers, black beaches and waterfalls.' }),
      source('tag', { title: 'Holiday pictures', tags: ['volcanoes'], text: 'Some pictures from the summer.' }),
    ]);
    const hits = search.search('volcanoes');
    expect(ids(hits)).toEqual(['title', 'tag', 'body']);
    expect(hits[0]!.score).toBeGreaterThan(hits[2]!.score);
  });

  it('finds a Chinese and a Japanese word inside a body', () => {
    const search = createLibrarySearch();
    const docs = [
      source('zh', { title: '旅行日记', text: '去年夏天我们在北京大学附近住了一个月，每天早上去图书馆学习自然语言处理。' }),
      source('ja', { title: '日本の旅', text: '東京都に住んでいる友達と一緒に、京都の古いお寺を見に行きました。形態素解析の本も買いました。' }),
      source('en', { title: 'Travel diary', text: 'We lived near the university for a month.' }),
    ];
    search.add(docs);
    expect(ids(search.search('图书馆'))).toEqual(['zh']);
    expect(ids(search.search('自然语言'))).toEqual(['zh']);
    // A word inside a longer one (北京大学 → 大学) and one being typed (图书 → 图书馆).
    expect(ids(search.search('大学'))).toEqual(['zh']);
    expect(ids(search.search('图书'))).toEqual(['zh']);
    expect(ids(search.search('お寺'))).toEqual(['ja']);
    expect(ids(search.search('京都'))).toEqual(['ja']);
    expect(ids(search.search('解析'))).toEqual(['ja']);
    const snippet = snippetText(firstSnippet(search, docs, '图书馆'));
    expect(snippet.marked).toEqual(['图书馆']);
  });

  it('finds CJK words with the bigram fallback too', () => {
    const search = createLibrarySearch({ tokenizer: createTokenizer({ segmenter: false }) });
    const docs = [
      source('zh', { text: '去年夏天我们在北京大学附近住了一个月，每天早上去图书馆学习。' }),
      source('ja', { text: '京都の古いお寺を見に行きました。' }),
    ];
    search.add(docs);
    expect(ids(search.search('图书馆'))).toEqual(['zh']);
    expect(ids(search.search('大学'))).toEqual(['zh']);
    expect(ids(search.search('お寺'))).toEqual(['ja']);
    expect(snippetText(firstSnippet(search, docs, 'お寺')).marked.join('')).toBe('お寺');
  });

  it('gives a snippet of the matching passage with the match marked, bounded, cut between words', () => {
    const filler = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(12);
    const search = createLibrarySearch();
    const docs = [source('long', { title: 'Notes', text: `${filler}The aurora borealis lit the fjord.\n\nThen ${filler}` })];
    search.add(docs);
    const snippet = firstSnippet(search, docs, 'aurora');
    const { text, marked } = snippetText(snippet);
    expect(marked).toEqual(['aurora']);
    expect(text).toContain('The aurora borealis lit the fjord.');
    expect(text.length).toBeLessThanOrEqual(SNIPPET_CHARS + 2);
    expect(text.startsWith('…')).toBe(true);
    expect(text.endsWith('…')).toBe(true);
    // Cut between words: after the ellipsis a whole word, before the closing one a whole word.
    const words = new Set(filler.split(/[\s,.]+/).concat('The aurora borealis lit the fjord Then'.split(' ')));
    const inner = text
      .slice(1, -1)
      .split(/[\s,.]+/)
      .filter(Boolean);
    expect(words.has(inner[0]!)).toBe(true);
    expect(words.has(inner.at(-1)!)).toBe(true);
    // Plain text parts only: no markup is produced, the UI renders the parts as text.
    for (const p of snippet) expect(Object.keys(p).sort()).toEqual(['match', 'text']);
    expect(text).not.toContain('\n');
  });

  it('marks the folded word as written, and prefers the passage with every query word', () => {
    const search = createLibrarySearch();
    const docs = [
      source('a', {
        text: 'Le café est froid. ' + 'Rien à signaler ici, vraiment rien du tout. '.repeat(8) + 'Un café crème au comptoir, enfin.',
      }),
    ];
    search.add(docs);
    const { text, marked } = snippetText(firstSnippet(search, docs, 'cafe creme'));
    expect(marked).toEqual(['café', 'crème']);
    expect(text).toContain('Un café crème au comptoir');
  });

  it('snippet of an article matched by its title only is its opening, unmarked', () => {
    const search = createLibrarySearch();
    const docs = [source('t', { title: 'Glaciers', excerpt: 'How ice shapes valleys.', text: 'How ice shapes valleys. It takes a long time.' })];
    search.add(docs);
    expect(firstSnippet(search, docs, 'glaciers')).toEqual([{ text: 'How ice shapes valleys.', match: false }]);
  });

  it('does not return HTML: markup in the text is text', () => {
    const search = createLibrarySearch();
    const docs = [source('x', { text: 'Use <script>alert(1)</script> with care' })];
    search.add(docs);
    const parts = firstSnippet(search, docs, 'alert');
    expect(parts.find((p) => p.match)!.text).toBe('alert');
    expect(snippetText(parts).text).toContain('<script>');
  });

  it('returns every result unless limited (the count shown is the true count)', () => {
    const search = createLibrarySearch();
    search.add(Array.from({ length: 2_500 }, (_, i) => source(`d${i}`, { text: `common word number ${i}` })));
    expect(search.search('common')).toHaveLength(2_500);
    expect(search.search('common', { limit: 5 })).toHaveLength(5);
    expect(search.search('common', { limit: 100 })).toHaveLength(100);
    expect(search.search('', { limit: 5 })).toEqual([]);
    expect(search.search(' ,;')).toEqual([]);
  });

  it('remove drops articles; replace indexes the new version only', () => {
    const search = library();
    search.remove(['guide', 'unknown']);
    expect(ids(search.search('mushrooms'))).toEqual(['city']);
    expect(search.has('guide')).toBe(false);
    search.replace(source('city', { updatedAt: 2, title: 'Night trains of Europe', text: 'Now without any fungi.' }));
    expect(search.search('mushrooms')).toEqual([]);
    expect(ids(search.search('fungi'))).toEqual(['city']);
    expect(search.stamps().find((s) => s.id === 'city')!.updatedAt).toBe(2);
    // replace adds an article it does not have.
    search.replace(source('new', { text: 'Mushrooms again.' }));
    expect(ids(search.search('mushrooms'))).toEqual(['new']);
    expect(search.size).toBe(5);
  });

  it('indexes the first BODY_CHARS characters of a body in MiniSearch, cut between words', () => {
    const text = 'word '.repeat(BODY_CHARS / 5) + 'beyond the bound';
    expect(boundBody(text).length).toBeLessThanOrEqual(BODY_CHARS);
    expect(boundBody(text).endsWith('word')).toBe(true);
  });

  it('finds a word that occurs only past BODY_CHARS: as typed, as a prefix from BODY_PREFIX_MIN letters, folded', () => {
    const docs = [
      source('long', { title: 'Long', text: `${filler(BODY_CHARS)} Then the Über-glacier calved. ${filler(2_000)} 北京大学的图书馆很大。` }),
      source('other', { title: 'Other', text: filler(BODY_CHARS * 2) }),
    ];
    const search = createLibrarySearch();
    search.add(docs);
    expect(ids(search.search('glacier'))).toEqual(['long']);
    expect(ids(search.search('ÜBER'))).toEqual(['long']);
    expect(ids(search.search('uber glac'))).toEqual(['long']);
    expect(ids(search.search('calv'))).toEqual(['long']); // BODY_PREFIX_MIN letters: a prefix
    expect(search.search('cal')).toEqual([]); // shorter: whole words only, as in the indexed body
    expect(search.search('calv ')).toEqual([]); // a finished word is whole
    expect(ids(search.search('图书馆'))).toEqual(['long']);
    // No typo tolerance past the bound: "glacoer" is one edit from "glacier".
    expect(search.search('glacoer')).toEqual([]);
  });

  it('needs every word, wherever each one is: title, indexed body or past the bound', () => {
    const search = createLibrarySearch();
    search.add([
      source('a', { title: 'Volcanoes', text: `${filler(BODY_CHARS)} the caldera collapsed` }),
      source('b', { title: 'Caldera', text: `${filler(BODY_CHARS)} nothing else` }),
      source('c', { title: 'Notes', text: `About volcanoes. ${filler(BODY_CHARS)} a caldera, at last` }),
    ]);
    expect(ids(search.search('volcanoes caldera')).sort()).toEqual(['a', 'c']);
    expect(ids(search.search('caldera collapsed'))).toEqual(['a']);
    expect(search.search('volcanoes collapsed nothing')).toEqual([]);
  });

  it('ranks a title hit above a hit in the indexed body above a hit past the bound', () => {
    const search = createLibrarySearch();
    search.add([
      source('deep', { title: 'Weekly notes', text: `${filler(BODY_CHARS)} and then volcanoes, briefly.` }),
      source('head', { title: 'More notes', text: `We talk about volcanoes. ${filler(BODY_CHARS)}` }),
      source('title', { title: 'Volcanoes of Iceland', text: filler(BODY_CHARS * 2) }),
    ]);
    const hits = search.search('volcanoes');
    expect(ids(hits)).toEqual(['title', 'head', 'deep']);
    expect(hits[1]!.score).toBeGreaterThan(hits[2]!.score);
  });

  it('snippet of a hit past the bound is the passage with the word marked', () => {
    const docs = [source('long', { title: 'Long', text: `${filler(BODY_CHARS)} At dawn the narwhal surfaced by the boat. ${filler(500)}` })];
    const search = createLibrarySearch();
    search.add(docs);
    for (const q of ['narwhal', 'narw']) {
      const { text, marked } = snippetText(firstSnippet(search, docs, q));
      expect(marked).toEqual(['narwhal']);
      expect(text).toContain('At dawn the narwhal surfaced');
      expect(text.length).toBeLessThanOrEqual(SNIPPET_CHARS + 2);
    }
  });

  it('drops the words past the bound of a removed or replaced article', () => {
    const search = createLibrarySearch();
    search.add([source('x', { text: `${filler(BODY_CHARS)} quokka` }), source('y', { text: `${filler(BODY_CHARS)} quokka` })]);
    expect(ids(search.search('quokka')).sort()).toEqual(['x', 'y']);
    search.remove(['x']);
    expect(ids(search.search('quokka'))).toEqual(['y']);
    search.replace(source('y', { updatedAt: 2, text: `${filler(BODY_CHARS)} wombat` }));
    expect(search.search('quokka')).toEqual([]);
    expect(ids(search.search('wombat'))).toEqual(['y']);
  });

  it('round-trips through a snapshot', () => {
    const search = library();
    const json = JSON.parse(JSON.stringify(search.toJSON())) as unknown;
    const again = createLibrarySearch();
    expect(again.fromJSON(json)).toEqual({ shards: 1, rejected: [] });
    expect(again.size).toBe(search.size);
    expect(again.stamps()).toEqual(search.stamps());
    for (const q of ['mush', 'CAFE', 'lovelace', 'mushrooms breakfast', 'mushroms']) expect(again.search(q)).toEqual(search.search(q));
  });

  it('round-trips the words past the bound, removed articles left out', async () => {
    const search = createLibrarySearch({ shardSize: 3 });
    search.add(Array.from({ length: 7 }, (_, i) => source(`d${i}`, { text: `${filler(BODY_CHARS)} shared deep${i}` })));
    search.remove(['d1', 'd4']);
    const snap = JSON.parse(JSON.stringify(search.toJSON())) as ReturnType<typeof search.toJSON>;
    const again = createLibrarySearch({ shardSize: 3 });
    again.checkHeader(snap);
    for (const shard of snap.shards) expect(await again.loadShard(shard)).toBe(true);
    expect(ids(again.search('shared')).sort()).toEqual(['d0', 'd2', 'd3', 'd5', 'd6']);
    for (let i = 0; i < 7; i++) expect(ids(again.search(`deep${i}`))).toEqual(i === 1 || i === 4 ? [] : [`d${i}`]);
    expect(again.search('deep')).toEqual(search.search('deep'));
  });

  it('round-trips several shards, and keeps filling the last one', async () => {
    const search = createLibrarySearch({ shardSize: 2 });
    search.add(Array.from({ length: 5 }, (_, i) => source(`d${i}`, { text: `shared token${i}` })));
    const snap = search.toJSON();
    expect(snap.shards.map((s) => s.docs.length)).toEqual([2, 2, 1]);
    const again = createLibrarySearch({ shardSize: 2 });
    again.checkHeader(snap);
    for (const shard of snap.shards) expect(await again.loadShard(JSON.parse(JSON.stringify(shard)))).toBe(true);
    expect(ids(again.search('shared', { limit: 10 })).sort()).toEqual(['d0', 'd1', 'd2', 'd3', 'd4']);
    again.takeChanges();
    again.add([source('d5', { text: 'token5' })]);
    expect(again.takeChanges().shards.map((s) => s.shard)).toEqual([2]);
  });

  it('rejects a snapshot of another format, tokenizer or body bound', () => {
    const snap = library().toJSON();
    const again = createLibrarySearch();
    expect(() => again.fromJSON({ ...snap, format: 99 })).toThrow(SnapshotError);
    expect(() => again.fromJSON({ ...snap, tokenizer: 'other' })).toThrow(SnapshotError);
    expect(() => again.fromJSON({ ...snap, bodyChars: 10 })).toThrow(SnapshotError);
    expect(() => again.fromJSON('{"format":')).toThrow(SnapshotError);
    expect(() => again.fromJSON(null)).toThrow(SnapshotError);
    expect(() => createLibrarySearch({ tokenizer: createTokenizer({ segmenter: false }) }).fromJSON(snap)).toThrow(SnapshotError);
  });

  it('rejects damaged shards, and reconcile then rebuilds what they held', () => {
    const search = createLibrarySearch({ shardSize: 2 });
    const all = Array.from({ length: 5 }, (_, i) => source(`d${i}`, { updatedAt: 10 + i, text: `shared token${i}` }));
    search.add(all);
    const snap = search.toJSON();
    const damaged = {
      ...snap,
      shards: [
        { ...snap.shards[0]!, index: snap.shards[0]!.index.slice(0, 100) }, // truncated JSON
        { ...snap.shards[1]!, docs: snap.shards[1]!.docs.slice(1) }, // list and index disagree
        snap.shards[2]!,
      ],
    };
    const again = createLibrarySearch({ shardSize: 2 });
    expect(again.fromJSON(damaged)).toEqual({ shards: 1, rejected: [0, 1] });
    expect(again.takeChanges().deleted.sort()).toEqual([0, 1]);
    const plan = again.reconcile(all.map(({ id, updatedAt }) => ({ id, updatedAt })));
    expect(plan).toEqual({ add: ['d0', 'd1', 'd2', 'd3'], drop: [] });
    again.add(all.filter((s) => plan.add.includes(s.id)));
    expect(ids(again.search('shared', { limit: 10 })).sort()).toEqual(['d0', 'd1', 'd2', 'd3', 'd4']);
  });

  it('rejects a shard whose words past the bound are damaged, and rebuilds it', () => {
    const search = createLibrarySearch({ shardSize: 2 });
    const all = Array.from({ length: 6 }, (_, i) => source(`d${i}`, { updatedAt: 10 + i, text: `${filler(BODY_CHARS)} narwhal${i}` }));
    search.add(all);
    const snap = search.toJSON();
    const [s0, s1, s2] = snap.shards as [ShardSnapshot, ShardSnapshot, ShardSnapshot];
    const damaged = {
      ...snap,
      shards: [
        { ...s0, deep: { ...s0.deep, postings: s0.deep.postings.slice(1) } }, // lists and counts disagree
        { ...s1, deep: { ...s1.deep, postings: String.fromCharCode(9).repeat(s1.deep.postings.length) } }, // a slot past the documents
        { ...s2, deep: { ...s2.deep, terms: s2.deep.terms.split('\n').reverse().join('\n') } }, // not sorted
      ],
    };
    const again = createLibrarySearch({ shardSize: 2 });
    expect(again.fromJSON(damaged)).toEqual({ shards: 0, rejected: [0, 1, 2] });
    expect(again.fromJSON({ ...snap, shards: [{ ...s0, deep: undefined }, s1, s2] })).toEqual({ shards: 2, rejected: [0] });
    const plan = again.reconcile(all.map(({ id, updatedAt }) => ({ id, updatedAt })));
    expect(plan).toEqual({ add: ['d0', 'd1'], drop: [] });
    again.add(all.filter((s) => plan.add.includes(s.id)));
    for (let i = 0; i < 6; i++) expect(ids(again.search(`narwhal${i}`))).toEqual([`d${i}`]);
  });

  it('reconcile lists new and changed articles to add and gone ones to drop', () => {
    const search = createLibrarySearch();
    search.add([source('same', { updatedAt: 1 }), source('changed', { updatedAt: 1 }), source('gone', { updatedAt: 1 })]);
    expect(
      search.reconcile([
        { id: 'same', updatedAt: 1 },
        { id: 'changed', updatedAt: 2 },
        { id: 'new', updatedAt: 1 },
      ]),
    ).toEqual({ add: ['changed', 'new'], drop: ['gone'] });
  });

  it('plans prefix and typo matching per word', () => {
    const tk = createTokenizer();
    expect(planQuery('mush', tk)).toEqual([{ term: 'mush', prefix: true, bodyPrefix: true, fuzzy: 1 }]);
    expect(planQuery('mu', tk)).toEqual([{ term: 'mu', prefix: true, bodyPrefix: false, fuzzy: 0 }]);
    expect(planQuery('m', tk)).toEqual([{ term: 'm', prefix: false, bodyPrefix: false, fuzzy: 0 }]);
    expect(planQuery('mushrooms ', tk)).toEqual([{ term: 'mushrooms', prefix: false, bodyPrefix: false, fuzzy: 2 }]);
    expect(planQuery('night tra', tk).map((p) => p.prefix)).toEqual([false, true]);
    expect(planQuery('图', tk)).toEqual([{ term: '图', prefix: true, bodyPrefix: true, fuzzy: 0 }]);
  });
});
