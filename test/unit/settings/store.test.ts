import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { TYPEFACE_STACKS } from '../../../utils/settings/appearance';
import { DEFAULT_SETTINGS, loadSettings, updateSettings } from '../../../utils/settings/settings';
import { SETTINGS_WRITE_DELAY_MS, createSettingsStore } from '../../../utils/settings/store';
import { settle, useFakeClocks } from '../support/settle';

/** A page's window as the store uses it: the dark-mode media query and the pagehide event. */
function fakeWindow(systemDark = false) {
  const query = Object.assign(new EventTarget(), { matches: systemDark, media: '(prefers-color-scheme: dark)' });
  const win = Object.assign(new EventTarget(), { matchMedia: () => query }) as unknown as Window;
  const setSystemDark = (dark: boolean) => {
    query.matches = dark;
    query.dispatchEvent(Object.assign(new Event('change'), { matches: dark }));
  };
  return { win, setSystemDark };
}

/** What the page shows, read back from the root element. */
function shown(root: HTMLElement) {
  return {
    theme: root.getAttribute('data-theme'),
    align: root.getAttribute('data-align'),
    typeface: root.getAttribute('data-typeface'),
    font: root.style.getPropertyValue('--text-font'),
    size: root.style.getPropertyValue('--text-size'),
  };
}

/** Every font size written to sync storage, in order. */
function recordSyncedFontSizes(): number[] {
  const written: number[] = [];
  fakeBrowser.storage.onChanged.addListener((changes, area) => {
    const value = changes['reader-settings']?.newValue as { fontSize?: number } | undefined;
    if (area === 'sync' && value?.fontSize !== undefined) written.push(value.fontSize);
  });
  return written;
}

