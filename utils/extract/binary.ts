/**
 * Text that is not text. The bytes of an image, an archive or a program served as text/html decode
 * to U+FFFD replacement characters and C0 control characters, and Readability takes the resulting
 * run of garbage for a long article (motivated by: a PNG served with Content-Type text/html, shown
 * as an untitled "156 min read").
 */

/** Above this share of characters that text never holds many of, the text is a binary file decoded as text. */
const BINARY_SHARE = 0.1;
/** Characters looked at: the start is enough to tell, and a 5 MB article costs no more than a short one. */
const SAMPLE_CHARS = 20_000;

/** C0 controls other than tab, line feed and carriage return, DEL, and U+FFFD (a byte that decodes to nothing). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_TEXT_RE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F\uFFFD]/g;

/**
 * Whether `text` is mostly bytes that are no text (a binary file read as a page). A regex, not a
 * loop over characters: it runs on every read, and on a fresh page (cold code) a loop over
 * 20,000 characters runs in the interpreter, where the native matcher does not.
 */
export function looksBinary(text: string): boolean {
  const length = Math.min(text.length, SAMPLE_CHARS);
  if (length === 0) return false;
  const notText = (length < text.length ? text.slice(0, length) : text).match(NOT_TEXT_RE)?.length ?? 0;
  return notText / length > BINARY_SHARE;
}
