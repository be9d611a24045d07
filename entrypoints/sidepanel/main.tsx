import { render } from 'preact';
import { browser } from 'wxt/browser';
import '@/assets/reader.css';
import { localizeDocument } from '@/utils/ui/page-setup';
import { isLibraryHash } from '@/utils/ui/library-url';
import { App, preloadReaderView } from './App';
import { view } from './state';

localizeDocument(document);
const root = document.getElementById('app');
// The panel opens on the reader unless it was opened on the library: its code loads meanwhile.
if (!isLibraryHash(location.hash)) preloadReaderView();
if (root) {
  // In a side panel there is no tab of our own; opened as a full tab (the library link),
  // getCurrent() returns it, and the page is the library rather than a reader for itself.
  void Promise.all([browser.tabs.getCurrent(), browser.windows.getCurrent(), browser.commands.getAll()]).then(([ownTab, win, commands]) => {
    // The first render is the library's when the page is one (not the reader's, then the library's).
    if (ownTab !== undefined || isLibraryHash(location.hash)) view.value = 'library';
    const shortcut = commands.find((c) => c.name === 'open-side-panel')?.shortcut || null;
    render(<App inTab={ownTab !== undefined} windowId={win.id ?? null} shortcut={shortcut} initialHash={location.hash} />, root);
  });
}
