/**
 * The export's compression worker (bundled by Vite from deflate-worker-client.ts's
 * `new URL('./deflate-worker.ts', …)`: a file of the extension, as the pages' CSP requires): it
 * encodes, checksums and deflates each zip file the page sends, so the page's thread is left to
 * convert the next articles.
 */
import { deflateFile } from './deflate';
import type { DeflateReply, DeflateRequest } from './deflate-protocol';

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<DeflateRequest>) => void) | null;
  postMessage: (message: DeflateReply, transfer: Transferable[]) => void;
};

scope.onmessage = ({ data: { id, data, level } }) => {
  try {
    const file = deflateFile(data, level);
    // The deflate stream is transferred (not copied); it is the page's to keep.
    scope.postMessage({ id, ok: true, file }, [file.bytes.buffer]);
  } catch (error) {
    scope.postMessage({ id, ok: false, message: error instanceof Error ? error.message : String(error) }, []);
  }
};
