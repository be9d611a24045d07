import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { readLibrary } from '../../../utils/library/store';
import type { Article } from '../../../utils/model/article';
import type { TabReadResult } from '../../../utils/model/messaging';
import { ACCESS_RETRY_DELAYS_MS, createTabReader } from '../../../utils/ui/reader-store';
import { fakeBackground } from '../support/fake-background';
import { makeArticle } from '../support/article-factory';
import { englishMessage } from '../support/english-i18n';
import { libraryStorageFull } from '../support/library';
import { settle, useFakeClocks } from '../support/settle';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const found = (article: Article): TabReadResult => ({ status: 'article', article, durationMs: 12 });
const needsAccess: TabReadResult = { status: 'needs-access', url: 'https://news.example/world/putin-xi' };

/** Makes the next library writes fail as a full disk would. */
const storageFull = libraryStorageFull;

async function titles(): Promise<string[]> {
  return (await readLibrary()).entries.map((e) => e.title);
}

beforeEach(() => {
  fakeBrowser.reset();
  vi.restoreAllMocks();
  useFakeClocks();
});
afterEach(() => vi.useRealTimers());

describe('tab reader', () => {
  it('shows the tab as loading, then its article, not yet saved', async () => {
    const background = fakeBackground();
    const article = makeArticle();
    background.readTab.mockResolvedValueOnce(found(article));
    const reader = createTabReader(background);
    const reading = reader.read(3);
    expect(reader.state.value).toEqual({ status: 'loading', tabId: 3 });
    await reading;
    expect(reader.state.value).toEqual({ status: 'article', article, durationMs: 12, tabId: 3 });
    expect(reader.article.value).toEqual(article);
    expect(reader.save.value).toEqual({ status: 'unsaved' });
    expect(background.readTab).toHaveBeenCalledWith({ tabId: 3, mode: 'auto' }, {});
  });

  it('reads the tab the way the user asked ("Read anyway", the selection)', async () => {
    const background = fakeBackground();
    const reader = createTabReader(background);
    await reader.read(3, 'force');
    await reader.read(3, 'selection');
    expect(background.readTab.mock.calls.map(([payload]) => payload)).toEqual([
      { tabId: 3, mode: 'force' },
      { tabId: 3, mode: 'selection' },
    ]);
  });

  it('shows an article saved earlier as saved, even under another address of the same page', async () => {
    const background = fakeBackground();
    const saved = await background.writer.save(makeArticle({ url: 'https://news.example/story?id=7' }));
    background.readTab.mockResolvedValueOnce(found(makeArticle({ url: 'https://news.example/story?id=7&utm_source=feed#comments' })));
    const reader = createTabReader(background);
    await reader.read(3);
    expect(reader.save.value).toEqual({ status: 'saved', entry: saved.ok && saved.value });
  });

  it('shows why a page has no article, with nothing to save', async () => {
    const background = fakeBackground();
    background.readTab.mockResolvedValueOnce({ status: 'no-article', message: 'This page does not look like an article.', hasSelection: false });
    const reader = createTabReader(background);
    await reader.read(5);
    expect(reader.state.value).toEqual({ status: 'no-article', message: 'This page does not look like an article.', hasSelection: false, tabId: 5 });
    expect(reader.article.value).toBeNull();
    await reader.toggleSave();
    expect(reader.save.value).toEqual({ status: 'unsaved' });
    expect(background.requests).not.toContain('saveArticle');
  });

  it('shows an error when the background cannot be reached', async () => {
    const background = fakeBackground();
    const reader = createTabReader({ send: () => Promise.reject(new Error('Could not establish connection. Receiving end does not exist.')) });
    await reader.read(3);
    expect(reader.state.value).toEqual({ status: 'error', message: 'Could not establish connection. Receiving end does not exist.', tabId: 3 });
    // A failure inside the background comes back the same way.
    background.readTab.mockRejectedValueOnce(new Error('tab was closed'));
    const second = createTabReader(background);
    await second.read(3);
    expect(second.state.value).toMatchObject({ status: 'error', message: expect.stringContaining('tab was closed'), tabId: 3 });
  });

  it('after a toolbar click, keeps asking while access is on its way and then shows the article', async () => {
    const background = fakeBackground();
    const article = makeArticle();
    background.readTab.mockResolvedValueOnce(needsAccess).mockResolvedValueOnce(needsAccess).mockResolvedValueOnce(found(article));
    const reader = createTabReader(background);
    const reading = reader.read(3, 'auto', { expectAccess: true });
    await settle();
    // No "grant access" flash while waiting.
    expect(reader.state.value).toEqual({ status: 'loading', tabId: 3 });
    await vi.runAllTimersAsync();
    await reading;
    expect(reader.state.value).toMatchObject({ status: 'article', article, tabId: 3 });
    expect(background.readTab).toHaveBeenCalledTimes(3);
  });

  it('after a toolbar click, calls the tab one the browser keeps from extensions when access never comes', async () => {
    // about:blank and view-source: tabs: Chrome hides their URL and refuses them as it refuses a
    // tab never clicked, so "click Reader" would ask for the click the user has just made.
    const background = fakeBackground();
    background.readTab.mockResolvedValue(needsAccess);
    const reader = createTabReader(background);
    const reading = reader.read(3, 'auto', { expectAccess: true });
    await vi.runAllTimersAsync();
    await reading;
    expect(reader.state.value).toEqual({ status: 'restricted', reason: 'hidden-page', url: needsAccess.url, tabId: 3 });
    expect(background.readTab).toHaveBeenCalledTimes(ACCESS_RETRY_DELAYS_MS.length + 1);
  });

  it('waits only as often as asked (the popup, whose grant comes before it opens)', async () => {
    const background = fakeBackground();
    background.readTab.mockResolvedValue(needsAccess);
    const reader = createTabReader(background);
    const reading = reader.read(3, 'auto', { expectAccess: true, accessRetriesMs: [150] });
    await vi.runAllTimersAsync();
    await reading;
    expect(reader.state.value).toMatchObject({ status: 'restricted', reason: 'hidden-page', tabId: 3 });
    expect(background.readTab).toHaveBeenCalledTimes(2);
  });

  it('asks for access at once when the panel was not opened by a gesture', async () => {
    const background = fakeBackground();
    background.readTab.mockResolvedValue(needsAccess);
    const reader = createTabReader(background);
    const reading = reader.read(3);
    await settle();
    expect(reader.state.value).toEqual({ ...needsAccess, tabId: 3 });
    await reading;
    expect(background.readTab).toHaveBeenCalledTimes(1);
  });

  it('keeps showing the tab the user switched to when the previous tab answers late', async () => {
    const background = fakeBackground();
    const slow = deferred<TabReadResult>();
    const left = makeArticle({ url: 'https://slow.example/a', title: 'Left behind' });
    const current = makeArticle({ url: 'https://fast.example/b', title: 'Now shown' });
    background.readTab.mockImplementation(({ tabId }) => (tabId === 1 ? slow.promise : Promise.resolve(found(current))));
    const reader = createTabReader(background);
    const first = reader.read(1);
    await reader.read(2);
    slow.resolve(found(left));
    await first;
    expect(reader.state.value).toMatchObject({ status: 'article', tabId: 2, article: { title: 'Now shown' } });
  });

  it('keeps showing the tab the user switched to while the previous one was waiting for access', async () => {
    const background = fakeBackground();
    background.readTab.mockImplementation(async ({ tabId }) => (tabId === 1 ? needsAccess : found(makeArticle({ title: 'Now shown' }))));
    const reader = createTabReader(background);
    const first = reader.read(1, 'auto', { expectAccess: true });
    await settle();
    await reader.read(2);
    await vi.runAllTimersAsync();
    await first;
    expect(reader.state.value).toMatchObject({ status: 'article', tabId: 2, article: { title: 'Now shown' } });
    // Once the user has moved on, the previous tab is not asked again.
    const askedPrevious = background.readTab.mock.calls.filter(([{ tabId }]) => tabId === 1).length;
    expect(askedPrevious).toBe(1);
  });

  it('saves the article on screen: saving, then saved, and it is in the library', async () => {
    const background = fakeBackground();
    background.readTab.mockResolvedValueOnce(found(makeArticle({ title: 'Keep me' })));
    const reader = createTabReader(background);
    await reader.read(3);
    const saving = reader.toggleSave();
    expect(reader.save.value).toEqual({ status: 'saving' });
    await saving;
    expect(reader.save.value).toMatchObject({ status: 'saved', entry: { id: 'id-1', title: 'Keep me' } });
    expect(await titles()).toEqual(['Keep me']);
  });

  it('takes the article out of the library on a second click (the undo of a save)', async () => {
    const background = fakeBackground();
    background.readTab.mockResolvedValueOnce(found(makeArticle({ title: 'Keep me' })));
    const reader = createTabReader(background);
    await reader.read(3);
    await reader.toggleSave();
    const removing = reader.toggleSave();
    expect(reader.save.value).toEqual({ status: 'saving' });
    await removing;
    expect(reader.save.value).toEqual({ status: 'unsaved' });
    expect(await titles()).toEqual([]);
  });

  it('saves once on a double click', async () => {
    const background = fakeBackground();
    background.readTab.mockResolvedValueOnce(found(makeArticle()));
    const reader = createTabReader(background);
    await reader.read(3);
    await Promise.all([reader.toggleSave(), reader.toggleSave()]);
    expect(background.requests.filter((r) => r !== 'readTab')).toEqual(['saveArticle']);
    expect(reader.save.value).toMatchObject({ status: 'saved' });
  });

  it('says why a save failed, and saves on the next try', async () => {
    const background = fakeBackground();
    background.readTab.mockResolvedValueOnce(found(makeArticle({ title: 'Keep me' })));
    const reader = createTabReader(background);
    await reader.read(3);
    const full = storageFull();
    await reader.toggleSave();
    expect(reader.save.value).toEqual({ status: 'failed', message: englishMessage('libraryQuotaFull') });
    full.mockRestore();
    await reader.toggleSave();
    expect(reader.save.value).toMatchObject({ status: 'saved', entry: { title: 'Keep me' } });
  });

  it('stays saved when taking the article out fails', async () => {
    const background = fakeBackground();
    background.readTab.mockResolvedValueOnce(found(makeArticle({ title: 'Keep me' })));
    const reader = createTabReader(background);
    await reader.read(3);
    await reader.toggleSave();
    const before = reader.save.value;
    storageFull();
    await reader.toggleSave();
    expect(reader.save.value).toEqual(before);
    vi.restoreAllMocks();
    expect(await titles()).toEqual(['Keep me']);
  });

  it('shows the save button as unsaved again when another tab is read', async () => {
    const background = fakeBackground();
    background.readTab.mockResolvedValueOnce(found(makeArticle()));
    const reader = createTabReader(background);
    await reader.read(3);
    await reader.toggleSave();
    background.readTab.mockResolvedValueOnce({ status: 'no-selection', message: 'Select some text first.' });
    await reader.read(4, 'selection');
    expect(reader.save.value).toEqual({ status: 'unsaved' });
  });

  it('catches up with a save or delete made in another view', async () => {
    const background = fakeBackground();
    const article = makeArticle();
    background.readTab.mockResolvedValueOnce(found(article));
    const reader = createTabReader(background);
    await reader.read(3);
    const elsewhere = await background.writer.save(article);
    await reader.syncSaved();
    expect(reader.save.value).toEqual({ status: 'saved', entry: elsewhere.ok && elsewhere.value });
    await background.writer.remove('id-1');
    await reader.syncSaved();
    expect(reader.save.value).toEqual({ status: 'unsaved' });
  });

  it('does not disturb a save in progress when catching up', async () => {
    const background = fakeBackground();
    background.readTab.mockResolvedValueOnce(found(makeArticle()));
    const gate = deferred<void>();
    const save = background.handlers.saveArticle;
    background.handlers.saveArticle = async (payload, sender) => {
      await gate.promise;
      return save(payload, sender);
    };
    const reader = createTabReader(background);
    await reader.read(3);
    const saving = reader.toggleSave();
    await reader.syncSaved();
    expect(reader.save.value).toEqual({ status: 'saving' });
    gate.resolve();
    await saving;
    expect(reader.save.value).toMatchObject({ status: 'saved' });
  });
});
