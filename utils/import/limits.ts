/**
 * Caps on what an import will read. Each is far above what a real export holds (Pocket splits at
 * 10,000 rows per CSV; a 15,000-article Omnivore export with bodies is a few hundred MB
 * uncompressed) and low enough that a hostile file cannot exhaust a browser tab's memory.
 */

const MB = 1024 * 1024;

/** Largest file accepted, in bytes (the "200 MB" file is refused). */
export const MAX_FILE_BYTES = 200 * MB;

/**
 * Largest file accepted when it is Reader's own backup in parts (a zip of backup-part files: a
 * library of ten thousand articles makes one of ~200 MB), known by its zip directory before the
 * file is read. Below the ~500 MB past which Chromium cancelled blob downloads in a test here, so
 * an export this large can still be downloaded.
 */
export const MAX_BACKUP_FILE_BYTES = 480 * MB;

/** Most entries in a zip's central directory (an Omnivore export has ~2 per article). */
export const MAX_ZIP_ENTRIES = 100_000;

/** Largest uncompressed size of one structural entry (a CSV part, a metadata JSON), in bytes. */
export const MAX_ZIP_ENTRY_BYTES = 64 * MB;

/** Largest uncompressed size of all entries read from one zip, in bytes. */
export const MAX_ZIP_TOTAL_BYTES = 1024 * MB;

/**
 * Highest uncompressed : compressed ratio accepted for an entry bigger than ZIP_RATIO_FLOOR_BYTES.
 * Text deflates 3–20×; a zip bomb is built at the format's limit of ~1,000×.
 */
export const MAX_ZIP_RATIO = 200;

/** Entries smaller than this are not ratio-checked (a tiny, very repetitive file is harmless). */
export const ZIP_RATIO_FLOOR_BYTES = 1 * MB;

/** Most items one import may hold; a file with more is refused whole, not cut. */
export const MAX_ITEMS = 100_000;

/** Longest CSV field or JSON string field (other than an article body), in characters. */
export const MAX_FIELD_CHARS = 1 * MB;

/** Longest article body kept; a longer one is dropped and the item imported as a link. */
export const MAX_CONTENT_CHARS = 5 * MB;

/** Longest URL accepted, in characters. */
export const MAX_URL_CHARS = 8192;

/** Most tags kept on one item (a folder path plus a TAGS attribute fits easily). */
export const MAX_TAGS_PER_ITEM = 100;

/** How many row numbers a warning lists before it says "and N more". */
export const ROWS_LISTED_IN_WARNINGS = 5;
