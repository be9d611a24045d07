/**
 * Accessibility checks for the extension's pages: axe-core run inside the real popup, the real
 * side panel (raw CDP, as Playwright does not expose them as pages) or an extension tab (a
 * Playwright Page), in light and dark; plus keyboard walks with the Tab key.
 *
 * Injection: extension pages forbid inline scripts (MV3 CSP `script-src 'self'`), so
 * page.addScriptTag({content}) is refused. Evaluating axe's source through CDP Runtime.evaluate
 * (which is what Playwright's page.evaluate(string) does too) is not subject to the page's CSP.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { attachToExtensionView } from '../../scripts/lib/browser';

/** The impact levels axe reports, most severe last. */
export const IMPACTS = ['minor', 'moderate', 'serious', 'critical'] as const;
/** One axe impact level. */
export type Impact = (typeof IMPACTS)[number];

/** One axe violation, reduced to what a report needs. */
export interface AxeViolation {
  id: string;
  impact: Impact | null;
  help: string;
  nodes: Array<{ target: string; summary: string }>;
}

/** A place axe can run: evaluate an expression and switch the preferred colour scheme. */
export interface AxeHost {
  /** Evaluates a JavaScript expression in the page (awaiting a promise) and returns its JSON value. */
  evaluate<T>(expression: string): Promise<T>;
  /** Emulates prefers-color-scheme. */
  setColorScheme(scheme: 'light' | 'dark'): Promise<void>;
  /** Presses and releases one key as a keyboard user would (trusted input, not a synthetic event). */
  press(key: 'Tab' | 'Shift+Tab'): Promise<void>;
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

/** The source of axe-core's minified build, read once. */
export function axeCoreSource(): string {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

/** An AxeHost over a Playwright Page (an extension page opened as a tab). */
export function pageHost(page: Page): AxeHost {
  return {
    evaluate: <T>(expression: string) => page.evaluate(expression) as Promise<T>,
    setColorScheme: (scheme) => page.emulateMedia({ colorScheme: scheme }),
    press: (key) => page.keyboard.press(key),
  };
}

/** An AxeHost attached to a live extension view (the real popup or side panel), plus detach(). */
export interface ViewHost extends AxeHost {
  detach(): Promise<void>;
}

/** Attaches to the live extension view chrome-extension://<id>/<path> (the real popup or side panel). */
export async function attachViewHost(context: BrowserContext, extensionId: string, path: string, timeoutMs = 5_000): Promise<ViewHost> {
  const view = await attachToExtensionView(context, extensionId, path, { timeoutMs });
  const send = view.send;
  // A side panel or popup is not the focused window in headless Chromium; without this,
  // document.hasFocus() is false and keyboard focus does not behave as for a user.
  await send('Emulation.setFocusEmulationEnabled', { enabled: true });
  const key = async (type: 'rawKeyDown' | 'keyUp', shift: boolean): Promise<void> => {
    await send('Input.dispatchKeyEvent', { type, key: 'Tab', code: 'Tab', windowsVirtualKeyCode: 9, modifiers: shift ? 8 : 0 });
  };
  return {
    evaluate: <T>(expression: string) => view.evaluateExpression<T>(expression),
    async setColorScheme(scheme) {
      await send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: scheme }] });
    },
    async press(which) {
      const shift = which === 'Shift+Tab';
      await key('rawKeyDown', shift);
      await key('keyUp', shift);
    },
    detach: () => view.detach(),
  };
}

/** Runs axe-core (injected on first use) on the whole document and returns its violations. */
export async function runAxe(host: AxeHost): Promise<AxeViolation[]> {
  const loaded = await host.evaluate<boolean>(`typeof window.axe === 'object'`);
  if (!loaded) await host.evaluate<unknown>(`${axeCoreSource()}\n;0`);
  // Let a colour-scheme switch and any transition settle before colours are measured.
  await host.evaluate<unknown>(`new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))`);
  return host.evaluate<AxeViolation[]>(`
    axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: (n.failureSummary || '').split('\\n').slice(0, 3).join(' ') })),
    })))`);
}

