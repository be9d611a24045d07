import { render } from 'preact';
import { browser } from 'wxt/browser';
import '@/assets/reader.css';
import { localizeDocument } from '@/utils/ui/page-setup';
import { App } from './App';

localizeDocument(document);
const root = document.getElementById('app');
if (root) {
  void browser.tabs.query({ active: true, currentWindow: true }).then(([tab]) => {
    render(<App tabId={tab?.id ?? null} windowId={tab?.windowId ?? null} />, root);
  });
}
