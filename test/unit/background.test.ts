import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import background from '../../entrypoints/background';
import { readLibrary } from '../../utils/library';
import { sendMessage } from '../../utils/messaging';
import { updateSettings } from '../../utils/settings';
import { makeArticle } from './article-factory';

type CommandTab = { id: number; windowId: number };

/** The fake browser has no commands.onCommand; a minimal event stands in for it. */
function stubCommandEvent() {
  const listeners: Array<(command: string, tab?: CommandTab) => void> = [];
  const event = {
    addListener: (l: (command: string, tab?: CommandTab) => void) => void listeners.push(l),
    removeListener: () => undefined,
    hasListener: () => listeners.length > 0,
  };
  Object.defineProperty(fakeBrowser.commands, 'onCommand', { value: event, configurable: true });
  return { trigger: (command: string, tab: CommandTab) => listeners.forEach((l) => l(command, tab)) };
}

describe('background wiring', () => {
  let commands: ReturnType<typeof stubCommandEvent>;
  beforeEach(() => {
    fakeBrowser.reset();
    vi.restoreAllMocks();
    commands = stubCommandEvent();
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
      manifest_version: 3,
      name: 'Reader',
      version: '0.0.0',
      action: { default_popup: 'popup.html' },
    } as ReturnType<typeof fakeBrowser.runtime.getManifest>);
  });

  it('opens the side panel on the keyboard shortcut and tells open panels which tab', async () => {
    const open = vi.spyOn(fakeBrowser.sidePanel, 'open').mockResolvedValue(undefined);
    background.main();
    commands.trigger('open-side-panel', { id: 7, windowId: 1 });
    expect(open).toHaveBeenCalledWith({ tabId: 7 });
    await vi.waitFor(async () => {
      const stored = await browser.storage.session.get('last-invocation');
      expect(stored['last-invocation']).toMatchObject({ tabId: 7, intent: 'read' });
    });
  });

  it('ignores other commands', async () => {
    const open = vi.spyOn(fakeBrowser.sidePanel, 'open').mockResolvedValue(undefined);
    background.main();
    commands.trigger('something-else', { id: 7, windowId: 1 });
    expect(open).not.toHaveBeenCalled();
  });

  it('makes the toolbar button open the side panel when the setting says so, and back', async () => {
    const behaviour = vi.spyOn(fakeBrowser.sidePanel, 'setPanelBehavior').mockResolvedValue(undefined);
    const setPopup = vi.spyOn(fakeBrowser.action, 'setPopup').mockResolvedValue(undefined);
    background.main();
    await updateSettings({ toolbarAction: 'sidepanel' });
    await vi.waitFor(() => expect(setPopup).toHaveBeenLastCalledWith({ popup: '' }));
    // Never Chrome's own open-on-click: it would not grant activeTab to the panel.
    expect(behaviour).not.toHaveBeenCalledWith({ openPanelOnActionClick: true });
    await updateSettings({ toolbarAction: 'popup' });
    await vi.waitFor(() => expect(setPopup).toHaveBeenLastCalledWith({ popup: 'popup.html' }));
  });

  it('opens the side panel from a toolbar click when there is no popup', async () => {
    const open = vi.spyOn(fakeBrowser.sidePanel, 'open').mockResolvedValue(undefined);
    background.main();
    await fakeBrowser.action.onClicked.trigger({ id: 9, windowId: 2 } as Parameters<typeof fakeBrowser.action.onClicked.trigger>[0]);
    expect(open).toHaveBeenCalledWith({ tabId: 9 });
  });

  it('is the writer behind the saveArticle message', async () => {
    background.main();
    const result = await sendMessage('saveArticle', { article: makeArticle() });
    expect(result).toMatchObject({ ok: true, created: true });
    expect((await readLibrary()).entries).toHaveLength(1);
  });

  it('refuses a malformed message with a clear error', async () => {
    background.main();
    await expect(sendMessage('deleteArticle', { id: '' })).rejects.toThrow(/invalid deleteArticle request/);
  });
});
