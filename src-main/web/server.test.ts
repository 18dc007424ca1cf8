import { request } from 'node:http';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { TestLab } from '../lab/test-helpers';
import { listedShmids, startTestLab } from '../lab/test-helpers';
import type { WebHost } from './server';
import { MAX_MESSAGE_BYTES, startWebHost } from './server';

let t: TestLab;
let host: WebHost;
let rendererDir: string;
const created: number[] = [];

beforeAll(async () => {
  rendererDir = mkdtempSync(join(tmpdir(), 'shmlab-renderer-'));
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>ShmLab</title>');
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

const origin = () => `http://127.0.0.1:${host.port}`;

/** Opens a socket; resolves with it or rejects with the HTTP status of the refusal. */
function connect(
  options: { token?: string | null; origin?: string; host?: string } = {},
): Promise<WebSocket> {
  const token = options.token === undefined ? host.token : options.token;
  const query = token === null ? '' : `?token=${token}`;
  const socket = new WebSocket(`ws://127.0.0.1:${host.port}/api${query}`, {
    origin: options.origin ?? origin(),
    headers: options.host === undefined ? {} : { Host: options.host },
  });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) =>
      reject(new Error(`status ${res.statusCode}`)),
    );
    socket.once('error', reject);
  });
}

type Message = {
  id?: number | null;
  result?: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
  event?: string;
  payload?: Record<string, unknown>;
};

function client(socket: WebSocket) {
  const messages: Message[] = [];
  const waiters: { match: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as Message;
    messages.push(message);
    for (const waiter of [...waiters]) {
      if (waiter.match(message)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  });
  let nextId = 1;
  const waitFor = (match: (m: Message) => boolean, ms = 5000) =>
    new Promise<Message>((resolve, reject) => {
      const seen = messages.find(match);
      if (seen) return resolve(seen);
      const timer = setTimeout(() => reject(new Error('no matching message')), ms);
      waiters.push({ match, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  const call = async (command: string, input?: unknown) => {
    const id = nextId++;
    socket.send(JSON.stringify({ id, command, input }));
    return (await waitFor((m) => m.id === id)).result!;
  };
  return { call, waitFor, sendRaw: (text: string) => socket.send(text) };
}

describe('web host: HTTP', () => {
  it('serves the renderer with a strict CSP to its own Host', async () => {
    const page = await get('/', { Host: `127.0.0.1:${host.port}` });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>ShmLab</title>');
    expect(page.csp).toContain("default-src 'self'");
    expect((await get('/assets/app.js', { Host: `localhost:${host.port}` })).status).toBe(200);
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
  it('refuses a missing token and a wrong token with 401', async () => {
    await expect(connect({ token: null })).rejects.toThrow('status 401');
    await expect(connect({ token: '0'.repeat(32) })).rejects.toThrow('status 401');
  });

  it('refuses a foreign Origin and a foreign Host with 403', async () => {
    await expect(connect({ origin: 'http://evil.example' })).rejects.toThrow('status 403');
    await expect(connect({ host: 'evil.example' })).rejects.toThrow('status 403');
  });

  it('closes the socket on an oversized message (1009)', async () => {
    const socket = await connect();
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send('x'.repeat(MAX_MESSAGE_BYTES + 1));
    expect(await closed).toBe(1009);
  });

  it('answers malformed messages, unknown commands and bad input with clear errors', async () => {
    const socket = await connect();
    const c = client(socket);
    c.sendRaw('{not json');
    const malformed = await c.waitFor((m) => m.id === null);
    expect(malformed.result?.error?.code).toBe('E_BAD_INPUT');
    expect((await c.call('formatDisk')).error?.code).toBe('E_UNKNOWN_COMMAND');
    const bad = await c.call('createSegment', { key: 0, size: -5 });
    expect(bad.error?.code).toBe('E_BAD_INPUT');
    expect(bad.error?.message).toMatch(/size/);
    const extra = await c.call('detach', { process: 'A', sneaky: true });
    expect(extra.error?.code).toBe('E_BAD_INPUT');
    socket.close();
  });
});

describe('web host: a real client drives a round trip', () => {
  it('write in A, B reports the change; write in B, A reads it', async () => {
    const socket = await connect();
    const c = client(socket);
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
