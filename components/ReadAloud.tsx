import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { READ_ALOUD_RATES } from '@/utils/speech/controller';
import { createReadAloudSession, type ReadAloudSession } from '@/utils/speech/session';
import { ReadAloudBar } from './ReadAloudBar';

/** Props of ReadAloud. */
export interface ReadAloudProps {
  /** The rendered article body to read (the `.reader-body` element). */
  body: RefObject<HTMLElement>;
  /** The article's language (BCP-47), or null. */
  lang: string | null;
  /** Changes whenever the body's content changes (e.g. the article URL): restarts the session. */
  contentKey: string;
}

/**
 * Read aloud for one article: owns the session's lifetime (created on mount, stopped on unmount
 * or when the article changes) and renders the bar from its signals. Hidden where the browser
 * has no speech synthesis.
 */
export function ReadAloud({ body, lang, contentKey }: ReadAloudProps) {
  const [session, setSession] = useState<ReadAloudSession | null>(null);
  const bar = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const created = createReadAloudSession({
      body: () => body.current,
      lang,
      // The bar sticks to the top of the view: a sentence under it is not "in view".
      insets: () => {
        const rect = bar.current?.getBoundingClientRect();
        return { top: rect ? Math.min(Math.max(0, rect.bottom), window.innerHeight / 2) : 0, bottom: 0 };
      },
    });
    setSession(created);
    return () => created?.dispose();
  }, [body, lang, contentKey]);

  if (!session) return null;
  const { readAloud } = session;
  return (
    <div ref={bar} class="read-aloud-sticky">
      <ReadAloudBar
        status={readAloud.status.value}
        rate={readAloud.rate.value}
        rates={READ_ALOUD_RATES}
        voices={readAloud.voices.value}
        voiceURI={readAloud.voiceURI.value}
        error={readAloud.error.value}
        uiLocale={document.documentElement.lang || undefined}
        onToggle={readAloud.toggle}
        onStop={readAloud.stop}
        onPrevious={readAloud.previous}
        onNext={readAloud.next}
        onRate={readAloud.setRate}
        onVoice={readAloud.setVoice}
      />
    </div>
  );
}
