/** The messages between the page and the export's compression worker (deflate-worker.ts). */
import type { DeflatedFile, DeflateLevel } from './deflate';

/** One file to compress. */
export interface DeflateRequest {
  id: number;
  data: string | Uint8Array;
  level: DeflateLevel;
}

/** The compressed file, or why it could not be. */
export type DeflateReply = { id: number; ok: true; file: DeflatedFile } | { id: number; ok: false; message: string };
