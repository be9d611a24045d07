import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { READ_ALOUD_RATES, type ReadAloudController, type ReadAloudError } from '@/utils/speech/controller';
import { READ_ALOUD_DOCK_CLASS, READ_ALOUD_ENTRY_ATTRIBUTE } from '@/hooks/use-read-aloud';
import { IconButton } from './IconButton';
import { ReadAloudBar } from './ReadAloudBar';

/** Whether the docked player shows, and how to close it (stop, and put away an error). */
export interface ReadAloudDock {
  open: boolean;
  close: () => void;
}

/**
 * The docked player is open while reading (playing or paused), and after a failure until it is
 * closed, so the error stays readable.
 */
export function useReadAloudDock(readAloud: ReadAloudController | null): ReadAloudDock {
  const [dismissed, setDismissed] = useState<ReadAloudError | null>(null);
  if (!readAloud) return { open: false, close: () => undefined };
  const error = readAloud.error.value;
  const open = readAloud.status.value !== 'idle' || (error !== null && error !== dismissed);
  return {
    open,
    close: () => {
      readAloud.stop();
      setDismissed(readAloud.error.value);
    },
  };
}

/** The controller (null while none exists) and the dock the button opens. */
export interface ReadAloudButtonProps {
  /** The session from useReadAloud(); nothing is rendered while it is null (no speech in this browser). */
  readAloud: ReadAloudController | null;
  dock: ReadAloudDock;
}

/** The toolbar's "Read aloud": starts reading and opens the player; pressed again, stops and closes it. */
export function ReadAloudButton({ readAloud, dock }: ReadAloudButtonProps) {
  if (!readAloud) return null;
  const entry = { [READ_ALOUD_ENTRY_ATTRIBUTE]: '' };
  return (
    <IconButton
      label={t('readAloudPlay')}
      icon="speaker"
      aria-pressed={dock.open}
      onClick={() => (dock.open ? dock.close() : readAloud.play())}
      testId="read-aloud-start"
      {...entry}
    />
  );
}

/** The controller whose playback the player shows, and the dock that closes it. */
export interface ReadAloudPlayerProps {
  readAloud: ReadAloudController | null;
  dock: ReadAloudDock;
}

/** The read-aloud controls, docked at the bottom of the view while reading. */
export function ReadAloudPlayer({ readAloud, dock }: ReadAloudPlayerProps) {
  if (!readAloud || !dock.open) return null;
  return <DockedPlayer readAloud={readAloud} dock={dock} />;
}

function DockedPlayer({ readAloud, dock }: { readAloud: ReadAloudController; dock: ReadAloudDock }) {
  const ref = useRef<HTMLDivElement>(null);
  // Closing the player (Stop, or the last sentence read) must not drop keyboard focus on the
  // page: it goes back to the toolbar button that opened it.
  useLayoutEffect(() => {
    const el = ref.current;
    return () => {
      if (!el || !el.contains(el.ownerDocument.activeElement)) return;
      const doc = el.ownerDocument;
      queueMicrotask(() => doc.querySelector<HTMLElement>(`[${READ_ALOUD_ENTRY_ATTRIBUTE}]`)?.focus());
    };
  }, []);
  return (
    <div class={READ_ALOUD_DOCK_CLASS} ref={ref}>
      <ReadAloudBar
        status={readAloud.status.value}
        rate={readAloud.rate.value}
        rates={READ_ALOUD_RATES}
        voices={readAloud.voices.value}
        voiceURI={readAloud.voiceURI.value}
        error={readAloud.error.value}
        uiLocale={document.documentElement.lang || undefined}
        onToggle={readAloud.toggle}
        onStop={dock.close}
        onPrevious={readAloud.previous}
        onNext={readAloud.next}
        onRate={readAloud.setRate}
        onVoice={readAloud.setVoice}
      />
    </div>
  );
}
