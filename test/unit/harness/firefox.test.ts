// @vitest-environment node
// Node, not happy-dom: these helpers run in Node and need real sockets.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  addonIdOf,
  BidiClient,
  browserActionWidgetId,
  DEFAULT_FIREFOX_CANDIDATES,
  findFirefox,
  FIREFOX_TEST_PREFS,
  NO_FIREFOX_MESSAGE,
  parseBidiUrl,
  savedExtensionUuids,
  userJs,
} from '../../../scripts/lib/firefox';

const existsOnly =
  (...present: string[]) =>
  (path: string): boolean =>
    present.includes(path);

describe('findFirefox', () => {
  it('honours FIREFOX_PATH, and fails loudly when it points at nothing', () => {
    expect(findFirefox({ env: { FIREFOX_PATH: '/opt/ff/firefox' }, exists: existsOnly('/opt/ff/firefox', '/usr/bin/firefox-esr') })).toBe('/opt/ff/firefox');
    expect(() => findFirefox({ env: { FIREFOX_PATH: '/nowhere/firefox' }, exists: existsOnly('/usr/bin/firefox-esr') })).toThrow(
      /FIREFOX_PATH is set to "\/nowhere\/firefox"/,
    );
  });

  it('prefers Debian’s firefox-esr, then firefox', () => {
    expect(DEFAULT_FIREFOX_CANDIDATES).toEqual(['/usr/bin/firefox-esr', '/usr/bin/firefox']);
    expect(findFirefox({ env: {}, exists: existsOnly('/usr/bin/firefox', '/usr/bin/firefox-esr') })).toBe('/usr/bin/firefox-esr');
    expect(findFirefox({ env: { FIREFOX_PATH: ' ' }, exists: existsOnly('/usr/bin/firefox') })).toBe('/usr/bin/firefox');
  });

  it('says how to install one when none is found', () => {
    expect(() => findFirefox({ env: {}, candidates: ['/x/firefox'], exists: () => false })).toThrow(NO_FIREFOX_MESSAGE);
    expect(NO_FIREFOX_MESSAGE).toContain('apt-get install firefox-esr');
  });
});

describe('profile and start-up helpers', () => {
  it('writes prefs as user.js lines, strings quoted and JSON escaped', () => {
    expect(userJs({ a: true, 'b.c': 3, d: '{"x":"y"}' })).toBe('user_pref("a", true);\nuser_pref("b.c", 3);\nuser_pref("d", "{\\"x\\":\\"y\\"}");\n');
  });

  it('keeps every host but loopback off the network and skips first-run pages', () => {
    expect(FIREFOX_TEST_PREFS).toMatchObject({
      'network.proxy.type': 1,
      'network.proxy.allow_hijacking_localhost': false,
      'browser.aboutwelcome.enabled': false,
      'app.update.enabled': false,
    });
  });

  it('finds the BiDi URL in Firefox’s stderr, once printed', () => {
    expect(parseBidiUrl('1732 RemoteAgent INFO something\n')).toBeNull();
    expect(parseBidiUrl('WebDriver BiDi listening on ws://127.0.0.1:40213\nRead port: 0')).toBe('ws://127.0.0.1:40213');
  });

  it('names the toolbar widget as Firefox does', () => {
    expect(browserActionWidgetId('reader@reader-mode.example')).toBe('reader_reader-mode_example-browser-action');
  });

  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'harness-firefox-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the UUIDs a used profile holds, so a restart keeps the built-in add-ons’ own', async () => {
    expect(savedExtensionUuids(dir)).toEqual({});
    await writeFile(
      join(dir, 'prefs.js'),
      'user_pref("a.b", 1);\nuser_pref("extensions.webextensions.uuids", "{\\"formautofill@mozilla.org\\":\\"4865c716\\",\\"reader@x\\":\\"7d3c\\"}");\n',
    );
    expect(savedExtensionUuids(dir)).toEqual({ 'formautofill@mozilla.org': '4865c716', 'reader@x': '7d3c' });
  });

  it('reads the add-on id from a Firefox build’s manifest', async () => {
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ browser_specific_settings: { gecko: { id: 'reader@reader-mode.example' } } }));
    expect(addonIdOf(dir)).toBe('reader@reader-mode.example');
  });
});

describe('BidiClient', () => {
  let server: WebSocketServer;
  let url: string;
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((done) => server.once('listening', () => done()));
    const address = server.address();
    url = `ws://127.0.0.1:${address && typeof address === 'object' ? address.port : 0}/session`;
    // A tiny stand-in for Firefox: echoes, fails, emits an event, or hangs up.
    server.on('connection', (socket) => {
      sockets.push(socket);
      socket.on('message', (data) => {
        const { id, method, params } = JSON.parse(String(data)) as { id: number; method: string; params: unknown };
        if (method === 'test.echo') socket.send(JSON.stringify({ type: 'success', id, result: params }));
        else if (method === 'test.fail') socket.send(JSON.stringify({ type: 'error', id, error: 'no such frame', message: 'gone' }));
        else if (method === 'test.event') {
          socket.send(JSON.stringify({ type: 'event', method: 'log.entryAdded', params: { text: 'hi' } }));
          socket.send(JSON.stringify({ type: 'success', id, result: {} }));
        } else if (method === 'test.hangup') socket.close();
      });
    });
  });

  afterAll(async () => {
    for (const s of sockets) s.terminate();
    await new Promise((done) => server.close(done));
  });

  it('pairs replies with commands, reports Firefox’s errors and hears events', async () => {
    const client = await BidiClient.connect(url);
    const heard: unknown[] = [];
    client.on('log.entryAdded', (params) => heard.push(params));
    expect(await client.send('test.echo', { a: 1 })).toEqual({ a: 1 });
    await expect(client.send('test.fail')).rejects.toThrow('test.fail: no such frame: gone');
    await client.send('test.event');
    expect(heard).toEqual([{ text: 'hi' }]);
    client.close();
  });

  it('fails pending commands when the connection drops, and later ones at once', async () => {
    const client = await BidiClient.connect(url);
    await expect(client.send('test.hangup')).rejects.toThrow(/closed the WebDriver BiDi connection/);
    await expect(client.send('test.echo')).rejects.toThrow(/closed/);
  });

  it('times out a command Firefox never answers', async () => {
    const client = await BidiClient.connect(url);
    await expect(client.send('test.silence', {}, 100)).rejects.toThrow('test.silence: no reply from Firefox within 100 ms');
    client.close();
  });
});
