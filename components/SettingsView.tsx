import type { ComponentChildren } from 'preact';
import { t, type MessageKey } from '@/utils/i18n';
import {
  DEFAULT_SETTINGS,
  NUMERIC_RANGES,
  type ReaderSettings,
  type SettingsStorageStatus,
  type TextAlign,
  type Theme,
  type ToolbarAction,
  type Typeface,
} from '@/utils/settings/settings';
import { formatBytes, type StorageUsage } from '@/utils/ui/storage-usage';

/** The current settings, where they are stored, and the change, reset and help callbacks. */
export interface SettingsViewProps {
  settings: ReaderSettings;
  status: SettingsStorageStatus;
  /** The keyboard shortcut that opens the side panel, as the browser reports it. */
  shortcut: string | null;
  onChange: (patch: Partial<ReaderSettings>) => void;
  onReset: () => void;
  /** Shows the keyboard shortcuts. */
  onShowShortcuts: () => void;
  /** Heading level: 1 as a page of its own, 2 inside the reader. */
  level?: 1 | 2;
  /** Show the toolbar-button choice (not in the popup, where it would be confusing). */
  showToolbarChoice?: boolean;
  /** The "Storage used" line's figures: null while counting; left out, no line (the popup). */
  storage?: StorageUsage | null;
}

/** The "Storage used" sentence: everything the browser counts, and the saved articles' images in it. */
function storageLine(storage: StorageUsage | null): string {
  if (storage === null) return t('storageUsedLoading');
  const images = formatBytes(storage.images);
  return storage.total === null
    ? t('storageUsedImagesOnly', images, storage.imageCount)
    : t('storageUsed', formatBytes(Math.max(storage.total, storage.images)), images, storage.imageCount);
}

const THEMES: Array<{ value: Theme; label: MessageKey }> = [
  { value: 'system', label: 'themeSystem' },
  { value: 'light', label: 'themeLight' },
  { value: 'sepia', label: 'themeSepia' },
  { value: 'dark', label: 'themeDark' },
  { value: 'contrast', label: 'themeContrast' },
];

const TYPEFACES: Array<{ value: Typeface; label: MessageKey }> = [
  { value: 'serif', label: 'typefaceSerif' },
  { value: 'sans', label: 'typefaceSans' },
  { value: 'system', label: 'typefaceSystem' },
  { value: 'mono', label: 'typefaceMono' },
  { value: 'dyslexic', label: 'typefaceDyslexic' },
];

const ALIGNMENTS: Array<{ value: TextAlign; label: MessageKey }> = [
  { value: 'start', label: 'alignStart' },
  { value: 'justify', label: 'alignJustify' },
];

const TOOLBAR_CHOICES: Array<{ value: ToolbarAction; label: MessageKey }> = [
  { value: 'popup', label: 'settingsToolbarPopup' },
  { value: 'sidepanel', label: 'settingsToolbarSidePanel' },
];

type NumericKey = keyof typeof NUMERIC_RANGES;

const SLIDERS: Array<{ key: NumericKey; label: MessageKey; format: (value: number) => string }> = [
  // The default size is not a fixed 19 px: it follows the width of the view (assets/article.css).
  { key: 'fontSize', label: 'settingFontSize', format: (n) => (n === DEFAULT_SETTINGS.fontSize ? t('settingFontSizeAuto') : `${n}px`) },
  { key: 'lineHeight', label: 'settingLineHeight', format: (n) => n.toFixed(2) },
  { key: 'contentWidth', label: 'settingContentWidth', format: (n) => `${Math.round(n * 1.95)} ${t('charactersShort')}` },
  { key: 'paragraphSpacing', label: 'settingParagraphSpacing', format: (n) => n.toFixed(1) },
  { key: 'letterSpacing', label: 'settingLetterSpacing', format: (n) => n.toFixed(2) },
];

