import { render } from 'preact';
import { browser } from 'wxt/browser';
import '@/assets/reader.css';
import { localizeDocument } from '@/utils/ui/page-setup';
import { App } from './App';

localizeDocument(document);
const root = document.getElementById('app');
if (root) {
  // In a side panel there is no tab of our own; opened as a full tab (the library link),
  // getCurrent() returns it, and the page is the library rather than a reader for itself.
  void Promise.all([browser.tabs.getCurrent(), browser.windows.getCurrent(), browser.commands.getAll()]).then(([ownTab, win, commands]) => {
    const shortcut = commands.find((c) => c.name === 'open-side-panel')?.shortcut || null;
    render(<App inTab={ownTab !== undefined} windowId={win.id ?? null} shortcut={shortcut} initialHash={location.hash} />, root);
  });
}
