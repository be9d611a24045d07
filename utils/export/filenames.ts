/**
 * File names for the articles inside an export's zip: safe on Windows, macOS and Linux, usable
 * as Obsidian note names (which are link targets), readable in any script, and unique.
 */

/**
 * Characters no file name may hold: Windows' `\/:*?"<>|`, and `#^[]` too, which Obsidian does
 * not allow in a note's name because its links use them (`[[Note#Heading]]`, `[[Note^block]]`).
 */
const FORBIDDEN_RE = /[\\/:*?"<>|#^[\]]/g;
/** C0 and C1 controls, DEL, and the line and paragraph separators. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
/**
 * Bidi controls and invisible marks: an override can make "gpj.exe" display as "exe.jpg", and
 * none of them is needed for an Arabic or Hebrew name to display right. ZWJ/ZWNJ are kept
 * (Persian and Indic words need them).
 */
const INVISIBLE_RE = /[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;
/** Windows reserves these device names, whatever the extension ("con.md" cannot be created). */
const RESERVED_RE = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/**
 * Longest name stem in UTF-8 bytes. File systems allow 255 bytes, but Windows paths stop at 260
 * characters in all, counting the folder the zip is unpacked into; 120 bytes is about 120 Latin
 * or 40 CJK characters, with room for a " (12)" suffix and the extension.
 */
export const MAX_STEM_BYTES = 120;

/** Name for a title that leaves nothing usable. */
export const UNTITLED = 'Untitled';

const encoder = new TextEncoder();
const graphemes = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;

/** Cuts `text` to at most `maxBytes` of UTF-8 without splitting a character or a grapheme (é, 👍🏽, ก้). */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (encoder.encode(text).length <= maxBytes) return text;
  const pieces = graphemes ? Array.from(graphemes.segment(text), (s) => s.segment) : Array.from(text);
  let out = '';
  let size = 0;
  for (const piece of pieces) {
    const n = encoder.encode(piece).length;
    if (size + n > maxBytes) break;
    out += piece;
    size += n;
  }
  return out;
}

/** Trailing dots and spaces are dropped by Windows (so "A." and "A" collide); leading dots hide a file on Unix. */
function trimEnds(name: string): string {
  return name.replace(/^[\s.]+/, '').replace(/[\s.]+$/, '');
}

/** A file name stem (no extension) for a title: forbidden characters become spaces, length capped, never empty or reserved. */
export function fileStem(title: string, maxBytes = MAX_STEM_BYTES): string {
  let stem = title.normalize('NFC').replace(INVISIBLE_RE, '').replace(CONTROL_RE, ' ').replace(FORBIDDEN_RE, ' ').replace(/\s+/g, ' ');
  stem = trimEnds(truncateUtf8(trimEnds(stem), maxBytes));
  if (!stem) return UNTITLED;
  // "con", and "con.tar" too: Windows looks at the part before the first dot.
  if (RESERVED_RE.test(stem.split('.')[0]!.trim())) stem = stem.replace(/^[^.]*/, '$&_');
  return stem;
}

/**
 * Hands out names unique within one archive, compared the way case-insensitive file systems
 * (Windows, macOS by default) compare them: "Title.md", then "title (2).md", "TITLE (3).md"…
 */
export class UniqueNames {
  private readonly taken = new Set<string>();
  /** Next suffix to try per stem, so 10,000 "Untitled" articles do not each count up from 2. */
  private readonly next = new Map<string, number>();

  /** Marks a name as used (e.g. the archive's own index.html). */
  reserve(name: string): void {
    this.taken.add(key(name));
  }

  /** A unique file name for `title` with extension `ext` (".md"). */
  claim(title: string, ext: string): string {
    const stem = fileStem(title);
    let name = `${stem}${ext}`;
    if (this.taken.has(key(name))) {
      // Room for the suffix: " (12345)" is 8 bytes.
      const base = fileStem(stem, MAX_STEM_BYTES - 8);
      const counter = key(`${base}${ext}`);
      let n = this.next.get(counter) ?? 2;
      do name = `${base} (${n++})${ext}`;
      while (this.taken.has(key(name)));
      this.next.set(counter, n);
    }
    this.taken.add(key(name));
    return name;
  }
}

function key(name: string): string {
  return name.normalize('NFC').toLowerCase();
}
