/**
 * Page metadata (JSON-LD, <meta>, <time>, <html>), read before any prepare or clean rule runs so
 * that nothing they remove can take it away (index.ts runs the steps).
 */
import type { Article } from '../model/article';
import { all, normText } from './dom';
import { declaredTypes } from './gate';

/** What the page states about itself; the Article's metadata fields, plus what only extraction needs. */
export interface PageMetadata extends Pick<Article, 'byline' | 'siteName' | 'publishedTime' | 'lang' | 'dir' | 'excerpt' | 'leadImageUrl'> {
  /** Null when the page states none (an Article's title is always a string). */
  title: string | null;
  /** 'stated' when JSON-LD or a <meta> names the title; 'document' when it is cut from <title> or the h1. */
  titleSource: 'stated' | 'document' | null;
  canonicalUrl: string | null;
  /** JSON-LD articleBody, kept for the fallback path. */
  articleBody: string | null;
  /** The page's declared types (og:type, every JSON-LD @type), a weak hint for the article gate. */
  types: string[];
}

const ARTICLE_TYPES_RE =
  /^(?:Article|NewsArticle|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BackgroundNewsArticle|BlogPosting|LiveBlogPosting|Report|ScholarlyArticle|SocialMediaPosting|TechArticle|WebPage|ReviewNewsArticle|Review)$/;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asString(v: Json | undefined): string | null {
  if (typeof v === 'string') return v.trim() || null;
  if (Array.isArray(v)) return asString(v[0]);
  if (isObject(v)) return asString(v['name'] ?? v['url'] ?? v['@id']);
  return null;
}

function types(o: JsonObject): string[] {
  const t = o['@type'];
  return (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string');
}

/** The text of every JSON-LD script of the page, read once for the article object and the declared types. */
export function jsonLdTexts(doc: Document): string[] {
  return Array.from(all(doc, 'script[type="application/ld+json"]'), (script) => script.textContent ?? '');
}

/** The most article-like JSON-LD object on the page (or among `texts`, its JSON-LD scripts' text), if any. */
export function findJsonLdArticle(doc: Document, texts: readonly string[] = jsonLdTexts(doc)): JsonObject | null {
  const candidates: JsonObject[] = [];
  const visit = (v: Json | undefined): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isObject(v)) {
      if (types(v).some((t) => ARTICLE_TYPES_RE.test(t))) candidates.push(v);
      visit(v['@graph']);
    }
  };
  for (const text of texts) {
    try {
      visit(JSON.parse(text.replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, '')) as Json);
    } catch {
      // Broken JSON-LD is common; the other sources still apply.
    }
  }
  // A real article type beats a generic WebPage wrapper.
  return candidates.find((c) => !types(c).includes('WebPage')) ?? candidates[0] ?? null;
}

/** `<meta>` values by key: lower case, "." read as ":" ("DC.Title" is "dc:title"), one entry per listed property. */
type MetaTags = ReadonlyMap<string, string>;

const metaKey = (key: string): string => {
  const k = key.toLowerCase();
  return k.includes('.') ? k.replace(/\./g, ':') : k;
};

/** Reads every `<meta>` once; space-separated `property`/`itemprop` lists name several keys. */
function readMetaTags(doc: Document): MetaTags {
  const tags = new Map<string, string>();
  const add = (key: string, content: string): void => {
    const k = metaKey(key);
    if (k && !tags.has(k)) tags.set(k, content);
  };
  for (const el of all(doc, 'meta[content]')) {
    const content = el.getAttribute('content')?.trim();
    if (!content) continue;
    for (const attr of ['property', 'itemprop']) {
      const v = el.getAttribute(attr);
      if (!v) continue;
      if (/\s/.test(v.trim())) for (const part of v.trim().split(/\s+/)) add(part, content);
      else add(v.trim(), content);
    }
    const name = el.getAttribute('name');
    if (name) add(name.replace(/\s+/g, ''), content);
  }
  return tags;
}

function metaContent(tags: MetaTags, ...keys: string[]): string | null {
  for (const key of keys) {
    const v = tags.get(metaKey(key));
    if (v) return v;
  }
  return null;
}

function authorNames(v: Json | undefined): string | null {
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  const names = list.map((a) => (isObject(a) ? asString(a['name']) : asString(a))).filter((n): n is string => !!n && !/^https?:/.test(n));
  return names.length ? names.join(', ') : null;
}

const SEPARATOR_RE = /\s+[|\-–—:·•»/\\]\s+/;

