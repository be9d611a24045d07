import { t } from '@/utils/i18n';
import { formatNumber } from '@/utils/i18n/format';
import type { LinkFetchState } from '@/utils/library/link-queue';
import { linkFetchProgressText, type LinkFetchAsk } from '@/utils/ui/link-fetch-store';

/** The saved links without their article, and where fetching them stands. */
export interface LinkFetchOfferProps {
  /** Saved links without an article that are not queued or failed yet. */
  links: number;
  state: LinkFetchState;
  /** Whether the user has allowed Reader to read the sites' pages (null: not known yet). */
  allowed: boolean | null;
  ask: LinkFetchAsk;
  onAllow: () => void;
  onPause: () => void;
  onResume: () => void;
  /** Stops a run, or closes a finished run's summary. */
  onCancel: () => void;
}

/**
 * Above the library list: the offer to fetch saved links' articles in the background (with why,
 * and that the browser will ask once), a run's progress with Pause and Stop, or a finished run's
 * summary. Shown only when there is something to say.
 */
export function LinkFetchOffer({ links, state, allowed, ask, onAllow, onPause, onResume, onCancel }: LinkFetchOfferProps) {
  const error = ask.status === 'failed' && <p class="link-fetch-result inline-error">{ask.message}</p>;
  if (state.status === 'running' || state.status === 'paused') {
    const done = state.filled + state.failed;
    // A run without the permission waits (running or paused): the one thing to offer is the grant.
    const stopped = allowed === false;
    return (
      <div class="link-fetch" role="status" data-testid="link-fetch" data-state={state.status}>
        <p class="link-fetch-line" data-testid="link-fetch-progress">
          {stopped ? t('linkFetchNeedsPermission') : linkFetchProgressText(state)}
        </p>
        <progress class="link-fetch-bar" max={Math.max(1, state.total)} value={done} aria-label={linkFetchProgressText(state)} />
        {error}
        <div class="link-fetch-actions">
          {state.status === 'running' && !stopped ? (
            <button type="button" class="button" onClick={onPause} data-testid="link-fetch-pause">
              {t('linkFetchPause')}
            </button>
          ) : (
            <button type="button" class="button" onClick={onResume} data-testid="link-fetch-resume">
              {stopped ? t('linkFetchAllow') : t('linkFetchResume')}
            </button>
          )}
          <button type="button" class="button button--quiet" onClick={onCancel} data-testid="link-fetch-cancel">
            {t('linkFetchCancel')}
          </button>
        </div>
      </div>
    );
  }
  if (state.total > 0) {
    return (
      <div class="link-fetch" role="status" data-testid="link-fetch" data-state="finished">
        <p class="link-fetch-line" data-testid="link-fetch-summary">
          {t('linkFetchFinished', formatNumber(state.filled), formatNumber(state.total))}
          {state.failed > 0 && ` ${t('linkFetchFailedCount', formatNumber(state.failed))}`}
        </p>
        <div class="link-fetch-actions">
          <button type="button" class="button" onClick={onCancel} data-testid="link-fetch-dismiss">
            {t('linkFetchDismiss')}
          </button>
        </div>
      </div>
    );
  }
  if (links === 0) return null;
  return (
    <div class="link-fetch" role="region" aria-label={t('linkFetchStart')} data-testid="link-fetch" data-state="offer">
      <p class="link-fetch-why" data-testid="link-fetch-why">
        {links === 1 ? t('linkFetchOfferOne') : t('linkFetchOffer', formatNumber(links))}
      </p>
      {ask.status === 'denied' && <p class="link-fetch-result">{t('linkFetchDenied')}</p>}
      {error}
      <div class="link-fetch-actions">
        <button type="button" class="button button--primary" onClick={onAllow} disabled={ask.status === 'asking'} data-testid="link-fetch-allow">
          {allowed ? t('linkFetchStart') : t('linkFetchAllow')}
        </button>
      </div>
    </div>
  );
}
