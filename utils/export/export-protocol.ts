/** The messages between the page and the export's workers (export-worker.ts). */
import type { DeflatedFile, DeflateLevel } from './deflate';
import type { ConvertedNote, NoteConversion, NoteInput } from './types';

/** One job: a zip file to compress, or a Markdown note to convert (markdown.ts convertNote). */
export type ExportJobRequest =
  | { id: number; kind: 'deflate'; data: string | Uint8Array; level: DeflateLevel }
  | { id: number; kind: 'markdown'; input: NoteInput; conversion: NoteConversion };

/** A job's answer, or why it failed (the page then does the job itself). */
export type ExportJobReply =
  | { id: number; ok: true; kind: 'deflate'; file: DeflatedFile }
  | { id: number; ok: true; kind: 'markdown'; note: ConvertedNote }
  | { id: number; ok: false; message: string };
