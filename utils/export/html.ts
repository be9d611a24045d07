/**
 * The HTML export: a self-contained reader page per article (in a zip, with an index page), or a
 * selection in one page with a table of contents. No script, no style sheet or font from
 * elsewhere: only the article's own images load, and the page's CSP says so.
 */
import { sanitizeArticle } from '../extract/sanitize';
import { leadImageToShow } from '../ui/lead-image';
import { isoSeconds } from './dates';
import { escapeHtml, httpUrl } from './escape';
import { UniqueNames } from './filenames';
import { dataUri, embedImages, resolveFirst } from './images';
import { isPolicyClean, parseStoredBody } from './stored-body';
import { ChunkWriter, convertOrSkip, forEachEntry } from './output';
import { DEFAULT_HIGHLIGHTS_HEADING, type ExportEntry, type ExportOptions, type ExportResult, type ExportSink } from './types';
import { highlightBlocks } from '../model/highlights';
import { ZipWriter } from './zip';

/**
 * What an exported page may load: images (the article's own, from their sites, or inline data:)
 * and its inline style sheet; no script, frame, font or fetch. base-uri and form-action, which
 * default-src does not cover, are closed too.
 */
export const EXPORT_CSP = "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/** The words of the pages' own frame (English by default; the UI passes its translations). */
export interface HtmlLabels {
  /** Before the author's name: "By". */
  by: string;
  /** Reading time: "{n} min read". */
  minutes: string;
  /** Before the saved date: "Saved". */
  saved: string;
  /** The link to the page the article was read from. */
  original: string;
  /** Heading of a tag list. */
  tags: string;
  /** Heading and link of the table of contents. */
  contents: string;
  /** Title of an index or a page of several articles. */
  collection: string;
  /** Heading over an article's highlights and notes. */
  highlights: string;
}

/** The English frame words. */
export const DEFAULT_LABELS: HtmlLabels = {
  by: 'By',
  minutes: '{n} min read',
  saved: 'Saved',
  original: 'Original page',
  tags: 'Tags',
  contents: 'Contents',
  collection: 'Saved articles',
  highlights: DEFAULT_HIGHLIGHTS_HEADING,
};

/** Options of the HTML exporters. */
export interface HtmlExportOptions extends ExportOptions {
  labels?: Partial<HtmlLabels>;
}

/** A reader's style sheet for a page with no extension: light and dark, print, RTL, CJK. */
export const EXPORT_CSS = `
:root{color-scheme:light dark;--bg:#fdfdfb;--fg:#1d1d1b;--muted:#5f5f5a;--rule:#d8d8d2;--link:#1a5fb4;--code:#f1f1ec}
@media (prefers-color-scheme:dark){:root{--bg:#1b1b1d;--fg:#e6e6e1;--muted:#a4a49d;--rule:#3a3a3d;--link:#8ab4f8;--code:#26262a}img{filter:brightness(.9)}}
*{box-sizing:border-box}
html{background:var(--bg);color:var(--fg);-webkit-text-size-adjust:100%}
body{margin:0;padding:2rem 1.25rem 4rem;font:1.1875rem/1.6 Charter,"Bitstream Charter","Sitka Text",Cambria,Georgia,"Noto Serif",serif;overflow-wrap:break-word}
main,.reader{max-width:34em;margin:0 auto}
.reader+.reader{margin-top:4rem;padding-top:3rem;border-top:1px solid var(--rule)}
header .site{margin:0 0 .4rem;color:var(--muted);font-size:.85em;text-transform:uppercase;letter-spacing:.04em}
h1{font-size:1.9em;line-height:1.2;margin:0 0 .6rem}
h2,h3,h4,h5,h6{line-height:1.3;margin:1.6em 0 .4em}
header .meta,header .source,footer{color:var(--muted);font-size:.85em;margin:.2rem 0}
.tags{list-style:none;padding:0;margin:.6rem 0 0;display:flex;flex-wrap:wrap;gap:.4rem}
.tags li{border:1px solid var(--rule);border-radius:1em;padding:0 .6em;font-size:.8em;color:var(--muted)}
.body{margin-top:1.6rem}
p{margin:0 0 1.1em}
a{color:var(--link)}
img,video,svg{max-width:100%;height:auto}
figure{margin:1.6em 0}
figcaption{color:var(--muted);font-size:.85em;margin-top:.4em}
.lead img{display:block;width:100%;max-height:60vh;object-fit:cover}
blockquote{margin:1.2em 0;padding:0 0 0 1em;border-inline-start:3px solid var(--rule);color:var(--muted)}
pre,code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85em}
pre{background:var(--code);padding:.8em 1em;overflow-x:auto;white-space:pre;border-radius:4px}
code{background:var(--code);padding:.1em .3em;border-radius:3px}
pre code{background:none;padding:0}
table{border-collapse:collapse;display:block;overflow-x:auto;margin:1.2em 0;font-size:.9em}
th,td{border:1px solid var(--rule);padding:.3em .6em;text-align:start;vertical-align:top}
hr{border:0;border-top:1px solid var(--rule);margin:2em 0}
[dir=rtl] blockquote{padding:0 1em 0 0}
:lang(zh),:lang(ja),:lang(ko){line-height:1.8}
nav ol{padding-inline-start:1.4em}
nav li{margin:.3em 0}
nav .site{color:var(--muted);font-size:.85em}
.top{font-size:.85em;color:var(--muted);margin:0 auto 2rem;max-width:34em}
@media print{html{background:#fff;color:#000}body{padding:0;font-size:11pt}a{color:#000}.reader+.reader{break-before:page;border:0;margin-top:0}img{filter:none}}
`
  .trim()
  .replace(/\n/g, '');