describe('settings store', () => {
  let root: HTMLElement;
  beforeEach(() => {
    fakeBrowser.reset();
    vi.restoreAllMocks();
    useFakeClocks();
    root = document.createElement('div');
  });
  afterEach(() => vi.useRealTimers());

  it('shows the default look before the stored settings have loaded', () => {
    createSettingsStore(fakeWindow().win, root);
    expect(shown(root)).toEqual({ theme: 'light', align: 'start', typeface: 'serif', font: TYPEFACE_STACKS.serif, size: '19px' });
  });

  it('follows the system between light and dark while the theme is "system"', () => {
    const { win, setSystemDark } = fakeWindow(true);
    const store = createSettingsStore(win, root);
    store.start();
    expect(shown(root).theme).toBe('dark');
    setSystemDark(false);
    expect(shown(root).theme).toBe('light');
    setSystemDark(true);
    expect(shown(root).theme).toBe('dark');
  });

  it('shows the stored settings once loaded', async () => {
    await updateSettings({ fontSize: 24, theme: 'sepia', typeface: 'mono' });
    const store = createSettingsStore(fakeWindow().win, root);
    store.start();
    await settle();
    expect(shown(root)).toMatchObject({ theme: 'sepia', typeface: 'mono', font: TYPEFACE_STACKS.mono, size: '24px' });
    expect(store.settings.value).toMatchObject({ fontSize: 24, theme: 'sepia', typeface: 'mono' });
  });

  it('does not undo a change made before the stored settings have loaded', async () => {
    await updateSettings({ fontSize: 21 });
    const store = createSettingsStore(fakeWindow().win, root);
    store.start();
    store.change({ fontSize: 27 });
    await settle();
    expect(shown(root).size).toBe('27px');
    expect(store.settings.value.fontSize).toBe(27);
  });

  it('picks up a change made in another view or on another device', async () => {
    const store = createSettingsStore(fakeWindow().win, root);
    store.start();
    await settle();
    await updateSettings({ theme: 'contrast', textAlign: 'justify' });
    await settle();
    expect(shown(root)).toMatchObject({ theme: 'contrast', align: 'justify' });
  });

  it('moves the text as a slider moves and writes only where the drag stopped, after a pause', async () => {
    const written = recordSyncedFontSizes();
    const store = createSettingsStore(fakeWindow().win, root);
    store.start();
    await settle();
    for (const fontSize of [20, 21, 22, 23]) {
      store.change({ fontSize });
      expect(shown(root).size).toBe(`${fontSize}px`);
      vi.advanceTimersByTime(SETTINGS_WRITE_DELAY_MS / 2);
      await settle();
    }
    expect(written).toEqual([]);
    vi.advanceTimersByTime(SETTINGS_WRITE_DELAY_MS);
    await settle();
    expect(written).toEqual([23]);
    expect(await loadSettings()).toMatchObject({ fontSize: 23 });
    expect(shown(root).size).toBe('23px');
  });

  it('writes a choice such as the theme at once', async () => {
    const store = createSettingsStore(fakeWindow().win, root);
    store.start();
    await settle();
    store.change({ theme: 'dark' });
    expect(shown(root).theme).toBe('dark');
    vi.advanceTimersByTime(0);
    await settle();
    expect(await loadSettings()).toMatchObject({ theme: 'dark' });
  });

  it('keeps a slider value not yet written when another change arrives from storage', async () => {
    const store = createSettingsStore(fakeWindow().win, root);
    store.start();
    await settle();
    store.change({ fontSize: 28 });
    // Meanwhile another view switches the theme.
    await updateSettings({ theme: 'sepia' });
    await settle();
    expect(shown(root)).toMatchObject({ theme: 'sepia', size: '28px' });
    vi.advanceTimersByTime(SETTINGS_WRITE_DELAY_MS);
    await settle();
    expect(await loadSettings()).toMatchObject({ theme: 'sepia', fontSize: 28 });
  });

  it('once its own change is written, shows a later change of the same setting from another view', async () => {
    const store = createSettingsStore(fakeWindow().win, root);
    store.start();
    await settle();
    store.change({ fontSize: 22 });
    vi.advanceTimersByTime(SETTINGS_WRITE_DELAY_MS);
    await settle();
    await updateSettings({ fontSize: 25 });
    await settle();
    expect(shown(root).size).toBe('25px');
    expect(store.settings.value.fontSize).toBe(25);
  });

  it('writes a waiting slider change when the page is closed', async () => {
    const { win } = fakeWindow();
    const store = createSettingsStore(win, root);
    store.start();
    await settle();
    store.change({ lineHeight: 2 });
    win.dispatchEvent(new Event('pagehide'));
    await settle();
    expect(await loadSettings()).toMatchObject({ lineHeight: 2 });
  });

  it('goes back to the defaults on reset but keeps what the toolbar button opens', async () => {
    await updateSettings({ toolbarAction: 'sidepanel', fontSize: 26, theme: 'dark', typeface: 'dyslexic' });
    const store = createSettingsStore(fakeWindow().win, root);
    store.start();
    await settle();
    store.reset();
    expect(shown(root)).toMatchObject({ theme: 'light', typeface: 'serif', size: '19px' });
    vi.advanceTimersByTime(0);
    await settle();
    expect(await loadSettings()).toEqual({ ...DEFAULT_SETTINGS, toolbarAction: 'sidepanel' });
  });

  it('says the settings are kept on this device only when sync refuses to store them', async () => {
    const store = createSettingsStore(fakeWindow().win, root);
    store.start();
    await settle();
    expect(store.status.value).toEqual({ syncing: true, reason: null });
    vi.spyOn(fakeBrowser.storage.sync, 'set').mockRejectedValue(new Error('QUOTA_BYTES_PER_ITEM quota exceeded'));
    store.change({ theme: 'dark' });
    vi.advanceTimersByTime(0);
    await settle();
    expect(store.status.value).toEqual({ syncing: false, reason: expect.stringMatching(/quota/) });
    // The change is still kept, and shown.
    expect(await loadSettings()).toMatchObject({ theme: 'dark' });
    expect(shown(root).theme).toBe('dark');
  });

  it('shows the sync problem found by an earlier page as soon as it opens', async () => {
    vi.spyOn(fakeBrowser.storage.sync, 'set').mockRejectedValue(new Error('sync disabled by policy'));
    await updateSettings({ theme: 'dark' });
    vi.restoreAllMocks();
    const store = createSettingsStore(fakeWindow().win, root);
    store.start();
    await settle();
    expect(store.status.value).toEqual({ syncing: false, reason: 'sync disabled by policy' });
  });

  it('stops following storage and the system once stopped', async () => {
    const { win, setSystemDark } = fakeWindow(false);
    const store = createSettingsStore(win, root);
    const stop = store.start();
    await settle();
    stop();
    await updateSettings({ fontSize: 30 });
    vi.spyOn(fakeBrowser.storage.sync, 'set').mockRejectedValue(new Error('quota exceeded'));
    await updateSettings({ fontSize: 31 });
    setSystemDark(true);
    await settle();
    expect(shown(root)).toMatchObject({ theme: 'light', size: '19px' });
    expect(store.status.value).toEqual({ syncing: true, reason: null });
  });
});
