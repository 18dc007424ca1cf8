// Web mode: the renderer over HTTP and the Lab API over one WebSocket, on
// 127.0.0.1 only. Guards, in order: every connection must finish its request
// in time and only so many may wait (connection-guard.ts), the request-target
// must be a plain path (anything else is a 400, never an exception), the Host
// header must name this server (DNS rebinding), the WebSocket's Origin must be
// this server (other sites in the same browser), and the WebSocket must carry
// this run's random token, or a one-time opening code from a connection of
// this user (other local users and programs).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { WebSocketServer } from 'ws';
import { CLOSE_TOKEN_NOT_VALID, CLOSE_TOO_MANY_TABS } from '../common/web-protocol';
import type { Lab } from '../lab/lab';
import { serveApiSocket } from './api-socket';
import { MAX_API_SOCKETS, guardConnections } from './connection-guard';
import type { ConnectionGuard } from './connection-guard';
import { loopbackPeerUid } from './loopback-peer';
import { createOpeningCodes, freshSecret, sameSecret } from './opening-code';
import { withPagePolicy } from './page-csp';
import { parseRequestTarget } from './request-target';
import { readStaticFile } from './static-files';

/** Largest WebSocket message accepted; larger ones close the socket (1009). */
export const MAX_MESSAGE_BYTES = 64 * 1024;

export interface WebHostOptions {
  lab: Lab;
  /** The built renderer folder (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Defaults to 128 fresh random bits. */
  token?: string;
  /** How long an opening code can be traded (default OPENING_CODE_TTL_MS). */
  openingCodeTtlMs?: number;
}

export interface WebHost {
  /** The URL to open, with the token in its fragment. */
  url: string;
  port: number;
  /** A secret for this run: valid for any number of connections until the host stops. */
  token: string;
  /**
   * A URL for a browser the host opens itself: it carries a fresh one-time code instead of the
   * token, so that the command line of the opener and of the browser holds no lasting secret.
   */
  openingUrl(): string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

const CLOSE_REASONS = {
  [CLOSE_TOKEN_NOT_VALID]: 'token not valid',
  [CLOSE_TOO_MANY_TABS]: `at most ${MAX_API_SOCKETS} tabs at once; close one`,
};

/** Closes an upgraded socket at once with `code`; the guard drops it if the peer lingers. */
function refuseClient(
  client: WebSocket,
  socket: Duplex,
  code: keyof typeof CLOSE_REASONS,
  guard: ConnectionGuard,
): void {
  guard.upgradeRefused(socket);
  client.close(code, CLOSE_REASONS[code]);
}

/** Answers on a raw socket (upgrade or parse error) and closes it. */
function refuseSocket(socket: Duplex, status: number): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Connection: close\r\nContent-Length: 0\r\n\r\n',
  );
}

function plain(response: ServerResponse, status: number, text: string): void {
  // After a request we could not parse, nothing more on that connection is trusted.
  const connection = status === 400 ? { Connection: 'close' } : {};
  response
    .writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...connection })
    .end(`${text}\n`);
}

/** Starts the web host; resolves once it listens. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? freshSecret();
  const openingCodes = createOpeningCodes(options.openingCodeTtlMs);
  const server = createServer();
  const guard = guardConnections(server);
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    // api-socket decodes the text itself, so bad UTF-8 gets an error envelope.
    skipUTF8Validation: true,
  });
  let port = 0;
  let allowedHosts: string[] = [];
  let allowedOrigins: string[] = [];

  const hostAllowed = (request: IncomingMessage): boolean =>
    allowedHosts.includes(request.headers.host ?? '');

  const serveFile = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const target = parseRequestTarget(request.url);
    if (target === null) return plain(response, 400, 'Bad request: the target must be a path');
    if (!hostAllowed(request)) return plain(response, 403, 'Forbidden: unknown Host');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const found = await readStaticFile(options.rendererDir, target.pathname);
    if (found === null) return plain(response, 404, 'Not found');
    // A page gets a fresh nonce for its run-time <style> elements, in the header and in the page.
    const { file, csp } = withPagePolicy(found, "'self'");
    response.writeHead(200, {
      'Content-Type': file.contentType,
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  };

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    guard.requestStarted(request.socket, response);
    serveFile(request, response).catch(() => {
      if (!response.headersSent) plain(response, 500, 'Internal error');
      else response.destroy();
    });
  });

  // Bytes that are not HTTP (garbage, oversized headers, a bad method line):
  // Node calls this instead of 'request'. Answer if the socket still can, then drop it.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET') return socket.destroy();
    const status =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? 431
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? 408
          : 400;
    refuseSocket(socket, status);
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node takes its own error listener off a socket it hands over here; a
    // reset from the peer must not become an uncaught 'error'.
    socket.on('error', () => socket.destroy());
    const target = parseRequestTarget(request.url);
    if (target === null) return refuseSocket(socket, 400);
    if (!hostAllowed(request)) return refuseSocket(socket, 403);
    if (!allowedOrigins.includes(request.headers.origin ?? '')) return refuseSocket(socket, 403);
    if (target.pathname !== '/api') return refuseSocket(socket, 404);
    const byToken = sameSecret(target.query.get('token'), token);
    const code = byToken ? null : target.query.get('code');
    const byCode = code !== null && codeFromThisUser(code, request);
    // ws answers a malformed handshake (bad key, version, Upgrade) with a 400 itself.
    sockets.handleUpgrade(request, socket, head, (client) => {
      client.on('error', () => client.terminate());
      if (!byToken && !byCode) return refuseClient(client, socket, CLOSE_TOKEN_NOT_VALID, guard);
      if (!guard.admitApiSocket(socket))
        return refuseClient(client, socket, CLOSE_TOO_MANY_TABS, guard);
      // Spent only now, so a tab that found the host full keeps its code for a reload.
      if (code !== null && !openingCodes.redeem(code)) {
        return refuseClient(client, socket, CLOSE_TOKEN_NOT_VALID, guard);
      }
      serveApiSocket(client, options.lab, code === null ? undefined : token);
    });
  });

  /**
   * Whether an opening code is live and the connection comes from a process of this host's user:
   * a code that another user read in `ps` and tries first stays usable for the browser it was for.
   */
  const codeFromThisUser = (code: string, request: IncomingMessage): boolean => {
    const peerPort = request.socket.remotePort;
    if (!openingCodes.isLive(code) || peerPort === undefined) return false;
    return loopbackPeerUid(peerPort, port) === process.getuid?.();
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  allowedHosts = [`${HOST}:${port}`, `localhost:${port}`];
  allowedOrigins = allowedHosts.map((host) => `http://${host}`);

  return {
    url: `http://${HOST}:${port}/#token=${token}`,
    port,
    token,
    openingUrl: () => `http://${HOST}:${port}/#code=${openingCodes.issue()}`,
    close: async () => {
      guard.dispose();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
