/**
 * Every translation in public/_locales must match the English catalogue: the same keys, the same
 * placeholder names (and what they stand for), every $NAME$ declared and used, no empty message.
 * The browser would otherwise fall back to English for a missing key, or print a raw "$TITLE$".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const LOCALES_DIR = resolve(import.meta.dirname, '..', '..', '..', 'public', '_locales');

interface Placeholder {
  content: string;
  example?: string;
}

interface Message {
  message: string;
  description?: string;
  placeholders?: Record<string, Placeholder>;
}

type Catalogue = Record<string, Message>;

/** Reads and shape-checks one locale's messages.json. */
function readCatalogue(locale: string): Catalogue {
  const raw: unknown = JSON.parse(readFileSync(join(LOCALES_DIR, locale, 'messages.json'), 'utf8'));
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${locale}: messages.json is not an object`);
  for (const [key, value] of Object.entries(raw)) {
    const entry = value as Partial<Message> | null;
    if (typeof entry !== 'object' || entry === null || typeof entry.message !== 'string') {
      throw new Error(`${locale}: "${key}" has no string "message"`);
    }
  }
  return raw as Catalogue;
}

/** Placeholder names a message declares, lower-cased (the browser matches them case-insensitively). */
function declaredPlaceholders(entry: Message): string[] {
  return Object.keys(entry.placeholders ?? {})
    .map((name) => name.toLowerCase())
    .sort();
}

/** $NAME$ references in a message text, lower-cased; "$$" is a literal dollar sign, and $1 is positional. */
function usedPlaceholders(text: string): string[] {
  const names = [...text.replaceAll('$$', '').matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1]!.toLowerCase());
  return [...new Set(names)].sort();
}

/** What each placeholder stands for ("$1", …), keyed by lower-cased name in sorted order. */
function placeholderContents(entry: Message): Record<string, string> {
  const pairs = Object.entries(entry.placeholders ?? {}).map(([name, p]): [string, string] => [name.toLowerCase(), p.content]);
  return Object.fromEntries(pairs.sort(([a], [b]) => a.localeCompare(b)));
}

const english = readCatalogue('en');
const englishKeys = Object.keys(english).sort();
const translations = readdirSync(LOCALES_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'en')
  .map((d) => d.name)
  .sort();

describe('locale catalogues', () => {
  it('include the German and Arabic translations', () => {
    expect(translations).toEqual(expect.arrayContaining(['de', 'ar']));
  });

  describe.each(['en', ...translations])('%s', (locale) => {
    const catalogue = readCatalogue(locale);

    it('has exactly the English keys', () => {
      const keys = Object.keys(catalogue);
      expect({ missing: englishKeys.filter((k) => !(k in catalogue)), extra: keys.filter((k) => !(k in english)) }).toEqual({ missing: [], extra: [] });
    });

    it('has no empty message', () => {
      const empty = Object.entries(catalogue)
        .filter(([, entry]) => entry.message.trim() === '')
        .map(([key]) => key);
      expect(empty).toEqual([]);
    });

    it('declares the same placeholders as English, standing for the same arguments', () => {
      const wrong = englishKeys.flatMap((key) => {
        const entry = catalogue[key];
        if (!entry) return []; // reported by the key test
        const [mine, theirs] = [placeholderContents(entry), placeholderContents(english[key]!)];
        return JSON.stringify(mine) === JSON.stringify(theirs) ? [] : [`${key}: ${JSON.stringify(mine)}, English has ${JSON.stringify(theirs)}`];
      });
      expect(wrong).toEqual([]);
    });

    it('uses exactly the placeholders it declares', () => {
      const wrong = Object.entries(catalogue).flatMap(([key, entry]) => {
        const [used, declared] = [usedPlaceholders(entry.message), declaredPlaceholders(entry)];
        return used.join() === declared.join() ? [] : [`${key}: "${entry.message}" uses [${used.join(', ')}], declares [${declared.join(', ')}]`];
      });
      expect(wrong).toEqual([]);
    });
  });
});
