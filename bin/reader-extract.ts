/**
 * reader-extract: the extension's extraction pipeline on HTML files, in Node (happy-dom).
 *
 *   reader-extract [--url URL] [--format json|html|text|markdown] [--force] [--profile] FILE...
 *
 * Reads stdin when no FILE (or "-") is given. Bad input never crashes: it yields ok:false with
 * an error sentence, and the exit code is 1 when any input failed. --profile writes the time of
 * each pipeline step, as the pipeline reports it, to stderr.
 */
import { open, stat } from 'node:fs/promises';
import TurndownService from 'turndown';
import type { Article, ExtractionResult } from '../utils/model/article';
import { extractArticle, type StepListener } from '../utils/extract';
import { parseHtml, type ParsedPage } from '../utils/extract/node';

export type Format = 'json' | 'html' | 'text' | 'markdown';

export interface CliOptions {
  url?: string;
  format: Format;
  force: boolean;
  /** Print each step's time to stderr; set only when asked, so the options read as before otherwise. */
  profile?: true;
  files: string[];
}

/** Inputs larger than this are refused before parsing: parsing them could take minutes and gigabytes. */
export const MAX_INPUT_BYTES = 20 * 1024 * 1024;
/** Bytes inspected for NUL bytes and for HTML markup. */
const SNIFF_BYTES = 64 * 1024;

export const USAGE = 'Usage: reader-extract [--url URL] [--format json|html|text|markdown] [--force] [--profile] FILE...  (stdin when no FILE)';

/** Parses argv; returns an error sentence on bad usage. */
export function parseArgs(argv: string[]): CliOptions | { error: string } | { help: true } {
  const opts: CliOptions = { format: 'json', force: false, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    if (flag === '--help' || flag === '-h') return { help: true };
    else if (flag === '--force') opts.force = true;
    else if (flag === '--profile') opts.profile = true;
    else if (flag === '--url') {
      const v = value();
      if (!v) return { error: '--url needs a value' };
      try {
        opts.url = new URL(v).href;
      } catch {
        return { error: `--url is not a valid absolute URL: ${v}` };
      }
    } else if (flag === '--format') {
      const v = value();
      if (v !== 'json' && v !== 'html' && v !== 'text' && v !== 'markdown')
        return { error: `--format must be json, html, text or markdown (got ${v ?? 'nothing'})` };
      opts.format = v;
    } else if (flag.startsWith('--')) return { error: `unknown option ${flag}` };
    else opts.files.push(arg);
  }
  if (opts.files.length === 0) opts.files.push('-');
  return opts;
}

/** Reads at most `limit + 1` bytes, so oversized input is detected without loading it all. */
async function readCapped(file: string, limit: number): Promise<Buffer> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of process.stdin) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      chunks.push(buf);
      size += buf.length;
      if (size > limit) break;
    }
    return Buffer.concat(chunks);
  }
  const info = await stat(file);
  if (!info.isFile()) throw new Error(`${file} is not a regular file`);
  if (info.size > limit) return Buffer.alloc(limit + 1);
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(Math.min(info.size, limit + 1));
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Checks raw bytes; returns an error sentence when they are not worth parsing as HTML. */
export function checkInput(bytes: Buffer, limit = MAX_INPUT_BYTES): string | null {
  if (bytes.length === 0) return 'the input is empty';
  if (bytes.length > limit) return `the input is larger than ${Math.round(limit / 1024 / 1024)} MB; refusing to parse it`;
  const head = bytes.subarray(0, SNIFF_BYTES);
  // UTF-16 with a BOM has NULs and is still text.
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  if (!utf16 && head.includes(0)) return 'the input looks binary (it contains NUL bytes), not HTML';
  return null;
}

/** Decodes bytes using the BOM or the <meta charset> of the page, UTF-8 otherwise. */
export function decodeHtml(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  const head = bytes.subarray(0, 4096).toString('latin1');
  const m = head.match(/<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i);
  const label = m?.[1]?.toLowerCase();
  if (label && label !== 'utf-8' && label !== 'utf8') {
    try {
      return new TextDecoder(label).decode(bytes);
    } catch {
      // Unknown label: UTF-8 is the best guess.
    }
  }
  return new TextDecoder('utf-8').decode(bytes);
}

const HTML_MARKUP_RE = /<(?:!doctype\s+html|html|head|body|title|meta|p|div|article|main|section|span|a|h[1-6]|table|ul|ol|br|img)\b/i;

/** One line of --format json. */
export interface JsonRecord {
  file: string;
  ok: boolean;
  error: string | null;
  readerable: boolean | null;
  title: string | null;
  byline: string | null;
  siteName: string | null;
  publishedTime: string | null;
  lang: string | null;
  dir: string | null;
  excerpt: string | null;
  leadImageUrl: string | null;
  wordCount: number | null;
  readingTimeMinutes: number | null;
  contentHtml: string | null;
  text: string | null;
}

