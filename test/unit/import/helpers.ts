/** Fixture loading and result unwrapping for the import parser tests. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import type { ImportError, ImportReport, ImportResult } from '../../../utils/import/types';

/** test/fixtures/import */
export const FIXTURES = resolve(import.meta.dirname, '../../fixtures/import');

/** A fixture's bytes. */
export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(resolve(FIXTURES, name)));
}

/** A fixture's text. */
export function fixtureText(name: string): string {
  return readFileSync(resolve(FIXTURES, name), 'utf8');
}

/** The report of a successful parse; fails the test with the refusal otherwise. */
export function report(result: ImportResult): ImportReport {
  if (!result.ok) expect.fail(`expected a report, got ${result.error.code}: ${result.error.message}`);
  return result.report;
}

/** The refusal of a failed parse; fails the test when it succeeded. */
export function refusal(result: ImportResult): ImportError {
  if (result.ok) expect.fail(`expected a refusal, got ${result.report.items.length} items`);
  return result.error;
}

/** UTF-8 bytes of a string. */
export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
