/**
 * YAML front matter for the Markdown export. Every string is written double-quoted with escapes,
 * so no value can be read as anything else: not a number, date, boolean or null ("2024", "yes",
 * "null"), a comment or list item (leading "#", "-"), a mapping ("a: b") or another document.
 */

/** A front matter value: a string, a finite number, a boolean or a list of strings. */
export type YamlValue = string | number | boolean | readonly string[];

function hex(cp: number, width: number): string {
  return cp.toString(16).toUpperCase().padStart(width, '0');
}

/**
 * Whether YAML 1.2 lets this code point stand as it is in a double-quoted scalar. Not NEL, LS,
 * PS or BOM either, although 1.2 allows them: YAML 1.1 parsers read the first three as line
 * breaks, and a BOM is easily lost by editors.
 */
function printable(cp: number): boolean {
  return (
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff && cp !== 0x2028 && cp !== 0x2029) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

const NAMED_ESCAPES: Readonly<Record<number, string>> = { 0x00: '\\0', 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r', 0x22: '\\"', 0x5c: '\\\\' };

/**
 * A YAML double-quoted scalar that any YAML 1.1 or 1.2 parser reads back as exactly `value`. A lone
 * surrogate (invalid UTF-16, which UTF-8 cannot hold) becomes U+FFFD, as it would in the file.
 */
export function yamlString(value: string): string {
  let out = '"';
  for (const ch of value) {
    let cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    const named = NAMED_ESCAPES[cp];
    if (named) out += named;
    else if (printable(cp)) out += String.fromCodePoint(cp);
    else if (cp <= 0xff) out += `\\x${hex(cp, 2)}`;
    else if (cp <= 0xffff) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return `${out}"`;
}

const KEY_RE = /^[A-Za-z_][\w-]*$/;

/** One `key: value` line (or a block list); null and undefined values are left out. */
function field(key: string, value: YamlValue | null | undefined): string {
  if (value === null || value === undefined) return '';
  // Keys are ours, never the article's; a plain key keeps the front matter easy to read.
  if (!KEY_RE.test(key)) throw new Error(`yaml: not a plain key: ${key}`);
  if (typeof value === 'string') return `${key}: ${yamlString(value)}\n`;
  if (typeof value === 'boolean') return `${key}: ${value}\n`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`yaml: ${key} is not a finite number`);
    return `${key}: ${value}\n`;
  }
  if (value.length === 0) return `${key}: []\n`;
  return `${key}:\n${value.map((item) => `  - ${yamlString(item)}\n`).join('')}`;
}

/** A front matter block (`---` … `---`) with the fields in the order given. */
export function frontMatter(fields: ReadonlyArray<readonly [string, YamlValue | null | undefined]>): string {
  return `---\n${fields.map(([k, v]) => field(k, v)).join('')}---\n`;
}
