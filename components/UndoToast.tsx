import { useEffect } from 'preact/hooks';
import { t } from '@/utils/i18n';

/** The message, when the offer ends, and the undo and dismiss callbacks. */
export interface UndoToastProps {
  message: string;
  /** When the offer ends (ms since epoch). */
  expiresAt: number;
  onUndo: () => void;
  onDismiss: () => void;
}

/** "Deleted … — Undo", gone by itself after a few seconds. */
export function UndoToast({ message, expiresAt, onUndo, onDismiss }: UndoToastProps) {
  useEffect(() => {
    const timer = setTimeout(onDismiss, Math.max(0, expiresAt - Date.now()));
    return () => clearTimeout(timer);
  }, [expiresAt, onDismiss]);
  return (
    <div class="toast" role="status" data-testid="undo-toast">
      <span class="toast-message">{message}</span>
      <button type="button" class="button button--quiet" onClick={onUndo}>
        {t('undo')}
      </button>
      <button type="button" class="button button--icon" aria-label={t('dismiss')} onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
