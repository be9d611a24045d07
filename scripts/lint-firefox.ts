/**
 * Builds the Firefox (MV2) extension and lints it with web-ext; fails on any lint error and
 * prints warnings so they stay visible. Part of `npm test`.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

interface LintMessage {
  code: string;
  message: string;
  file?: string;
}
interface LintReport {
  summary: { errors: number; warnings: number; notices: number };
  errors: LintMessage[];
  warnings: LintMessage[];
}

const ROOT = resolve(import.meta.dirname, '..');
execFileSync('npx', ['wxt', 'build', '-b', 'firefox'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
let raw: string;
try {
  raw = execFileSync('npx', ['web-ext', 'lint', '-s', '.output/firefox-mv2', '--output', 'json', '--no-config-discovery'], { cwd: ROOT, encoding: 'utf8' });
} catch (error) {
  // web-ext exits non-zero when it finds errors; the JSON report is still on stdout.
  raw = (error as { stdout?: string }).stdout ?? '';
}
const report = JSON.parse(raw) as LintReport;
const counts = report.summary;
console.log(`web-ext lint (firefox-mv2): ${counts.errors} errors, ${counts.warnings} warnings, ${counts.notices} notices`);
for (const w of report.warnings) console.log(`  warning ${w.code} ${w.file ?? ''}: ${w.message}`);
for (const e of report.errors) console.log(`  ERROR ${e.code} ${e.file ?? ''}: ${e.message}`);
process.exit(counts.errors === 0 ? 0 : 1);
