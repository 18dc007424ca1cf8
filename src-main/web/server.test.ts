import { request } from 'node:http';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestLab } from '../lab/test-helpers';
import { listedShmids, startTestLab } from '../lab/test-helpers';
import type { WebHost } from './server';
import { CLOSE_TOKEN_NOT_VALID } from '../common/web-protocol';
import { MAX_MESSAGE_BYTES, startWebHost } from './server';
import { NONCE_PLACEHOLDER } from './page-csp';
import { apiClient, openApi, openSocket } from './test-client';

let t: TestLab;
let host: WebHost;
let rendererDir: string;
const created: number[] = [];

beforeAll(async () => {
  rendererDir = mkdtempSync(join(tmpdir(), 'shmlab-renderer-'));
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(
    join(rendererDir, 'index.html'),
    `<!doctype html><meta name="csp-nonce" content="${NONCE_PLACEHOLDER}" /><title>ShmLab</title>`,
  );
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  t = await startTestLab();
  host = await startWebHost({ lab: t.lab, rendererDir });
});

afterAll(async () => {
  await host.close();
  await t.close();
  rmSync(rendererDir, { recursive: true, force: true });
  const listed = await listedShmids();
  expect(created.filter((id) => listed.has(id))).toEqual([]);
});

function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; csp?: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body,
          csp: res.headers['content-security-policy'] as string | undefined,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web host: HTTP', () => {
  it('serves the renderer with a strict CSP to its own Host', async () => {
    const page = await get('/', { Host: `127.0.0.1:${host.port}` });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>ShmLab</title>');
    expect(page.csp).toContain("default-src 'self'");
    expect((await get('/assets/app.js', { Host: `localhost:${host.port}` })).status).toBe(200);
  });

  it('gives each page a fresh style nonce, the same in its header and in the page', async () => {
    const nonces: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const page = await get('/', { Host: `127.0.0.1:${host.port}` });
      const inHeader = /style-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(page.csp ?? '')?.[1];
      const inPage = /name="csp-nonce" content="([^"]*)"/.exec(page.body)?.[1];
      expect(inHeader).toMatch(/^[A-Za-z0-9+/]{22}==$/); // 128 bits, base64
      expect(inPage).toBe(inHeader);
      expect(page.body).not.toContain(NONCE_PLACEHOLDER);
      expect(page.csp).not.toContain('unsafe-inline');
      nonces.push(inHeader!);
    }
    expect(new Set(nonces).size).toBe(3);
    // Scripts and other files get the policy without a nonce: only pages carry one.
    const script = await get('/assets/app.js', { Host: `127.0.0.1:${host.port}` });
    expect(script.csp).toContain("style-src 'self';");
    expect(script.csp).not.toContain('nonce-');
  });

  it('refuses a foreign Host header with 403 (DNS rebinding)', async () => {
    expect((await get('/', { Host: 'evil.example:80' })).status).toBe(403);
    expect((await get('/', { Host: `127.0.0.1:${host.port + 1}` })).status).toBe(403);
  });

  it('never serves a file outside the renderer folder', async () => {
    expect((await get('/../../etc/passwd', { Host: `127.0.0.1:${host.port}` })).status).toBe(404);
    expect(
      (await get('/%2e%2e/%2e%2e/etc/passwd', { Host: `127.0.0.1:${host.port}` })).status,
    ).toBe(404);
  });

  it('prints a URL on 127.0.0.1 with a 128-bit token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.token).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('web host: WebSocket guards', () => {
  it('closes a missing or wrong token with its own code, after Host and Origin passed', async () => {
    // Browsers hide a refused upgrade's status from the page; a close code they show.
    expect(await openSocket(host.port, { token: null })).toEqual({
      closeCode: CLOSE_TOKEN_NOT_VALID,
    });
    expect(await openSocket(host.port, { token: '0'.repeat(32) })).toEqual({
      closeCode: CLOSE_TOKEN_NOT_VALID,
    });
  });

  it('refuses a foreign Origin and a foreign Host with 403, whatever the token', async () => {
    expect(await openSocket(host.port, { origin: 'http://evil.example' })).toEqual({
      status: 403,
    });
    expect(await openSocket(host.port, { host: 'evil.example' })).toEqual({ status: 403 });
    expect(
      await openSocket(host.port, { origin: 'http://evil.example', token: '0'.repeat(32) }),
    ).toEqual({ status: 403 });
  });

  it('accepts the same token any number of times while the host runs', async () => {
    const first = await openApi(host.port, host.token);
    const second = await openApi(host.port, host.token);
    expect((await apiClient(second).call('getState')).ok).toBe(true);
    first.close();
    second.close();
  });

  it('closes the socket on an oversized message (1009)', async () => {
    const socket = await openApi(host.port, host.token);
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send('x'.repeat(MAX_MESSAGE_BYTES + 1));
    expect(await closed).toBe(1009);
  });

  it('answers malformed messages, unknown commands and bad input with clear errors', async () => {
    const socket = await openApi(host.port, host.token);
    const c = apiClient(socket);
    expect((await c.sendRaw('{not json')).result?.error?.code).toBe('E_BAD_INPUT');
    expect((await c.call('formatDisk')).error?.code).toBe('E_UNKNOWN_COMMAND');
    const bad = await c.call('createSegment', { key: 0, size: -5 });
    expect(bad.error?.code).toBe('E_BAD_INPUT');
    expect(bad.error?.message).toMatch(/size/);
    const extra = await c.call('detach', { process: 'A', sneaky: true });
    expect(extra.error?.code).toBe('E_BAD_INPUT');
    socket.close();
  });
});

