/**
 * The readerable-gate fixtures (test/fixtures/gate/) are test material for the article gate:
 * this checks only that the manifest and the files agree, not what any gate decides on them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const GATE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/gate');
const KINDS = ['article', 'non-article'] as const;
type Kind = (typeof KINDS)[number];
/** Which folder each kind lives in. */
const FOLDER: Record<Kind, string> = { article: 'articles', 'non-article': 'non-articles' };
const MAX_BYTES = 60 * 1024;

interface Entry {
  kind: Kind;
  lang: string;
  description: string;
  title?: string;
  mustContain?: string[];
}

const manifest = JSON.parse(readFileSync(join(GATE_DIR, 'manifest.json'), 'utf8')) as Record<string, Entry>;
const entries = Object.entries(manifest);

function htmlFilesOnDisk(): string[] {
  return Object.values(FOLDER).flatMap((folder) =>
    readdirSync(join(GATE_DIR, folder))
      .filter((name) => name.endsWith('.html'))
      .map((name) => `${folder}/${name}`),
  );
}

function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

/** Visible text of a document: its body without scripts and styles, whitespace collapsed. */
function bodyText(doc: Document): string {
  const body = doc.body.cloneNode(true) as HTMLElement;
  for (const el of Array.from(body.querySelectorAll('script, style, template, noscript'))) el.remove();
  return (body.textContent ?? '').replace(/\s+/g, ' ');
}

const ABSOLUTE = /^(?:[a-z][a-z0-9+.-]*:)?\/\//i;

describe('gate fixtures manifest', () => {
  it('lists every fixture file, and every listed file exists', () => {
    const listed = Object.keys(manifest).sort();
    expect(htmlFilesOnDisk().sort()).toEqual(listed);
  });

  it('has enough of each kind', () => {
    const count = (kind: Kind): number => entries.filter(([, e]) => e.kind === kind).length;
    expect(count('article')).toBeGreaterThanOrEqual(24);
    expect(count('non-article')).toBeGreaterThanOrEqual(32);
  });

  it.each(entries)('%s: entry is well formed', (path, entry) => {
    expect(KINDS).toContain(entry.kind);
    expect(path.startsWith(`${FOLDER[entry.kind]}/`)).toBe(true);
    expect(entry.lang).toMatch(/^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$/);
    expect(entry.description.trim().length).toBeGreaterThan(10);
    expect(entry.description).not.toContain('\n');
    if (entry.kind === 'article') {
      expect(entry.title?.trim()).toBeTruthy();
      expect(entry.mustContain?.length ?? 0).toBeGreaterThanOrEqual(2);
      expect(entry.mustContain?.length ?? 0).toBeLessThanOrEqual(3);
    } else {
      expect(entry.title).toBeUndefined();
      expect(entry.mustContain).toBeUndefined();
    }
  });
});

describe.each(entries)('gate fixture %s', (path, entry) => {
  const file = join(GATE_DIR, path);
  const html = readFileSync(file, 'utf8');
  const doc = parse(html);

  it('is a small UTF-8 HTML page with a charset and the manifest language', () => {
    expect(statSync(file).size).toBeLessThanOrEqual(MAX_BYTES);
    expect(html).not.toContain('\uFFFD');
    expect(html.trimStart().toLowerCase().startsWith('<!doctype html>')).toBe(true);
    expect(doc.querySelector('meta[charset]')?.getAttribute('charset')?.toLowerCase()).toBe('utf-8');
    expect(doc.documentElement.getAttribute('lang')).toBe(entry.lang);
    expect(doc.title.trim()).not.toBe('');
    expect(bodyText(doc).trim().length).toBeGreaterThan(50);
  });

  it('loads nothing from the network', () => {
    const sources = Array.from(doc.querySelectorAll('[src], link[rel~="stylesheet"][href], link[rel~="icon"][href]')).map(
      (el) => el.getAttribute('src') ?? el.getAttribute('href') ?? '',
    );
    expect(sources.filter((src) => ABSOLUTE.test(src))).toEqual([]);
  });

  if (entry.kind === 'article') {
    it('contains its title and its distinctive phrases', () => {
      const text = bodyText(doc);
      const norm = (s: string): string => s.replace(/\s+/g, ' ');
      expect(text).toContain(norm(entry.title ?? ''));
      for (const phrase of entry.mustContain ?? []) expect(text).toContain(norm(phrase));
    });
  }
});
