import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import background from '../../../entrypoints/background';
import { readLibrary } from '../../../utils/library/store';
import { sendMessage } from '../../../utils/model/messaging';
import { updateSettings } from '../../../utils/settings/settings';
import { makeArticle } from '../support/article-factory';

type CommandTab = { id: number; windowId: number };

/** The fake browser lacks some events; a minimal stand-in with a trigger. */
function stubEvent<A extends unknown[]>(owner: object, name: string) {
  const listeners: Array<(...args: A) => void> = [];
  const event = {
    addListener: (l: (...args: A) => void) => void listeners.push(l),
    removeListener: () => undefined,
    hasListener: () => listeners.length > 0,
  };
  Object.defineProperty(owner, name, { value: event, configurable: true });
  return { trigger: (...args: A) => listeners.forEach((l) => l(...args)) };
}

vi.mock('../../../utils/background/read-tab', () => ({
  readTab: vi.fn(async () => ({ status: 'article', article: makeArticle({ url: 'https://menu.example/story' }), durationMs: 5 })),
}));

describe('background wiring', () => {
  let commands: { trigger: (command: string, tab: CommandTab) => void };
  let menu: { trigger: (info: { menuItemId: string }, tab: CommandTab) => void };
  beforeEach(() => {
    fakeBrowser.reset();
    vi.restoreAllMocks();
    commands = stubEvent<[string, CommandTab]>(fakeBrowser.commands, 'onCommand');
    menu = stubEvent<[{ menuItemId: string }, CommandTab]>(fakeBrowser.contextMenus, 'onClicked');
    stubEvent<[{ origins?: string[] }]>(fakeBrowser.permissions, 'onAdded');
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

  it('opens the side panel from the context menu, for the page or the selection', async () => {
    const open = vi.spyOn(fakeBrowser.sidePanel, 'open').mockResolvedValue(undefined);
    background.main();
    menu.trigger({ menuItemId: 'read-selection' }, { id: 4, windowId: 1 });
    expect(open).toHaveBeenCalledWith({ tabId: 4 });
    await vi.waitFor(async () => {
      const stored = await browser.storage.session.get('last-invocation');
      expect(stored['last-invocation']).toMatchObject({ tabId: 4, intent: 'selection' });
    });
  });

  it('saves the page from the context menu and says so on the toolbar button', async () => {
    const badge = vi.spyOn(fakeBrowser.action, 'setBadgeText').mockResolvedValue(undefined);
    vi.spyOn(fakeBrowser.action, 'setBadgeBackgroundColor').mockResolvedValue(undefined);
    vi.spyOn(fakeBrowser.action, 'setTitle').mockResolvedValue(undefined);
    background.main();
    menu.trigger({ menuItemId: 'save-page' }, { id: 4, windowId: 1 });
    await vi.waitFor(async () => expect((await readLibrary()).entries.map((e) => e.url)).toEqual(['https://menu.example/story']));
    await vi.waitFor(() => expect(badge).toHaveBeenCalledWith({ tabId: 4, text: '✓' }));
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
