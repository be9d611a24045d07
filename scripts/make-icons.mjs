// Draws the toolbar icon (a page with lines of text on the accent colour) as PNGs at the sizes
// the manifests ask for. Run once when the design changes: node scripts/make-icons.mjs
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';

const ACCENT = [138, 59, 18];
const PAPER = [251, 250, 247];

function crc32(buf) {
  let c,
    crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) raw.set(pixel(x + 0.5, y + 0.5), y * (size * 4 + 1) + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Coverage of a rounded rectangle, supersampled 4x4 for smooth edges.
function inRoundRect(x, y, x0, y0, x1, y1, r) {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r && x >= x0 && x <= x1 && y >= y0 && y <= y1;
}

function icon(size) {
  const s = size / 128;
  const lines = [
    [34, 40, 94],
    [34, 56, 94],
    [34, 72, 94],
    [34, 88, 74],
  ];
  return png(size, (px, py) => {
    let bg = 0,
      fg = 0;
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++) {
        const x = (px - 0.5 + (i + 0.5) / 4) / s;
        const y = (py - 0.5 + (j + 0.5) / 4) / s;
        if (inRoundRect(x, y, 4, 4, 124, 124, 28)) {
          bg++;
          if (lines.some(([x0, y0, x1]) => inRoundRect(x, y, x0, y0 - 4.5, x1, y0 + 4.5, 4.5))) fg++;
        }
      }
    const a = bg / 16,
      f = bg ? fg / bg : 0;
    const c = ACCENT.map((v, k) => Math.round(v * (1 - f) + PAPER[k] * f));
    return [...c, Math.round(a * 255)];
  });
}

mkdirSync('public/icon', { recursive: true });
for (const size of [16, 32, 48, 96, 128]) writeFileSync(`public/icon/${size}.png`, icon(size));
console.log('icons written to public/icon/');
