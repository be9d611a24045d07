/**
 * Pathological pages, generated (never committed): the bad-input e2e suite reads each through the
 * real extension, and `npm run bench:pathological` times them. Deterministic, so a slow or failing
 * case is the same page every run.
 */
import { generateHugePage } from './fixtures';

/** Where a long title is put: the <title>, og:title, JSON-LD headline, the <h1>, or the only paragraph. */
export type TitlePlace = 'title' | 'og' | 'ld' | 'h1' | 'p';
/** Every place a long title is tried in. */
export const TITLE_PLACES: readonly TitlePlace[] = ['title', 'og', 'ld', 'h1', 'p'];

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** One word of `chars` letters (no space, no separator): the shape that made a title take 45 s to show. */
export function singleToken(chars: number): string {
  return 'a'.repeat(chars);
}

/** About `chars` characters of ten-letter words and spaces: the same size as singleToken, breakable. */
export function spacedWords(chars: number): string {
  return Array.from({ length: Math.ceil(chars / 10) }, (_, i) => `word${String(i % 100_000).padStart(5, '0')}`)
    .join(' ')
    .slice(0, chars);
}

const STORY = Array.from(
  { length: 12 },
  (_, i) =>
    `<p>Paragraph ${i + 1} of the council's report on the harbour bridge, with enough words to read as running text: engineers, residents and the ferry timetable all had their say at the morning meeting.</p>`,
).join('\n');

/** An article page with `title` in one place (`place`), the rest of the page ordinary. */
export function pageWithTitle(place: TitlePlace, title: string): string {
  const t = escape(title);
  const head = {
    title: `<title>${t}</title>`,
    og: `<title>Harbour report</title><meta property="og:title" content="${t}">`,
    ld: `<title>Harbour report</title><script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: title }).replace(/</g, '\\u003c')}</script>`,
    h1: '<title>Harbour report</title>',
    p: '<title>Harbour report</title>',
  }[place];
  const main = place === 'h1' ? `<h1>${t}</h1>\n${STORY}` : place === 'p' ? `<p>${t}</p>` : `<h1>Harbour report</h1>\n${STORY}`;
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8">${head}</head>\n<body><main><article>\n${main}\n</article></main></body></html>`;
}

/** An ordinary article of about `bytes` bytes (paragraphs, headings, lists), under the element budget. */
export function bigArticle(bytes: number): string {
  // generateHugePage writes about 140 bytes per element.
  return generateHugePage(Math.max(10, Math.round(bytes / 140)), { title: `A ${Math.round(bytes / 1e6)} MB article` });
}

/** An article inside `depth` nested <div>s. */
export function deepNesting(depth: number): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Deeply nested article page</title></head><body>${'<div>'.repeat(depth)}<article><h1>Deeply nested</h1>${STORY}</article>${'</div>'.repeat(depth)}</body></html>`;
}

/** Bytes that are no HTML at all (a PNG-like header, then pseudo-random bytes, NULs included), to be served as text/html. */
export function binaryBytes(length: number): Buffer {
  const out = Buffer.alloc(length);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(out);
  let x = 0x2545f491;
  for (let i = 8; i < length; i++) {
    // xorshift32: the same bytes every run.
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/**
 * An article whose own script replaces the builtins an extension might call — Node.prototype.appendChild,
 * Array.prototype.map, JSON.stringify — with functions that throw: the content script runs in an
 * isolated world, so reading it must not notice.
 */
export function hostileBuiltinsPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A page that breaks builtins</title>
<script>
  const broken = () => { throw new Error('page-broken builtin'); };
  Node.prototype.appendChild = broken;
  Node.prototype.insertBefore = broken;
  Array.prototype.map = broken;
  Array.from = broken;
  JSON.stringify = broken;
  JSON.parse = broken;
  Object.defineProperty = broken;
  window.__brokenBuiltins = true;
</script></head>
<body><main><article><h1>The harbour bridge reopens</h1>
${STORY}
</article></main></body></html>`;
}

/** About `bytes` bytes of prose in a few hundred long paragraphs: a big article with few elements. */
export function longParagraphs(bytes: number): string {
  const words = ['council', 'harbour', 'bridge', 'engineers', 'residents', 'ferry', 'timetable', 'morning', 'report', 'water'];
  // Every paragraph different (the reader drops repeated blocks as page furniture).
  const paragraph = (n: number) =>
    `<p>${Array.from({ length: 100 }, (_, i) => `In part ${n}, sentence ${i}, the ${words[(n + i) % 10]} and the ${words[(n * 3 + i) % 10]} were discussed again by everyone present.`).join(' ')}</p>`;
  const count = Math.max(1, Math.round(bytes / paragraph(0).length));
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>A long report in ${count} paragraphs</title></head><body><main><article><h1>A long report</h1>\n${Array.from({ length: count }, (_, n) => paragraph(n)).join('\n')}\n</article></main></body></html>`;
}

/** An article that lives in an about:blank iframe the page writes into (same origin, no URL of its own). */
export function aboutBlankFramePage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Story in a blank frame</title></head>
<body><iframe id="story" src="about:blank" style="width:100%;height:600px"></iframe>
<script>
  const doc = document.getElementById('story').contentDocument;
  doc.open();
  doc.write(${JSON.stringify(`<!doctype html><html lang="en"><body><article><h1>The harbour bridge reopens</h1>${STORY}</article></body></html>`)});
  doc.close();
</script></body></html>`;
}