const LANG_RE = /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/;

/** lang and dir attributes for an article, when its values are well-formed. */
function langDir(entry: ExportEntry): string {
  const { lang, dir } = entry.article;
  return `${lang && LANG_RE.test(lang) ? ` lang="${escapeHtml(lang)}"` : ''}${dir === 'rtl' || dir === 'ltr' ? ` dir="${dir}"` : ''}`;
}

function day(iso: string | null): string | null {
  return iso && /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : null;
}

/** A `<time>` for an ISO date-time, shown as its date (locale-neutral: the page has no script to format it). */
function timeElement(iso: string | null): string {
  const d = day(iso);
  return d && iso ? `<time datetime="${escapeHtml(iso)}">${d}</time>` : '';
}

function labelsOf(options: HtmlExportOptions): HtmlLabels {
  return { ...DEFAULT_LABELS, ...options.labels };
}

/**
 * The article body checked against the sanitize policy, sanitized again when it fails (defence in
 * depth: the stored body is sanitized already). With
 * `idPrefix`, its ids and the links to them are prefixed so that several articles share a page.
 */
export function sanitizedBody(entry: ExportEntry, options: ExportOptions, idPrefix = ''): string {
  return sanitizedTree(entry, options, idPrefix).innerHTML;
}

/**
 * The stored body as a tree: checked against the sanitize policy (stored-body.ts) and, only when
 * that check fails, sanitized in full. Its HTML is the tree's serialization, made once by the
 * caller (a second one was ~7 % of an HTML export), so what was checked is what is written.
 */
function checkedBody(entry: ExportEntry, options: ExportOptions): Element {
  const parsed = parseStoredBody(entry.article.contentHtml, options.window as unknown as { document: Document } | undefined);
  if (parsed && isPolicyClean(parsed)) return parsed;
  return sanitizeArticle(entry.article.contentHtml, { window: options.window, baseUrl: entry.article.url }).root;
}

/** The checked (or sanitized) body as a tree, its ids prefixed with `idPrefix`. */
function sanitizedTree(entry: ExportEntry, options: ExportOptions, idPrefix: string): Element {
  const root = checkedBody(entry, options);
  if (!idPrefix) return root;
  for (const el of Array.from(root.querySelectorAll('[id], a[name]'))) {
    for (const attr of ['id', 'name']) {
      const v = el.getAttribute(attr);
      if (v) el.setAttribute(attr, idPrefix + v);
    }
  }
  for (const a of Array.from(root.querySelectorAll('a[href^="#"]'))) a.setAttribute('href', `#${idPrefix}${a.getAttribute('href')!.slice(1)}`);
  return root;
}

