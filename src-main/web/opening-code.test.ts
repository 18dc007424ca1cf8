// Issue 21, item 11: `--open` (and `npm start` in web mode) must not put the token on a command
// line, where every user sees it (`ps`, /proc/<pid>/cmdline). The real web host is started with
// --open and a stand-in `xdg-open` on PATH that records its arguments and stays alive; its
// /proc entries, and every process's command line, are read while it runs. The code it got
// works once, only from this user, and is traded for the token.
import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_TOKEN_NOT_VALID } from '../common/web-protocol';
import { loopbackPeerUid } from './loopback-peer';
import { OPENING_CODE_TTL_MS, createOpeningCodes } from './opening-code';
import { apiClient, openSocket } from './test-client';
import type { HostProcess } from './test-host';
import { startHostProcess } from './test-host';

describe('opening codes', () => {
  it('are good once, until they expire, and never by a wrong or a forgotten code', () => {
    let now = 1000;
    const codes = createOpeningCodes(OPENING_CODE_TTL_MS, () => now);
    const code = codes.issue();
    expect(code).toMatch(/^[0-9a-f]{32}$/);
    expect(codes.isLive(code)).toBe(true);
    expect(codes.isLive('0'.repeat(32))).toBe(false);
    expect(codes.redeem(code)).toBe(true);
    expect(codes.redeem(code)).toBe(false);
    const late = codes.issue();
    now += OPENING_CODE_TTL_MS;
    expect(codes.redeem(late)).toBe(false);
    const first = codes.issue();
    for (let i = 0; i < 8; i += 1) codes.issue();
    expect(codes.redeem(first)).toBe(false);
  });
});

describe('loopbackPeerUid', () => {
  it("reads the other end's owner from /proc/net/tcp, and null for no connection", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const client = connect(port, '127.0.0.1');
    await new Promise((resolve) => client.once('connect', resolve));
    expect(loopbackPeerUid(client.localPort!, port)).toBe(process.getuid!());
    expect(loopbackPeerUid(client.localPort!, port + 1)).toBeNull();
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
});

let host: HostProcess;
let bin: string;
const opened = (): string => join(bin, 'opened');

beforeAll(async () => {
  // The stand-in opener writes its pid and arguments, then stays alive like a browser would.
  bin = mkdtempSync(join(tmpdir(), 'shmlab-open-'));
  writeFileSync(
    join(bin, 'xdg-open'),
    `#!/bin/sh\nprintf '%s' "$*" > '${bin}/args'\necho $$ > '${opened()}'\nsleep 30\n`,
  );
  chmodSync(join(bin, 'xdg-open'), 0o755);
  host = await startHostProcess(['--open'], { PATH: `${bin}:${process.env.PATH}`, DISPLAY: ':99' });
}, 60_000);

afterAll(async () => {
  if (existsSync(opened())) {
    try {
      // The host starts it detached, in a process group of its own: the shell and its sleep.
      process.kill(-Number(readFileSync(opened(), 'utf8')), 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  await host.stop();
  rmSync(bin, { recursive: true, force: true });
});

/** The pid of the stand-in opener, once it has started. */
async function openerPid(): Promise<number> {
  const deadline = Date.now() + 10_000;
  while (!existsSync(opened()) || readFileSync(opened(), 'utf8').trim() === '') {
    if (Date.now() > deadline) throw new Error('the host never ran xdg-open');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return Number(readFileSync(opened(), 'utf8'));
}

/** The opening code the opener was given. */
const givenCode = (): string =>
  /#code=([0-9a-f]{32})$/.exec(readFileSync(join(bin, 'args'), 'utf8'))![1]!;

describe('the browser the host opens', () => {
  it('gets a one-time code, and no command line or environment of the opener holds the token', async () => {
    const pid = await openerPid();
    expect(host.banner).toContain(`#token=${host.token}`); // the terminal still has it
    expect(host.banner).toMatch(/Asked your default browser/);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    expect(cmdline).not.toContain(host.token);
    expect(cmdline).toMatch(new RegExp(`http://127\\.0\\.0\\.1:${host.port}/#code=[0-9a-f]{32}`));
    expect(readFileSync(`/proc/${pid}/environ`, 'utf8')).not.toContain(host.token);
    // Nor does any other process's command line on this machine.
    const holding = readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .filter((entry) => {
        try {
          return readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(host.token);
        } catch {
          return false; // gone meanwhile
        }
      });
    expect(holding).toEqual([]);
  });

  it('refuses the code from a connection of another user, and keeps it for this one', async (context) => {
    if (process.getuid!() !== 0) {
      const reason = 'connecting as another user needs root';
      process.stdout.write(`[opening-code] skipped "${context.task.name}": ${reason}\n`);
      context.skip(reason);
    }
    await openerPid();
    // Another user's program that read the code in `ps` tries it first, speaking WebSocket by hand
    // (it cannot load ws from a checkout it may not read); it prints the close code it gets.
    const script = `
      const net = require('node:net');
      const [port, code] = process.argv.slice(1);
      const s = net.connect(Number(port), '127.0.0.1', () => s.write(
        'GET /api?code=' + code + ' HTTP/1.1\\r\\nHost: 127.0.0.1:' + port +
        '\\r\\nOrigin: http://127.0.0.1:' + port + '\\r\\nConnection: Upgrade\\r\\n' +
        'Upgrade: websocket\\r\\nSec-WebSocket-Version: 13\\r\\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\\r\\n\\r\\n'));
      let got = Buffer.alloc(0);
      s.on('data', (chunk) => {
        got = Buffer.concat([got, chunk]);
        const end = got.indexOf('\\r\\n\\r\\n');
        if (end < 0) return;
        const frame = got.subarray(end + 4);
        if (got.toString('latin1', 9, 12) !== '101') { console.log('status ' + got.toString('latin1', 9, 12)); s.destroy(); }
        else if (frame.length >= 4) { console.log(frame[0] === 0x88 ? String(frame.readUInt16BE(2)) : 'opcode ' + frame[0]); s.destroy(); }
      });
      s.on('error', (error) => console.log('error ' + error.code));`;
    const other = spawn(process.execPath, ['-e', script, String(host.port), givenCode()], {
      uid: 65534,
      gid: 65534,
      cwd: '/',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let printed = '';
    other.stdout!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    await new Promise((resolve) => other.once('exit', resolve));
    expect(printed.trim()).toBe(String(CLOSE_TOKEN_NOT_VALID));
  });

  it('trades the code for the token once; the code is refused after that', async () => {
    await openerPid();
    const code = givenCode();
    const first = await openSocket(host.port, { code });
    expect(first.ready).toEqual({ ready: true, token: host.token });
    expect((await apiClient(first.socket!).call('getState')).ok).toBe(true);
    first.socket!.close();
    expect(await openSocket(host.port, { code })).toEqual({ closeCode: CLOSE_TOKEN_NOT_VALID });
    // A socket opened with the token is not sent the token again.
    const byToken = await openSocket(host.port, { token: host.token });
    expect(byToken.ready).toEqual({ ready: true });
    byToken.socket!.close();
  });
});
