import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { DEFAULT_SETTINGS, loadSettings, normalizeSettings, updateSettings } from '../../utils/settings';

describe('settings', () => {
  beforeEach(() => fakeBrowser.reset());

  it('starts from the defaults', async () => {
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('persists a change in sync storage', async () => {
    await updateSettings({ toolbarAction: 'sidepanel' });
    expect(await loadSettings()).toMatchObject({ toolbarAction: 'sidepanel' });
    const stored = await browser.storage.sync.get('reader-settings');
    expect(stored['reader-settings']).toMatchObject({ toolbarAction: 'sidepanel' });
  });

  it('repairs a damaged value field by field', () => {
    expect(normalizeSettings({ toolbarAction: 'rocket' })).toEqual(DEFAULT_SETTINGS);
    expect(normalizeSettings('garbage')).toEqual(DEFAULT_SETTINGS);
    expect(normalizeSettings({ toolbarAction: 'sidepanel', unknown: 1 })).toEqual({ ...DEFAULT_SETTINGS, toolbarAction: 'sidepanel' });
  });

  it('survives a damaged stored value', async () => {
    await browser.storage.sync.set({ 'reader-settings': { toolbarAction: 42 } });
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
  });
});
