// Keeps the web host's file descriptors for the Lab. Anyone on this machine can open TCP
// connections to the port, with no token: a connection must finish a request's headers within a
// deadline (from its start, or from the end of its last response when kept alive), and at most
// MAX_UNAUTHENTICATED of them are open at once. Only a WebSocket that showed this run's token
// leaves that set, and at most MAX_API_SOCKETS of those are open at once.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * How long a connection may take to finish a request's headers, from its start or from the end of
 * its last response (an idle keep-alive). A browser on the same machine, or through an SSH
 * tunnel, sends its headers within milliseconds; Node's own keep-alive default is also 5 s.
 */
export const HANDSHAKE_DEADLINE_MS = 5_000;
/** How long a request may take to be answered (a reader that never takes a large file). */
export const RESPONSE_DEADLINE_MS = 30_000;
/**
 * Connections open at once that are not an authorised WebSocket. A browser opens at most six per
 * host for the page and its files; the rest of the descriptors stay for the Lab's children,
 * compiles and programs.
 */
export const MAX_UNAUTHENTICATED = 256;
/** Authorised WebSockets (tabs) at once: generous, so twenty tabs are served with room to spare. */
export const MAX_API_SOCKETS = 64;

interface Pending {
  timer: NodeJS.Timeout | null;
  /** Requests on it whose response has not finished. */
  inFlight: number;
}

export interface ConnectionGuard {
  /** A request arrived on `socket`: it has until the response deadline, then the idle one. */
  requestStarted(
    socket: Socket,
    response: { once(event: 'close', listener: () => void): void },
  ): void;
  /**
   * An authorised WebSocket: false when MAX_API_SOCKETS are already open (the caller closes it
   * with a code the page can show); otherwise it is no longer subject to the deadlines.
   */
  admitApiSocket(socket: Duplex): boolean;
  /** A refused upgrade: it keeps the handshake deadline to finish closing. */
  upgradeRefused(socket: Duplex): void;
  /** Stops every timer (the host is closing its connections). */
  dispose(): void;
}

/** Watches every connection `server` accepts from now on. */
export function guardConnections(server: Server): ConnectionGuard {
  // In arrival order, so the first one not busy with a request is the oldest idle one.
  const pending = new Map<Duplex, Pending>();
  const apiSockets = new Set<Duplex>();

  const arm = (socket: Duplex, entry: Pending, ms: number): void => {
    if (entry.timer !== null) clearTimeout(entry.timer);
    const timer = setTimeout(() => {
      // One turn of I/O first: after a long synchronous stretch (a big machine scan) the timer
      // fires before the poll that would read headers already waiting in the kernel.
      setImmediate(() => {
        if (entry.timer === timer && pending.get(socket) === entry) socket.destroy();
      });
    }, ms);
    timer.unref();
    entry.timer = timer;
  };
  const forget = (socket: Duplex): void => {
    const entry = pending.get(socket);
    if (entry?.timer) clearTimeout(entry.timer);
    pending.delete(socket);
    apiSockets.delete(socket);
  };
  /** Closes the oldest connection that is not busy with a request; false when all are. */
  const dropOldestIdle = (): boolean => {
    for (const [socket, entry] of pending) {
      if (entry.inFlight > 0) continue;
      forget(socket);
      socket.destroy();
      return true;
    }
    return false;
  };

  server.on('connection', (socket: Socket) => {
    // The newest gets its chance: a flood of silent connections must not lock out the browser.
    if (pending.size >= MAX_UNAUTHENTICATED && !dropOldestIdle()) {
      socket.destroy();
      return;
    }
    const entry: Pending = { timer: null, inFlight: 0 };
    pending.set(socket, entry);
    arm(socket, entry, HANDSHAKE_DEADLINE_MS);
    socket.once('close', () => forget(socket));
  });

  return {
    requestStarted: (socket, response) => {
      const entry = pending.get(socket);
      if (entry === undefined) return;
      entry.inFlight += 1;
      arm(socket, entry, RESPONSE_DEADLINE_MS);
      response.once('close', () => {
        entry.inFlight -= 1;
        if (entry.inFlight === 0 && pending.get(socket) === entry)
          arm(socket, entry, HANDSHAKE_DEADLINE_MS);
      });
    },
    admitApiSocket: (socket) => {
      if (apiSockets.size >= MAX_API_SOCKETS) return false;
      const entry = pending.get(socket);
      if (entry?.timer) clearTimeout(entry.timer);
      pending.delete(socket);
      apiSockets.add(socket);
      return true;
    },
    upgradeRefused: (socket) => {
      const entry = pending.get(socket);
      if (entry === undefined) return;
      entry.inFlight = 0;
      arm(socket, entry, HANDSHAKE_DEADLINE_MS);
    },
    dispose: () => {
      for (const entry of pending.values()) if (entry.timer) clearTimeout(entry.timer);
      pending.clear();
      apiSockets.clear();
    },
  };
}
