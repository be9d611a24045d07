/**
 * The settings as the reader pages hold them: a signal that changes at once (so a slider moves
 * the text as it moves) and a debounced write, because storage.sync allows only a limited
 * number of writes per minute and a dragged slider would exceed it.
 */
import { signal } from '@preact/signals';
import { applyAppearance, watchSystemDark } from './appearance';
import {
  DEFAULT_SETTINGS,
  NUMERIC_RANGES,
  loadSettings,
  loadSettingsStatus,
  updateSettings,
  watchSettings,
  watchSettingsStatus,
  type ReaderSettings,
  type SettingsStorageStatus,
} from './settings';

/** How long a burst of changes waits before it is written. */
export const SETTINGS_WRITE_DELAY_MS = 400;

/** Creates the settings store for one page and applies the appearance to `root`. */
export function createSettingsStore(win: Window, root: HTMLElement) {
  const settings = signal<ReaderSettings>(DEFAULT_SETTINGS);
  const status = signal<SettingsStorageStatus>({ syncing: true, reason: null });
  let pending: Partial<ReaderSettings> = {};
  let timer: ReturnType<typeof setTimeout> | null = null;
  const system = watchSystemDark(win, (dark) => {
    systemDark = dark;
    applyAppearance(root, settings.value, systemDark);
  });
  let systemDark = system.dark;
  applyAppearance(root, settings.value, systemDark);

  function show(next: ReaderSettings): void {
    settings.value = next;
    applyAppearance(root, next, systemDark);
  }

  async function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    const patch = pending;
    pending = {};
    if (Object.keys(patch).length > 0) await updateSettings(patch);
  }

  return {
    settings,
    status,
    /** Loads the stored settings and follows changes made in other views or devices. */
    start(): () => void {
      // A change made before the stored copy arrives is newer than it: keep it on screen.
      void loadSettings().then((stored) => show({ ...stored, ...pending }));
      void loadSettingsStatus().then((s) => (status.value = s));
      const stops = [
        watchSettings((stored) => {
          // A change still waiting to be written wins over an older stored copy.
          show({ ...stored, ...pending });
        }),
        watchSettingsStatus((s) => (status.value = s)),
        system.stop,
      ];
      win.addEventListener('pagehide', () => void flush());
      return () => stops.forEach((stop) => stop());
    },
    /**
     * Applies a change now and writes it: at once for a choice (a click is one write), after a
     * pause for a slider (a drag would otherwise be dozens of writes).
     */
    change(patch: Partial<ReaderSettings>): void {
      pending = { ...pending, ...patch };
      show({ ...settings.value, ...patch });
      if (timer) clearTimeout(timer);
      const sliding = Object.keys(patch).every((key) => key in NUMERIC_RANGES);
      timer = setTimeout(() => void flush(), sliding ? SETTINGS_WRITE_DELAY_MS : 0);
    },
    /** Writes any waiting change now. */
    flush,
    /** Back to the defaults (the toolbar choice is kept: it is not a reading preference). */
    reset(): void {
      this.change({ ...DEFAULT_SETTINGS, toolbarAction: settings.value.toolbarAction });
    },
  };
}

/** The settings store a reader page holds. */
export type SettingsStore = ReturnType<typeof createSettingsStore>;
