/**
 * The built manifests ask for exactly what the README's permissions table lists and explains, per
 * browser, and nothing that would widen the extension's reach: no required host permission (the
 * one host pattern is optional, asked for when a saved article's images need it), no content
 * script on every page, no resources pages can load, no relaxed content security policy.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');

interface Manifest {
  manifest_version: number;
  permissions?: string[];
  optional_permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: unknown[];
  web_accessible_resources?: unknown[];
  content_security_policy?: string | { extension_pages?: string };
  externally_connectable?: unknown;
  sidebar_action?: { default_panel?: string };
  side_panel?: { default_path?: string };
}

/** Permission names in the README table, each with the browsers its row names (both when none). */
function readmePermissions(browser: 'chrome' | 'firefox'): Set<string> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## Permissions, and why each is needed$/m)[1]?.split(/^## /m)[0];
  if (!section) throw new Error('README has no "## Permissions, and why each is needed" section');
  const names = new Set<string>();
  for (const line of section.split('\n')) {
    const cell = /^\|\s*([^|]+?)\s*\|/.exec(line)?.[1];
    if (!cell || !cell.includes('`')) continue;
    const only = /\((Chrome|Firefox)\)/.exec(cell)?.[1]?.toLowerCase();
    if (only && only !== browser) continue;
    for (const m of cell.matchAll(/`([^`]+)`/g)) names.add(m[1]!);
  }
  return names;
}

function load(dir: string): Manifest {
  return JSON.parse(readFileSync(join(ROOT, '.output', dir, 'manifest.json'), 'utf8')) as Manifest;
}

describe('the manifests match the README permissions table', () => {
  let chrome: Manifest;
  let firefox: Manifest;

  beforeAll(() => {
    // test:e2e has just built Chrome; build Firefox here so the check never reads a stale one.
    execFileSync('npx', ['wxt', 'build', '-b', 'firefox'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    chrome = load('chrome-mv3');
    firefox = load('firefox-mv2');
  }, 120_000);

  it.each(['chrome', 'firefox'] as const)('%s asks for exactly the listed permissions', (browser) => {
    const manifest = browser === 'chrome' ? chrome : firefox;
    const asked = new Set([...(manifest.permissions ?? []), ...(manifest.optional_permissions ?? []), ...(manifest.optional_host_permissions ?? [])]);
    expect([...asked].sort()).toEqual([...readmePermissions(browser)].sort());
  });

  it.each(['chrome', 'firefox'] as const)('%s reaches no page by itself and relaxes no policy', (browser) => {
    const manifest = browser === 'chrome' ? chrome : firefox;
    expect(manifest.host_permissions ?? []).toEqual([]);
    // Host patterns in MV2 live among permissions: none there either.
    expect((manifest.permissions ?? []).filter((p) => p.includes('://') || p === '<all_urls>')).toEqual([]);
    // The one host pattern is optional (asked for from a saved article whose images another site kept).
    const optionalHosts = [...(manifest.optional_host_permissions ?? []), ...(manifest.optional_permissions ?? [])].filter((p) => p.includes('://'));
    expect(optionalHosts).toEqual(['*://*/*']);
    expect(browser === 'chrome' ? manifest.optional_host_permissions : manifest.optional_permissions).toEqual(['*://*/*']);
    expect(manifest.content_scripts ?? []).toEqual([]);
    expect(manifest.web_accessible_resources ?? []).toEqual([]);
    expect(manifest.externally_connectable).toBeUndefined();
    const csp = typeof manifest.content_security_policy === 'string' ? manifest.content_security_policy : manifest.content_security_policy?.extension_pages;
    // Absent means the browser's default, which is strict ("script-src 'self'").
    if (csp !== undefined) expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|https?:|\*/);
  });

  it('opens the reader in the side panel in Chrome and in sidebar_action in Firefox', () => {
    expect(chrome.side_panel?.default_path).toBe('sidepanel.html');
    expect(chrome.permissions).toContain('sidePanel');
    expect(firefox.sidebar_action?.default_panel).toBe('sidepanel.html');
    expect(firefox.permissions).not.toContain('sidePanel');
  });
});
