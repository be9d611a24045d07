import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import {
  DEFAULT_SETTINGS,
  SETTINGS_MIGRATIONS,
  SETTINGS_SCHEMA_VERSION,
  loadSettings,
  loadSettingsStatus,
  normalizeSettings,
  settingsItem,
  updateSettings,
} from '../../../utils/settings/settings';

describe('settings', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.restoreAllMocks();
  });

  it('starts from the defaults', async () => {
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('persists a change in sync storage with the schema version', async () => {
    await updateSettings({ toolbarAction: 'sidepanel', fontSize: 22 });
    expect(await loadSettings()).toMatchObject({ toolbarAction: 'sidepanel', fontSize: 22, theme: 'system' });
    const stored = await browser.storage.sync.get(['reader-settings', 'reader-settings$']);
    expect(stored['reader-settings']).toMatchObject({ toolbarAction: 'sidepanel', fontSize: 22 });
    expect(stored['reader-settings$']).toMatchObject({ v: SETTINGS_SCHEMA_VERSION });
    expect(await loadSettingsStatus()).toEqual({ syncing: true, reason: null });
  });

  it('repairs a damaged value field by field', () => {
    expect(normalizeSettings({ toolbarAction: 'rocket' })).toEqual(DEFAULT_SETTINGS);
    expect(normalizeSettings('garbage')).toEqual(DEFAULT_SETTINGS);
    expect(normalizeSettings({ toolbarAction: 'sidepanel', unknown: 1 })).toEqual({ ...DEFAULT_SETTINGS, toolbarAction: 'sidepanel' });
    expect(normalizeSettings({ fontSize: 500, lineHeight: 1.9, theme: 'neon' })).toEqual({ ...DEFAULT_SETTINGS, lineHeight: 1.9 });
    expect(normalizeSettings({ fontSize: Number.NaN })).toEqual(DEFAULT_SETTINGS);
  });

  it('survives a damaged stored value', async () => {
    await browser.storage.sync.set({ 'reader-settings': { toolbarAction: 42, theme: 'dark' } });
    expect(await loadSettings()).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark' });
  });

  it('migrates version 1 (toolbar choice only) to version 2 keeping the choice', async () => {
    await browser.storage.sync.set({ 'reader-settings': { toolbarAction: 'sidepanel' }, 'reader-settings$': { v: 1 } });
    await settingsItem.migrate();
    const stored = await browser.storage.sync.get(['reader-settings', 'reader-settings$']);
    expect(stored['reader-settings$']).toMatchObject({ v: 2 });
    expect(stored['reader-settings']).toEqual({ ...DEFAULT_SETTINGS, toolbarAction: 'sidepanel' });
    expect(SETTINGS_MIGRATIONS[2]!({ toolbarAction: 'bogus' })).toEqual(DEFAULT_SETTINGS);
  });

  it('falls back to local storage with a note when sync refuses, and reads the newer copy', async () => {
    let time = 1000;
    await updateSettings({ fontSize: 20 }, () => time++);
    vi.spyOn(fakeBrowser.storage.sync, 'set').mockRejectedValue(new Error('MAX_WRITE_OPERATIONS_PER_MINUTE quota exceeded'));
    await updateSettings({ fontSize: 26 }, () => time++);
    expect(await loadSettings()).toMatchObject({ fontSize: 26 });
    expect(await loadSettingsStatus()).toMatchObject({ syncing: false, reason: expect.stringMatching(/quota/) });
    vi.restoreAllMocks();
    // Once sync works again, the next change goes there and the local copy is cleared.
    await updateSettings({ fontSize: 18 }, () => time++);
    expect(await loadSettings()).toMatchObject({ fontSize: 18 });
    expect((await browser.storage.local.get('reader-settings'))['reader-settings']).toBeUndefined();
    expect(await loadSettingsStatus()).toEqual({ syncing: true, reason: null });
  });
});
