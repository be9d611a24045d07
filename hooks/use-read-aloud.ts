/**
 * The Preact hook that gives a view a read-aloud session for the article body it rendered.
 * The session (speech, its signals, the highlight) lives outside the component; the hook only
 * ties its lifetime to the body and the article.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ReadAloudController } from '../utils/speech/controller';
import { createReadAloudSession, type ReadAloudSessionOptions } from '../utils/speech/session';

/** Class of the reader's sticky toolbar row; the highlighter keeps sentences below it. */
export const READER_BAR_CLASS = 'reader-bar';
/** Class of the player docked at the bottom while reading; the highlighter keeps sentences above it. */
export const READ_ALOUD_DOCK_CLASS = 'read-aloud-dock';
/** Marks the toolbar button that opens the player, where focus returns when it closes. */
export const READ_ALOUD_ENTRY_ATTRIBUTE = 'data-read-aloud-entry';

/**
 * Read-aloud for `body` (the rendered `.reader-body`), restarted when `contentKey` (e.g. the
 * article URL) or `lang` changes and stopped on unmount. Null until the body is rendered, or
 * when the browser has no speech synthesis.
 */
export function useReadAloud(
  body: HTMLElement | null,
  lang: string | null,
  contentKey: string,
  start: Pick<ReadAloudSessionOptions, 'rate' | 'voiceURI'> = {},
): ReadAloudController | null {
  const [readAloud, setReadAloud] = useState<ReadAloudController | null>(null);
  const { rate, voiceURI } = start;
  useEffect(() => {
    if (!body) {
      setReadAloud(null);
      return undefined;
    }
    const session = createReadAloudSession({
      body: () => body,
      lang,
      rate,
      voiceURI,
      insets: () => {
        // The toolbar sticks under the top of the view and the player docks at its bottom: a
        // sentence behind either is not "in view".
        const doc = body.ownerDocument;
        const bar = doc.querySelector(`.${READER_BAR_CLASS}`)?.getBoundingClientRect().bottom ?? 0;
        const dock = doc.querySelector(`.${READ_ALOUD_DOCK_CLASS}`)?.getBoundingClientRect().top;
        const half = window.innerHeight / 2;
        return {
          top: Math.min(Math.max(0, bar), half),
          bottom: dock === undefined ? 0 : Math.min(Math.max(0, window.innerHeight - dock), half),
        };
      },
    });
    setReadAloud(session?.readAloud ?? null);
    return () => session?.dispose();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- rate and voiceURI are starting values only: changing them must not restart playback.
  }, [body, lang, contentKey]);
  return readAloud;
}