/** Drops a trailing " | Site" (or leading "Site | ") from a title when it names the site. */
export function stripSiteSuffix(title: string, siteName: string | null, host: string | null): string {
  const t = title.replace(/\s+/g, ' ').trim();
  const parts = t.split(SEPARATOR_RE);
  if (parts.length < 2) return t;
  const norm = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  const names = [siteName, host?.replace(/^www\./, '').split('.')[0]].filter((s): s is string => !!s).map(norm);
  const isSite = (s: string): boolean => {
    const n = norm(s);
    return !!n && names.some((name) => name && (n === name || n.includes(name) || name.includes(n)));
  };
  const last = parts[parts.length - 1] ?? '';
  const first = parts[0] ?? '';
  const m = t.match(new RegExp(`^(.*)${SEPARATOR_RE.source}(.*)$`));
  if (m && isSite(last) && m[1]) return m[1].trim();
  const mFirst = t.match(new RegExp(`^(.*?)${SEPARATOR_RE.source}(.*)$`));
  if (mFirst && isSite(first) && mFirst[2]) return mFirst[2].trim();
  return t;
}

/** Separators between a title and its site or section in `<title>`, dashes of every width included. */
const TITLE_SEPARATOR = '[|\\-–—\\\\/>»]';
const TITLE_SEPARATOR_RE = new RegExp(`\\s${TITLE_SEPARATOR}\\s`, 'g');
/** Separators that mark a path ("Docs » Guide"), which makes a short remainder plausible. */
const HIERARCHICAL_SEPARATOR_RE = /\s[\\/>»]\s/;
/** A title this short after cutting is more likely a section name than the headline. */
const MIN_TITLE_WORDS = 5;

const wordsIn = (s: string): number => s.trim().split(/\s+/).length;

/**
 * The headline inside the document's `<title>`, by Readability's own rule (cut the last
 * " | Part", or the first when too little is left; keep "Series: Title" when a heading repeats
 * it), with en and em dashes accepted as separators as current Readability does.
 */
export function headlineFromDocumentTitle(doc: Document): string {
  const original = normText(doc.querySelector('title'));
  let title = original;
  let hierarchical = false;
  const separators = [...original.matchAll(TITLE_SEPARATOR_RE)];
  const lastSeparator = separators[separators.length - 1];
  if (lastSeparator) {
    hierarchical = HIERARCHICAL_SEPARATOR_RE.test(original);
    title = original.slice(0, lastSeparator.index);
    if (wordsIn(title) < 3) title = original.replace(new RegExp(`^[^|\\-–—\\\\/>»]*${TITLE_SEPARATOR}`), '');
  } else if (original.includes(': ')) {
    const repeated = Array.from(all(doc, 'h1, h2')).some((h) => normText(h) === original);
    if (!repeated) {
      title = original.slice(original.lastIndexOf(':') + 1);
      if (wordsIn(title) < 3) title = original.slice(original.indexOf(':') + 1);
      else if (wordsIn(original.slice(0, original.indexOf(':'))) > 5) title = original;
    }
  } else if (original.length > 150 || original.length < 15) {
    const h1s = all(doc, 'h1');
    if (h1s.length === 1 && h1s[0]) title = normText(h1s[0]);
  }
  title = title.replace(/\s+/g, ' ').trim();
  const count = wordsIn(title);
  // As Readability: only the separator characters go before counting, the spaces around them stay.
  if (count < MIN_TITLE_WORDS && (!hierarchical || count !== wordsIn(original.replace(/[|\-–—\\/>»]+/g, '')) - 1)) return original;
  return title;
}

export interface MetadataOptions {
  /**
   * Fall back to the page's byline-like elements when JSON-LD and <meta> name no author (default
   * true). The pipeline turns it off and asks domByline only when Readability found no byline either.
   */
  domByline?: boolean;
}

