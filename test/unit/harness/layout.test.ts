// @vitest-environment node
// Guards the one-harness rule: scripts share scripts/lib rather than growing their own copies.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mts|mjs|js)$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

const SCRIPTS = [...sources('scripts'), ...sources('bin')];

describe('harness layout', () => {
  it('scripts and bin never import from test/', () => {
    const offenders = SCRIPTS.filter((f) => /from\s+['"][^'"]*\btest\//.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('only scripts/lib starts HTTP servers or picks a Chromium binary', () => {
    const outsideLib = [...SCRIPTS, ...sources('test/e2e')].filter((f) => !f.startsWith('scripts/lib/'));
    const offenders = outsideLib.filter((f) => /\bcreateServer\(|\bexecutablePath\b|\/usr\/bin\/chromium/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
