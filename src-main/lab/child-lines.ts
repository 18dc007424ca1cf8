// The children's messages to the Lab: one JSON value per line on the child's standard output
// (its report channel, native/index.d.ts). The watcher's thread writes reports there itself and
// JavaScript its replies, in one ordered stream. Whatever arrives, a line either becomes one
// message or one "unreadable" notice; a line that never ends is dropped once it passes the cap,
// so a broken child cannot make the Lab hold more than that.
import { isUtf8 } from 'node:buffer';

/**
 * The longest line kept. The largest messages are a read of MAX_READ_LENGTH (1 MiB) bytes, sent
 * as 1.4 MB of base64 (memory-bytes.ts), and a watcher report naming every page of a 1 GiB
 * segment (about 1.8 MB); this leaves room and bounds what one child can make us hold.
 */
export const MAX_LINE_BYTES = 32 * 1024 * 1024;

export interface LineListeners {
  message(message: unknown): void;
  /** A line that is not one JSON value, or too long: what it was, for a warning. */
  unreadable(problem: string): void;
}

/** Returns the function to call with each chunk of the stream, in order. */
export function createLineReader(
  listeners: LineListeners,
  maxLineBytes = MAX_LINE_BYTES,
): (chunk: Buffer) => void {
  let parts: Buffer[] = [];
  let held = 0;
  /** Dropping the rest of a line that passed the cap, up to its newline. */
  let skipping = false;

  const deliver = (line: Buffer): void => {
    if (line.length > maxLineBytes) {
      listeners.unreadable(`a line longer than ${maxLineBytes} bytes`);
      return;
    }
    if (!isUtf8(line)) {
      listeners.unreadable(`a line of ${line.length} bytes that is not UTF-8`);
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(line.toString('utf8'));
    } catch {
      listeners.unreadable(`a line of ${line.length} bytes that is not JSON`);
      return;
    }
    listeners.message(message);
  };

  return (chunk) => {
    let start = 0;
    for (let end = chunk.indexOf(10, start); end !== -1; end = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, end);
      start = end + 1;
      if (skipping) {
        skipping = false;
        continue;
      }
      const line = parts.length === 0 ? piece : Buffer.concat([...parts, piece]);
      parts = [];
      held = 0;
      deliver(line);
    }
    const rest = chunk.subarray(start);
    if (rest.length === 0 || skipping) return;
    if (held + rest.length > maxLineBytes) {
      parts = [];
      held = 0;
      skipping = true;
      listeners.unreadable(`a line longer than ${maxLineBytes} bytes`);
      return;
    }
    parts.push(rest);
    held += rest.length;
  };
}

/**
 * Reads a child's standard output as its messages, and returns ChildHandle.onMessage: each
 * listener added gets every message (or unreadable line) from then on. A stream error (the child
 * is going away) is left to the exit that follows, which reports it.
 */
export function readChildLines(
  stream: NodeJS.ReadableStream | null | undefined,
): (message: LineListeners['message'], unreadable: LineListeners['unreadable']) => void {
  const listeners: LineListeners[] = [];
  const all: LineListeners = {
    message: (message) => listeners.forEach((listener) => listener.message(message)),
    unreadable: (problem) => listeners.forEach((listener) => listener.unreadable(problem)),
  };
  if (stream === null || stream === undefined) {
    // Said to each listener as it comes: there is no stream to read.
    return (_message, unreadable) => unreadable('no standard output to read messages from');
  }
  const read = createLineReader(all);
  stream.on('data', (chunk: Buffer | string) =>
    read(typeof chunk === 'string' ? Buffer.from(chunk) : chunk),
  );
  stream.on('error', () => undefined);
  return (message, unreadable) => void listeners.push({ message, unreadable });
}
