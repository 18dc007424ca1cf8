// Test helpers for the web host: a real `ws` client that speaks its protocol,
// and a raw TCP exchange for bytes no HTTP client would send.
import { connect as connectTcp } from 'node:net';
import WebSocket from 'ws';
import type { ReadyMessage } from '../common/web-protocol';

/** What the web host sends: a command's result or an event. */
export interface WireMessage {
  id?: number | null;
  result?: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
  event?: string;
  payload?: Record<string, unknown>;
}

export interface SocketOutcome {
  /** The open socket, when the host accepted it and kept it open. */
  socket?: WebSocket;
  /** The host's first message on an accepted socket. */
  ready?: ReadyMessage;
  /** The HTTP status of a refused upgrade. */
  status?: number;
  /** The close code, when the host accepted the upgrade and closed at once. */
  closeCode?: number;
}

/** Opens /api on `port` (with a token or an opening code) and reports how the host answered. */
export function openSocket(
  port: number,
  options: { token?: string | null; code?: string; origin?: string; host?: string } = {},
): Promise<SocketOutcome> {
  const query =
    options.code !== undefined
      ? `?code=${options.code}`
      : options.token === null || options.token === undefined
        ? ''
        : `?token=${options.token}`;
  const socket = new WebSocket(`ws://127.0.0.1:${port}/api${query}`, {
    origin: options.origin ?? `http://127.0.0.1:${port}`,
    headers: options.host === undefined ? {} : { Host: options.host },
  });
  return new Promise((resolve, reject) => {
    let opened = false;
    socket.once('open', () => (opened = true));
    // Accepted: the host's first message says it is ready.
    socket.once('message', (data) => {
      const first = JSON.parse(data.toString()) as Partial<ReadyMessage>;
      if (first.ready === true) resolve({ socket, ready: { ...first, ready: true } });
      else reject(new Error(`the first message was not "ready": ${data.toString()}`));
    });
    // Refused after the handshake: closed at once with a code.
    socket.once('close', (code) => {
      if (opened) resolve({ closeCode: code });
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve({ status: response.statusCode ?? 0 });
      socket.terminate();
    });
    socket.once('error', (error) => {
      if (!opened) reject(error);
    });
  });
}

/** Opens an accepted socket or fails the test. */
export async function openApi(port: number, token: string): Promise<WebSocket> {
  const outcome = await openSocket(port, { token });
  if (outcome.socket === undefined) throw new Error(`refused: ${JSON.stringify(outcome)}`);
  return outcome.socket;
}

/** Requests with ids over an open socket, and waiting for messages. */
export function apiClient(socket: WebSocket) {
  const messages: WireMessage[] = [];
  const waiters: { match: (m: WireMessage) => boolean; resolve: (m: WireMessage) => void }[] = [];
  const take = (message: WireMessage): void => {
    messages.push(message);
    for (const waiter of [...waiters]) {
      if (waiter.match(message)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  };
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as WireMessage & { events?: WireMessage[] };
    // A batch of events counts as its events, in order.
    for (const one of message.events ?? [message]) take(one);
  });
  let nextId = 1;
  const waitFor = (
    match: (m: WireMessage) => boolean,
    options: { ms?: number; onlyNew?: boolean } = {},
  ): Promise<WireMessage> =>
    new Promise((resolve, reject) => {
      const seen = options.onlyNew === true ? undefined : messages.find(match);
      if (seen) return resolve(seen);
      const timer = setTimeout(() => reject(new Error('no matching message')), options.ms ?? 5000);
      waiters.push({ match, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  const call = async (command: string, input?: unknown) => {
    const id = nextId++;
    socket.send(JSON.stringify({ id, command, input }));
    return (await waitFor((m) => m.id === id)).result!;
  };
  /** Sends `data` as it is and resolves with the next answer to no request (id null). */
  const sendRaw = (data: string | Buffer, binary = false): Promise<WireMessage> => {
    const answer = waitFor((m) => m.id === null, { onlyNew: true });
    socket.send(data, { binary });
    return answer;
  };
  return { call, waitFor, sendRaw, messages };
}

/**
 * Sends `bytes` on a fresh TCP connection and collects the reply until the
 * host closes it or `ms` pass (then the client closes it).
 */
export function rawExchange(port: number, bytes: string | Buffer, ms = 2000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connectTcp(port, '127.0.0.1');
    let reply = '';
    const timer = setTimeout(() => socket.destroy(), ms);
    socket.on('data', (chunk) => (reply += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(reply);
    });
    socket.write(bytes);
  });
}

/** The status code of the first HTTP response in `reply`, or null. */
export function statusOf(reply: string): number | null {
  const match = /^HTTP\/1\.1 (\d{3}) /.exec(reply);
  return match === null ? null : Number(match[1]);
}