/** Violations counted by impact, e.g. { minor: 0, moderate: 1, serious: 0, critical: 0 }. */
export function countByImpact(violations: AxeViolation[]): Record<Impact, number> {
  const counts: Record<Impact, number> = { minor: 0, moderate: 0, serious: 0, critical: 0 };
  for (const v of violations) if (v.impact) counts[v.impact] += 1;
  return counts;
}

/** The violations that fail the suite: impact serious or critical. */
export function blocking(violations: AxeViolation[]): AxeViolation[] {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** One line per view for the summary table: counts by impact and the rule ids with node counts. */
export function summaryLine(view: string, violations: AxeViolation[]): string {
  const counts = countByImpact(violations);
  const rules = violations.map((v) => `${v.id}(${v.impact ?? '?'}×${v.nodes.length})`).join(', ') || '—';
  return `${view.padEnd(34)} critical ${counts.critical}  serious ${counts.serious}  moderate ${counts.moderate}  minor ${counts.minor}  rules: ${rules}`;
}

/** Indented lines naming each violation's rule, impact, help and first targets, for the report. */
export function detailLines(view: string, violations: AxeViolation[]): string[] {
  return violations.map(
    (v) =>
      `  ${view}: ${v.id} [${v.impact ?? '?'}] ${v.help} — ${v.nodes
        .slice(0, 3)
        .map((n) => n.target)
        .join(' | ')}`,
  );
}

/** What has keyboard focus after a Tab press. */
export interface FocusStop {
  /** tag#testid or tag "name", for messages. */
  label: string;
  /** A stable key: data-testid, else tag + accessible text. */
  key: string;
  tag: string;
  outlineStyle: string;
  outlineWidth: string;
  focusVisible: boolean;
}

/** Reads the focused element (runs in the page; self-contained). */
export const FOCUS_PROBE = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const name = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('value') || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
  const testId = el.getAttribute('data-testid');
  const tag = el.tagName.toLowerCase() + (el.getAttribute('type') ? '[' + el.getAttribute('type') + ']' : '');
  return {
    label: testId ? tag + '#' + testId : tag + ' "' + name + '"',
    key: testId || tag + ':' + name,
    tag,
    outlineStyle: style.outlineStyle,
    outlineWidth: style.outlineWidth,
    focusVisible: el.matches(':focus-visible'),
  };
})()`;

/** Every enabled, rendered control a keyboard user must be able to reach, keyed as FOCUS_PROBE keys them. */
export const CONTROLS_PROBE = `(() => {
  const els = Array.from(document.querySelectorAll('button, a[href], input, select, textarea, [tabindex]:not([tabindex="-1"])'));
  const seenRadioGroups = new Set();
  const out = [];
  for (const el of els) {
    if (el.disabled || el.closest('[inert]') || el.getClientRects().length === 0) continue;
    const type = el.getAttribute('type');
    if (type === 'radio') {
      // A radio group is one Tab stop: the checked radio (arrow keys move inside the group).
      if (seenRadioGroups.has(el.name)) continue;
      seenRadioGroups.add(el.name);
      const checked = document.querySelector('input[type=radio][name="' + el.name + '"]:checked') || el;
      const name = (checked.getAttribute('aria-label') || checked.textContent || checked.getAttribute('value') || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
      out.push(checked.getAttribute('data-testid') || 'input[radio]:' + name);
      continue;
    }
    const name = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('value') || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
    const tag = el.tagName.toLowerCase() + (type ? '[' + type + ']' : '');
    out.push(el.getAttribute('data-testid') || tag + ':' + name);
  }
  return out;
})()`;

/**
 * Presses Tab until focus comes back to the first stop (or after maxPresses), returning every
 * stop in order. Presses that leave the document (to the browser's own UI) are passed over, so a
 * walk that starts mid-page still wraps round to the top.
 */
export async function tabThrough(host: AxeHost, maxPresses = 100): Promise<FocusStop[]> {
  await host.evaluate<unknown>(`(document.activeElement instanceof HTMLElement && document.activeElement.blur(), window.scrollTo(0, 0), 0)`);
  const stops: FocusStop[] = [];
  for (let i = 0; i < maxPresses; i++) {
    await host.press('Tab');
    const stop = await host.evaluate<FocusStop | null>(FOCUS_PROBE);
    if (!stop) continue;
    if (stops.length > 0 && stop.key === stops[0]!.key) break;
    stops.push(stop);
  }
  return stops;
}