/** Reads every metadata field the page states. */
export function extractMetadata(doc: Document, pageUrl: string | null = null, options: MetadataOptions = {}): PageMetadata {
  const ldTexts = jsonLdTexts(doc);
  const ld = findJsonLdArticle(doc, ldTexts);
  const tags = readMetaTags(doc);
  const html = doc.documentElement;
  const siteName =
    metaContent(tags, 'og:site_name', 'application-name', 'twitter:site:name') ?? (ld && isObject(ld['publisher']) ? asString(ld['publisher']['name']) : null);
  let host: string | null = null;
  try {
    host = pageUrl ? new URL(pageUrl).hostname : null;
  } catch {
    host = null;
  }
  const statedTitle =
    (ld ? (asString(ld['headline']) ?? asString(ld['name'])) : null) ??
    metaContent(tags, 'dc:title', 'dcterm:title', 'og:title', 'title', 'twitter:title', 'parsely-title');
  const rawTitle = statedTitle ?? (headlineFromDocumentTitle(doc) || null) ?? (normText(doc.querySelector('h1')) || null);
  const title = rawTitle ? stripSiteSuffix(rawTitle, siteName, host) : null;
  const titleSource = statedTitle ? 'stated' : title ? 'document' : null;

  const metaAuthor = metaContent(tags, 'author', 'article:author', 'dc:creator', 'dcterm:creator', 'parsely-author', 'sailthru:author');
  const byline =
    (ld ? authorNames(ld['author'] ?? ld['creator']) : null) ??
    (metaAuthor && !/^https?:/.test(metaAuthor) ? metaAuthor : null) ??
    (options.domByline === false ? null : domByline(doc));

  const timeEl = doc.querySelector('article time[datetime], time[datetime][pubdate], time[itemprop="datePublished"], time[datetime]');
  const publishedTime =
    (ld ? (asString(ld['datePublished']) ?? asString(ld['dateCreated'])) : null) ??
    metaContent(
      tags,
      'article:published_time',
      'datePublished',
      'og:published_time',
      'publish-date',
      'pubdate',
      'dc:date',
      'dc:date:issued',
      'date',
      'sailthru:date',
      'parsely-pub-date',
    ) ??
    (timeEl?.getAttribute('datetime')?.trim() || null);

  const locale = metaContent(tags, 'og:locale');
  const contentLanguage = doc.querySelector('meta[http-equiv="content-language" i]')?.getAttribute('content')?.trim() || null;
  const lang =
    html?.getAttribute('lang')?.trim() ||
    html?.getAttribute('xml:lang')?.trim() ||
    (ld ? asString(ld['inLanguage']) : null) ||
    contentLanguage?.split(',')[0]?.trim() ||
    (locale ? locale.replace('_', '-') : null) ||
    null;

  const dirAttr = (html?.getAttribute('dir') || doc.body?.getAttribute('dir') || '').toLowerCase();
  // Without a dir attribute a right-to-left language still reads right to left.
  const dir: 'ltr' | 'rtl' | null = dirAttr === 'rtl' ? 'rtl' : dirAttr === 'ltr' ? 'ltr' : isRtlLanguage(lang) ? 'rtl' : null;

  const excerpt =
    metaContent(tags, 'og:description', 'description', 'twitter:description', 'dc:description', 'dcterm:description') ??
    (ld ? asString(ld['description']) : null);

  const leadImageUrl =
    metaContent(tags, 'og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src') ?? (ld ? imageUrl(ld['image']) : null);

  const canonicalUrl = doc.querySelector('link[rel="canonical"]')?.getAttribute('href')?.trim() || null;
  const articleBody = ld ? asString(ld['articleBody']) : null;

  const declared = declaredTypes(doc, ldTexts);

  return { title, titleSource, byline, siteName, publishedTime, lang, dir, excerpt, leadImageUrl, canonicalUrl, articleBody, types: declared };
}

