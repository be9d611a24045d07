/**
 * Vitest setup: WXT's fake browser has no `i18n.getMessage`, so every unit test would see raw
 * keys. This answers from the real English catalogue, with the browser's placeholder rules
 * ($NAME$ → its `content`, then $1…$9 → the substitutions, $$ → $), so tests read what users read.
 */
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import catalogue from '../../../public/_locales/en/messages.json';

type Entry = { message: string; placeholders?: Record<string, { content: string }> };

/** The English text of `key` as the browser would give it; empty for an unknown key, as in the browser. */
export function englishMessage(key: string, substitutions?: string | string[]): string {
  const entry = (catalogue as Record<string, Entry>)[key];
  if (!entry) return '';
  const args = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  const placeholders = Object.fromEntries(Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]));
  return entry.message
    .replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => placeholders[name.toLowerCase()] ?? whole)
    .replace(/\$(\$|[1-9])/g, (_, d: string) => (d === '$' ? '$' : (args[Number(d) - 1] ?? '')));
}

beforeEach(() => {
  fakeBrowser.i18n.getMessage = englishMessage as typeof fakeBrowser.i18n.getMessage;
});
