/**
 * UI text through the browser's i18n (`_locales`), typed by the English catalogue's keys so a
 * missing string is a compile error rather than a blank button.
 */
import { browser } from 'wxt/browser';
import type catalogue from '../../public/_locales/en/messages.json';

/** A key of the message catalogue. */
export type MessageKey = keyof typeof catalogue;

/** The localised text for `key`, with $1…$n substituted. */
export function t(key: MessageKey, ...substitutions: Array<string | number>): string {
  // Keys are checked against our own catalogue type above; WXT's generated key union only
  // catches up after `wxt prepare`, so it is not the one we rely on.
  const getMessage = browser.i18n.getMessage as (name: string, substitutions?: string[]) => string;
  const text = getMessage(key, substitutions.map(String));
  // Empty means "unknown key" to the browser; show the key so the gap is visible and testable.
  return text || key;
}
