import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
};

/** A running static server; `close()` resolves once the port is released. */
export interface StaticServer {
  origin: string;
  url(path: string): string;
  close(): Promise<void>;
}

/** Content type for a file name, with charset for text types; octet-stream when unknown. */
export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** Options for startStaticServer. */
export interface StaticServerOptions {
  /** Port to listen on; default an ephemeral one. */
  port?: number;
  /** Headers added to every file response, e.g. a Content-Security-Policy. */
  headers?: Readonly<Record<string, string>>;
  /** Serve only files with these extensions (e.g. ['.html']); any other answers 404. */
  extensions?: readonly string[];
  /** Hears every request with its body (up to 64 kB), e.g. the CSP reports a page sends; answered as usual. */
  onRequest?: (request: ObservedRequest) => void;
}

/** A request as StaticServerOptions.onRequest hears it. */
export interface ObservedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const OBSERVED_BODY_LIMIT = 64 * 1024;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    if (size < OBSERVED_BODY_LIMIT) chunks.push(chunk.subarray(0, OBSERVED_BODY_LIMIT - size));
    size += chunk.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Maps a request path to a file under root, or null when it would escape root.
 * Decoding first matters: `%2e%2e%2f` is `../` once decoded.
 */
export function resolveInside(root: string, requestPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const target = resolve(root, `.${decoded.startsWith('/') ? '' : '/'}${decoded}`);
  return isInside(root, target) ? target : null;
}

// The separator matters: a bare prefix test would let root /x/corpus serve /x/corpus-secret.
function isInside(root: string, target: string): boolean {
  const rootWithSep = root.endsWith(sep) ? root : root + sep;
  return target === root || target.startsWith(rootWithSep);
}

/** Serves rootDir on 127.0.0.1 (ephemeral port unless given) to the demo, the benchmarks and the e2e tests. */
export async function startStaticServer(rootDir: string, opts: StaticServerOptions = {}): Promise<StaticServer> {
  const root = resolve(rootDir);
  // A symlink inside root may point anywhere; what is served must really live under root.
  const realRoot = await realpath(root);
  const extensions = opts.extensions?.map((e) => e.toLowerCase());
  const sockets = new Set<Socket>();

  const send = (res: ServerResponse, status: number, body: string): void => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (opts.onRequest) {
      const body = req.method === 'GET' || req.method === 'HEAD' ? '' : await readBody(req);
      opts.onRequest({ method: req.method ?? '', url: req.url ?? '/', headers: req.headers, body });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
    // Parse only the path: the raw URL is what a traversal attempt arrives as, before any normalising.
    const rawPath = (req.url ?? '/').split(/[?#]/, 1)[0] ?? '/';
    let file = resolveInside(root, rawPath);
    if (file === null) return send(res, 403, 'Forbidden');
    try {
      let info = await stat(file);
      if (info.isDirectory()) {
        file = resolve(file, 'index.html');
        info = await stat(file);
      }
      if (!info.isFile()) return send(res, 404, 'Not found');
      if (extensions && !extensions.includes(extname(file).toLowerCase())) return send(res, 404, 'Not found');
      if (!isInside(realRoot, await realpath(file))) return send(res, 403, 'Forbidden');
      const body = await readFile(file);
      res.writeHead(200, {
        ...opts.headers,
        'Content-Type': contentTypeFor(file),
        'Content-Length': body.length,
        // Tests restart the server between runs; a cached page would hide a "server is gone" check.
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      send(res, 404, 'Not found');
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'Internal error');
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | undefined;
  return {
    origin,
    url: (path: string) => new URL(path.replace(/^\/*/, '/'), origin).href,
    close: () => {
      // Browsers keep connections alive; server.close() alone would wait on them indefinitely.
      closing ??= new Promise<void>((done, fail) => {
        server.close((err) => (err ? fail(err) : done()));
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
