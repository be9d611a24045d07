/**
 * The Markdown export: a zip with one `.md` note per article (Turndown, GitHub-flavoured tables),
 * each with YAML front matter, named so that the zip opens as an Obsidian vault.
 */
import { tables, strikethrough, taskListItems } from '@joplin/turndown-plugin-gfm';
import TurndownService from 'turndown';
import { DROPPED_TAGS } from '../extract/sanitize';
import { elementImageCandidates } from '../model/image-sources';
import { imageExtension, resolveFirst } from './images';
import { parseStoredBody } from './stored-body';
import { isoSeconds } from './dates';
import { ChunkWriter, convertOrSkip, forEachEntry } from './output';
import { UniqueNames } from './filenames';
import { DEFAULT_HIGHLIGHTS_HEADING, type ExportEntry, type ExportOptions, type ExportResult, type ExportSink, type ImageResolver } from './types';
import { frontMatter } from './yaml';
import { highlightBlocks } from '../model/highlights';
import { ZipWriter } from './zip';

/** Link targets a note may keep; anything else (javascript:, data:, vbscript:…) becomes plain text. */
const SAFE_LINK_RE = /^(?:https?:|mailto:|tel:|#)/i;
/** Image sources a note may keep. */
const SAFE_IMAGE_RE = /^(?:https?:|data:image\/(?:png|jpe?g|gif|webp|avif);)/i;
/** The language hint the pipeline keeps on code blocks (`language-js`, `lang-py`). */
const LANGUAGE_RE = /(?:^|\s)(?:language|lang)-([\w+#.-]+)/;
/** A table holding blocks GFM cannot put in a cell: kept as HTML rather than flattened. */
const COMPLEX_TABLE_SELECTOR = 'ul, ol, h1, h2, h3, h4, h5, h6, hr, blockquote, pre, table';

/**
 * Escapes beyond Turndown's (which covers CommonMark's own syntax) for text that must read as
 * text: `<tag` and `&entity;` (raw HTML and entities in CommonMark), `$` (math in Obsidian: "$5
 * and $10" would be typeset), `#word` (an Obsidian tag: an article about #MeToo would add a tag to
 * the vault), `%%` (an Obsidian comment hides the rest), `==` (highlight) and `~~` (GFM strikethrough).
 */
const EXTRA_ESCAPE_RE = /<(?=[A-Za-z!/?])|&(?=#?\w+;)|\$|(?<=^|\s)#(?=[^\s#\d])|%%|==|~~/gu;

/** Each character of a match gets its backslash (one pass: Turndown calls this on every text node). */
function escapeExtra(text: string): string {
  return text.replace(EXTRA_ESCAPE_RE, (m) => (m.length === 2 ? `\\${m[0]}\\${m[1]}` : `\\${m}`));
}

type TurndownNode = Parameters<NonNullable<TurndownService.Rule['replacement']>>[1];

const DROPPED = new Set(DROPPED_TAGS.map((t) => t.toUpperCase()));

/**
 * The policy's core on a table kept as HTML: no dropped element (script, iframe, form…), no
 * handler or style attribute, no unsafe link or image. By index, not iteration: in Node, Turndown
 * parses with domino, whose NodeLists are not iterable (sanitize's helpers assume they are).
 */
function scrubKeptHtml(el: Element): void {
  for (let i = el.children.length - 1; i >= 0; i--) {
    const child = el.children[i]!;
    if (DROPPED.has(child.nodeName.toUpperCase())) child.parentNode?.removeChild(child);
    else scrubKeptHtml(child);
  }
  for (let i = el.attributes.length - 1; i >= 0; i--) {
    const { name, value } = el.attributes[i]!;
    const lower = name.toLowerCase();
    const unsafeUrl = (lower === 'href' && !SAFE_LINK_RE.test(value.trim())) || (lower === 'src' && !SAFE_IMAGE_RE.test(value.trim()));
    // srcset goes too: checking each candidate is sanitize's job, and src is enough in a note.
    if (lower.startsWith('on') || ['style', 'srcdoc', 'srcset'].includes(lower) || lower.includes(':') || unsafeUrl) el.removeAttribute(name);
  }
}

function codeLanguage(pre: TurndownNode): string {
  const code = pre.firstElementChild?.nodeName === 'CODE' ? pre.firstElementChild : null;
  const cls = `${code?.getAttribute('class') ?? ''} ${pre.getAttribute('class') ?? ''}`;
  return LANGUAGE_RE.exec(cls)?.[1] ?? '';
}

/** The one Turndown service (building one compiles its rules; converting is stateless). */
let service: TurndownService | null = null;

/**
 * The images of the note being converted when its stored images are to be included: each image
 * becomes `![alt](TOKEN)` and its candidates are listed here, for the link to be filled in once
 * the stored copies are looked up (Turndown converts synchronously; the lookup is not).
 */
let collecting: string[][] | null = null;
const imageToken = (index: number): string => `\u0000${index}\u0000`;
// eslint-disable-next-line no-control-regex -- the token is made of NUL so that no text can hold it
const IMAGE_TOKEN_RE = /\u0000(\d+)\u0000/g;

function markdownService(): TurndownService {
  if (service) return service;
  const td = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '_', hr: '* * *' });
  // Joplin's maintained fork of turndown-plugin-gfm (the original's last release, 1.0.2, is from
  // 2018 and breaks tables on a "|" or a line break in a cell). Its highlightedCodeBlock plugin
  // is left out: the pipeline keeps `language-*`, not `highlight-source-*`.
  td.use([tables, strikethrough, taskListItems]);
  const escape = td.escape.bind(td);
  td.escape = (text: string): string => escapeExtra(escape(text));
  // Rules added later win. The stored body is sanitized already; these keep a note safe even if
  // it were not, at no cost: no second parse.
  td.addRule('readerComplexTable', {
    // The plugin would keep these as HTML too, inside a Joplin-specific wrapper div.
    // Truthiness, not !== null: domino's querySelector answers undefined when nothing matches.
    filter: (node) => node.nodeName === 'TABLE' && Boolean(node.querySelector(COMPLEX_TABLE_SELECTOR)),
    replacement: (_content, node) => {
      const table = node.cloneNode(true) as Element;
      scrubKeptHtml(table);
      return `\n\n${table.outerHTML}\n\n`;
    },
  });
  td.addRule('readerCodeBlock', {
    filter: (node) => node.nodeName === 'PRE',
    replacement: (_content, node) => {
      const code = (node.textContent ?? '').replace(/\n$/, '');
      let fence = '```';
      for (const run of code.match(/`{3,}/g) ?? []) if (run.length >= fence.length) fence = '`'.repeat(run.length + 1);
      return `\n\n${fence}${codeLanguage(node)}\n${code}\n${fence}\n\n`;
    },
  });
  td.addRule('readerUnsafeLink', {
    filter: (node) => node.nodeName === 'A' && !SAFE_LINK_RE.test((node.getAttribute('href') ?? '#').trim()),
    replacement: (content) => content,
  });
  td.addRule('readerUnsafeImage', {
    filter: (node) => node.nodeName === 'IMG' && !SAFE_IMAGE_RE.test((node.getAttribute('src') ?? '').trim()),
    replacement: () => '',
  });
  // Only while a note's stored images are included (and only for images with a web address).
  td.addRule('readerStoredImage', {
    filter: (node) => collecting !== null && node.nodeName === 'IMG' && elementImageCandidates(node).length > 0,
    replacement: (_content, node) => {
      const list = collecting!;
      list.push(elementImageCandidates(node));
      const alt = (node.getAttribute('alt') ?? '').replace(/\s+/g, ' ').replace(/[[\]\\]/g, '\\$&');
      return `![${alt}](${imageToken(list.length - 1)})`;
    },
  });
  service = td;
  return td;
}

/** An optional text field: null when empty, so the key is left out rather than written as "". */
function optional(value: string | null): string | null {
  return value && value.trim() ? value : null;
}

/** The front matter of one article's note. */
export function articleFrontMatter(entry: ExportEntry): string {
  const a = entry.article;
  return frontMatter([
    ['title', a.title],
    ['url', a.url],
    ['author', optional(a.byline)],
    ['site', optional(a.siteName)],
    ['published', optional(a.publishedTime)],
    ['saved', isoSeconds(entry.savedAt)],
    ['tags', entry.tags],
    ['archived', entry.archivedAt !== null],
    ['favourite', entry.favourite],
    ['read', entry.readAt !== null],
  ]);
}

/** Markdown for an article's body HTML (no front matter, no title). */
export function bodyMarkdown(contentHtml: string): string {
  if (!contentHtml.trim()) return '';
  // Parsed into the exporters' reused inert document (stored-body.ts) and handed to Turndown as
  // a tree: given a string, Turndown parses it into a new Document per article, and 10,000 of
  // them kept the page's garbage collector busy. Without a DOM (Node), Turndown parses the string.
  const root = parseStoredBody(contentHtml) as HTMLElement | null; // a <div>
  return markdownService().turndown(root ?? contentHtml);
}

/** One article's note: front matter, the title as a heading, the body. */
export function articleMarkdown(entry: ExportEntry, highlightsHeading = DEFAULT_HIGHLIGHTS_HEADING): string {
  const title = entry.article.title.replace(/\s+/g, ' ').trim();
  const heading = title ? `# ${markdownService().escape(title)}\n\n` : '';
  const body = bodyMarkdown(entry.article.contentHtml);
  const notes = entry.highlights === undefined ? '' : highlightsMarkdown(entry.highlights, highlightsHeading);
  return `${articleFrontMatter(entry)}\n${heading}${body}${body ? '\n' : ''}${notes && (body ? '\n' : '')}${notes}`;
}

/**
 * An article's highlights and notes after its body: quotes as quotes, notes as text — escaped as
 * the body's text is (the file came from another service: a `<script>` or `#tag` in it stays text).
 */
function highlightsMarkdown(highlights: string, heading: string): string {
  const escape = (text: string) => markdownService().escape(text);
  const blocks = highlightBlocks(highlights).map((b) =>
    b.kind === 'quote'
      ? b.text
          .split('\n')
          .map((line) => `> ${escape(line)}`)
          .join('\n')
      : escape(b.text),
  );
  return blocks.length === 0 ? '' : `## ${escape(heading)}\n\n${blocks.join('\n\n')}\n`;
}

/** A link destination that Markdown reads whole (angle brackets around one with spaces or parentheses). */
function destination(url: string): string {
  return /[\s()<>]/.test(url) ? `<${url.replace(/[<>]/g, encodeURIComponent)}>` : url;
}

/** One file of a note's images, inside the zip. */
export interface NoteAsset {
  path: string;
  bytes: Uint8Array;
}

/**
 * One article's note with its stored images: each image with a stored copy links to it as
 * `assets/<stem>/<n>.<ext>` (relative to the note, which sits at the zip's root); the others keep
 * their web address.
 */
export async function articleMarkdownWithImages(
  entry: ExportEntry,
  stem: string,
  images: ImageResolver,
  highlightsHeading?: string,
): Promise<{ text: string; assets: NoteAsset[] }> {
  const found: string[][] = [];
  collecting = found;
  let text: string;
  try {
    text = articleMarkdown(entry, highlightsHeading);
  } finally {
    collecting = null;
  }
  const assets: NoteAsset[] = [];
  const links: string[] = [];
  const byUrl = new Map<string, string>();
  for (const candidates of found) {
    const known = candidates.map((c) => byUrl.get(c)).find((l) => l !== undefined);
    if (known) {
      links.push(known);
      continue;
    }
    const stored = await resolveFirst(images, entry, candidates);
    if (!stored) {
      links.push(destination(candidates[0]!));
      continue;
    }
    const file = `${assets.length + 1}${imageExtension(stored.type)}`;
    assets.push({ path: `assets/${stem}/${file}`, bytes: stored.bytes });
    const link = `assets/${encodeURIComponent(stem)}/${file}`;
    for (const c of candidates) byUrl.set(c, link);
    links.push(link);
  }
  return { text: text.replace(IMAGE_TOKEN_RE, (_m, i: string) => links[Number(i)] ?? ''), assets };
}

/** Writes a zip of one `.md` note per article to `sink`, one article at a time. */
export async function exportMarkdown(
  entries: AsyncIterable<ExportEntry> | Iterable<ExportEntry>,
  sink: ExportSink,
  options: ExportOptions = {},
): Promise<ExportResult> {
  const out = new ChunkWriter(sink);
  const zip = new ZipWriter(out, undefined, options.deflate);
  const names = new UniqueNames();
  let skipped = 0;
  const seen = await forEachEntry(entries, options, async (entry) => {
    const name = names.claim(entry.article.title, '.md');
    const images = options.images;
    const note = await convertOrSkip(entry, async () =>
      images
        ? // The note's images in a folder of its own name: unique as the note's name is.
          articleMarkdownWithImages(entry, name.slice(0, -'.md'.length), images, options.highlightsHeading)
        : { text: articleMarkdown(entry, options.highlightsHeading), assets: [] },
    );
    if (!note) {
      skipped++;
      return;
    }
    for (const asset of note.assets) await zip.add(asset.path, asset.bytes, entry.savedAt);
    await zip.add(name, note.text, entry.savedAt);
  });
  await zip.end();
  await out.end();
  return { count: seen - skipped, skipped, bytes: out.bytes };
}
