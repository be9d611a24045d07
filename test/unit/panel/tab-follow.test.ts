import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser, type Browser } from 'wxt/browser';
import { followActiveTab } from '../../../utils/panel/tab-follow';
import { settle } from '../support/settle';

type Tab = Browser.tabs.Tab;

/** Two windows: the panel's (a shown tab and a second one) and another window with its own tab. */
async function twoWindows() {
  const panelWindow = (await browser.windows.create({ focused: true }))!;
  const otherWindow = (await browser.windows.create({}))!;
  const second = await browser.tabs.create({ windowId: panelWindow.id, url: 'https://b.example/' });
  const elsewhere = await browser.tabs.create({ windowId: otherWindow.id, url: 'https://c.example/' });
  // Created last so it is the active tab the panel opens on.
  const shown = await browser.tabs.create({ windowId: panelWindow.id, url: 'https://a.example/', active: true });
  return { windowId: panelWindow.id!, otherWindowId: otherWindow.id!, shown, second, elsewhere };
}

const activate = (tab: Tab) => fakeBrowser.tabs.onActivated.trigger({ tabId: tab.id!, windowId: tab.windowId });
const load = (tab: Tab, status: 'loading' | 'complete') => fakeBrowser.tabs.onUpdated.trigger(tab.id!, { status }, tab);

describe('side panel following the active tab', () => {
  beforeEach(() => fakeBrowser.reset());

  it('reads the active tab of its window when the panel opens, as the opening gesture', async () => {
    const { windowId, shown } = await twoWindows();
    const onTab = vi.fn();
    followActiveTab(windowId, onTab);
    await vi.waitFor(() => expect(onTab).toHaveBeenCalled());
    expect(onTab.mock.calls).toEqual([[shown.id, true]]);
  });

  it('reads nothing at first when its window has no active tab (it is closing)', async () => {
    const { otherWindowId } = await twoWindows();
    const onTab = vi.fn();
    followActiveTab(otherWindowId, onTab);
    await settle();
    expect(onTab).not.toHaveBeenCalled();
  });

  it('switches to the tab the user activates in its window, not as a gesture', async () => {
    const { windowId, second } = await twoWindows();
    const onTab = vi.fn();
    followActiveTab(windowId, onTab);
    await settle();
    onTab.mockClear();
    await activate(second);
    expect(onTab.mock.calls).toEqual([[second.id, false]]);
  });

  it('ignores tab switches in another window', async () => {
    const { windowId, elsewhere } = await twoWindows();
    const onTab = vi.fn();
    followActiveTab(windowId, onTab);
    await settle();
    onTab.mockClear();
    await activate(elsewhere);
    expect(onTab).not.toHaveBeenCalled();
  });

  it('re-reads the shown tab when a new page has finished loading in it', async () => {
    const { windowId, shown } = await twoWindows();
    const onTab = vi.fn();
    followActiveTab(windowId, onTab);
    await settle();
    onTab.mockClear();
    await load(shown, 'loading');
    expect(onTab).not.toHaveBeenCalled();
    await load(shown, 'complete');
    expect(onTab.mock.calls).toEqual([[shown.id, false]]);
  });

  it('ignores pages loading in tabs it does not show, including the one it switched away from', async () => {
    const { windowId, shown, second, elsewhere } = await twoWindows();
    const onTab = vi.fn();
    followActiveTab(windowId, onTab);
    await settle();
    await load(second, 'complete');
    await load(elsewhere, 'complete');
    await activate(second);
    onTab.mockClear();
    await load(shown, 'complete');
    expect(onTab).not.toHaveBeenCalled();
    await load(second, 'complete');
    expect(onTab.mock.calls).toEqual([[second.id, false]]);
  });

  it('stops following once stopped', async () => {
    const { windowId, shown, second } = await twoWindows();
    const onTab = vi.fn();
    const stop = followActiveTab(windowId, onTab);
    await settle();
    onTab.mockClear();
    stop();
    await activate(second);
    await load(shown, 'complete');
    await load(second, 'complete');
    expect(onTab).not.toHaveBeenCalled();
  });
});
