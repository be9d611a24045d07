/**
 * One read-aloud session for one rendered article body: the controller (speech), segmentation
 * of the body on first play, and the highlighter following the current sentence. Views get
 * the controller's signals and actions; nothing here renders.
 */
import { effect } from '@preact/signals';
import { browserSpeechEngine, createReadAloud, type ReadAloudController, type SpeechEngine } from './controller';
import { createHighlighter, type SentenceHighlighter } from './highlight';
import { segmentArticle } from './segments';

/** Options of createReadAloudSession. */
export interface ReadAloudSessionOptions {
  /** The rendered article body (read when playback starts, so it may be set after mounting). */
  body: () => Element | null;
  /** The article's language (BCP-47), or null when unknown. */
  lang: string | null;
  /** What sticky bars cover (see HighlighterOptions.insets), so "in view" means visible. */
  insets?: () => { top: number; bottom: number };
  /** The speech engine; the browser's by default. */
  engine?: SpeechEngine | null;
  rate?: number;
  voiceURI?: string | null;
}

/** A running session: the controller and its teardown. */
export interface ReadAloudSession {
  readAloud: ReadAloudController;
  dispose(): void;
}

/** Starts a read-aloud session for an article body; null when the browser has no speech. */
export function createReadAloudSession(options: ReadAloudSessionOptions): ReadAloudSession | null {
  const engine = options.engine === undefined ? browserSpeechEngine() : options.engine;
  if (!engine) return null;
  const readAloud = createReadAloud({
    ...engine,
    lang: options.lang,
    rate: options.rate,
    voiceURI: options.voiceURI,
    paragraphs: () => {
      const body = options.body();
      return body ? segmentArticle(body, options.lang) : [];
    },
  });
  let highlighter: SentenceHighlighter | null = null;
  const stopFollowing = effect(() => {
    const sentence = readAloud.current.value;
    const body = options.body();
    // Created on first use: an article nobody listens to gets no scroll listeners.
    if (sentence && !highlighter && body) highlighter = createHighlighter({ root: body, insets: options.insets });
    highlighter?.show(sentence);
  });
  return {
    readAloud,
    dispose() {
      stopFollowing();
      readAloud.dispose();
      highlighter?.dispose();
      highlighter = null;
    },
  };
}
