/**
 * Realistic saved articles for the library benchmark: the project's own pipeline runs in Node on
 * real corpus pages (never copied into the repo: the folder is an argument), each extracted body is
 * cut into its top-level blocks, and N records are made from them by shuffling and mixing blocks of
 * articles in the same language until each body is 20–60 kB, with their own titles, URLs, sites and
 * dates. Deterministic: the same seed gives the same library.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractArticle } from '../../../utils/extract';
import { parseHtml } from '../../../utils/extract/node';
import type { Article } from '../../../utils/model/article';
import { LIBRARY_SCHEMA_VERSION, entryFor, type StoredRecord } from '../../../utils/library/schema';
import { mergeTags } from '../../../utils/library/tags';
import type { LibraryEntry } from '../../../utils/library/types';
import { mulberry32 } from '../score';

/** One block of an extracted body (paragraph, heading, list…): its HTML and its plain text. */
export interface Block {
  html: string;
  text: string;
}

/** An extracted article cut into blocks: the material records are made from. */
export interface BaseArticle {
  source: string;
  article: Article;
  blocks: Block[];
}

/** Smallest and largest body (contentHtml, UTF-16 code units ≈ bytes for Latin text) of a record. */
export const BODY_MIN = 20_000;
export const BODY_MAX = 60_000;

const BLOCK_TAGS = new Set(['P', 'H2', 'H3', 'H4', 'H5', 'H6', 'UL', 'OL', 'BLOCKQUOTE', 'PRE', 'FIGURE', 'TABLE', 'DL']);

/** A small seeded PRNG, so a library can be made again exactly (the bench's own mulberry32). */
export const prng = mulberry32;

function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function blocksOf(contentHtml: string): Promise<Block[]> {
  const page = parseHtml(`<!doctype html><html><body>${contentHtml}</body></html>`);
  try {
    const blocks: Block[] = [];
    const walk = (el: Element): void => {
      for (const child of Array.from(el.children)) {
        if (BLOCK_TAGS.has(child.tagName.toUpperCase())) {
          const text = (child.textContent ?? '').replace(/\s+/g, ' ').trim();
          if (text.length > 0) blocks.push({ html: child.outerHTML, text });
        } else walk(child);
      }
    };
    walk(page.document.body);
    return blocks;
  } finally {
    await page.close();
  }
}

/**
 * loadBaseArticles, kept in bench-output/ (git-ignored) keyed by the corpus path, its file list and
 * the pipeline's sources' mtimes: extraction of the whole corpus takes about a minute on a busy machine.
 */
