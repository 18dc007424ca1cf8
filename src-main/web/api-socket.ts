// One browser tab's WebSocket to the Lab: requests in, results and events
// out. Whatever arrives, the answer is an envelope; nothing here may throw,
// because an exception would stop the host for every tab.
import { isUtf8 } from 'node:buffer';
import type { RawData, WebSocket } from 'ws';
import { EVENT_NAMES } from '../common/channels';
import type { EventName } from '../common/channels';
import { createEventBatcher } from '../common/event-batch';
import type { ErrorEnvelope } from '../common/errors';
import { toEnvelope } from '../common/errors';
import type { ReadyMessage } from '../common/web-protocol';
import { dispatch } from '../lab/dispatch';
import type { Lab } from '../lab/lab';
import type { LabEventMessage } from './latest-state';
import { createOutbox } from './socket-outbox';

interface ParsedRequest {
  id: number;
  command: unknown;
  input: unknown;
}

const SHAPE = 'a request is {"id": <safe integer>, "command": <name>, "input": <object>}';
/** The message's text, or null when its bytes are not UTF-8. */
function asText(data: RawData): string | null {
  // ws hands over one Buffer per message unless told otherwise; the rest is for completeness.
  const bytes = Buffer.isBuffer(data)
    ? data
    : Buffer.concat(
        (Array.isArray(data) ? data : [data]).map((chunk) => Buffer.from(chunk as ArrayBuffer)),
      );
  return isUtf8(bytes) ? bytes.toString('utf8') : null;
}

/** A request from one message, or the reason it is not one. */
function parseRequest(data: RawData, isBinary: boolean): ParsedRequest | ErrorEnvelope {
  const malformed = (why: string): ErrorEnvelope => ({
    code: 'E_BAD_INPUT',
    message: `malformed message: ${why}`,
  });
  if (isBinary) return malformed(`binary frames are not accepted; send JSON text (${SHAPE})`);
  const text = asText(data);
  if (text === null) return malformed('the text is not valid UTF-8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return malformed(`not JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return malformed(SHAPE);
  }
  const { id, command, input } = parsed as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return malformed(SHAPE);
  return { id, command, input };
}

/**
 * Serves one authorised socket until it closes. `token` is sent in the ready message when the
 * socket was opened with a one-time opening code, so the page can keep it for a reload.
 */
export function serveApiSocket(client: WebSocket, lab: Lab, token?: string): void {
  const outbox = createOutbox(client);
  // Events of one turn of the event loop (a burst of changes, A's and B's reports read
  // together) go as one message, so the page applies them in one update.
  const queue = createEventBatcher<EventName>(
    (events) => outbox.events(events as LabEventMessage[]),
    setImmediate,
  );
  const unsubscribers = EVENT_NAMES.map((event) =>
    lab.on(event, (payload) => queue(event, payload)),
  );
  client.on('close', () => unsubscribers.forEach((unsubscribe) => unsubscribe()));
  const ready: ReadyMessage = token === undefined ? { ready: true } : { ready: true, token };
  outbox.sendNow(ready);
  // Protocol errors (an oversized frame, a bad opcode) close this socket with
  // the right code; they must not reach the process as an unhandled 'error'.
  client.on('error', () => client.terminate());
  client.on('message', (data, isBinary) => {
    const request = parseRequest(data, isBinary);
    if (!('id' in request)) {
      outbox.reply({ id: null, result: { ok: false, error: request } });
      return;
    }
    dispatch(lab, request.command, request.input)
      .catch((error: unknown) => ({ ok: false as const, error: toEnvelope(error) }))
      .then((result) => {
        // Events the command caused (B's report of A's write) go first: the page then
        // handles them before the reply, and both leave in one burst.
        queue.flush();
        outbox.reply({ id: request.id, result });
      })
      .catch(() => client.terminate());
  });
}
