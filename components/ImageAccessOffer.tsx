import { t } from '@/utils/i18n';
import type { ImageAccessState } from '@/utils/ui/library-store';

/** The images other sites kept from the page, and where asking for them stands. */
export interface ImageAccessOfferProps {
  /** How many images were not kept because their sites do not share them. */
  count: number;
  /** Those sites' host names. */
  hosts: string[];
  state: ImageAccessState;
  /** Asks the browser for permission (inside this click) and keeps the images. */
  onAllow: () => void;
}

/**
 * Under a saved article's toolbar: why some images are missing, and a button that asks the browser
 * for permission to read images from those sites (the moment the permission is needed, and only
 * for them). Shown only when there is something to ask for.
 */
export function ImageAccessOffer({ count, hosts, state, onAllow }: ImageAccessOfferProps) {
  if (count === 0) return null;
  const sites = hosts.join(', ');
  return (
    <div class="image-access" role="status" data-testid="image-access">
      <p class="image-access-why">{count === 1 ? t('imagesNeedPermissionOne', sites) : t('imagesNeedPermission', count, sites)}</p>
      {state.status === 'denied' && <p class="image-access-result">{t('imagesPermissionDenied')}</p>}
      {state.status === 'failed' && <p class="image-access-result inline-error">{state.message}</p>}
      <button type="button" class="button" onClick={onAllow} disabled={state.status === 'fetching'} data-testid="image-access-allow">
        {state.status === 'fetching' ? t('imagesFetching') : t('imagesAllowButton')}
      </button>
    </div>
  );
}