/** The body and lead image of one exported article, with stored images embedded (data: URIs) when `options.images` is given. */
async function bodyAndLead(entry: ExportEntry, options: ExportOptions, idPrefix = ''): Promise<{ body: string; lead?: string | null }> {
  // An article with no stored image (as its record says) has nothing to embed: no image lookups.
  if (!options.images || options.hasStoredImages?.(entry) === false) return { body: sanitizedBody(entry, options, idPrefix) };
  // Embedded after sanitizing: the data: URIs are ours, made from the stored bytes.
  const root = sanitizedTree(entry, options, idPrefix);
  await embedImages(root, entry, options.images);
  const lead = leadImageToShow(entry.article.leadImageUrl, entry.article.contentHtml);
  const stored = lead ? await resolveFirst(options.images, entry, [lead]) : null;
  return { body: root.innerHTML, lead: (stored && dataUri(stored)) ?? lead };
}

/** An article's highlights and notes as a section after its body: every word escaped (they came from another service). */
function highlightsSection(highlights: string, heading: string): string {
  const blocks = highlightBlocks(highlights);
  if (blocks.length === 0) return '';
  const items = blocks.map((b) => (b.kind === 'quote' ? `<blockquote>${escapeHtml(b.text)}</blockquote>` : `<p class="note">${escapeHtml(b.text)}</p>`));
  return [`<section class="highlights">`, `<h2>${escapeHtml(heading)}</h2>`, ...items, '</section>'].join('\n');
}

/** One article as an `<article>`: site, title, byline, dates, source link, tags, lead image (`leadSrc` when given), body. */
export function articleHtml(entry: ExportEntry, body: string, labels: HtmlLabels, id?: string, leadSrc?: string | null): string {
  const a = entry.article;
  const url = httpUrl(a.url);
  const meta = [
    a.byline?.trim() ? `${escapeHtml(labels.by)} ${escapeHtml(a.byline.trim())}` : '',
    timeElement(a.publishedTime),
    a.readingTimeMinutes > 0 ? escapeHtml(labels.minutes.replace('{n}', String(a.readingTimeMinutes))) : '',
  ].filter(Boolean);
  const saved = isoSeconds(entry.savedAt);
  const lead = leadSrc === undefined ? leadImageToShow(a.leadImageUrl, a.contentHtml) : leadSrc;
  const tags = entry.tags.length
    ? `<ul class="tags" aria-label="${escapeHtml(labels.tags)}">${entry.tags.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ul>`
    : '';
  return [
    `<article class="reader"${id ? ` id="${escapeHtml(id)}"` : ''}${langDir(entry)}>`,
    '<header>',
    a.siteName?.trim() ? `<p class="site">${escapeHtml(a.siteName.trim())}</p>` : '',
    `<h1>${escapeHtml(a.title)}</h1>`,
    meta.length ? `<p class="meta">${meta.join(' · ')}</p>` : '',
    url ? `<p class="source"><a href="${escapeHtml(url)}" rel="noopener noreferrer">${escapeHtml(labels.original)}</a></p>` : '',
    tags,
    '</header>',
    lead ? `<figure class="lead"><img src="${escapeHtml(lead)}" alt=""></figure>` : '',
    `<div class="body">${body}</div>`,
    entry.highlights === undefined ? '' : highlightsSection(entry.highlights, labels.highlights),
    saved ? `<footer>${escapeHtml(labels.saved)} ${timeElement(saved)}${url ? ` · ${escapeHtml(url)}` : ''}</footer>` : '',
    '</article>',
  ]
    .filter(Boolean)
    .join('\n');
}

