// The web host's API as any client uses it: one WebSocket, JSON requests with
// an id, results and events back. The benchmarks drive the Lab through this
// public surface only, never through its internals.
import WebSocket from 'ws';
import type { LabCommands, LabEventMap } from '../../src-main/common/api';
import type { CommandName, EventName } from '../../src-main/common/channels';
import type { Result } from '../../src-main/common/errors';
import { LabError } from '../../src-main/common/errors';

type Value<K extends CommandName> = Awaited<ReturnType<LabCommands[K]>>;
type Input<K extends CommandName> = Parameters<LabCommands[K]>[0];

export interface ApiClient {
  /** The command's result envelope, as the host sent it. */
  call<K extends CommandName>(command: K, input?: Input<K>): Promise<Result<Value<K>>>;
  /** The command's value; a failure throws a LabError with the host's code. */
  request<K extends CommandName>(command: K, input?: Input<K>): Promise<Value<K>>;
  on<E extends EventName>(event: E, listener: (payload: LabEventMap[E]) => void): () => void;
  close(): void;
}

/** Opens the API socket of the web host whose printed URL (with its token) is `pageUrl`. */
export async function connectApi(pageUrl: string): Promise<ApiClient> {
  const url = new URL(pageUrl);
  const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
  const socket = new WebSocket(`ws://${url.host}/api?token=${token}`, { origin: url.origin });
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: never) => void>>();
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as {
      id?: number;
      result?: Result<unknown>;
      event?: string;
      payload?: never;
      events?: { event: string; payload: never }[];
    };
    // Events of one turn of the host's loop come as one batch; a lone one comes alone.
    const events = message.events ?? (message.event === undefined ? [] : [message]);
    for (const { event, payload } of events as { event: string; payload: never }[]) {
      listeners.get(event)?.forEach((listener) => listener(payload));
    }
    if (events.length > 0) return;
    if (typeof message.id !== 'number') return;
    pending.get(message.id)?.(message.result!);
    pending.delete(message.id);
  });
  // The host's first message says the token was accepted and events flow.
  await new Promise<void>((resolve, reject) => {
    socket.once('message', () => resolve());
    socket.once('error', reject);
    socket.once('close', (code) => reject(new Error(`the API socket closed (${code})`)));
  });

  let nextId = 1;
  const call = <K extends CommandName>(command: K, input?: Input<K>): Promise<Result<Value<K>>> =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve as (result: Result<unknown>) => void);
      socket.send(JSON.stringify({ id, command, input }));
    });
  const request = async <K extends CommandName>(
    command: K,
    input?: Input<K>,
  ): Promise<Value<K>> => {
    const result = await call(command, input);
    if (!result.ok) throw new LabError(result.error.code, `${command}: ${result.error.message}`);
    return result.value;
  };
  return {
    call,
    request,
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
    close: () => socket.close(),
  };
}
