// @vitest-environment node
// Node, not happy-dom: these helpers run in Node and need real sockets and fetch.
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { request, Agent } from 'node:http';
import { connect } from 'node:net';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentTypeFor, resolveInside, startStaticServer, type StaticServer } from '../../../scripts/lib/server';

let base: string;
let root: string;
let server: StaticServer | undefined;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'harness-server-'));
  root = join(base, 'site');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Home</title>');
  await writeFile(join(root, 'article é.html'), '<!doctype html><title>Accent</title>');
  await writeFile(join(root, 'assets', 'style.css'), 'body{}');
  await writeFile(join(root, 'assets', 'pic.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  // Outside the root: must never be served.
  await writeFile(join(base, 'secret.txt'), 'top secret');
  // A sibling whose name starts with the root's: a bare prefix check would let it through.
  await mkdir(join(base, 'site-secret'));
  await writeFile(join(base, 'site-secret', 'page.html'), 'top secret');
  // Links inside the root that point out of it.
  await symlink(join(base, 'secret.txt'), join(root, 'linked-secret.txt'));
  await symlink(join(base, 'site-secret'), join(root, 'linked-dir'));
});

afterEach(async () => {
  await server?.close();
  server = undefined;
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

/** Sends the path byte for byte: fetch() and new URL() would normalise `..` away before it left. */
function rawGet(origin: string, path: string, agent?: Agent): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: 'GET', agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Status of a GET, with the body read so the connection is released. */
async function statusOf(srv: StaticServer, path: string): Promise<number> {
  const res = await fetch(srv.url(path));
  await res.arrayBuffer();
  return res.status;
}

describe('startStaticServer', () => {
  it('serves files on 127.0.0.1 with content types and utf-8 for text', async () => {
    server = await startStaticServer(root);
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const html = await fetch(server.url('/index.html'));
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await html.text()).toContain('<title>Home</title>');

    const css = await fetch(server.url('assets/style.css'));
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    await css.arrayBuffer();

    const png = await fetch(server.url('/assets/pic.png'));
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await png.arrayBuffer())).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
  });

  it('serves index.html for a directory and decodes percent-encoded names', async () => {
    server = await startStaticServer(root);
    const dir = await fetch(server.url('/'));
    expect(await dir.text()).toContain('Home');
    const accent = await fetch(server.url('/article%20%C3%A9.html'));
    expect(accent.status).toBe(200);
    expect(await accent.text()).toContain('Accent');
  });

  it('answers 404 for missing files, ignoring the query string', async () => {
    server = await startStaticServer(root);
    expect(await statusOf(server, '/nope.html')).toBe(404);
    expect(await statusOf(server, '/index.html?x=1#y')).toBe(200);
  });

  it('refuses to leave the root directory', async () => {
    server = await startStaticServer(root);
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/..%2fsecret.txt',
      '/assets/..%5c..%5csecret.txt',
      '/%00index.html',
      '/%E0%A4%A',
      '/../site-secret/page.html',
      '/%2e%2e/site-secret/page.html',
      '/%2e%2e%2fsite-secret%2fpage.html',
      '/linked-secret.txt',
      '/linked-dir/page.html',
    ]) {
      const res = await rawGet(server.origin, path);
      expect(res.status, path).not.toBe(200);
      expect(res.body, path).not.toContain('top secret');
    }
  });

  it('sends the extra headers with every file and keeps its own content type', async () => {
    const csp = "script-src 'none'; object-src 'none'";
    server = await startStaticServer(root, { headers: { 'Content-Security-Policy': csp, 'Content-Type': 'text/plain' } });
    for (const path of ['/index.html', '/assets/style.css']) {
      const res = await fetch(server.url(path));
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-security-policy'), path).toBe(csp);
      await res.text();
    }
    const html = await fetch(server.url('/index.html'));
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    await html.text();
  });

  it('serves only the listed extensions when given some', async () => {
    server = await startStaticServer(root, { extensions: ['.HTML'] });
    expect(await statusOf(server, '/index.html')).toBe(200);
    expect(await statusOf(server, '/')).toBe(200);
    for (const path of ['/assets/style.css', '/assets/pic.png']) expect(await statusOf(server, path), path).toBe(404);
  });

  it('close() stops the server even with a keep-alive connection open', async () => {
    server = await startStaticServer(root);
    const agent = new Agent({ keepAlive: true });
    try {
      const first = await rawGet(server.origin, '/index.html', agent);
      expect(first.status).toBe(200);
      const { origin } = server;
      const started = Date.now();
      await server.close();
      expect(Date.now() - started).toBeLessThan(2000);
      await expect(rawGet(origin, '/index.html', agent)).rejects.toThrow();
      await expect(fetch(`${origin}/index.html`)).rejects.toThrow();
      // Calling it twice is harmless (afterEach does).
      await server.close();
    } finally {
      agent.destroy();
    }
  });

  it('close() does not wait for a client stuck mid-request', async () => {
    server = await startStaticServer(root);
    const { port } = new URL(server.origin);
    // Headers never finished: Node counts this connection as active, so server.close() alone would wait.
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write('GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    socket.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(2000);
    await closed;
  });

  it('lets a test hear every request with its body (a CSP report), still answering as before', async () => {
    const heard: Array<{ method: string; url: string; body: string; referer?: string }> = [];
    server = await startStaticServer(root, { onRequest: (r) => heard.push({ method: r.method, url: r.url, body: r.body, referer: r.headers.referer }) });
    const report = await fetch(server.url('/csp-report?x=1'), { method: 'POST', body: '{"csp-report":{}}', headers: { referer: server.url('/index.html') } });
    expect(report.status).toBe(405);
    await report.arrayBuffer();
    expect(await statusOf(server, '/index.html')).toBe(200);
    expect(heard).toEqual([
      { method: 'POST', url: '/csp-report?x=1', body: '{"csp-report":{}}', referer: server.url('/index.html') },
      { method: 'GET', url: '/index.html', body: '', referer: undefined },
    ]);
  });

  it('honours an explicit port', async () => {
    const probe = await startStaticServer(root);
    const port = Number(new URL(probe.origin).port);
    await probe.close();
    server = await startStaticServer(root, { port });
    expect(server.origin).toBe(`http://127.0.0.1:${port}`);
  });
});

