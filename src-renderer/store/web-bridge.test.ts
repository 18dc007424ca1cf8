// The renderer's transport facing a host that sends what it should not: a
// real WebSocket server (the `ws` package) in Node. The tests against the real
// web host and Lab are in src-main/web/web-bridge.test.ts.
import { describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { BridgeSocket } from './web-bridge';
import { createWebBridge } from './web-bridge';

const nodeSocket =
  (origin: string) =>
  (url: string): BridgeSocket =>
    new WebSocket(url, { origin });

describe('createWebBridge with a host that misbehaves', () => {
  it('drops what is not JSON or not for it, and still resolves the real answer', async () => {
    // A real WebSocket server that answers every request after some junk.
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    server.on('connection', (socket) => {
      socket.send('{"ready":true}');
      socket.on('message', (data) => {
        const { id } = JSON.parse(data.toString()) as { id: number };
        socket.send('not json');
        socket.send('42');
        socket.send(JSON.stringify({ event: 'noSuchEvent', payload: {} }));
        socket.send(Buffer.from([1, 2, 3]), { binary: true });
        socket.send(JSON.stringify({ id: id + 1000, result: { ok: true, value: 'wrong id' } }));
        socket.send(JSON.stringify({ id, result: { ok: true, value: 'the answer' } }));
      });
    });
    const { port } = server.address() as { port: number };
    const web = createWebBridge(`ws://127.0.0.1:${port}/`, nodeSocket('http://x'));
    expect(await web.bridge.listSegments()).toEqual({ ok: true, value: 'the answer' });
    web.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('hands a batch of events to the listeners in one go, in order', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const one = { process: 'B', shmid: 1, offset: 0, bytes: [1], address: '0x1000' };
    const two = { ...one, offset: 1, bytes: [2] };
    server.on('connection', (socket) => {
      socket.send('{"ready":true}');
      socket.send(
        JSON.stringify({
          events: [
            { event: 'memoryChanged', payload: one },
            'junk',
            { event: 'noSuchEvent', payload: {} },
            { event: 'memoryChanged', payload: two },
          ],
        }),
      );
    });
    const { port } = server.address() as { port: number };
    const web = createWebBridge(`ws://127.0.0.1:${port}/`, nodeSocket('http://x'));
    const seen: unknown[] = [];
    const ticks: number[] = [];
    let tick = 0;
    const timer = setInterval(() => (tick += 1), 0);
    await new Promise<void>((resolve) => {
      web.bridge.onMemoryChanged((event) => {
        seen.push(event);
        ticks.push(tick);
        if (seen.length === 2) resolve();
      });
    });
    clearInterval(timer);
    expect(seen).toEqual([one, two]);
    // Both in the same task: a store can apply them in one update.
    expect(ticks[0]).toBe(ticks[1]);
    web.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
