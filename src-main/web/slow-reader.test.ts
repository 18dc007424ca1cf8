// Issue 21, item 4: a tab that stops reading (a frozen page, a paused debugger, a program) while
// the Lab keeps changing must not grow the host without limit. Real tabs are paused at the socket
// (ws's pause() stops reading it), another tab writes, and the host's resident memory is read
// from /proc/<pid>/status. A paused tab then either catches up with the newest state or is closed
// with CLOSE_TOO_FAR_BEHIND; replies are never dropped.
import type WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_TOO_FAR_BEHIND } from '../common/web-protocol';
import { CLOSE_BEHIND_AT_BYTES, TOO_FAR_BEHIND_REASON } from './socket-outbox';
import { apiClient, openApi } from './test-client';
import type { HostProcess } from './test-host';
import { residentMiB, startHostProcess } from './test-host';

const SEGMENT = 64 * 1024;
/** Tabs that stop reading at once: each would queue its own copy of every event. */
const PAUSED_TABS = 12;
const WRITES = 1200;
/** What the host may grow by, whatever the paused tabs would have queued. */
const GROWTH_LIMIT_MIB = 128;

let host: HostProcess;
let writer: ReturnType<typeof apiClient>;
let writerSocket: WebSocket;
let shmid: number;

beforeAll(async () => {
  host = await startHostProcess();
  writerSocket = await openApi(host.port, host.token);
  writer = apiClient(writerSocket);
  const created = await writer.call('createSegment', { key: 0, size: SEGMENT });
  shmid = (created.value as { shmid: number }).shmid;
  expect((await writer.call('attach', { process: 'A', shmid })).ok).toBe(true);
  expect((await writer.call('attach', { process: 'B', shmid })).ok).toBe(true);
  // B watches all of it byte-exact, so each write is reported with its bytes.
  expect((await writer.call('viewMemory', { process: 'B', offset: 0, length: SEGMENT })).ok).toBe(
    true,
  );
}, 60_000);

afterAll(async () => {
  await writer.call('removeSegment', { shmid });
  writerSocket.close();
  await host.stop();
});

const mib = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

/** `count` writes of 4000 bytes at offset 0, sixteen in flight at a time. */
async function writeMany(count: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < count) {
        const value = String.fromCharCode(97 + (next++ % 26)).repeat(4000);
        await writer.call('write', { process: 'A', offset: 0, type: 'utf8', value, endian: 'le' });
      }
    }),
  );
}

/** Resolves with the close code and reason once `socket` closes. */
function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
}

describe('a tab that stops reading', () => {
  it('does not grow the host: it catches up with the newest bytes, or is closed with its code', async () => {
    // Warm: the heap that writes need has grown before the baseline is taken.
    await writeMany(WRITES / 2);
    const tabs = await Promise.all(
      Array.from({ length: PAUSED_TABS }, async () => {
        const socket = await openApi(host.port, host.token);
        const client = apiClient(socket);
        const end = closed(socket);
        socket.pause();
        return { socket, client, end };
      }),
    );
    const before = residentMiB(host.pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, residentMiB(host.pid))), 100);
    try {
      await writeMany(WRITES);
      // The last write, alone: the state every tab must end up showing.
      const last = 'Z'.repeat(4000);
      await writer.call('write', {
        process: 'A',
        offset: 0,
        type: 'utf8',
        value: last,
        endian: 'le',
      });
    } finally {
      clearInterval(sampler);
    }
    const after = residentMiB(host.pid);
    process.stdout.write(
      `[slow reader] ${PAUSED_TABS} paused tabs, ${WRITES} writes of 4000 bytes: host RSS ` +
        `${before.toFixed(1)} MiB before, peak ${peak.toFixed(1)}, ${after.toFixed(1)} after\n`,
    );
    expect(peak - before).toBeLessThan(GROWTH_LIMIT_MIB);

    const outcomes = await Promise.all(
      tabs.map(async ({ socket, client, end }) => {
        socket.resume();
        const caughtUp = client
          .waitFor(
            (m) =>
              m.event === 'memoryChanged' &&
              m.payload?.process === 'B' &&
              m.payload.offset === 0 &&
              (m.payload.bytes as number[]).every((byte) => byte === 90),
            { ms: 60_000 },
          )
          .then(() => 'caught up' as const);
        const outcome = await Promise.race([caughtUp, end]);
        if (outcome !== 'caught up') return outcome;
        // Caught up: it still answers, in order.
        expect((await client.call('getState')).ok).toBe(true);
        socket.close();
        return outcome;
      }),
    );
    for (const outcome of outcomes) {
      if (outcome !== 'caught up') {
        expect(outcome).toEqual({ code: CLOSE_TOO_FAR_BEHIND, reason: TOO_FAR_BEHIND_REASON });
      }
    }
    process.stdout.write(`[slow reader] outcomes: ${JSON.stringify(outcomes)}\n`);
  }, 180_000);

  it('gets each reply once, or is closed with its code once too far behind', async () => {
    const socket = await openApi(host.port, host.token);
    const client = apiClient(socket);
    let delivered = 0;
    socket.on('message', (data: Buffer) => (delivered += data.length));
    const end = closed(socket);
    socket.pause();
    const before = residentMiB(host.pid);
    // Each answer carries the 64 KiB window as JSON: together far more than the limit. B answers
    // its requests in turn, three of these and then the writer's, so that none is refused for
    // asking B too much at once and the writer's answer says these three were answered.
    const asked = 3 * Math.ceil(CLOSE_BEHIND_AT_BYTES / (2 * SEGMENT));
    const view = { process: 'B', offset: 0, length: SEGMENT };
    let peak = before;
    for (let id = 1; id <= asked; id += 1) {
      socket.send(JSON.stringify({ id, command: 'viewMemory', input: view }));
      if (id % 3 === 0) {
        expect((await writer.call('viewMemory', view)).ok).toBe(true);
        peak = Math.max(peak, residentMiB(host.pid));
      }
    }
    socket.resume();
    const allAnswered = client.waitFor((m) => m.id === asked, { ms: 60_000 }).then(() => null);
    const outcome = await Promise.race([end, allAnswered]);
    const ids = client.messages.filter((m) => typeof m.id === 'number').map((m) => m.id);
    process.stdout.write(
      `[slow reader] ${asked} replies asked: ${ids.length} delivered (${mib(delivered)} MiB), then ` +
        `${JSON.stringify(outcome)}; ` +
        `host RSS ${before.toFixed(1)} MiB before, peak ${peak.toFixed(1)}\n`,
    );
    const { code, reason } = outcome ?? { code: null, reason: 'every reply arrived, no close' };
    expect({ code, reason }).toEqual({ code: CLOSE_TOO_FAR_BEHIND, reason: TOO_FAR_BEHIND_REASON });
    // Each delivered once; none lost while the socket was open (it closed behind the last one).
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id! >= 1 && id! <= asked)).toBe(true);
    // What reached the tab is what the host had queued for it when it gave up: the limit, what
    // the kernel's socket buffers held (a few MiB on loopback) and the answer that crossed it.
    expect(delivered).toBeLessThan(CLOSE_BEHIND_AT_BYTES + 8 * 1024 * 1024);
    expect(host.stderr()).toBe('');
  }, 120_000);
});
