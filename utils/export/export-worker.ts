/**
 * One of the export's workers (bundled by Vite from export-worker-client.ts's
 * `new URL('./export-worker.ts', …)`: a file of the extension, as the pages' CSP requires). It
 * compresses the zip files the page sends and converts Markdown notes — parsed with domino, as a
 * worker has no DOM — so the page's thread only reads the library and writes the zip while every
 * core converts.
 */
import { parseBodyWithDomino } from './domino-body';
import { answerJob } from './export-jobs';
import type { ExportJobReply, ExportJobRequest } from './export-protocol';

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ExportJobRequest>) => void) | null;
  postMessage: (message: ExportJobReply, transfer: Transferable[]) => void;
};

scope.onmessage = ({ data: job }) => {
  const { reply, transfer } = answerJob(job, parseBodyWithDomino);
  scope.postMessage(reply, transfer);
};
