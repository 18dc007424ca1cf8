// The web host as users run it (its own process, `web-main`), fed bytes that
// any web page or local program can send to its port. It must answer what
// it can with a 4xx, survive all of it, and then still serve the Lab.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listedShmids } from '../lab/test-helpers';
import { native } from '../lab/native';
import { apiClient, openApi, rawExchange, statusOf } from './test-client';

const webMain = join(import.meta.dirname, 'web-main.ts');
let child: ChildProcess;
let stderr = '';
let port: number;
let token: string;
let stateDir: string;

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'shmlab-web-'));
  child = spawn(process.execPath, ['--import', 'tsx', webMain], {
    env: { ...process.env, SHMLAB_STATE_DIR: stateDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  for await (const line of createInterface({ input: child.stdout! })) {
    const match = /http:\/\/127\.0\.0\.1:(\d+)\/#token=([0-9a-f]{32})/.exec(line);
    if (match === null) continue;
    port = Number(match[1]);
    token = match[2]!;
    return;
  }
  throw new Error(`the web host exited before printing its URL: ${stderr}`);
});

afterAll(async () => {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
  }
  rmSync(stateDir, { recursive: true, force: true });
});

const hostHeader = (): string => `Host: 127.0.0.1:${port}\r\n`;
const upgradeHeaders = (): string =>
  `${hostHeader()}Origin: http://127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
  'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';

function get(target: string, headers = hostHeader()): string {
  return `GET ${target} HTTP/1.1\r\n${headers}\r\n`;
}

describe('the web host process survives any bytes on its socket', () => {
  // [what, the status the host answers, the bytes]
  const requests: [string, number, () => string | Buffer][] = [
    ['a scheme-relative target with a bad port', 400, () => get('//a:99999')],
    ['a scheme-relative target with a bad IPv6 host', 400, () => get('//[')],
    ['a backslash target', 400, () => get('/\\a:99999')],
    ['an absolute-form target', 400, () => get('http://a:99999/')],
    ['the asterisk target', 400, () => get('*')],
    ['a bad target on the upgrade path, before any check', 400, () => get('//a:99999', '')],
    ['a bad target on an upgrade', 400, () => get('//[', upgradeHeaders())],
    [
      'a bad target with the token on an upgrade',
      400,
      () => get(`//a:99999/api?token=${token}`, upgradeHeaders()),
    ],
    ['bytes that are not HTTP', 400, () => Buffer.from([0x00, 0xff, 0x13, 0x37, 13, 10, 13, 10])],
    ['a bad method line', 400, () => 'GET\r\n\r\n'],
    ['a bad header line', 400, () => `GET / HTTP/1.1\r\n${hostHeader()}Bad header\r\n\r\n`],
    [
      'headers past the limit',
      431,
      () => get('/', `${hostHeader()}X-Big: ${'a'.repeat(20_000)}\r\n`),
    ],
    [
      'an upgrade without a key',
      400,
      () => get(`/api?token=${token}`, upgradeHeaders().replace(/Sec-WebSocket-Key: .*\r\n/, '')),
    ],
    [
      'an upgrade with an unknown version',
      400,
      () => get(`/api?token=${token}`, upgradeHeaders().replace('Version: 13', 'Version: 99')),
    ],
    [
      'an upgrade to another protocol',
      400,
      () =>
        get(`/api?token=${token}`, upgradeHeaders().replace('Upgrade: websocket', 'Upgrade: h2c')),
    ],
  ];

  it.each(requests)('%s: %i', async (_what, status, bytes) => {
    expect(statusOf(await rawExchange(port, bytes()))).toBe(status);
  });

  it('lives through half requests, resets and garbage after a handshake', async () => {
    // Each of these ends from our side; the host has nothing to answer.
    await rawExchange(port, 'GET / HTTP/1.1\r\nHo', 300);
    await rawExchange(port, get(`/api?token=${token}`, upgradeHeaders()).slice(0, -2), 300);
    const accepted = await rawExchange(
      port,
      Buffer.concat([
        Buffer.from(get(`/api?token=${token}`, upgradeHeaders())),
        // Not a WebSocket frame: a reserved opcode, unmasked.
        Buffer.from([0xff, 0xff, 0xff, 0xff]),
      ]),
    );
    expect(statusOf(accepted)).toBe(101);
    expect(child.exitCode).toBeNull();
  });

  it('is still alive and serves the Lab for real afterwards', async () => {
    expect(child.exitCode).toBeNull();
    expect(child.signalCode).toBeNull();
    const socket = await openApi(port, token);
    const c = apiClient(socket);
    const size = native.constants.pageSize;
    const created = await c.call('createSegment', { key: 0, size });
    expect(created.ok).toBe(true);
    const shmid = (created.value as { shmid: number }).shmid;
    expect((await listedShmids()).has(shmid)).toBe(true);
    expect((await c.call('attach', { process: 'A', shmid })).ok).toBe(true);
    expect((await c.call('attach', { process: 'B', shmid })).ok).toBe(true);
    expect(
      (await c.call('write', { process: 'A', offset: 8, type: 'u8', value: '200', endian: 'le' }))
        .ok,
    ).toBe(true);
    const read = await c.call('read', { process: 'B', offset: 8, length: 1 });
    expect(read.value).toMatchObject({ bytes: [200] });
    expect((await c.call('removeSegment', { shmid })).ok).toBe(true);
    await c.call('detach', { process: 'A' });
    await c.call('detach', { process: 'B' });
    socket.close();
    expect(stderr).toBe('');
  });
});
