// The outbox over a real WebSocket pair on loopback: the client stops reading (ws's pause()), a
// large answer fills the kernel's buffers and the socket's queue, and what the host sends next is
// held, coalesced and released in order once the client reads again.
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { CLOSE_TOO_FAR_BEHIND } from '../common/web-protocol';
import type { LabEventMessage } from './latest-state';
import { latestStateKey } from './latest-state';
import type { Outbox } from './socket-outbox';
import {
  CLOSE_BEHIND_AT_BYTES,
  HOLD_EVENTS_AT_BYTES,
  TOO_FAR_BEHIND_REASON,
  createOutbox,
} from './socket-outbox';

const servers: WebSocketServer[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    for (const client of server.clients) client.terminate();
    server.close();
  }
});

/** A connected pair: the host side's outbox and socket, and a client that has stopped reading. */
async function pausedPair(): Promise<{ outbox: Outbox; host: WebSocket; reader: WebSocket }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  const accepted = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
  const reader = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  await new Promise((resolve) => reader.once('open', resolve));
  reader.pause();
  const host = await accepted;
  return { outbox: createOutbox(host), host, reader };
}

/** Every message `reader` gets from now on, as parsed JSON. */
function collect(reader: WebSocket): unknown[] {
  const got: unknown[] = [];
  reader.on('message', (data: Buffer) => got.push(JSON.parse(data.toString())));
  return got;
}

/** Resolves once `host` has more than HOLD_EVENTS_AT_BYTES queued (the kernel took its share). */
async function backedUp(host: WebSocket): Promise<void> {
  while (host.bufferedAmount < HOLD_EVENTS_AT_BYTES) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const memory = (value: number): LabEventMessage => ({
  event: 'memoryChanged',
  payload: { process: 'B', shmid: 7, offset: 0, bytes: [value], address: '0x7f0000000000' },
});
const output = (data: string): LabEventMessage => ({
  event: 'programOutput',
  payload: { runId: 1, data },
});
const segment: LabEventMessage = { event: 'segmentChanged', payload: { shmid: 7, stat: null } };

describe('latestStateKey', () => {
  it('gives state the same key per thing, and happenings none', () => {
    expect(latestStateKey(memory(1))).toBe(latestStateKey(memory(2)));
    expect(latestStateKey(segment)).toBe('segmentChanged:7');
    expect(latestStateKey(output('a'))).toBeNull();
  });
});

describe('a socket whose reader stopped reading', () => {
  it('holds events, keeps only the newest state of each thing, and keeps replies in order', async () => {
    const { outbox, host, reader } = await pausedPair();
    const got = collect(reader);
    // An answer far larger than the kernel's buffers, and below the limit.
    const large = 'x'.repeat(CLOSE_BEHIND_AT_BYTES / 2);
    outbox.reply({ id: 0, result: large });
    await backedUp(host);
    outbox.events([memory(1), output('a')]);
    outbox.events([memory(2)]);
    outbox.reply({ id: 1, result: 'answer' });
    outbox.events([segment, output('b')]);
    reader.resume();
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (got.length >= 4) resolve(clearInterval(check));
      }, 20);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(got).toEqual([
      { id: 0, result: large },
      // memory(1) was replaced by memory(2), which moved to where the newer one came.
      { events: [output('a'), memory(2)] },
      { id: 1, result: 'answer' },
      { events: [segment, output('b')] },
    ]);
    expect(host.readyState).toBe(WebSocket.OPEN);
  });

  it('sends as it comes while the reader keeps up', async () => {
    const { outbox, reader } = await pausedPair();
    const got = collect(reader);
    reader.resume();
    outbox.events([memory(1)]);
    outbox.events([memory(2), segment]);
    outbox.reply({ id: 3, result: null });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(got).toEqual([memory(1), { events: [memory(2), segment] }, { id: 3, result: null }]);
  });

  it('closes it with CLOSE_TOO_FAR_BEHIND past the limit, after what was already queued', async () => {
    const { outbox, host, reader } = await pausedPair();
    const got = collect(reader);
    const closed = new Promise<[number, string]>((resolve) =>
      reader.once('close', (code, reason) => resolve([code, reason.toString()])),
    );
    outbox.reply({ id: 0, result: 'x'.repeat(CLOSE_BEHIND_AT_BYTES / 2) });
    await backedUp(host);
    outbox.reply({ id: 1, result: 'y'.repeat(CLOSE_BEHIND_AT_BYTES) });
    expect(host.readyState).toBe(WebSocket.CLOSING);
    // Nothing more is queued for a tab that is being closed.
    outbox.reply({ id: 2, result: 'late' });
    outbox.events([segment]);
    reader.resume();
    expect(await closed).toEqual([CLOSE_TOO_FAR_BEHIND, TOO_FAR_BEHIND_REASON]);
    expect(got.map((message) => (message as { id: number }).id)).toEqual([0, 1]);
  });
});
