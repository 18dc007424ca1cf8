// The LabBridge over the web host's WebSocket: the same commands and events
// the Electron preload exposes, as JSON messages with request ids.
import type { LabBridge, LabEventMap } from '../../src-main/common/api';
import type { CommandName, EventName, WireRequest } from '../../src-main/common/channels';
import { COMMAND_NAMES, EVENT_NAMES, listenerName } from '../../src-main/common/channels';
import type { Result } from '../../src-main/common/errors';

export type ConnectionStatus = 'connecting' | 'open' | 'closed';

interface Incoming {
  id?: number | null;
  result?: Result<unknown>;
  event?: EventName;
  payload?: unknown;
}

export interface WebBridge {
  bridge: LabBridge;
  /** Calls `listener` now and on every change of the connection's status. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  close(): void;
}

/** Opens the socket at `url` (ws://host/api?token=…). */
export function createWebBridge(url: string): WebBridge {
  const socket = new WebSocket(url);
  let status: ConnectionStatus = 'connecting';
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<EventName, Set<(payload: never) => void>>(
    EVENT_NAMES.map((event) => [event, new Set()]),
  );
  const queue: string[] = [];
  let nextId = 1;

  const setStatus = (next: ConnectionStatus): void => {
    status = next;
    for (const listener of statusListeners) listener(next);
  };

  socket.addEventListener('open', () => {
    setStatus('open');
    for (const message of queue.splice(0)) socket.send(message);
  });
  socket.addEventListener('close', () => {
    setStatus('closed');
    for (const [id, resolve] of pending) {
      pending.delete(id);
      resolve({
        ok: false,
        error: { code: 'E_DISCONNECTED', message: 'the connection to the ShmLab host was lost' },
      });
    }
  });
  socket.addEventListener('message', (message: MessageEvent<string>) => {
    const incoming = JSON.parse(message.data) as Incoming;
    if (incoming.event !== undefined) {
      for (const listener of listeners.get(incoming.event) ?? []) {
        (listener as (payload: unknown) => void)(incoming.payload);
      }
      return;
    }
    if (typeof incoming.id === 'number' && incoming.result !== undefined) {
      pending.get(incoming.id)?.(incoming.result);
      pending.delete(incoming.id);
    }
  });

  const invoke = (command: CommandName, input: unknown): Promise<Result<unknown>> => {
    if (status === 'closed') {
      return Promise.resolve({
        ok: false,
        error: { code: 'E_DISCONNECTED', message: 'the connection to the ShmLab host was lost' },
      });
    }
    const id = nextId++;
    const request: WireRequest = { id, command, input };
    const text = JSON.stringify(request);
    return new Promise((resolve) => {
      pending.set(id, resolve);
      if (status === 'open') socket.send(text);
      else queue.push(text);
    });
  };

  const bridge: Record<string, unknown> = {};
  for (const command of COMMAND_NAMES) {
    bridge[command] = (input?: unknown) => invoke(command, input);
  }
  for (const event of EVENT_NAMES) {
    bridge[listenerName(event)] = (listener: (payload: LabEventMap[typeof event]) => void) => {
      const set = listeners.get(event)!;
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    };
  }

  return {
    bridge: bridge as unknown as LabBridge,
    onStatus: (listener) => {
      statusListeners.add(listener);
      listener(status);
      return () => statusListeners.delete(listener);
    },
    close: () => socket.close(),
  };
}
