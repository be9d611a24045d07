import { t } from '@/utils/i18n';
import type { LinkItem } from '@/utils/library/link-queue';
import { linkFailureText } from '@/utils/ui/link-fetch-store';

/** A saved link's place in the background fetch, if it has one. */
export interface LinkFetchStatusProps {
  item: LinkItem | null;
  onRetry: (id: string) => void;
}

/** On a saved link's view: "Could not fetch: …" with Try again, or that its article is on its way. */
export function LinkFetchStatus({ item, onRetry }: LinkFetchStatusProps) {
  if (!item) return null;
  if (item.status === 'queued') {
    return (
      <p class="link-fetch-status" role="status" data-testid="link-fetch-status" data-state="queued">
        {t('linkFetchQueued')}
      </p>
    );
  }
  return (
    <div class="link-fetch-status" role="status" data-testid="link-fetch-status" data-state="failed" data-reason={item.reason ?? undefined}>
      <p class="inline-error">{linkFailureText(item)}</p>
      <button type="button" class="button" onClick={() => onRetry(item.articleId)} data-testid="link-fetch-retry">
        {t('linkFetchRetry')}
      </button>
    </div>
  );
}
