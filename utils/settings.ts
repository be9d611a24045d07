/**
 * Reader settings, kept in storage.sync so they follow the user to other devices.
 * Stored with a schema version; a value that fails validation falls back to the defaults
 * field by field, so one bad field never resets the rest.
 */
import * as v from 'valibot';
import { storage } from 'wxt/utils/storage';

/** What the toolbar button opens. */
export type ToolbarAction = 'popup' | 'sidepanel';

/** Every user-adjustable reader setting. */
export interface ReaderSettings {
  toolbarAction: ToolbarAction;
}

/** Defaults chosen so most people never open the settings. */
export const DEFAULT_SETTINGS: ReaderSettings = {
  toolbarAction: 'popup',
};

const FieldSchemas = {
  toolbarAction: v.picklist(['popup', 'sidepanel']),
} satisfies { [K in keyof ReaderSettings]: v.GenericSchema<unknown, ReaderSettings[K]> };

/** Version of the stored settings shape; bump with a migration in `settingsItem`. */
export const SETTINGS_SCHEMA_VERSION = 1;

/** Keeps each valid field of `raw` and takes the default for every other one. */
export function normalizeSettings(raw: unknown): ReaderSettings {
  const source = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const result: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(FieldSchemas) as Array<keyof ReaderSettings>) {
    const parsed = v.safeParse(FieldSchemas[key], source[key]);
    if (parsed.success) result[key] = parsed.output;
  }
  return result as unknown as ReaderSettings;
}

/** The stored settings item (WXT keeps its version in the item's metadata and runs migrations). */
export const settingsItem = storage.defineItem<ReaderSettings>('sync:reader-settings', {
  fallback: DEFAULT_SETTINGS,
  version: SETTINGS_SCHEMA_VERSION,
});

/** Reads the settings, repaired field by field if damaged. */
export async function loadSettings(): Promise<ReaderSettings> {
  return normalizeSettings(await settingsItem.getValue());
}

/** Changes some settings, keeping the others. */
export async function updateSettings(patch: Partial<ReaderSettings>): Promise<ReaderSettings> {
  const next = normalizeSettings({ ...(await loadSettings()), ...patch });
  await settingsItem.setValue(next);
  return next;
}

/** Calls `onChange` with the repaired settings whenever they change anywhere. */
export function watchSettings(onChange: (settings: ReaderSettings) => void): () => void {
  return settingsItem.watch((value) => onChange(normalizeSettings(value)));
}
