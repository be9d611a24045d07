import { spawnSync } from 'node:child_process';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkInput, decodeHtml, parseArgs } from '../../../bin/reader-extract.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = join(ROOT, 'bin/reader-extract.mjs');
const SAMPLE = join(ROOT, 'test/fixtures/sample-news-page.html');
const PRELOAD = join(ROOT, 'test/fixtures/cli/preload-protocol-relative.html');
const tmp = mkdtempSync(join(tmpdir(), 'reader-extract-'));

function run(args: string[], input?: string | Buffer): { code: number | null; stdout: string; stderr: string; lines: Record<string, unknown>[] } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 30_000 });
  const lines =
    args.includes('--format') && !args.includes('json')
      ? []
      : r.stdout
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, lines };
}

// Each case starts the CLI (a fresh Node with the pipeline) up to three times, each allowed 30 s:
// a loaded machine takes several seconds per start, past the default 20 s for a whole case.
describe('reader-extract CLI', { timeout: 100_000 }, () => {
  it('extracts the sample page as one JSON line with every field', () => {
    const r = run(['--url', 'http://127.0.0.1:8080/a.html', SAMPLE]);
    expect(r.code).toBe(0);
    expect(r.lines).toHaveLength(1);
    const rec = r.lines[0]!;
    expect(Object.keys(rec)).toEqual([
      'file',
      'ok',
      'error',
      'readerable',
      'title',
      'byline',
      'siteName',
      'publishedTime',
      'lang',
      'dir',
      'excerpt',
      'leadImageUrl',
      'wordCount',
      'readingTimeMinutes',
      'contentHtml',
      'text',
    ]);
    expect(rec).toMatchObject({ ok: true, error: null, readerable: true, siteName: 'Daily Ledger', leadImageUrl: 'http://127.0.0.1:8080/lead-image.svg' });
    expect(String(rec['text']).split('\n')).toHaveLength(7);
  });

  it('prints markdown, text and html', () => {
    expect(run(['--format', 'markdown', SAMPLE]).stdout).toMatch(/^# Putin in China/);
    const text = run(['--format', 'text', SAMPLE]).stdout;
    expect(text.split('\n')[0]).toMatch(/^Putin in China/);
    expect(run(['--format', 'html', SAMPLE]).stdout).toMatch(/^<article>\n<h1>Putin/);
  });

  it('reads stdin when no file is given', () => {
    const paragraphs = [1, 2, 3].map(
      (n) => `<p>Paragraph ${n} of a story that is long enough to count as article text, surely, because it goes on and on about the council meeting.</p>`,
    );
    const r = run([], `<html><body><article>${paragraphs.join('')}</article></body></html>`);
    expect(r.lines[0]).toMatchObject({ file: '<stdin>', ok: true });
  });

  it('answers bad input with ok:false and a clear error, one line per file', () => {
    const empty = join(tmp, 'empty.html');
    writeFileSync(empty, '');
    const binary = join(tmp, 'image.png');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    const plain = join(tmp, 'notes.txt');
    writeFileSync(plain, 'just some words, no markup at all');
    const huge = join(tmp, 'huge.html');
    writeFileSync(huge, '<html>');
    truncateSync(huge, 50 * 1024 * 1024);
    const home = join(tmp, 'home.html');
    writeFileSync(home, '<html><body><nav><a href="/">Home</a></nav></body></html>');
    const r = run([empty, binary, plain, huge, home, join(tmp, 'missing.html'), SAMPLE]);
    expect(r.code).toBe(1);
    const errors = r.lines.map((l) => l['error']);
    expect(r.lines.map((l) => l['ok'])).toEqual([false, false, false, false, false, false, true]);
    expect(errors[0]).toMatch(/empty/);
    expect(errors[1]).toMatch(/binary/);
    expect(errors[2]).toMatch(/not look like HTML/);
    expect(errors[3]).toMatch(/larger than/);
    expect(errors[4]).toMatch(/does not look like an article/);
    expect(r.lines[4]!['readerable']).toBe(false);
    expect(errors[5]).toMatch(/no such file/);
  });

  it('reads a page with protocol-relative preload links, and the files after it', () => {
    const r = run([PRELOAD, SAMPLE]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.lines.map((l) => l['ok'])).toEqual([true, true]);
    expect(r.lines[0]!['text']).toContain('every twenty minutes');
  });

  it('rejects bad usage with exit code 2', () => {
    const r = run(['--format', 'yaml', SAMPLE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--format must be/);
  });
});

describe('CLI helpers', () => {
  it('parses arguments', () => {
    expect(parseArgs(['--url=https://x.example/a', '--force', 'a.html'])).toEqual({
      url: 'https://x.example/a',
      format: 'json',
      force: true,
      files: ['a.html'],
    });
    expect(parseArgs([])).toMatchObject({ files: ['-'] });
    expect(parseArgs(['--url', 'not a url'])).toHaveProperty('error');
    expect(parseArgs(['--profile', 'a.html'])).toMatchObject({ profile: true, files: ['a.html'] });
  });
  it('sniffs input', () => {
    expect(checkInput(Buffer.from(''))).toMatch(/empty/);
    expect(checkInput(Buffer.from('a\0b'))).toMatch(/binary/);
    expect(checkInput(Buffer.from('<p>x</p>'))).toBeNull();
    expect(checkInput(Buffer.alloc(11), 10)).toMatch(/larger/);
  });
  it('decodes by meta charset', () => {
    const latin1 = Buffer.from('<meta charset="iso-8859-1"><p>caf\xe9</p>', 'latin1');
    expect(decodeHtml(latin1)).toContain('café');
  });
});
