import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { patchHappyDomForDomPurify } from '../../../utils/extract/node';

// The test window is happy-dom's: give DOMPurify the nodeName getter it relies on.
patchHappyDomForDomPurify(window);

/** Parses HTML into a document of the test environment's (happy-dom) window. */
export function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

/** Reads a fixture under test/fixtures/. */
export function fixture(path: string): string {
  return readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures', path), 'utf8');
}

/** A body wrapped in a minimal page. */
export function page(body: string, head = '<title>Test page</title>'): Document {
  return parse(`<!DOCTYPE html><html lang="en"><head>${head}</head><body>${body}</body></html>`);
}

/** A paragraph of plausible prose, long enough to count as content. */
export function prose(seed: string, sentences = 4): string {
  const parts: string[] = [];
  for (let i = 0; i < sentences; i++) {
    parts.push(`${seed} sentence ${i + 1} describes what happened in the city council meeting on Tuesday evening in some detail`);
  }
  return `${parts.join('. ')}.`;
}