function Choices<T extends string>({
  name,
  legend,
  options,
  value,
  onPick,
  variant,
}: {
  name: string;
  legend: string;
  options: Array<{ value: T; label: MessageKey }>;
  value: T;
  onPick: (value: T) => void;
  variant?: string;
}) {
  return (
    <fieldset class={`settings-group ${variant ?? ''}`}>
      <legend>{legend}</legend>
      <div class="settings-choices">
        {options.map((option) => (
          <label key={option.value} class="settings-choice" data-value={option.value}>
            <input type="radio" name={name} value={option.value} checked={value === option.value} onChange={() => onPick(option.value)} />
            <span>{t(option.label)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function Section({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <fieldset class="settings-group">
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}

/** The reader's one settings panel: typography, theme and the toolbar button. Changes apply live. */
export function SettingsView({
  settings,
  status,
  shortcut,
  onChange,
  onReset,
  onShowShortcuts,
  level = 1,
  showToolbarChoice = true,
  storage,
}: SettingsViewProps) {
  const Heading = level === 1 ? 'h1' : 'h2';
  return (
    <section class="settings" aria-labelledby="settings-heading" data-testid="settings">
      <Heading id="settings-heading" class="library-heading">
        {t('settingsTab')}
      </Heading>
      <Choices
        name="theme"
        legend={t('settingTheme')}
        options={THEMES}
        value={settings.theme}
        onPick={(theme) => onChange({ theme })}
        variant="settings-group--themes"
      />
      <Choices
        name="typeface"
        legend={t('settingTypeface')}
        options={TYPEFACES}
        value={settings.typeface}
        onPick={(typeface) => onChange({ typeface })}
        variant="settings-group--typefaces"
      />
      <Section title={t('settingTextLayout')}>
        {SLIDERS.map((slider) => {
          const range = NUMERIC_RANGES[slider.key];
          const id = `setting-${slider.key}`;
          return (
            <div key={slider.key} class="settings-slider">
              <label for={id}>{t(slider.label)}</label>
              <input
                id={id}
                type="range"
                min={range.min}
                max={range.max}
                step={range.step}
                value={settings[slider.key]}
                aria-valuetext={slider.format(settings[slider.key])}
                onInput={(event) => onChange({ [slider.key]: Number((event.currentTarget as HTMLInputElement).value) })}
              />
              <output for={id}>{slider.format(settings[slider.key])}</output>
            </div>
          );
        })}
      </Section>
      <Choices
        name="textAlign"
        legend={t('settingAlignment')}
        options={ALIGNMENTS}
        value={settings.textAlign}
        onPick={(textAlign) => onChange({ textAlign })}
      />
      <Section title={t('settingImages')}>
        <label class="settings-choice">
          <input
            type="checkbox"
            checked={settings.dimImages}
            onChange={(event) => onChange({ dimImages: (event.currentTarget as HTMLInputElement).checked })}
          />
          <span>{t('settingDimImages')}</span>
        </label>
      </Section>
      {showToolbarChoice && (
        <Choices
          name="toolbarAction"
          legend={t('settingsToolbarLegend')}
          options={TOOLBAR_CHOICES}
          value={settings.toolbarAction}
          onPick={(toolbarAction) => onChange({ toolbarAction })}
        />
      )}
      {storage !== undefined && (
        <Section title={t('settingStorage')}>
          <p class="settings-note" data-testid="storage-used">
            {storageLine(storage)}
          </p>
        </Section>
      )}
      <div class="settings-footer">
        <div class="settings-buttons">
          <button type="button" class="button" onClick={onReset} data-testid="settings-reset">
            {t('settingsReset')}
          </button>
          <button type="button" class="button button--quiet" onClick={onShowShortcuts}>
            {t('keyboardShortcuts')} <kbd>?</kbd>
          </button>
        </div>
        <p class="settings-note" role="status">
          {status.syncing ? t('settingsSynced') : t('settingsLocalOnly')}
        </p>
        {shortcut && <p class="settings-note">{t('settingsShortcutNote', shortcut)}</p>}
      </div>
    </section>
  );
}
