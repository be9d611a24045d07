import { crc32, deflateSync } from 'node:zlib';
/** Options for generateHugePage. */
export interface HugePageOptions {
  /** Page title; default "Huge page (<n> elements)". */
  title?: string;
}

const WORDS = [
  'river',
  'harbour',
  'council',
  'bridge',
  'morning',
  'volunteers',
  'library',
  'weather',
  'ferry',
  'timetable',
  'residents',
  'engineers',
  'report',
  'water',
  'level',
  'school',
  'market',
  'storm',
] as const;

// Deterministic text so a failing test sees the same page again (no Math.random).
function sentence(seed: number, length: number): string {
  const words: string[] = [];
  for (let i = 0; i < length; i++) words.push(WORDS[(seed * 7 + i * 13) % WORDS.length]!);
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/**
 * A syntactically valid article page with about `elements` body elements (paragraphs, headings,
 * list items, links), for size and timing limits; generated rather than committed to keep the repo small.
 */
export function generateHugePage(elements: number, opts: HugePageOptions = {}): string {
  if (!Number.isInteger(elements) || elements < 1) throw new RangeError('elements must be a positive integer');
  const title = opts.title ?? `Huge page (${elements} elements)`;
  const parts: string[] = [];
  let count = 0;
  let section = 0;
  while (count < elements) {
    if (count % 50 === 0) {
      section++;
      parts.push(`<h2 id="s${section}">Section ${section}</h2>`);
      count++;
      continue;
    }
    if (count % 25 === 10 && count + 4 <= elements) {
      parts.push(`<ul><li>${sentence(count, 6)}</li><li>${sentence(count + 1, 6)}</li><li>${sentence(count + 2, 6)}</li></ul>`);
      count += 4;
      continue;
    }
    // Links inside paragraphs keep the link density realistic rather than zero.
    parts.push(`<p>${sentence(count, 24)} <a href="#s${section}">${sentence(count + 3, 3)}</a> ${sentence(count + 5, 18)}</p>`);
    count += 2;
  }
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head><meta charset="utf-8">',
    `<title>${title.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</title></head>`,
    '<body>',
    '<header><nav><a href="/">Home</a></nav></header>',
    '<main><article>',
    `<h1>${title.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</h1>`,
    ...parts,
    '</article></main>',
    '<footer><p>Generated fixture</p></footer>',
    '</body></html>',
  ].join('\n');
}

/** A valid PNG of `width` × `height` (RGB); `noise` fills it with random pixels, which do not compress. */
export function pngImage(width: number, height: number, noise = false): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width * 3; x++) rows[y * (width * 3 + 1) + 1 + x] = noise ? Math.floor(Math.random() * 256) : (x * 7 + y * 3) % 256;
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: noise ? 0 : 6 })), chunk('IEND', Buffer.alloc(0))]);
}
