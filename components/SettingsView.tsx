import { t } from '@/utils/i18n';
import type { ReaderSettings, ToolbarAction } from '@/utils/settings';

/** Props of SettingsView. */
export interface SettingsViewProps {
  settings: ReaderSettings;
  shortcut: string | null;
  onChange: (patch: Partial<ReaderSettings>) => void;
}

const TOOLBAR_CHOICES: Array<{ value: ToolbarAction; label: () => string }> = [
  { value: 'popup', label: () => t('settingsToolbarPopup') },
  { value: 'sidepanel', label: () => t('settingsToolbarSidePanel') },
];

/** The reader's settings. */
export function SettingsView({ settings, shortcut, onChange }: SettingsViewProps) {
  return (
    <section class="settings" aria-labelledby="settings-heading" data-testid="settings">
      <h1 id="settings-heading" class="library-heading">
        {t('settingsTab')}
      </h1>
      <fieldset class="settings-group">
        <legend>{t('settingsToolbarLegend')}</legend>
        {TOOLBAR_CHOICES.map((choice) => (
          <label key={choice.value} class="settings-choice">
            <input
              type="radio"
              name="toolbarAction"
              value={choice.value}
              checked={settings.toolbarAction === choice.value}
              onChange={() => onChange({ toolbarAction: choice.value })}
            />
            {choice.label()}
          </label>
        ))}
      </fieldset>
      {shortcut && <p class="settings-note">{t('settingsShortcutNote', shortcut)}</p>}
    </section>
  );
}