describe('web host: any message gets an envelope and the socket stays usable', () => {
  const depth = 20_000;
  const deep = `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const cases: [string, string | Buffer, boolean, RegExp][] = [
    ['a binary frame', Buffer.from('{"id":1,"command":"getState"}'), true, /binary frames/],
    ['invalid UTF-8', Buffer.from([0x7b, 0xc3, 0x28, 0xff, 0x7d]), false, /not valid UTF-8/],
    ['a lone surrogate half', Buffer.from([0xed, 0xa0, 0x80]), false, /not valid UTF-8/],
    ['deep nesting', deep, false, /a request is/],
    ['a number', '42', false, /a request is/],
    ['a string', '"getState"', false, /a request is/],
    ['null', 'null', false, /a request is/],
    ['an array', '[{"id":1,"command":"getState"}]', false, /a request is/],
    ['an id past 2^53', '{"id":9007199254740993,"command":"getState"}', false, /safe integer/],
    ['an id that overflows', '{"id":1e400,"command":"getState"}', false, /safe integer/],
    ['a string id', '{"id":"1","command":"getState"}', false, /safe integer/],
    ['an empty message', '', false, /not JSON/],
  ];

  it.each(cases)('%s', async (_name, data, binary, message) => {
    const socket = await openApi(host.port, host.token);
    const c = apiClient(socket);
    const answer = await c.sendRaw(data, binary);
    expect(answer.result?.ok).toBe(false);
    expect(answer.result?.error?.code).toBe('E_BAD_INPUT');
    expect(answer.result?.error?.message).toMatch(message);
    const state = await c.call('getState');
    expect(state.ok).toBe(true);
    socket.close();
  });

  it('answers deep nesting inside a well-formed request as bad input', async () => {
    const socket = await openApi(host.port, host.token);
    const c = apiClient(socket);
    socket.send(`{"id":7,"command":"createSegment","input":${deep}}`);
    const answer = await c.waitFor((m) => m.id === 7);
    expect(answer.result?.error?.code).toBe('E_BAD_INPUT');
    expect((await c.call('__proto__')).error?.code).toBe('E_UNKNOWN_COMMAND');
    expect((await c.call('constructor')).error?.code).toBe('E_UNKNOWN_COMMAND');
    socket.close();
  });
});

describe('web host: a real client drives a round trip', () => {
  it('write in A, B reports the change; write in B, A reads it', async () => {
    const socket = await openApi(host.port, host.token);
    const c = apiClient(socket);
    const segment = await c.call('createSegment', { key: 0, size: 4096 });
    expect(segment.ok).toBe(true);
    const shmid = (segment.value as { shmid: number }).shmid;
    created.push(shmid);
    expect((await c.call('attach', { process: 'A', shmid })).ok).toBe(true);
    expect((await c.call('attach', { process: 'B', shmid })).ok).toBe(true);
    const written = await c.call('write', {
      process: 'A',
      offset: 100,
      type: 'i32',
      value: '-2',
      endian: 'le',
    });
    expect(written.ok).toBe(true);
    const event = await c.waitFor((m) => m.event === 'memoryChanged' && m.payload?.process === 'B');
    expect(event.payload?.offset).toBe(100);
    expect(event.payload?.bytes).toEqual([0xfe, 0xff, 0xff, 0xff]);
    await c.call('write', { process: 'B', offset: 7, type: 'utf8', value: 'é', endian: 'le' });
    const read = await c.call('read', { process: 'A', offset: 7, length: 2 });
    expect(read.value).toMatchObject({ bytes: [0xc3, 0xa9] });
    expect((await c.call('removeSegment', { shmid })).ok).toBe(true);
    await c.call('detach', { process: 'A' });
    await c.call('detach', { process: 'B' });
    socket.close();
  });
});