function record(file: string, article: Article | null, error: string | null, readerable: boolean | null): JsonRecord {
  return {
    file,
    ok: !!article,
    error,
    readerable: article ? article.readerable : readerable,
    title: article?.title ?? null,
    byline: article?.byline ?? null,
    siteName: article?.siteName ?? null,
    publishedTime: article?.publishedTime ?? null,
    lang: article?.lang ?? null,
    dir: article?.dir ?? null,
    excerpt: article?.excerpt ?? null,
    leadImageUrl: article?.leadImageUrl ?? null,
    wordCount: article?.wordCount ?? null,
    readingTimeMinutes: article?.readingTimeMinutes ?? null,
    contentHtml: article?.contentHtml ?? null,
    text: article?.text ?? null,
  };
}

/** Runs the pipeline on one input and returns its JSON record; never throws. `onStep` hears each step. */
export async function extractFile(file: string, opts: Pick<CliOptions, 'url' | 'force'>, onStep?: StepListener): Promise<JsonRecord> {
  const name = file === '-' ? '<stdin>' : file;
  let bytes: Buffer;
  try {
    bytes = await readCapped(file, MAX_INPUT_BYTES);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return record(name, null, code === 'ENOENT' ? `${name}: no such file` : `${name}: cannot read (${err instanceof Error ? err.message : String(err)})`, null);
  }
  const bad = checkInput(bytes);
  if (bad) return record(name, null, `${name}: ${bad}`, null);
  const html = decodeHtml(bytes);
  if (!HTML_MARKUP_RE.test(html.slice(0, SNIFF_BYTES))) return record(name, null, `${name}: the input does not look like HTML (no HTML tags found)`, null);
  let page: ParsedPage | null = null;
  try {
    page = parseHtml(html, opts.url ?? 'about:blank');
    const result: ExtractionResult = extractArticle(page.document, { url: opts.url, force: opts.force, window: page.window, onStep });
    if (result.ok) return record(name, result.article, null, result.article.readerable);
    return record(name, null, `${name}: ${result.message}`, result.reason === 'no-article' ? false : null);
  } catch (err) {
    return record(name, null, `${name}: could not parse the page (${err instanceof Error ? err.message : String(err)})`, null);
  } finally {
    await page?.close().catch(() => undefined);
  }
}

let turndown: TurndownService | null = null;

/** Markdown for an article: the title as a heading, then the body. */
export function toMarkdown(rec: JsonRecord): string {
  turndown ??= new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-' });
  const body = turndown.turndown(rec.contentHtml ?? '');
  return `# ${rec.title ?? ''}\n\n${body}\n`;
}

function render(rec: JsonRecord, format: Format): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(rec)}\n`;
    case 'html':
      return `<article>\n<h1>${escapeHtml(rec.title ?? '')}</h1>\n${rec.contentHtml ?? ''}\n</article>\n`;
    case 'text':
      return `${rec.title ?? ''}\n\n${rec.text ?? ''}\n`;
    case 'markdown':
      return toMarkdown(rec);
  }
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** CLI entry point; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if ('help' in parsed) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if ('error' in parsed) {
    process.stderr.write(`reader-extract: ${parsed.error}\n${USAGE}\n`);
    return 2;
  }
  let failed = false;
  // The HTML parser loads some resources in promises nobody awaits; one that fails must not end
  // the run (and every later file with it): it is reported and the run goes on.
  const onStray = (err: unknown): void => {
    failed = true;
    process.stderr.write(`reader-extract: ignored an error of the HTML parser: ${err instanceof Error ? err.message : String(err)}\n`);
  };
  process.on('unhandledRejection', onStray);
  try {
    for (const file of parsed.files) {
      const name = file === '-' ? '<stdin>' : file;
      const onStep: StepListener | undefined = parsed.profile
        ? ({ name: step, ms }) => process.stderr.write(`reader-extract: ${name}: ${step} ${ms.toFixed(2)} ms\n`)
        : undefined;
      let rec: JsonRecord;
      try {
        rec = await extractFile(file, parsed, onStep);
      } catch (err) {
        rec = record(name, null, `${file}: ${err instanceof Error ? err.message : String(err)}`, null);
      }
      if (!rec.ok) failed = true;
      if (parsed.format === 'json') process.stdout.write(render(rec, 'json'));
      else if (rec.ok) process.stdout.write(render(rec, parsed.format));
      else process.stderr.write(`reader-extract: ${rec.error}\n`);
    }
  } finally {
    process.off('unhandledRejection', onStray);
  }
  return failed ? 1 : 0;
}
