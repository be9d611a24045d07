/** Bytes to text for the text formats (CSV, JSON, HTML), which every service writes as UTF-8. */

/** The decoded text, and whether invalid UTF-8 had to be replaced. */
export interface DecodedText {
  text: string;
  lossy: boolean;
}

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

/** Decodes UTF-8 (dropping a byte-order mark); invalid sequences become U+FFFD and `lossy` says so. */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  try {
    return { text: strict.decode(bytes), lossy: false };
  } catch {
    return { text: lenient.decode(bytes), lossy: true };
  }
}

/** The warning for a lossy decode. */
export const LOSSY_WARNING = 'Some characters in this file were not valid UTF-8 and were replaced with “�”.';