export async function loadBaseArticlesCached(corpusDir: string, opts: { htmlGlob?: 'zyte' | 'readability'; limit?: number } = {}): Promise<BaseArticle[]> {
  const root = resolve(corpusDir);
  const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  const pipeline = readdirSync(join(repo, 'utils', 'extract'), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => statSync(join(d.parentPath, d.name)).mtimeMs)
    .reduce((a, b) => Math.max(a, b), 0);
  const key = createHash('sha256')
    .update(JSON.stringify([root, opts, readdirSync(root).sort(), pipeline]))
    .digest('hex')
    .slice(0, 16);
  const file = join(repo, 'bench-output', 'library', `bases-${key}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as BaseArticle[];
  const bases = await loadBaseArticles(root, opts);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(bases));
  return bases;
}

/** Runs the extraction pipeline on every `html/*.html` of a corpus folder; keeps articles with enough prose. */
export async function loadBaseArticles(corpusDir: string, opts: { htmlGlob?: 'zyte' | 'readability'; limit?: number } = {}): Promise<BaseArticle[]> {
  const root = resolve(corpusDir);
  const files: Array<{ id: string; path: string }> =
    opts.htmlGlob === 'readability'
      ? readdirSync(root)
          .filter((d) => existsSync(join(root, d, 'source.html')))
          .map((d) => ({ id: d, path: join(root, d, 'source.html') }))
      : readdirSync(join(root, 'html'))
          .filter((f) => f.endsWith('.html'))
          .sort()
          .map((f) => ({ id: f.replace(/\.html$/, ''), path: join(root, 'html', f) }));
  if (files.length === 0) throw new Error(`No corpus pages under ${root}`);
  const out: BaseArticle[] = [];
  for (const { id, path } of files.slice(0, opts.limit ?? Infinity)) {
    const url = `https://corpus.example/${id}`;
    const page = parseHtml(readFileSync(path, 'utf8'), url);
    try {
      const r = extractArticle(page.document, { url, force: true, window: page.window });
      if (!r.ok || r.article.text.length < 1_000) continue;
      const blocks = (await blocksOf(r.article.contentHtml)).filter((b) => b.html.length < BODY_MAX / 2);
      if (blocks.length >= 3) out.push({ source: id, article: r.article, blocks });
    } finally {
      await page.close();
    }
  }
  return out;
}

const langKey = (a: Article): string => (a.lang ?? 'en').slice(0, 2).toLowerCase();
const DAY = 86_400_000;
/** Largest library makeRecords spaces dates for (more still works; dates then pass NEWEST_SAVED_AT). */
const MAX_RECORDS = 20_000;
/** Tags generated records carry. */
const BENCH_TAGS = ['politics', 'science', 'long read', 'tech', 'Economy', 'health', 'to cite', 'climate', 'culture', 'sport', 'Europe', 'AI'];
/** Newest saved date of a generated library: fixed, so the list order is the same every run. */
export const NEWEST_SAVED_AT = Date.UTC(2026, 0, 1);

function hex(rand: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rand() * 16).toString(16);
  return s;
}

/** What makeRecords produces: the stored records and their index entries, index i = record i. */
export interface GeneratedLibrary {
  records: StoredRecord[];
  entries: LibraryEntry[];
}

/**
 * Records `from`..`to-1` of the library a seed makes (so a library can be grown in steps). Record i
 * is saved later than record i-1: the newest is the last. Ids look like the product's (UUIDs).
 */
export function makeRecords(bases: readonly BaseArticle[], from: number, to: number, seed = 1): GeneratedLibrary {
  const byLang = new Map<string, BaseArticle[]>();
  for (const b of bases) byLang.set(langKey(b.article), [...(byLang.get(langKey(b.article)) ?? []), b]);
  const hosts = [...new Set(bases.map((b) => b.article.siteName ?? b.source.slice(0, 8)))];
  const records: StoredRecord[] = [];
  const entries: LibraryEntry[] = [];
  for (let i = from; i < to; i++) {
    const rand = prng(seed * 1_000_003 + i);
    const base = bases[i % bases.length]!;
    const kin = byLang.get(langKey(base.article)) ?? [base];
    const target = BODY_MIN + Math.floor(rand() * (BODY_MAX - BODY_MIN));
    const chosen: Block[] = [];
    let size = 0;
    // The base article's own blocks first (shuffled), then blocks of others in its language.
    const queue = [...shuffled(base.blocks, rand)];
    for (let guard = 0; size < target && guard < 5_000; guard++) {
      if (queue.length === 0) queue.push(...shuffled(kin[Math.floor(rand() * kin.length)]!.blocks, rand));
      const block = queue.shift()!;
      // +1 for the line break that joins blocks.
      if (size + block.html.length + 1 > BODY_MAX) continue;
      chosen.push(block);
      size += block.html.length + 1;
    }
    const contentHtml = chosen.map((b) => b.html).join('\n');
    const text = chosen.map((b) => b.text).join('\n');
    const words = text.split(/\s+/).filter(Boolean).length;
    const other = kin[Math.floor(rand() * kin.length)]!;
    const pass = Math.floor(i / bases.length);
    const suffix = other.blocks[Math.floor(rand() * other.blocks.length)]!.text.split(/\s+/)
      .slice(0, 3 + Math.floor(rand() * 4))
      .join(' ');
    const title = pass === 0 ? base.article.title : `${base.article.title.slice(0, 80)}: ${suffix}`;
    const site = pass === 0 ? base.article.siteName : hosts[Math.floor(rand() * hosts.length)]!;
    const host = `${
      (site ?? 'news')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'news'
    }.example`;
    // Three hours apart on average, the newest last: 20,000 records span about seven years.
    const savedAt = NEWEST_SAVED_AT - (MAX_RECORDS - i) * 3 * 3_600_000 + Math.floor(rand() * 3_600_000);
    const published = new Date(savedAt - Math.floor(rand() * 30) * DAY);
    const id = `${hex(rand, 8)}-${hex(rand, 4)}-4${hex(rand, 3)}-a${hex(rand, 3)}-${hex(rand, 12)}`;
    const article: Article = {
      ...base.article,
      url: `https://${host}/${published.getUTCFullYear()}/${String(published.getUTCMonth() + 1).padStart(2, '0')}/${base.source.slice(0, 12)}-${i}`,
      title,
      siteName: site,
      publishedTime: published.toISOString(),
      excerpt: chosen[0]!.text.slice(0, 200),
      wordCount: words,
      readingTimeMinutes: Math.max(1, Math.round(words / 230)),
      contentHtml,
      text,
    };
    const readAt = rand() < 0.3 ? savedAt + DAY : null;
    // About a third carry one to three tags, as an import from Pocket or Omnivore would.
    const tags =
      rand() < 0.35
        ? mergeTags(
            [],
            Array.from({ length: 1 + Math.floor(rand() * 3) }, () => BENCH_TAGS[Math.floor(rand() * BENCH_TAGS.length)]!),
          )
        : [];
    const record: StoredRecord = {
      schemaVersion: LIBRARY_SCHEMA_VERSION,
      id,
      savedAt,
      readAt,
      deletedAt: null,
      archivedAt: rand() < 0.2 ? savedAt + 2 * DAY : null,
      favourite: rand() < 0.05,
      tags,
      updatedAt: Math.max(savedAt, readAt ?? 0),
      content: 'article',
      article,
    };
    records.push(record);
    entries.push(entryFor(record));
  }
  return { records, entries };
}
