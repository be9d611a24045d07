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
import {
  DEFAULT_HIGHLIGHTS_HEADING,
  type ConvertedNote,
  type ExportEntry,
  type ExportOptions,
  type ExportResult,
  type ExportSink,
  type ImageResolver,
  type NoteConversion,
  type NoteDraft,
  type NoteInput,
} from './types';
import { frontMatter } from './yaml';
import { highlightBlocks } from '../model/highlights';
import { deflateFile } from './deflate';
import { ZIP_LEVEL, ZipWriter } from './zip';

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

/** A character EXTRA_ESCAPE_RE may act on: a text without any is left as it is. */
const EXTRA_ESCAPE_CHAR_RE = /[<&$#%=~]/;
/**
 * What Turndown's own escape (7.2: thirteen replacements) acts on: these characters anywhere,
 * and these at the text's start (its patterns' `^` has no `m` flag). A text with neither is left as it is.
 */
const TURNDOWN_ESCAPES_ANYWHERE_RE = /[\\*`[\]_]/;
const TURNDOWN_ESCAPES_AT_START_RE = /^[-+=#~>\d]/;

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
  // Most text nodes hold nothing either escape acts on; the checks skip thirteen regex passes
  // for them (a tenth of a note's conversion, profiled). The answer is the same (a property test).
  td.escape = (text: string): string => {
    const escaped = TURNDOWN_ESCAPES_ANYWHERE_RE.test(text) || TURNDOWN_ESCAPES_AT_START_RE.test(text) ? escape(text) : text;
    return EXTRA_ESCAPE_CHAR_RE.test(escaped) ? escapeExtra(escaped) : escaped;
  };
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

/** Text escaped as the notes escape it: Turndown's escapes for CommonMark, then EXTRA_ESCAPE_RE's. */
export function escapeText(text: string): string {
  return markdownService().escape(text);
}

/** An optional text field: null when empty, so the key is left out rather than written as "". */
function optional(value: string | null): string | null {
  return value && value.trim() ? value : null;
}

/** The front matter of one article's note. */
export function articleFrontMatter(entry: NoteInput): string {
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

/**
 * Parses a stored body into the element Turndown walks: by default the page's reused inert
 * document (stored-body.ts); the export's workers, which have no DOM, pass domino's (domino-body.ts).
 */
export type BodyParser = (html: string) => Element | null;

const pageParser: BodyParser = (html) => parseStoredBody(html);

/** Markdown for an article's body HTML (no front matter, no title). */
export function bodyMarkdown(contentHtml: string, parse: BodyParser = pageParser): string {
  if (!contentHtml.trim()) return '';
  // Parsed first and handed to Turndown as a tree: given a string, Turndown parses it into a new
  // Document per article, and 10,000 of them kept the page's garbage collector busy. Without a
  // DOM (Node), Turndown parses the string itself.
  const root = parse(contentHtml) as HTMLElement | null; // a <div>
  return markdownService().turndown(root ?? contentHtml);
}

/** One article's note: front matter, the title as a heading, the body. */
export function articleMarkdown(entry: NoteInput, highlightsHeading = DEFAULT_HIGHLIGHTS_HEADING, parse?: BodyParser): string {
  const title = entry.article.title.replace(/\s+/g, ' ').trim();
  const heading = title ? `# ${markdownService().escape(title)}\n\n` : '';
  const body = bodyMarkdown(entry.article.contentHtml, parse);
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
 * One article's note with its images left to link (linkNoteImages, noteWithWebImages) when
 * `collectImages`; Turndown's own image syntax otherwise.
 */
export function draftNote(entry: NoteInput, collectImages: boolean, highlightsHeading?: string, parse?: BodyParser): NoteDraft {
  if (!collectImages) return { text: articleMarkdown(entry, highlightsHeading, parse), images: [] };
  const found: string[][] = [];
  collecting = found;
  try {
    return { text: articleMarkdown(entry, highlightsHeading, parse), images: found };
  } finally {
    collecting = null;
  }
}

function fillImageLinks(draft: NoteDraft, links: readonly string[]): string {
  return draft.images.length === 0 ? draft.text : draft.text.replace(IMAGE_TOKEN_RE, (_m, i: string) => links[Number(i)] ?? '');
}

/** A draft's note with every image at its web address: the note of an article with no stored image. */
export function noteWithWebImages(draft: NoteDraft): string {
  return fillImageLinks(
    draft,
    draft.images.map((candidates) => destination(candidates[0]!)),
  );
}

/**
 * A draft's note with its stored images: each image with a stored copy links to it as
 * `assets/<stem>/<n>.<ext>` (relative to the note, which sits at the zip's root); the others keep
 * their web address.
 */
export async function linkNoteImages(
  draft: NoteDraft,
  entry: ExportEntry,
  stem: string,
  images: ImageResolver,
): Promise<{ text: string; assets: NoteAsset[] }> {
  const assets: NoteAsset[] = [];
  const links: string[] = [];
  const byUrl = new Map<string, string>();
  for (const candidates of draft.images) {
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
  return { text: fillImageLinks(draft, links), assets };
}

/** One article's note with its stored images (draftNote, then linkNoteImages). */
export async function articleMarkdownWithImages(
  entry: ExportEntry,
  stem: string,
  images: ImageResolver,
  highlightsHeading?: string,
): Promise<{ text: string; assets: NoteAsset[] }> {
  return linkNoteImages(draftNote(entry, true, highlightsHeading), entry, stem, images);
}

/**
 * One note converted as `conversion` says, with `parse`'s DOM: what the export's workers do
 * (export-worker.ts), and the page in their place (export-worker-client.ts). A final note is
 * compressed here too, so its text never travels back.
 */
export function convertNote(input: NoteInput, conversion: NoteConversion, parse?: BodyParser): ConvertedNote {
  const draft = draftNote(input, conversion.collectImages, conversion.highlightsHeading, parse);
  if (!conversion.final) return { draft };
  return { file: deflateFile(conversion.collectImages ? noteWithWebImages(draft) : draft.text, conversion.level) };
}

/** The part of an entry a note is made of: what a worker is sent (not the article's plain text). */
export function noteInputOf(entry: ExportEntry): NoteInput {
  const { title, url, byline, siteName, publishedTime, contentHtml } = entry.article;
  return {
    article: { title, url, byline, siteName, publishedTime, contentHtml },
    savedAt: entry.savedAt,
    readAt: entry.readAt,
    archivedAt: entry.archivedAt,
    favourite: entry.favourite,
    tags: entry.tags,
    ...(entry.highlights !== undefined ? { highlights: entry.highlights } : {}),
  };
}

/** Notes a converter (the export's workers) works on ahead of the one being written: enough to keep them busy, little held. */
export const NOTES_AHEAD = 16;

/**
 * Writes a zip of one `.md` note per article to `sink`, in order. Each note is converted in this
 * thread when it is written, or, given `convertNote`, up to NOTES_AHEAD notes ahead elsewhere.
 */
export async function exportMarkdown(
  entries: AsyncIterable<ExportEntry> | Iterable<ExportEntry>,
  sink: ExportSink,
  options: ExportOptions = {},
): Promise<ExportResult> {
  const out = new ChunkWriter(sink);
  const zip = new ZipWriter(out, ZIP_LEVEL, options.deflate);
  const names = new UniqueNames();
  const { images, convertNote: convertElsewhere, highlightsHeading } = options;
  const collectImages = images !== undefined;
  let skipped = 0;

  const write = async (entry: ExportEntry, name: string, converted: ConvertedNote | undefined): Promise<void> => {
    if (!converted) {
      skipped++;
      return;
    }
    if (converted.file) {
      await zip.addCompressed(name, converted.file, entry.savedAt);
      return;
    }
    const { draft } = converted;
    const note = await convertOrSkip(entry, () =>
      images
        ? // The note's images in a folder of its own name: unique as the note's name is.
          linkNoteImages(draft, entry, name.slice(0, -'.md'.length), images)
        : { text: draft.text, assets: [] },
    );
    if (!note) {
      skipped++;
      return;
    }
    for (const asset of note.assets) await zip.add(asset.path, asset.bytes, entry.savedAt);
    await zip.add(name, note.text, entry.savedAt);
  };

  const ahead: { entry: ExportEntry; name: string; note: Promise<ConvertedNote> }[] = [];
  const writeFirst = async (): Promise<void> => {
    const first = ahead.shift()!;
    await write(first.entry, first.name, await convertOrSkip(first.entry, () => first.note));
  };
  const seen = await forEachEntry(entries, options, async (entry) => {
    const name = names.claim(entry.article.title, '.md');
    if (!convertElsewhere) {
      await write(entry, name, await convertOrSkip(entry, () => ({ draft: draftNote(entry, collectImages, highlightsHeading) })));
      return;
    }
    const final = !images || options.hasStoredImages?.(entry) === false;
    const conversion = { collectImages, final, level: ZIP_LEVEL, ...(highlightsHeading !== undefined ? { highlightsHeading } : {}) };
    // In a then: an entry that cannot even be read fails its own note, as a conversion would.
    const note = Promise.resolve().then(() => convertElsewhere(noteInputOf(entry), conversion));
    // Observed now: a note the export stops before reaching is not an unhandled rejection.
    note.catch(() => undefined);
    ahead.push({ entry, name, note });
    if (ahead.length >= NOTES_AHEAD) await writeFirst();
  });
  while (ahead.length > 0) await writeFirst();
  await zip.end();
  await out.end();
  return { count: seen - skipped, skipped, bytes: out.bytes };
}