describe('server helpers', () => {
  it('maps extensions to content types', () => {
    expect(contentTypeFor('a.SVG')).toBe('image/svg+xml; charset=utf-8');
    expect(contentTypeFor('a.jpg')).toBe('image/jpeg');
    expect(contentTypeFor('a.webp')).toBe('image/webp');
    expect(contentTypeFor('a.json')).toBe('application/json; charset=utf-8');
    expect(contentTypeFor('a.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('a.pdf')).toBe('application/pdf');
    expect(contentTypeFor('a.bin')).toBe('application/octet-stream');
  });

  it('resolveInside keeps paths under the root', () => {
    expect(resolveInside('/srv/site', '/a/b.html')).toBe('/srv/site/a/b.html');
    expect(resolveInside('/srv/site', '/')).toBe('/srv/site');
    expect(resolveInside('/srv/site', '/../site2/x')).toBeNull();
    expect(resolveInside('/x/corpus', '/../corpus-secret/a.html')).toBeNull();
    expect(resolveInside('/x/corpus', '/%2e%2e/corpus-secret/a.html')).toBeNull();
    expect(resolveInside('/x/corpus', '/%2E%2E%2Fcorpus-secret%2Fa.html')).toBeNull();
    expect(resolveInside('/x/corpus', '/a/../../corpus/b.html')).toBe('/x/corpus/b.html');
    expect(resolveInside('/srv/site', '/%2e%2e/x')).toBeNull();
    expect(resolveInside('/srv/site', '/%E0%A4%A')).toBeNull();
  });
});
