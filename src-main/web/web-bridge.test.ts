// The renderer's transport (src-renderer/store/web-bridge.ts) against this
// host and a real Lab, in Node: the `ws` client stands in for the browser's
// WebSocket (Node 20 has none). It lives here, not beside web-bridge.ts,
// because renderer code may not import the host (lint boundary).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { MemoryChangedEvent } from '../common/api';
import {
  CLOSE_TOKEN_NOT_VALID,
  CLOSE_TOO_FAR_BEHIND,
  CLOSE_TOO_MANY_TABS,
} from '../common/web-protocol';
import type { TestLab } from '../lab/test-helpers';
import { listedShmids, startTestLab } from '../lab/test-helpers';
import { native } from '../lab/native';
import type { WebHost } from './server';
import { startWebHost } from './server';
import { createLabApi } from '../../src-renderer/store/lab-api';
import { connectStore, getLabState } from '../../src-renderer/store/lab-store';
import type { BridgeSocket, ConnectionStatus } from '../../src-renderer/store/web-bridge';
import { createWebBridge } from '../../src-renderer/store/web-bridge';

let t: TestLab;
let host: WebHost;
const created: number[] = [];

beforeAll(async () => {
  t = await startTestLab();
  host = await startWebHost({ lab: t.lab, rendererDir: t.stateDir });
});

afterAll(async () => {
  await host.close();
  await t.close();
  const listed = await listedShmids();
  expect(created.filter((id) => listed.has(id))).toEqual([]);
});

/** The `ws` client, sending the Origin a browser on the host's page would send. */
const nodeSocket =
  (origin: string) =>
  (url: string): BridgeSocket =>
    new WebSocket(url, { origin });

function bridgeFor(token: string, port = host.port) {
  return createWebBridge(
    `ws://127.0.0.1:${port}/api?token=${token}`,
    nodeSocket(`http://127.0.0.1:${port}`),
  );
}

/** Every status the bridge reports, and a way to wait for one. */
function statuses(web: ReturnType<typeof createWebBridge>) {
  const seen: ConnectionStatus[] = [];
  const waiters: [ConnectionStatus, () => void][] = [];
  web.onStatus((status) => {
    seen.push(status);
    for (const [wanted, resolve] of waiters) if (wanted === status) resolve();
  });
  const reach = (status: ConnectionStatus): Promise<void> =>
    seen.includes(status)
      ? Promise.resolve()
      : new Promise((resolve) => waiters.push([status, resolve]));
  return { seen, reach };
}

describe('createWebBridge against a real host', () => {
  it('queues commands sent before the socket opens, then answers them', async () => {
    const web = bridgeFor(host.token);
    const status = statuses(web);
    expect(status.seen).toEqual(['connecting']);
    const state = await web.bridge.getState();
    expect(state.ok && state.value.system.host).toBe('web');
    expect(status.seen).toEqual(['connecting', 'open']);
    web.close();
    await status.reach('closed');
  });

  it('carries results, errors and events both ways, and unsubscribes', async () => {
    const web = bridgeFor(host.token);
    const api = createLabApi(web.bridge);
    const pageSize = native.constants.pageSize;
    const segment = await api.createSegment({ key: 0, size: pageSize });
    created.push(segment.shmid);
    await api.attach({ process: 'A', shmid: segment.shmid });
    await api.attach({ process: 'B', shmid: segment.shmid });

    const seenByB: MemoryChangedEvent[] = [];
    const reported = new Promise<MemoryChangedEvent>((resolve) => {
      const stop = web.bridge.onMemoryChanged((event) => {
        if (event.process !== 'B') return;
        seenByB.push(event);
        stop();
        resolve(event);
      });
    });
    await api.write({ process: 'A', offset: 64, type: 'u16', value: '0x1234', endian: 'be' });
    const event = await reported;
    expect(event).toMatchObject({ shmid: segment.shmid, offset: 64, bytes: [0x12, 0x34] });

    // Unsubscribed: a later change is not delivered to that listener.
    await api.write({ process: 'A', offset: 80, type: 'u8', value: '7', endian: 'le' });
    expect((await api.read({ process: 'B', offset: 80, length: 1 })).bytes).toEqual([7]);
    expect(seenByB).toHaveLength(1);

    const refused = await web.bridge.createSegment({ key: 0, size: -1 });
    expect(refused.ok === false && refused.error.code).toBe('E_BAD_INPUT');

    await api.detach({ process: 'A' });
    await api.detach({ process: 'B' });
    await api.removeSegment({ shmid: segment.shmid });
    web.close();
  });

  it('reports a wrong token as refused, and fails what was pending with E_DISCONNECTED', async () => {
    const web = bridgeFor('0'.repeat(32));
    const status = statuses(web);
    const pending = await web.bridge.getState();
    await status.reach('refused');
    expect(status.seen).toEqual(['connecting', 'refused']);
    expect(pending).toEqual({
      ok: false,
      error: { code: 'E_DISCONNECTED', message: 'the connection to the ShmLab host was lost' },
    });
    const later = await web.bridge.listSegments();
    expect(later.ok === false && later.error.code).toBe('E_DISCONNECTED');
  });

  it('a wrong token: connectStore rejects and the store says refused, system stays null', async () => {
    const web = bridgeFor('f'.repeat(32));
    await expect(connectStore(createLabApi(web.bridge), web.onStatus)).rejects.toMatchObject({
      code: 'E_DISCONNECTED',
    });
    expect(getLabState().connection).toBe('refused');
    expect(getLabState().system).toBeNull();
  });

  it("reports each of the host's close codes as its own status, so the page says what to do", async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    const codes = [CLOSE_TOKEN_NOT_VALID, CLOSE_TOO_FAR_BEHIND, CLOSE_TOO_MANY_TABS, 1011];
    let next = 0;
    server.on('connection', (socket) => socket.close(codes[next++]));
    const port = (server.address() as { port: number }).port;
    const seen: ConnectionStatus[] = [];
    for (let i = 0; i < codes.length; i += 1) {
      const web = createWebBridge(`ws://127.0.0.1:${port}/`, nodeSocket('http://x'));
      const status = statuses(web);
      const pending = await web.bridge.getState();
      expect(pending.ok === false && pending.error.code).toBe('E_DISCONNECTED');
      seen.push(status.seen.at(-1)!);
    }
    expect(seen).toEqual(['refused', 'behind', 'full', 'closed']);
    await new Promise((resolve) => server.close(resolve));
  });

  it('reports a lost host as closed, not refused', async () => {
    const spare = await startWebHost({ lab: t.lab, rendererDir: t.stateDir });
    const web = bridgeFor(spare.token, spare.port);
    const status = statuses(web);
    await status.reach('open');
    await spare.close();
    await status.reach('closed');
    expect(status.seen).toEqual(['connecting', 'open', 'closed']);
  });
});
