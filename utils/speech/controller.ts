/**
 * Read-aloud playback: speaks an article sentence by sentence through the Web Speech API, with
 * its state in signals so any view can show it.
 *
 * Why `speechSynthesis` and not `chrome.tts`: it exists in extension pages in Chrome and Firefox
 * alike, needs no permission (chrome.tts would add a "tts" permission, and Firefox has no tts
 * API at all) and gives per-utterance start/end/error events, which is all we need.
 *
 * Why one utterance per sentence: highlighting is exact without relying on `boundary` events
 * (missing or in the wrong units on several engines), next/previous are a cancel and a speak,
 * and short utterances stay under Chrome's cutoff, which silently stops one after about 15 seconds,
 * at normal speeds.
 *
 * Why pause is cancel-and-remember rather than `speechSynthesis.pause()`: pause() is a no-op or
 * a cancel with some Chrome voices (Android, network voices) and can leave the engine stuck
 * paused; restarting the current (short) sentence on resume behaves the same everywhere.
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import type { ParagraphUnit, SentenceUnit } from './segments';

/** The voice fields read-aloud uses (a subset of SpeechSynthesisVoice). */
export interface VoiceLike {
  voiceURI: string;
  name: string;
  lang: string;
  default: boolean;
  localService: boolean;
}

/** The utterance fields read-aloud uses (a subset of SpeechSynthesisUtterance). */
export interface UtteranceLike {
  text: string;
  lang: string;
  rate: number;
  voice: VoiceLike | null;
  onstart: ((event: Event) => void) | null;
  onend: ((event: Event) => void) | null;
  onerror: ((event: Event & { error?: string }) => void) | null;
}

/** The part of `window.speechSynthesis` read-aloud uses; tests and the e2e double implement it. */
export interface SpeechSynthesisLike {
  speak(utterance: UtteranceLike): void;
  cancel(): void;
  getVoices(): VoiceLike[];
  addEventListener(type: 'voiceschanged', listener: () => void): void;
  removeEventListener(type: 'voiceschanged', listener: () => void): void;
}

/** A speech engine: the synth and how to make utterances it accepts. */
export interface SpeechEngine {
  synth: SpeechSynthesisLike;
  createUtterance: (text: string) => UtteranceLike;
}

/** The browser's speech engine, or null where the page has none. */
export function browserSpeechEngine(scope: typeof globalThis = globalThis): SpeechEngine | null {
  const synth = (scope as { speechSynthesis?: SpeechSynthesis }).speechSynthesis;
  const Utterance = (scope as { SpeechSynthesisUtterance?: typeof SpeechSynthesisUtterance }).SpeechSynthesisUtterance;
  if (!synth || typeof Utterance !== 'function') return null;
  return {
    // The real objects satisfy the subset; the cast only narrows `voice` to what we pass back
    // (always a voice this same synth returned).
    synth: synth as unknown as SpeechSynthesisLike,
    createUtterance: (text) => new Utterance(text) as unknown as UtteranceLike,
  };
}

/** Playback state. */
export type ReadAloudStatus = 'idle' | 'playing' | 'paused';

/** Where playback is: indices into the paragraphs and their sentences. */
export interface ReadAloudPosition {
  paragraph: number;
  sentence: number;
}

/** Speeds offered in the UI. */
export const READ_ALOUD_RATES = [0.75, 1, 1.25, 1.5, 1.75, 2] as const;

/** Options of createReadAloud. */
export interface ReadAloudOptions extends SpeechEngine {
  /** BCP-47 language of the article; filters the voices and is set on each utterance. */
  lang: string | null;
  /** The article's paragraphs; called on first play so mounting costs nothing. */
  paragraphs: () => ParagraphUnit[];
  rate?: number;
  voiceURI?: string | null;
}

/** Why playback stopped on its own, if it did. */
export type ReadAloudError = { kind: 'engine'; code: string } | { kind: 'empty' };

const OUR_OWN_CANCEL = new Set(['interrupted', 'canceled']);

/** Primary language subtag, lower case ("en-GB" and "en_GB" → "en"). */
export function primaryLanguage(tag: string): string {
  return tag.split(/[-_]/)[0]!.toLowerCase();
}

/** The voices for `lang` (same primary subtag; all voices when lang is null), best first. */
export function voicesForLanguage(voices: readonly VoiceLike[], lang: string | null): VoiceLike[] {
  const wanted = lang ? primaryLanguage(lang) : null;
  const exact = lang?.replace('_', '-').toLowerCase() ?? null;
  const score = (v: VoiceLike): number => (v.default ? 0 : 4) + (exact && v.lang.replace('_', '-').toLowerCase() === exact ? 0 : 2) + (v.localService ? 0 : 1);
  return voices.filter((v) => wanted === null || primaryLanguage(v.lang) === wanted).sort((a, b) => score(a) - score(b) || a.name.localeCompare(b.name));
}