const MONTH_OR_DAY_RE =
  /\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon(?:day)?|tue(?:sday)?|wed(?:nesday)?|thu(?:rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\b/i;

/**
 * A byline candidate that is really a dateline ("Sunday, Feb 1, 2015 11:57 AM UTC"): bylines
 * and datelines share class names on many sites, and a date is never an author.
 */
export function isDateline(text: string): boolean {
  const t = text.trim();
  if (/^(?:by|von|par|por|door|di)\s/i.test(t)) return false;
  // A wire-style place dateline: "CAIRO —", "WASHINGTON (AP) -".
  if (/^[\p{Lu}][\p{Lu}\p{M}\s.,'’()-]*[—–-]\s*$/u.test(t)) return true;
  const hasYearOrTime = /\b(?:19|20)\d{2}\b|\b\d{1,2}:\d{2}\b/.test(t);
  const numericDate = /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b/.test(t);
  return (
    numericDate ||
    (hasYearOrTime &&
      MONTH_OR_DAY_RE.test(t) &&
      t
        .replace(/[^\p{L}]+/gu, ' ')
        .trim()
        .split(' ').length <= 8)
  );
}

/** Readability's own byline signals, replayed on the untouched page: cleaning may remove the node first. */
const BYLINE_RE = /byline|author|dateline|writtenby|p-author/i;
/** BYLINE_RE as a selector, so the browser skips the thousands of other elements natively. */
const BYLINE_CANDIDATES = [
  '[rel="author"]',
  '[itemprop*="author"]',
  ...['byline', 'author', 'dateline', 'writtenby'].flatMap((w) => [`[class*="${w}" i]`, `[id*="${w}" i]`]),
].join(', ');
const UNLIKELY_RE =
  /-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote/i;
const MAYBE_RE = /and|article|body|column|content|main|mathjax|shadow/i;
const UNLIKELY_ROLES = new Set(['menu', 'menubar', 'complementary', 'navigation', 'alert', 'alertdialog', 'dialog']);

/**
 * Whether Readability's first pass never reaches `el`. An explicit author link (rel/itemprop) in a
 * post's own `<header>` is still read: Readability reaches it on a later, relaxed pass.
 */
function skippedByReadability(el: Element, explicitAuthor: boolean): boolean {
  for (let e: Element | null = el; e && e.localName !== 'body'; e = e.parentElement) {
    if (e.hasAttribute('hidden') || e.getAttribute('aria-hidden') === 'true' || /display\s*:\s*none/i.test(e.getAttribute('style') ?? '')) return true;
    const match = `${e.getAttribute('class') ?? ''} ${e.getAttribute('id') ?? ''}`;
    const headerOfPost = explicitAuthor && e.localName === 'header' && !!e.closest('article');
    if (e !== el && !headerOfPost && UNLIKELY_RE.test(match) && !MAYBE_RE.test(match) && e.localName !== 'a') return true;
    if (UNLIKELY_ROLES.has(e.getAttribute('role') ?? '')) return true;
  }
  return false;
}

/** The first byline-like element's text (rel/itemprop author, byline-ish class or id), as Readability finds it. */
export function domByline(doc: Document): string | null {
  const body = doc.body;
  if (!body) return null;
  for (const el of all(body, BYLINE_CANDIDATES)) {
    const match = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
    const explicitAuthor = el.getAttribute('rel') === 'author' || (el.getAttribute('itemprop') ?? '').includes('author');
    if (!explicitAuthor && !BYLINE_RE.test(match)) continue;
    const text = (el.textContent ?? '').trim();
    if (!text || text.length >= 100 || skippedByReadability(el, explicitAuthor)) continue;
    const named = all(el, '[itemprop*="name"]')[0];
    return normText(named ?? el) || null;
  }
  return null;
}

function imageUrl(v: Json | undefined): string | null {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return imageUrl(v[0]);
  if (isObject(v)) return asString(v['url'] ?? v['contentUrl']);
  return null;
}

/** Languages written right to left (primary subtags). */
const RTL_LANGUAGES = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'ku', 'ps', 'sd', 'syr', 'ug', 'ur', 'yi']);

/** Whether a language tag names a right-to-left language ("ar", "he-IL", "fa_IR"; "ku-Latn" is not). */
export function isRtlLanguage(lang: string | null): boolean {
  if (!lang) return false;
  const parts = lang.toLowerCase().split(/[-_]/);
  if (parts.includes('latn') || parts.includes('cyrl')) return false;
  return RTL_LANGUAGES.has(parts[0] ?? '');
}

/** Scripts whose text is read character by character rather than word by word. */
const CJK_CHAR_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const WORD_RE = /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’_-]*/gu;

/**
 * Silent reading rates (Trauzettel-Klosinski et al., 2012, "Standardized assessment of reading
 * performance"): words per minute by language, characters per minute for Chinese and Japanese.
 */
export const WORDS_PER_MINUTE: Readonly<Record<string, number>> = {
  en: 228,
  es: 218,
  fr: 195,
  de: 179,
  it: 188,
  pt: 181,
  nl: 202,
  sv: 218,
  fi: 161,
  pl: 166,
  ru: 184,
  tr: 166,
  ar: 138,
  he: 187,
  ko: 200,
  default: 200,
};
export const CJK_CHARS_PER_MINUTE: Readonly<Record<string, number>> = { zh: 255, ja: 357, default: 300 };

/** Words in a text; each Han/Kana character counts as one word. */
export function countWords(text: string): number {
  const cjk = text.match(CJK_CHAR_RE)?.length ?? 0;
  const rest = text.replace(CJK_CHAR_RE, ' ');
  return cjk + (rest.match(WORD_RE)?.length ?? 0);
}

/** Whole minutes (at least 1 for any text) to read `text` silently at the language's usual rate. */
export function readingTimeMinutes(text: string, lang: string | null): number {
  return textStats(text, lang).readingTimeMinutes;
}

/** Word count and reading time together: one pass of the script regexes over the text. */
export function textStats(text: string, lang: string | null): { wordCount: number; readingTimeMinutes: number } {
  const base = (lang ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  const cjk = text.match(CJK_CHAR_RE)?.length ?? 0;
  const words = cjk ? (text.replace(CJK_CHAR_RE, ' ').match(WORD_RE) ?? []).length : (text.match(WORD_RE) ?? []).length;
  if (cjk === 0 && words === 0) return { wordCount: 0, readingTimeMinutes: 0 };
  const cpm = CJK_CHARS_PER_MINUTE[base] ?? CJK_CHARS_PER_MINUTE['default'] ?? 300;
  const wpm = WORDS_PER_MINUTE[base] ?? WORDS_PER_MINUTE['default'] ?? 200;
  return { wordCount: cjk + words, readingTimeMinutes: Math.max(1, Math.round(cjk / cpm + words / wpm)) };
}
