/**
 * Reader settings, kept in storage.sync so they follow the user to other devices, with a local
 * copy whenever sync refuses a write (sync turned off by policy, its quota full, or its
 * per-minute write limit reached). Stored with a schema version; a value that fails validation
 * falls back to the defaults field by field, so one bad field never resets the rest.
 */
import * as v from 'valibot';
import { storage } from 'wxt/utils/storage';

/** What the toolbar button opens. */
export type ToolbarAction = 'popup' | 'sidepanel';
/** Typefaces the reader offers; 'dyslexic' is the bundled OpenDyslexic. */
export type Typeface = 'serif' | 'sans' | 'mono' | 'system' | 'dyslexic';
/** Colour themes; 'system' follows prefers-color-scheme. */
export type Theme = 'system' | 'light' | 'dark' | 'sepia' | 'contrast';
/** Ragged (start) or justified with hyphenation. */
export type TextAlign = 'start' | 'justify';

/** Every user-adjustable reader setting. */
export interface ReaderSettings {
  toolbarAction: ToolbarAction;
  typeface: Typeface;
  /** Body text size in CSS px. */
  fontSize: number;
  /** Unitless line height. */
  lineHeight: number;
  /** Measure of the text column, in em of the body text. */
  contentWidth: number;
  /** Space between paragraphs, in em. */
  paragraphSpacing: number;
  /** Extra letter spacing, in em. */
  letterSpacing: number;
  textAlign: TextAlign;
  theme: Theme;
  /** Dim images in dark themes so they do not glare. */
  dimImages: boolean;
}

/** Bounds and step of each numeric setting, shared by validation and the sliders. */
export const NUMERIC_RANGES = {
  fontSize: { min: 13, max: 32, step: 1 },
  lineHeight: { min: 1.2, max: 2.2, step: 0.05 },
  contentWidth: { min: 22, max: 50, step: 1 },
  paragraphSpacing: { min: 0, max: 2.5, step: 0.1 },
  letterSpacing: { min: -0.02, max: 0.15, step: 0.01 },
} as const satisfies Partial<Record<keyof ReaderSettings, { min: number; max: number; step: number }>>;

/**
 * Defaults chosen so most people never open the settings: a book-like serif at 19 px, a
 * measure of about 66 characters, and line spacing that stays comfortable at that width.
 */
export const DEFAULT_SETTINGS: ReaderSettings = {
  toolbarAction: 'popup',
  typeface: 'serif',
  fontSize: 19,
  lineHeight: 1.6,
  contentWidth: 34,
  paragraphSpacing: 1.1,
  letterSpacing: 0,
  textAlign: 'start',
  theme: 'system',
  dimImages: true,
};

function rangeSchema(range: { min: number; max: number }) {
  return v.pipe(v.number(), v.finite(), v.minValue(range.min), v.maxValue(range.max));
}

const FieldSchemas = {
  toolbarAction: v.picklist(['popup', 'sidepanel']),
  typeface: v.picklist(['serif', 'sans', 'mono', 'system', 'dyslexic']),
  fontSize: rangeSchema(NUMERIC_RANGES.fontSize),
  lineHeight: rangeSchema(NUMERIC_RANGES.lineHeight),
  contentWidth: rangeSchema(NUMERIC_RANGES.contentWidth),
  paragraphSpacing: rangeSchema(NUMERIC_RANGES.paragraphSpacing),
  letterSpacing: rangeSchema(NUMERIC_RANGES.letterSpacing),
  textAlign: v.picklist(['start', 'justify']),
  theme: v.picklist(['system', 'light', 'dark', 'sepia', 'contrast']),
  dimImages: v.boolean(),
} satisfies { [K in keyof ReaderSettings]: v.GenericSchema<unknown, ReaderSettings[K]> };

/** Version of the stored settings shape. v1 held only toolbarAction; v2 added the typography. */
export const SETTINGS_SCHEMA_VERSION = 2;

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

/** Upgrades stored settings, keyed by the version they upgrade to (WXT's migration map). */
export const SETTINGS_MIGRATIONS: Record<number, (old: unknown) => unknown> = {
  // v1 → v2: keep the toolbar choice, add the typography defaults.
  2: (old) => ({ ...DEFAULT_SETTINGS, toolbarAction: normalizeSettings(old).toolbarAction }),
};

/** What is stored: the settings plus when they were written, to pick the newer of two copies. */
type StoredSettings = ReaderSettings & { updatedAt?: number };

/** The synced settings item (WXT keeps its version in the item's metadata and runs migrations). */
export const settingsItem = storage.defineItem<StoredSettings>('sync:reader-settings', {
  fallback: DEFAULT_SETTINGS,
  version: SETTINGS_SCHEMA_VERSION,
  migrations: SETTINGS_MIGRATIONS,
});

/** The local copy, written when sync refuses; same shape and version. */
export const localSettingsItem = storage.defineItem<StoredSettings | null>('local:reader-settings', {
  fallback: null,
  version: SETTINGS_SCHEMA_VERSION,
  migrations: SETTINGS_MIGRATIONS,
});

/** Where the settings were last saved, for the note in the settings panel. */
export interface SettingsStorageStatus {
  syncing: boolean;
  /** Why sync was not used, when it was not. */
  reason: string | null;
}
const statusItem = storage.defineItem<SettingsStorageStatus>('local:reader-settings-status', {
  fallback: { syncing: true, reason: null },
});

function updatedAt(value: unknown): number {
  const at = (value as { updatedAt?: unknown } | null)?.updatedAt;
  return typeof at === 'number' ? at : 0;
}

/** Reads the settings (the newer of the synced and local copies), repaired field by field. */
export async function loadSettings(): Promise<ReaderSettings> {
  const [synced, local] = await Promise.all([settingsItem.getValue().catch(() => null), localSettingsItem.getValue().catch(() => null)]);
  return normalizeSettings(local && updatedAt(local) > updatedAt(synced) ? local : synced);
}

/** Where the settings live right now (synced, or local with the reason). */
export function loadSettingsStatus(): Promise<SettingsStorageStatus> {
  return statusItem.getValue();
}

/** Changes some settings, keeping the others; falls back to local storage if sync refuses. */
export async function updateSettings(patch: Partial<ReaderSettings>, now: () => number = Date.now): Promise<ReaderSettings> {
  const next = normalizeSettings({ ...(await loadSettings()), ...patch });
  const stored: StoredSettings = { ...next, updatedAt: now() };
  try {
    await settingsItem.setValue(stored);
    await localSettingsItem.setValue(null);
    await statusItem.setValue({ syncing: true, reason: null });
  } catch (error) {
    await localSettingsItem.setValue(stored);
    const text = error instanceof Error ? error.message : String(error);
    await statusItem.setValue({ syncing: false, reason: text });
  }
  return next;
}

/** Calls `onChange` with the current settings whenever either copy changes anywhere. */
export function watchSettings(onChange: (settings: ReaderSettings) => void): () => void {
  const reload = () => void loadSettings().then(onChange);
  const stops = [settingsItem.watch(reload), localSettingsItem.watch(reload)];
  return () => stops.forEach((stop) => stop());
}

/** Calls `onChange` whenever the sync/local status changes. */
export function watchSettingsStatus(onChange: (status: SettingsStorageStatus) => void): () => void {
  return statusItem.watch(onChange);
}
