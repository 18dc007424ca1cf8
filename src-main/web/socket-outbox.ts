// What the host sends one tab, bounded by how fast the tab reads. While the socket's queue is
// short, messages go out as they come. Once it passes HOLD_EVENTS_AT_BYTES (the kernel's buffers
// are full and the tab is not reading), events are held instead, a newer one replacing the older
// one of the same thing (latest-state.ts), and everything held goes out in one message as soon as
// the queue has drained. Replies are never dropped or merged: they wait behind the held events,
// in order. A tab whose queue and held messages together pass CLOSE_BEHIND_AT_BYTES is closed
// with CLOSE_TOO_FAR_BEHIND, which the page shows, so that the host's memory stays bounded.
import type { WebSocket } from 'ws';
import { toEnvelope } from '../common/errors';
import type { EventBatchMessage } from '../common/web-protocol';
import { CLOSE_TOO_FAR_BEHIND } from '../common/web-protocol';
import type { LabEventMessage } from './latest-state';
import { latestStateKey } from './latest-state';

/** Bytes queued on the socket past which events are held and coalesced. */
export const HOLD_EVENTS_AT_BYTES = 256 * 1024;
/**
 * Bytes queued and held past which the tab is closed. Far above any one answer (a 64 KiB memory
 * window is about 250 KB of JSON), so only a tab that stopped reading gets there.
 */
export const CLOSE_BEHIND_AT_BYTES = 16 * 1024 * 1024;
/** The close frame's reason (at most 123 bytes). */
export const TOO_FAR_BEHIND_REASON = 'this tab fell too far behind the Lab; reload it';

interface HeldMessage {
  text: string;
  isEvent: boolean;
}

export interface Outbox {
  /** Any message, sent now (the ready message). */
  sendNow(message: object): void;
  /** Events of one turn of the Lab, as one message when the socket keeps up. */
  events(events: LabEventMessage[]): void;
  /** A command's result: always delivered, after every event sent or held before it. */
  reply(message: { id: number | null; result: unknown }): void;
}

/** The text of `message`, or of an error envelope for it when JSON cannot carry a value. */
function serialize(message: object): string {
  try {
    return JSON.stringify(message);
  } catch (error) {
    const id = 'id' in message ? message.id : null;
    return JSON.stringify({ id, result: { ok: false, error: toEnvelope(error) } });
  }
}

/** The outbox of one open socket; it stops sending once the socket closes. */
export function createOutbox(client: WebSocket): Outbox {
  // In send order; a replaced event is deleted and set again, so it moves to the end.
  const held = new Map<string, HeldMessage>();
  let heldBytes = 0;
  let uniqueKeys = 0;
  let lastWrite = 0;

  const open = (): boolean => client.readyState === client.OPEN;

  const write = (text: string): void => {
    const id = ++lastWrite;
    // ws calls back once the frame is in the kernel; when that is the last frame written, the
    // socket's queue is empty and what was held can go.
    client.send(text, (error) => {
      if (error === undefined || error === null) {
        if (id === lastWrite && held.size > 0) releaseHeld();
      }
    });
  };

  const hold = (key: string | null, text: string, isEvent: boolean): void => {
    const slot = key ?? `#${(uniqueKeys += 1)}`;
    const older = held.get(slot);
    if (older !== undefined) {
      heldBytes -= older.text.length;
      held.delete(slot);
    }
    held.set(slot, { text, isEvent });
    heldBytes += text.length;
  };

  function releaseHeld(): void {
    if (!open()) return;
    const messages = [...held.values()];
    held.clear();
    heldBytes = 0;
    let events: string[] = [];
    const sendEvents = (): void => {
      if (events.length === 1) write(events[0]!);
      else if (events.length > 1) write(`{"events":[${events.join(',')}]}`);
      events = [];
    };
    for (const message of messages) {
      if (message.isEvent) events.push(message.text);
      else {
        sendEvents();
        write(message.text);
      }
    }
    sendEvents();
  }

  /** Closes a tab that is too far behind; what it has not read yet still reaches it first. */
  const closeIfTooFarBehind = (): void => {
    if (client.bufferedAmount + heldBytes <= CLOSE_BEHIND_AT_BYTES) return;
    held.clear();
    heldBytes = 0;
    client.close(CLOSE_TOO_FAR_BEHIND, TOO_FAR_BEHIND_REASON);
  };

  client.once('close', () => {
    held.clear();
    heldBytes = 0;
  });

  return {
    sendNow: (message) => {
      if (open()) write(serialize(message));
    },
    events: (events) => {
      if (!open() || events.length === 0) return;
      if (held.size === 0 && client.bufferedAmount < HOLD_EVENTS_AT_BYTES) {
        write(
          serialize(events.length === 1 ? events[0]! : ({ events } satisfies EventBatchMessage)),
        );
        return;
      }
      for (const event of events) hold(latestStateKey(event), serialize(event), true);
      closeIfTooFarBehind();
    },
    reply: (message) => {
      if (!open()) return;
      const text = serialize(message);
      if (held.size === 0) write(text);
      else hold(null, text, false);
      closeIfTooFarBehind();
    },
  };
}
