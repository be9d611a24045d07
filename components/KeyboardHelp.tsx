import { useEffect, useRef } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { READER_SHORTCUTS } from '@/utils/keyboard/keys';

/** Called when the dialog is dismissed (Escape, the close button). */
export interface KeyboardHelpProps {
  onClose: () => void;
}

/** The list of reader shortcuts, in a modal dialog (focus stays inside until it closes). */
export function KeyboardHelp({ onClose }: KeyboardHelpProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
    return () => el?.close();
  }, []);
  return (
    <dialog ref={dialog} class="keyboard-help" aria-labelledby="keyboard-help-title" onClose={onClose} data-testid="keyboard-help">
      <h2 id="keyboard-help-title">{t('keyboardShortcuts')}</h2>
      <dl>
        {READER_SHORTCUTS.map((shortcut) => (
          <div key={shortcut.command} class="keyboard-help-row">
            <dt>
              {shortcut.keys.map((key, i) => (
                <>
                  {i > 0 && <span class="keyboard-help-or"> {t('or')} </span>}
                  <kbd>{key}</kbd>
                </>
              ))}
            </dt>
            <dd>{t(shortcut.label)}</dd>
          </div>
        ))}
      </dl>
      <form method="dialog">
        <button type="submit" class="button button--primary">
          {t('close')}
        </button>
      </form>
    </dialog>
  );
}
