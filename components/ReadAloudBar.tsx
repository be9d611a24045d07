import type { ReadAloudError, ReadAloudStatus, VoiceLike } from '@/utils/speech/controller';
import { t } from '@/utils/i18n';
import '@/assets/read-aloud.css';

/** The playback state, the choices offered, and what each control does. */
export interface ReadAloudBarProps {
  status: ReadAloudStatus;
  rate: number;
  rates: readonly number[];
  /** Voices for the article's language, best first; the "Default voice" entry is added here. */
  voices: readonly VoiceLike[];
  voiceURI: string | null;
  error: ReadAloudError | null;
  /** Language of the UI, for formatting the speeds ("1,25×" in German). */
  uiLocale?: string;
  onToggle: () => void;
  onStop: () => void;
  onPrevious: () => void;
  onNext: () => void;
  onRate: (rate: number) => void;
  onVoice: (voiceURI: string | null) => void;
}

const DEFAULT_VOICE = '';

/** The read-aloud toolbar: play/pause, previous/next paragraph, stop, speed and voice. */
export function ReadAloudBar(props: ReadAloudBarProps) {
  const { status, rate, rates, voices, voiceURI, error } = props;
  const playing = status === 'playing';
  // The label says what the button does next (and the icon follows); no aria-pressed on top,
  // since a toggle whose name also changes would be announced twice over.
  const mainLabel = playing ? t('readAloudPause') : status === 'paused' ? t('readAloudResume') : t('readAloudPlay');
  const format = new Intl.NumberFormat(props.uiLocale, { maximumFractionDigits: 2 });
  const selected = voiceURI !== null && voices.some((v) => v.voiceURI === voiceURI) ? voiceURI : DEFAULT_VOICE;
  return (
    <div class="read-aloud" data-status={status} data-testid="read-aloud">
      <div class="read-aloud-controls" role="toolbar" aria-label={t('readAloudToolbar')}>
        <button
          type="button"
          class="read-aloud-button"
          aria-label={t('readAloudPrevious')}
          title={t('readAloudPrevious')}
          onClick={props.onPrevious}
          data-testid="read-aloud-previous"
        >
          <Glyph name="previous" />
        </button>
        <button type="button" class="read-aloud-button read-aloud-button--main" onClick={props.onToggle} data-testid="read-aloud-toggle" data-status={status}>
          <Glyph name={playing ? 'pause' : 'play'} />
          <span>{mainLabel}</span>
        </button>
        <button
          type="button"
          class="read-aloud-button"
          aria-label={t('readAloudNext')}
          title={t('readAloudNext')}
          onClick={props.onNext}
          data-testid="read-aloud-next"
        >
          <Glyph name="next" />
        </button>
        {(status !== 'idle' || error) && (
          <button
            type="button"
            class="read-aloud-button"
            aria-label={t('readAloudStop')}
            title={t('readAloudStop')}
            onClick={props.onStop}
            data-testid="read-aloud-stop"
          >
            <Glyph name="stop" />
          </button>
        )}
        <label class="read-aloud-field">
          <span class="read-aloud-field-label">{t('readAloudSpeed')}</span>
          <select value={String(rate)} onChange={(e) => props.onRate(Number(e.currentTarget.value))} data-testid="read-aloud-rate">
            {rates.map((r) => (
              <option key={r} value={String(r)}>
                {t('readAloudSpeedValue', format.format(r))}
              </option>
            ))}
          </select>
        </label>
        {voices.length > 0 && (
          <label class="read-aloud-field">
            <span class="read-aloud-field-label">{t('readAloudVoice')}</span>
            <select
              value={selected}
              onChange={(e) => props.onVoice(e.currentTarget.value === DEFAULT_VOICE ? null : e.currentTarget.value)}
              data-testid="read-aloud-voice"
            >
              <option value={DEFAULT_VOICE}>{t('readAloudDefaultVoice')}</option>
              {voices.map((v) => (
                <option key={v.voiceURI} value={v.voiceURI}>
                  {v.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {error && (
        <p class="read-aloud-error" role="status" data-testid="read-aloud-error">
          {error.kind === 'empty' ? t('readAloudEmpty') : t('readAloudEngineError', error.code)}
        </p>
      )}
    </div>
  );
}

const GLYPHS = {
  play: 'M8 5v14l11-7z',
  pause: 'M7 5h3.5v14H7zM13.5 5H17v14h-3.5z',
  stop: 'M6.5 6.5h11v11h-11z',
  previous: 'M6 5h2v14H6zM19 5v14L9 12z',
  next: 'M16 5h2v14h-2zM5 5v14l10-7z',
} as const;

/** A filled media glyph; mirrored in right-to-left text so "next" points the reading way. */
function Glyph({ name }: { name: keyof typeof GLYPHS }) {
  return (
    <svg class={`read-aloud-glyph read-aloud-glyph--${name}`} viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
      <path d={GLYPHS[name]} fill="currentColor" />
    </svg>
  );
}
