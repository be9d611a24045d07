import { t } from '@/utils/i18n';
import { Icon } from './Icon';
import type { SaveState } from '@/utils/ui/reader-store';

/** The save state of the article on screen, and what a press does. */
export interface SaveButtonProps {
  state: SaveState;
  onToggle: () => void;
}

/** "Save for later", turning into "Saved" (press again to undo). */
export function SaveButton({ state, onToggle }: SaveButtonProps) {
  const saved = state.status === 'saved';
  const label = state.status === 'saving' ? t('saving') : saved ? t('saved') : t('saveForLater');
  return (
    <>
      <button
        type="button"
        class={saved ? 'button button--saved' : 'button button--primary'}
        aria-pressed={saved}
        title={saved ? t('savedUndoHint') : undefined}
        disabled={state.status === 'saving'}
        onClick={onToggle}
        data-testid="save-button"
      >
        <Icon name={saved ? 'check' : 'bookmark'} />
        <span class="button-label">{label}</span>
      </button>
      {state.status === 'failed' && (
        <p class="inline-error" role="alert">
          {state.message}
        </p>
      )}
    </>
  );
}
