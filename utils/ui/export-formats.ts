/**
 * The formats the library's Export dialog lists, in its order. The exporters' own list is
 * `LIBRARY_EXPORT_FORMATS` (utils/export/library-export); this copy lets the library page show the
 * dialog without loading the exporters (Markdown, zip, HTML and their sanitizer), which load when an
 * export starts. The type check below fails the build when a format is missing here, and
 * test/unit/ui/export-formats.test.ts when the two lists differ.
 */
import type { LibraryExportFormat } from '../export/library-export';

export const EXPORT_DIALOG_FORMATS = ['backup', 'markdown', 'html', 'html-single', 'bookmarks', 'csv'] as const satisfies readonly LibraryExportFormat[];

type Unlisted = Exclude<LibraryExportFormat, (typeof EXPORT_DIALOG_FORMATS)[number]>;
/** True only when every format is listed (else a type error). */
export const EVERY_EXPORT_FORMAT_LISTED: [Unlisted] extends [never] ? true : never = true;