/** The head of every exported page: charset first, then the CSP before anything it governs. */
function pageHead(title: string, htmlAttrs: string): string {
  return [
    '<!DOCTYPE html>',
    `<html${htmlAttrs}>`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${EXPORT_CSP}">`,
    // The article's images load from their sites: without the page's file path as referrer.
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${EXPORT_CSS}</style>`,
    '</head>',
    '<body>',
  ].join('\n');
}

const PAGE_END = '\n</body>\n</html>\n';

/** A whole reader page for one article. */
export function articlePage(entry: ExportEntry, options: HtmlExportOptions = {}): string {
  const body = sanitizedBody(entry, options);
  return pageOf(entry, body, undefined, options);
}

function pageOf(entry: ExportEntry, body: string, lead: string | null | undefined, options: HtmlExportOptions): string {
  return `${pageHead(entry.article.title, langDir(entry))}\n${articleHtml(entry, body, labelsOf(options), undefined, lead)}${PAGE_END}`;
}

/** A whole reader page for one article, with its stored images embedded when `options.images` is given. */
export async function articlePageWithImages(entry: ExportEntry, options: HtmlExportOptions = {}): Promise<string> {
  const { body, lead } = await bodyAndLead(entry, options);
  return pageOf(entry, body, lead, options);
}

function tocItem(entry: ExportEntry, href: string): string {
  const site = entry.article.siteName?.trim();
  return `<li${langDir(entry)}><a href="${escapeHtml(href)}">${escapeHtml(entry.article.title || '—')}</a>${site ? ` <span class="site">${escapeHtml(site)}</span>` : ''}</li>`;
}

/** Relative link to a file of the archive (names may hold spaces, "%", "#" is never in them). */
function fileHref(name: string): string {
  return encodeURIComponent(name);
}

/**
 * Writes a zip of one reader page per article and an `index.html` listing them (written last:
 * the list is known only at the end; it holds one line per article, not the bodies).
 */
export async function exportHtml(
  entries: AsyncIterable<ExportEntry> | Iterable<ExportEntry>,
  sink: ExportSink,
  options: HtmlExportOptions = {},
): Promise<ExportResult> {
  const labels = labelsOf(options);
  const out = new ChunkWriter(sink);
  const zip = new ZipWriter(out, undefined, options.deflate);
  const names = new UniqueNames();
  names.reserve('index.html');
  const toc: string[] = [];
  let skipped = 0;
  const seen = await forEachEntry(entries, options, async (entry) => {
    const page = await convertOrSkip(entry, () => articlePageWithImages(entry, options));
    if (page === undefined) {
      skipped++;
      return;
    }
    const name = names.claim(entry.article.title, '.html');
    toc.push(tocItem(entry, fileHref(name)));
    await zip.add(name, page, entry.savedAt);
  });
  const index = `${pageHead(labels.collection, '')}\n<main>\n<h1>${escapeHtml(labels.collection)}</h1>\n<nav aria-label="${escapeHtml(labels.contents)}"><ol>\n${toc.join('\n')}\n</ol></nav>\n</main>${PAGE_END}`;
  await zip.add('index.html', index, options.now ?? Date.now());
  await zip.end();
  await out.end();
  return { count: seen - skipped, skipped, bytes: out.bytes };
}

/**
 * Writes several articles as one page. The table of contents comes last, with a link to it at
 * the top: the articles stream through one at a time and their titles are known only once they
 * have passed (one line each is kept, never a body).
 */
export async function exportHtmlSingle(
  entries: AsyncIterable<ExportEntry> | Iterable<ExportEntry>,
  sink: ExportSink,
  options: HtmlExportOptions = {},
): Promise<ExportResult> {
  const labels = labelsOf(options);
  const out = new ChunkWriter(sink);
  const toc: string[] = [];
  await out.text(`${pageHead(labels.collection, '')}\n<p class="top"><a href="#contents">${escapeHtml(labels.contents)}</a></p>\n`);
  let skipped = 0;
  const seen = await forEachEntry(entries, options, async (entry, i) => {
    const id = `article-${i + 1}`;
    const html = await convertOrSkip(entry, async () => {
      const { body, lead } = await bodyAndLead(entry, options, `a${i + 1}-`);
      return articleHtml(entry, body, labels, id, lead);
    });
    if (html === undefined) {
      skipped++;
      return;
    }
    toc.push(tocItem(entry, `#${id}`));
    await out.text(`${html}\n`);
  });
  await out.text(
    `<nav id="contents" class="reader" aria-label="${escapeHtml(labels.contents)}">\n<h2>${escapeHtml(labels.contents)}</h2>\n<ol>\n${toc.join('\n')}\n</ol>\n</nav>${PAGE_END}`,
  );
  await out.end();
  return { count: seen - skipped, skipped, bytes: out.bytes };
}
