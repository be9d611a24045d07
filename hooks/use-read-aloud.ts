/**
 * The Preact hook that gives a view a read-aloud session for the article body it rendered.
 * The session (speech, its signals, the highlight) lives outside the component; the hook only
 * ties its lifetime to the body and the article.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ReadAloudController } from '../utils/speech/controller';
import { createReadAloudSession, type ReadAloudSessionOptions } from '../utils/speech/session';

/** Class of the sticky wrapper <ReadAloud> renders; the highlighter keeps sentences below it. */
export const READ_ALOUD_STICKY_CLASS = 'read-aloud-sticky';

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
        // The bar sticks under the top of the view: a sentence behind it is not "in view".
        const bar = body.ownerDocument.querySelector(`.${READ_ALOUD_STICKY_CLASS}`);
        const bottom = bar?.getBoundingClientRect().bottom ?? 0;
        return { top: Math.min(Math.max(0, bottom), window.innerHeight / 2), bottom: 0 };
      },
    });
    setReadAloud(session?.readAloud ?? null);
    return () => session?.dispose();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- rate and voiceURI are starting values only: changing them must not restart playback.
  }, [body, lang, contentKey]);
  return readAloud;
}
