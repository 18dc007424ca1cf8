// Web mode: the renderer over HTTP and the Lab API over one WebSocket, on
// 127.0.0.1 only. Guards, in order: the Host header must name this server
// (DNS rebinding), the WebSocket's Origin must be this server (other sites
// in the same browser), and the WebSocket must carry the random token
// printed at start (other local users and programs).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { EVENT_NAMES } from '../common/channels';
import type { Lab } from '../lab/lab';
import { dispatch } from '../lab/dispatch';
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
}

export interface WebHost {
  /** The URL to open, with the token in its fragment. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function sameToken(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Starts the web host; resolves once it listens. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(16).toString('hex');
  const server = createServer();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  let allowedHosts: string[] = [];
  let allowedOrigins: string[] = [];

  const hostAllowed = (request: IncomingMessage): boolean =>
    allowedHosts.includes(request.headers.host ?? '');

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      if (!hostAllowed(request)) {
        response.writeHead(403, { 'Content-Type': 'text/plain' }).end('Forbidden: unknown Host\n');
        return;
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      const path = new URL(request.url ?? '/', 'http://x').pathname;
      const file = await readStaticFile(options.rendererDir, path);
      if (file === null) {
        response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
        return;
      }
      response.writeHead(200, {
        'Content-Type': file.contentType,
        'Content-Security-Policy': CSP,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-store',
      });
      response.end(request.method === 'HEAD' ? undefined : file.body);
    })();
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (!hostAllowed(request)) return refuseUpgrade(socket, 403, 'Forbidden');
    if (!allowedOrigins.includes(request.headers.origin ?? '')) {
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    if (url.pathname !== '/api') return refuseUpgrade(socket, 404, 'Not Found');
    if (!sameToken(url.searchParams.get('token'), token)) {
      return refuseUpgrade(socket, 401, 'Unauthorized');
    }
    sockets.handleUpgrade(request, socket, head, (client) => serveClient(client, options.lab));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts = [`${HOST}:${port}`, `localhost:${port}`];
  allowedOrigins = allowedHosts.map((host) => `http://${host}`);

  return {
    url: `http://${HOST}:${port}/#token=${token}`,
    port,
    token,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function serveClient(client: WebSocket, lab: Lab): void {
  const send = (message: unknown): void => {
    if (client.readyState === WebSocket.OPEN) client.send(JSON.stringify(message));
  };
  const unsubscribers = EVENT_NAMES.map((event) =>
    lab.on(event, (payload) => send({ event, payload })),
  );
  client.on('close', () => unsubscribers.forEach((unsubscribe) => unsubscribe()));
  // Protocol errors (an oversized frame, bad UTF-8) close this socket with the
  // right code; they must not reach the process as an unhandled 'error'.
  client.on('error', () => client.terminate());
  client.on('message', (data, isBinary) => {
    let request: { id?: unknown; command?: unknown; input?: unknown };
    try {
      if (isBinary) throw new Error('binary frames are not accepted');
      request = JSON.parse(data.toString()) as typeof request;
      if (typeof request !== 'object' || request === null || !Number.isSafeInteger(request.id)) {
        throw new Error('a request is {"id": <integer>, "command": <name>, "input": <object>}');
      }
    } catch (error) {
      send({
        id: null,
        result: {
          ok: false,
          error: { code: 'E_BAD_INPUT', message: `malformed message: ${(error as Error).message}` },
        },
      });
      return;
    }
    void dispatch(lab, request.command, request.input).then((result) =>
      send({ id: request.id, result }),
    );
  });
}
