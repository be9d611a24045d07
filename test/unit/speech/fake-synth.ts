/** An in-memory SpeechSynthesisLike: records utterances, fires their events when told to. */
import type { SpeechSynthesisLike, UtteranceLike, VoiceLike } from '../../../utils/speech/controller';

/** A plain utterance with the fields the controller sets. */
export class FakeUtterance implements UtteranceLike {
  lang = '';
  rate = 1;
  voice: VoiceLike | null = null;
  onstart: UtteranceLike['onstart'] = null;
  onend: UtteranceLike['onend'] = null;
  onerror: UtteranceLike['onerror'] = null;
  constructor(public text: string) {}
}

/** The fake engine; `finish()` and `fail()` play the part of the speech service. */
export class FakeSynth implements SpeechSynthesisLike {
  spoken: FakeUtterance[] = [];
  current: FakeUtterance | null = null;
  cancels = 0;
  private listeners = new Set<() => void>();
  constructor(private voices: VoiceLike[] = []) {}

  speak(utterance: UtteranceLike): void {
    const u = utterance as FakeUtterance;
    this.spoken.push(u);
    this.current = u;
    u.onstart?.(new Event('start'));
  }
  cancel(): void {
    this.cancels++;
    const u = this.current;
    this.current = null;
    // Chrome reports a cancelled utterance as an 'interrupted' error (Firefox as 'end').
    u?.onerror?.(Object.assign(new Event('error'), { error: 'interrupted' }));
  }
  getVoices(): VoiceLike[] {
    return this.voices;
  }
  addEventListener(_type: 'voiceschanged', listener: () => void): void {
    this.listeners.add(listener);
  }
  removeEventListener(_type: 'voiceschanged', listener: () => void): void {
    this.listeners.delete(listener);
  }
  /** The engine finished the current utterance. */
  finish(): void {
    const u = this.current;
    this.current = null;
    u?.onend?.(new Event('end'));
  }
  /** The engine failed the current utterance. */
  fail(code: string): void {
    const u = this.current;
    this.current = null;
    u?.onerror?.(Object.assign(new Event('error'), { error: code }));
  }
  setVoices(voices: VoiceLike[]): void {
    this.voices = voices;
    this.listeners.forEach((listener) => listener());
  }
  get listenerCount(): number {
    return this.listeners.size;
  }
  get lastText(): string | undefined {
    return this.spoken.at(-1)?.text;
  }
}

/** A voice with defaults. */
export function voice(name: string, lang: string, extra: Partial<VoiceLike> = {}): VoiceLike {
  return { voiceURI: `uri:${name}`, name, lang, default: false, localService: true, ...extra };
}
