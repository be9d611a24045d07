/**
 * The XSS vectors of issue 12 and the article pages that carry them, shared by the Node suite
 * (xss-vectors.test.ts) and the Chromium one (test/e2e/xss.e2e.test.ts). Each page carries one
 * vector in every place we extract or render: body paragraph, image alt, srcset and data-src,
 * and, by the page's kind, the title source, byline source, lead-image source and description
 * (one kind per source that wins, so each source is the one the pipeline reads on some page).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** One payload from a public corpus (test/fixtures/xss/README.md names them). */
export interface Vector {
  id: string;
  source: string;
  title?: string;
  payload: string;
}

const XSS_DIR = resolve(import.meta.dirname, '..', '..', 'fixtures', 'xss');

/** Every vector, in file order; ids and payloads are distinct across files. */
export function loadVectors(): Vector[] {
  return readdirSync(XSS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => JSON.parse(readFileSync(join(XSS_DIR, f), 'utf8')) as Vector[]);
}

/**
 * Where a metadata page puts the vector: kind 0 in <title>, <meta name=author>, og:image and
 * og:description; kind 1 in og:title, JSON-LD author and JSON-LD image; kind 2 in JSON-LD headline.
 * Places a kind leaves out get plain values, so that the vector's source is the one read (JSON-LD
 * is read before <meta>, <meta> before <title>).
 */
export const PAGE_KINDS = [0, 1, 2] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

/** The places the vector takes on a metadata page of `kind`. */
export function placementsOf(kind: PageKind): string[] {
  if (kind === 0) return ['title', 'byline meta', 'og:image', 'og:description'];
  if (kind === 1) return ['og:title', 'JSON-LD author', 'JSON-LD image'];
  return ['JSON-LD headline'];
}

/** The places each vector takes on a body page. */
export const BODY_PLACEMENTS = ['body paragraph', 'img alt', 'img srcset', 'img data-src'];

/** The value of an HTML attribute written so that it reads back as exactly `value`. */
export function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

/** JSON for a <script type=application/ld+json>, written as sites do (no `<` that could end the element). */
function ldJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

const PROSE =
  'describes what happened at the city council meeting on Tuesday evening, when members argued at length about the new budget for the coming year and what it means for the schools';

function paragraph(n: number): string {
  return `<p>Paragraph ${n}: this sentence ${PROSE}. Another sentence ${PROSE}. A third sentence ${PROSE}.</p>`;
}

/** The page's own script: it must never run where the pipeline reads the page, and in a browser only in the page. */
function pageScript(marker: string): string {
  const name = JSON.stringify(marker);
  return `<script>window[${name}] = (window[${name}] || 0) + 1;</script>`;
}

function document(head: string[], article: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">${head.join('\n')}</head><body>
<header><a href="/">Example News</a></header>
<main><article><h1>Council argues over the budget</h1><p class="byline">By Jane Reporter</p>
${article}
</article></main><footer>© Example News</footer></body></html>`;
}

/**
 * A news article carrying each payload in a paragraph of its own, an image alt, a srcset candidate
 * and a lazy image's data-src, between paragraphs of prose.
 */
export function bodyPage(payloads: readonly string[], opts: { marker: string; imageBase: string }): string {
  const img = (name: string) => `${opts.imageBase}/${name}.jpg`;
  const parts = [paragraph(1)];
  payloads.forEach((payload, i) => {
    const v = attr(payload);
    parts.push(
      `<p>Vector ${i + 1} follows. ${payload} And the sentence goes on after it, as article text does, ${PROSE}.</p>`,
      `<figure><img src="${img(`photo-${i}`)}" alt="${v}" width="640" height="360"><figcaption>The council chamber on Tuesday.</figcaption></figure>`,
      paragraph(2 + i),
      `<figure><img src="${img(`small-${i}`)}" srcset="${v} 1x, ${img(`large-${i}`)} 2x" alt="The mayor"></figure>`,
      `<figure><img data-src="${v}" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="The budget"></figure>`,
    );
  });
  parts.push(paragraph(payloads.length + 2), paragraph(payloads.length + 3));
  return document(['<title>Council argues over the budget | Example News</title>', pageScript(opts.marker)], parts.join('\n'));
}

/** A short news article carrying `payload` in the metadata places of `kind` (placementsOf). */
export function metadataPage(payload: string, kind: PageKind, opts: { marker: string; imageBase: string }): string {
  const v = attr(payload);
  const head: string[] = [];
  head.push(kind === 0 ? `<title>${payload}</title>` : '<title>Council argues over the budget | Example News</title>');
  if (kind === 0) {
    head.push(`<meta name="author" content="${v}">`, `<meta property="og:image" content="${v}">`, `<meta property="og:description" content="${v}">`);
  }
  if (kind === 1) {
    head.push(`<meta property="og:title" content="${v}">`);
    head.push(
      `<script type="application/ld+json">${ldJson({ '@context': 'https://schema.org', '@type': 'NewsArticle', author: { '@type': 'Person', name: payload }, image: payload })}</script>`,
    );
  }
  if (kind === 2) {
    const ld = {
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: payload,
      author: { '@type': 'Person', name: 'Jane Reporter' },
      image: `${opts.imageBase}/lead.jpg`,
    };
    head.push(`<script type="application/ld+json">${ldJson(ld)}</script>`);
  }
  head.push(pageScript(opts.marker));
  return document(head, `${paragraph(1)}\n${paragraph(2)}`);
}
