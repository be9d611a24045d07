import { describe, expect, it } from 'vitest';
import { createReadAloud, primaryLanguage, voicesForLanguage } from '../../../utils/speech/controller';
import { segmentArticle } from '../../../utils/speech/segments';
import { FakeSynth, FakeUtterance, voice } from './fake-synth';

const ARTICLE = `
  <p>One a. One b.</p>
  <p>Two a. Two b. Two c.</p>
  <p>Three a.</p>`;

function setup(options: { lang?: string | null; synth?: FakeSynth; html?: string } = {}) {
  const root = document.createElement('div');
  root.innerHTML = options.html ?? ARTICLE;
  const synth = options.synth ?? new FakeSynth();
  const lang = options.lang === undefined ? 'en' : options.lang;
  let segmented = 0;
  const readAloud = createReadAloud({
    synth,
    createUtterance: (text) => new FakeUtterance(text),
    lang,
    paragraphs: () => {
      segmented++;
      return segmentArticle(root, lang);
    },
  });
  return { readAloud, synth, segmentedCount: () => segmented };
}

describe('createReadAloud', () => {
  it('segments lazily and speaks the first sentence on play, in the article language', () => {
    const { readAloud, synth, segmentedCount } = setup();
    expect(segmentedCount()).toBe(0);
    expect(readAloud.status.value).toBe('idle');
    expect(readAloud.current.value).toBeNull();
    readAloud.play();
    expect(segmentedCount()).toBe(1);
    expect(readAloud.status.value).toBe('playing');
    expect(synth.spoken.map((u) => u.text)).toEqual(['One a.']);
    expect(synth.spoken[0]!.lang).toBe('en');
    expect(readAloud.current.value?.text).toBe('One a.');
  });

  it('moves sentence by sentence on end, across paragraphs, and stops after the last', () => {
    const { readAloud, synth } = setup();
    readAloud.play();
    const heard = [synth.lastText];
    for (let i = 0; i < 5; i++) {
      synth.finish();
      heard.push(synth.lastText);
    }
    expect(heard).toEqual(['One a.', 'One b.', 'Two a.', 'Two b.', 'Two c.', 'Three a.']);
    expect(readAloud.position.value).toEqual({ paragraph: 2, sentence: 0 });
    synth.finish();
    expect(readAloud.status.value).toBe('idle');
    expect(readAloud.current.value).toBeNull();
    expect(synth.spoken).toHaveLength(6);
  });

  it('pauses (cancelling the engine, keeping the sentence) and resumes that sentence', () => {
    const { readAloud, synth } = setup();
    readAloud.play();
    synth.finish();
    readAloud.pause();
    expect(readAloud.status.value).toBe('paused');
    expect(synth.current).toBeNull();
    expect(readAloud.error.value).toBeNull(); // our own cancel's 'interrupted' is not an error
    expect(readAloud.current.value?.text).toBe('One b.');
    readAloud.resume();
    expect(readAloud.status.value).toBe('playing');
    expect(synth.lastText).toBe('One b.');
    readAloud.toggle();
    expect(readAloud.status.value).toBe('paused');
    readAloud.toggle();
    expect(readAloud.status.value).toBe('playing');
    expect(synth.spoken.map((u) => u.text)).toEqual(['One a.', 'One b.', 'One b.', 'One b.']);
  });

  it('ignores a late end event from an utterance it already cut off', () => {
    const { readAloud, synth } = setup();
    readAloud.play();
    const first = synth.current!;
    readAloud.next();
    first.onend?.(new Event('end'));
    expect(synth.lastText).toBe('Two a.');
    expect(synth.spoken).toHaveLength(2);
  });

  it('goes to the next and previous paragraph instantly while playing', () => {
    const { readAloud, synth } = setup();
    readAloud.play();
    readAloud.next();
    expect(synth.lastText).toBe('Two a.');
    synth.finish();
    expect(synth.lastText).toBe('Two b.');
    // Mid-paragraph, previous restarts the paragraph; at its start, it goes one back.
    readAloud.previous();
    expect(synth.lastText).toBe('Two a.');
    readAloud.previous();
    expect(synth.lastText).toBe('One a.');
    readAloud.previous();
    expect(synth.lastText).toBe('One a.');
    readAloud.next();
    readAloud.next();
    expect(synth.lastText).toBe('Three a.');
    readAloud.next();
    expect(readAloud.status.value).toBe('idle');
    expect(synth.current).toBeNull();
  });

  it('moves the paused position without speaking', () => {
    const { readAloud, synth } = setup();
    readAloud.next();
    expect(readAloud.status.value).toBe('paused');
    expect(readAloud.current.value?.text).toBe('Two a.');
    expect(synth.spoken).toHaveLength(0);
    readAloud.play();
    expect(synth.lastText).toBe('Two a.');
  });

  it('applies a new rate from the next utterance', () => {
    const { readAloud, synth } = setup();
    readAloud.play();
    readAloud.setRate(1.5);
    expect(synth.spoken[0]!.rate).toBe(1);
    expect(synth.spoken).toHaveLength(1);
    synth.finish();
    expect(synth.spoken[1]!.rate).toBe(1.5);
    readAloud.setRate(Number.NaN);
    readAloud.setRate(-1);
    expect(readAloud.rate.value).toBe(1.5);
  });

  it('offers only voices of the article language, default first, and follows voiceschanged', () => {
    const synth = new FakeSynth([]);
    const { readAloud } = setup({ synth, lang: 'en-GB' });
    expect(readAloud.voices.value).toEqual([]);
    synth.setVoices([
      voice('Zed', 'en-US'),
      voice('Anna', 'de-DE'),
      voice('Brit', 'en-GB'),
      voice('Amy', 'en_US', { localService: false }),
      voice('Main', 'en-US', { default: true }),
      voice('Arabic', 'ar'),
    ]);
    expect(readAloud.voices.value.map((v) => v.name)).toEqual(['Main', 'Brit', 'Zed', 'Amy']);
  });

  it('speaks with the chosen voice, restarting the current sentence with it', () => {
    const synth = new FakeSynth([voice('A', 'en-US'), voice('B', 'en-GB')]);
    const { readAloud } = setup({ synth });
    readAloud.play();
    readAloud.setVoice('uri:B');
    expect(synth.spoken).toHaveLength(2);
    expect(synth.spoken[1]!.text).toBe('One a.');
    expect(synth.spoken[1]!.voice?.name).toBe('B');
    // A voice that is not in the article's list falls back to the default.
    readAloud.setVoice('uri:missing');
    expect(synth.spoken[2]!.voice).toBeNull();
  });

  it('reports an engine failure and goes idle', () => {
    const { readAloud, synth } = setup();
    readAloud.play();
    synth.fail('synthesis-failed');
    expect(readAloud.status.value).toBe('idle');
    expect(readAloud.error.value).toEqual({ kind: 'engine', code: 'synthesis-failed' });
    readAloud.play();
    expect(readAloud.error.value).toBeNull();
  });

  it('says so when the article has nothing to read', () => {
    const { readAloud, synth } = setup({ html: '<pre>code only</pre>' });
    readAloud.play();
    expect(readAloud.status.value).toBe('idle');
    expect(readAloud.error.value).toEqual({ kind: 'empty' });
    expect(synth.spoken).toHaveLength(0);
  });

  it('stops speaking and detaches on dispose, and is inert afterwards', () => {
    const { readAloud, synth } = setup();
    expect(synth.listenerCount).toBe(1);
    readAloud.play();
    readAloud.dispose();
    expect(synth.current).toBeNull();
    expect(readAloud.status.value).toBe('idle');
    expect(synth.listenerCount).toBe(0);
    readAloud.play();
    readAloud.next();
    expect(synth.spoken).toHaveLength(1);
  });

  it('stop forgets the position', () => {
    const { readAloud, synth } = setup();
    readAloud.play();
    readAloud.next();
    readAloud.stop();
    expect(readAloud.status.value).toBe('idle');
    readAloud.play();
    expect(synth.lastText).toBe('One a.');
  });
});

describe('voice helpers', () => {
  it('primaryLanguage handles hyphens, underscores and case', () => {
    expect(primaryLanguage('en-GB')).toBe('en');
    expect(primaryLanguage('PT_br')).toBe('pt');
  });
  it('voicesForLanguage returns every voice when the language is unknown', () => {
    expect(voicesForLanguage([voice('a', 'en'), voice('b', 'fr')], null)).toHaveLength(2);
  });
});
