/**
 * What an export worker does with one job (export-worker.ts wires it to the worker's messages):
 * compress a zip file, or convert a Markdown note with domino's DOM. Its answer's buffers are
 * listed to be transferred, not copied.
 */
import { deflateFile } from './deflate';
import type { ExportJobReply, ExportJobRequest } from './export-protocol';
import { convertNote, type BodyParser } from './markdown';

/** One job's answer and the buffers it hands over. */
export function answerJob(job: ExportJobRequest, parse: BodyParser): { reply: ExportJobReply; transfer: Transferable[] } {
  try {
    if (job.kind === 'deflate') {
      const file = deflateFile(job.data, job.level);
      return { reply: { id: job.id, ok: true, kind: 'deflate', file }, transfer: [file.bytes.buffer] };
    }
    const note = convertNote(job.input, job.conversion, parse);
    return { reply: { id: job.id, ok: true, kind: 'markdown', note }, transfer: note.file ? [note.file.bytes.buffer] : [] };
  } catch (error) {
    return { reply: { id: job.id, ok: false, message: error instanceof Error ? error.message : String(error) }, transfer: [] };
  }
}
