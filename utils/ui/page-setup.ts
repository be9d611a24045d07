/** Setup shared by every extension page before it renders. */
import { browser } from 'wxt/browser';

/** Sets the page's language and direction from the browser's UI locale (Arabic UI is RTL). */
export function localizeDocument(doc: Document): void {
  const lang = browser.i18n.getUILanguage();
  doc.documentElement.lang = lang;
  doc.documentElement.dir = browser.i18n.getMessage('@@bidi_dir') === 'rtl' ? 'rtl' : 'ltr';
  // The HTML <title> holds a __MSG_ key because WXT copies it into the manifest, where the
  // browser localises it; the page itself needs the real text.
  doc.title = browser.i18n.getMessage('appName') || 'Reader';
}