/** Creates read-aloud playback for one article. */
export function createReadAloud(options: ReadAloudOptions) {
  const { synth, createUtterance, lang } = options;
  const status = signal<ReadAloudStatus>('idle');
  const position = signal<ReadAloudPosition>({ paragraph: 0, sentence: 0 });
  const rate = signal<number>(options.rate ?? 1);
  const voiceURI = signal<string | null>(options.voiceURI ?? null);
  const error = signal<ReadAloudError | null>(null);
  const allVoices = signal<VoiceLike[]>(synth.getVoices());
  const voices = computed(() => voicesForLanguage(allVoices.value, lang));
  let paragraphs: ParagraphUnit[] | null = null;
  const current = computed<SentenceUnit | null>(() => {
    if (status.value === 'idle' || !paragraphs) return null;
    const { paragraph, sentence } = position.value;
    return paragraphs[paragraph]?.sentences[sentence] ?? null;
  });
  // Chrome garbage-collects an utterance nobody references and then never fires its `end`.
  let speaking: UtteranceLike | null = null;
  let disposed = false;

  // Chrome fills the voice list asynchronously; Firefox may change it when voices are installed.
  const onVoicesChanged = (): void => {
    allVoices.value = synth.getVoices();
  };
  synth.addEventListener('voiceschanged', onVoicesChanged);

  function load(): ParagraphUnit[] {
    paragraphs ??= options.paragraphs();
    return paragraphs;
  }

  /** Stops the engine without firing our own handlers for the cut-off utterance. */
  function silence(): void {
    if (speaking) {
      speaking.onstart = speaking.onend = speaking.onerror = null;
      speaking = null;
    }
    synth.cancel();
  }

  function speakAt(at: ReadAloudPosition): void {
    const list = load();
    const sentence = list[at.paragraph]?.sentences[at.sentence];
    silence();
    if (!sentence) {
      batch(() => {
        status.value = 'idle';
        position.value = { paragraph: 0, sentence: 0 };
      });
      return;
    }
    const utterance = createUtterance(sentence.text);
    if (lang) utterance.lang = lang;
    utterance.rate = rate.value;
    const voice = voices.value.find((v) => v.voiceURI === voiceURI.value);
    if (voice) utterance.voice = voice;
    utterance.onend = () => {
      if (speaking !== utterance) return;
      speaking = null;
      speakAt(following(list, at));
    };
    utterance.onerror = (event) => {
      if (speaking !== utterance) return;
      const code = event.error ?? 'unknown';
      speaking = null;
      // A cancel we did not make (another page, the OS) ends playback but is no failure.
      batch(() => {
        status.value = 'idle';
        if (!OUR_OWN_CANCEL.has(code)) error.value = { kind: 'engine', code };
      });
    };
    speaking = utterance;
    batch(() => {
      position.value = at;
      status.value = 'playing';
      error.value = null;
    });
    synth.speak(utterance);
  }

  /** Moves to `at`: speaks from there when playing, else shows it as the paused position. */
  function moveTo(at: ReadAloudPosition): void {
    if (status.value === 'playing') return speakAt(at);
    batch(() => {
      position.value = at;
      status.value = 'paused';
    });
  }

  function play(): void {
    if (disposed) return;
    if (status.value === 'paused') return speakAt(position.value);
    if (status.value === 'playing') return;
    if (load().length === 0) {
      error.value = { kind: 'empty' };
      return;
    }
    speakAt({ paragraph: 0, sentence: 0 });
  }

  function pause(): void {
    if (status.value !== 'playing') return;
    silence();
    status.value = 'paused';
  }

  function stop(): void {
    silence();
    batch(() => {
      status.value = 'idle';
      position.value = { paragraph: 0, sentence: 0 };
    });
  }

  // Methods close over the state above (no `this`), so views can pass them around unbound.
  return {
    status: status as ReadonlySignal<ReadAloudStatus>,
    position: position as ReadonlySignal<ReadAloudPosition>,
    rate: rate as ReadonlySignal<number>,
    voiceURI: voiceURI as ReadonlySignal<string | null>,
    /** Voices for the article's language, default voice first. */
    voices: voices as ReadonlySignal<VoiceLike[]>,
    error: error as ReadonlySignal<ReadAloudError | null>,
    /** The sentence being read (or where a pause left off); null when idle. */
    current,
    /** Starts reading from the start, or resumes when paused. */
    play,
    /** Stops speaking and remembers the sentence; resume restarts it. */
    pause,
    /** Same as play() from a pause. */
    resume(): void {
      if (status.value === 'paused') speakAt(position.value);
    },
    /** Play when not playing, pause when playing (the toolbar's main button). */
    toggle(): void {
      if (status.value === 'playing') pause();
      else play();
    },
    /** Stops and forgets the position. */
    stop,
    /** Next paragraph (from its first sentence); at the last one, stops. */
    next(): void {
      if (disposed) return;
      const target = position.value.paragraph + 1;
      if (target >= load().length) return stop();
      moveTo({ paragraph: target, sentence: 0 });
    },
    /** Start of the current paragraph; when already at its start, the previous paragraph. */
    previous(): void {
      if (disposed || load().length === 0) return;
      const { paragraph, sentence } = position.value;
      const started = status.value !== 'idle';
      moveTo({ paragraph: started && sentence > 0 ? paragraph : Math.max(0, paragraph - 1), sentence: 0 });
    },
    /** Sets the speed; it applies from the next sentence. */
    setRate(value: number): void {
      if (Number.isFinite(value) && value > 0) rate.value = Math.min(4, Math.max(0.25, value));
    },
    /** Chooses a voice (null for the browser's default); restarts the sentence being read. */
    setVoice(uri: string | null): void {
      voiceURI.value = uri;
      if (status.value === 'playing') speakAt(position.value);
    },
    /** Stops speaking and detaches from the engine; the object is inert afterwards. */
    dispose(): void {
      if (disposed) return;
      stop();
      disposed = true;
      synth.removeEventListener('voiceschanged', onVoicesChanged);
    },
  };
}

function following(list: ParagraphUnit[], at: ReadAloudPosition): ReadAloudPosition {
  const count = list[at.paragraph]?.sentences.length ?? 0;
  return at.sentence + 1 < count ? { paragraph: at.paragraph, sentence: at.sentence + 1 } : { paragraph: at.paragraph + 1, sentence: 0 };
}

/** Read-aloud playback for one article. */
export type ReadAloudController = ReturnType<typeof createReadAloud>;
