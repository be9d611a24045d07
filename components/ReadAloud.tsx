import { READ_ALOUD_RATES, type ReadAloudController } from '@/utils/speech/controller';
import { READ_ALOUD_STICKY_CLASS } from '@/hooks/use-read-aloud';
import { ReadAloudBar } from './ReadAloudBar';

export interface ReadAloudProps {
  /** The session from useReadAloud(); nothing is rendered while it is null. */
  readAloud: ReadAloudController | null;
}

/** The read-aloud bar bound to a session's signals, sticky at the top of the reading view. */
export function ReadAloud({ readAloud }: ReadAloudProps) {
  if (!readAloud) return null;
  return (
    <div class={READ_ALOUD_STICKY_CLASS}>
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
