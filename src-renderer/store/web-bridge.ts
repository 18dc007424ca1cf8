// The LabBridge over the web host's WebSocket: the same commands and events
// the Electron preload exposes, as JSON messages with request ids.
import type { LabBridge, LabEventMap } from '../../src-main/common/api';
import type { CommandName, EventName, WireRequest } from '../../src-main/common/channels';
import { COMMAND_NAMES, EVENT_NAMES, listenerName } from '../../src-main/common/channels';
import type { Result } from '../../src-main/common/errors';
import type { ReadyMessage } from '../../src-main/common/web-protocol';
import {
  CLOSE_TOKEN_NOT_VALID,
  CLOSE_TOO_FAR_BEHIND,
  CLOSE_TOO_MANY_TABS,
} from '../../src-main/common/web-protocol';

/**
 * `refused`: the host closed the socket because this tab's token is not
 * this run's (an old link, or a mistyped one); reloading will not help.
 * `behind`: the tab stopped reading while the Lab changed, and the host gave
 * up on it; `full`: the host already serves as many tabs as it will. A reload
 * (after closing a tab, for `full`) connects again.
 */
export type ConnectionStatus = 'connecting' | 'open' | 'closed' | 'refused' | 'behind' | 'full';

/** What the bridge uses of a WebSocket: the browser's, or the `ws` package's in Node. */
export interface BridgeSocket {
  addEventListener(type: 'close', listener: (event: { code: number }) => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  send(data: string): void;
  close(): void;
}

interface Incoming extends Partial<ReadyMessage> {
  id?: unknown;
  result?: Result<unknown>;
  event?: unknown;
  payload?: unknown;
  events?: unknown;
}

export interface WebBridge {
  bridge: LabBridge;
  /** Calls `listener` now and on every change of the connection's status. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  close(): void;
}

/** The status a close code from the host means; any other close is 'closed'. */
const STATUS_OF_CLOSE: ReadonlyMap<number, ConnectionStatus> = new Map([
  [CLOSE_TOKEN_NOT_VALID, 'refused'],
  [CLOSE_TOO_FAR_BEHIND, 'behind'],
  [CLOSE_TOO_MANY_TABS, 'full'],
]);

const LOST = {
  ok: false,
  error: { code: 'E_DISCONNECTED', message: 'the connection to the ShmLab host was lost' },
} as const;

function parse(data: unknown): Incoming | null {
  if (typeof data !== 'string') return null;
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === 'object' && value !== null ? (value as Incoming) : null;
  } catch {
    return null;
  }
}

/**
 * Opens the socket at `url` (ws://host/api?token=…). `open` makes the socket;
 * the default is the browser's WebSocket.
 */
export function createWebBridge(
  url: string,
  open: (url: string) => BridgeSocket = (address) => new WebSocket(address),
): WebBridge {
  const socket = open(url);
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

  // Open means the host accepted the token: it says so in its first message.
  const becomeOpen = (): void => {
    setStatus('open');
    for (const message of queue.splice(0)) socket.send(message);
  };
  socket.addEventListener('close', (event) => {
    setStatus(STATUS_OF_CLOSE.get(event.code) ?? 'closed');
    for (const [id, resolve] of pending) {
      pending.delete(id);
      resolve(LOST);
    }
  });
  /** Hands an event message to its listeners; false when it is not an event. */
  const emit = (incoming: Incoming): boolean => {
    const event = EVENT_NAMES.find((name) => name === incoming.event);
    if (event === undefined) return false;
    for (const listener of listeners.get(event) ?? []) {
      (listener as (payload: unknown) => void)(incoming.payload);
    }
    return true;
  };
  socket.addEventListener('message', (message) => {
    // The host only sends well-formed JSON; anything else is dropped, not thrown.
    const incoming = parse(message.data);
    if (incoming === null) return;
    if (incoming.ready === true && status === 'connecting') return becomeOpen();
    // A batch is delivered in one go, so the store can apply it in one update.
    if (Array.isArray(incoming.events)) {
      for (const item of incoming.events as unknown[]) {
        if (typeof item === 'object' && item !== null) emit(item as Incoming);
      }
      return;
    }
    if (emit(incoming)) return;
    if (typeof incoming.id === 'number' && incoming.result !== undefined) {
      pending.get(incoming.id)?.(incoming.result);
      pending.delete(incoming.id);
    }
  });

  const invoke = (command: CommandName, input: unknown): Promise<Result<unknown>> => {
    if (status !== 'connecting' && status !== 'open') return Promise.resolve(LOST);
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
