// The run's terminal output as a stream, outside React state: xterm.js takes the bytes as they
// come, and a bounded scrollback lets a terminal that mounts later (the view was closed and opened
// again) show the end of what the run printed.

/** What a terminal is told: write this text, or start over for a new run. */
export type TerminalWrite =
  { kind: 'output'; runId: number; data: string } | { kind: 'reset'; runId: number };

/** Characters of output kept for a terminal that mounts after they were printed. */
export const SCROLLBACK_CHARS = 256 * 1024;

export interface OutputChannel {
  /** A new run starts: terminals clear, the scrollback empties. */
  reset(runId: number): void;
  /** Output of `runId`; dropped unless it is the current run's. */
  write(runId: number, data: string): void;
  /** The current run and the end of its output (at most SCROLLBACK_CHARS). */
  scrollback(): { runId: number | null; text: string };
  /** Calls `listener` for every write and reset from now on; returns the unsubscribe. */
  subscribe(listener: (write: TerminalWrite) => void): () => void;
}

/** Makes an output channel keeping at most `limit` characters of scrollback. */
export function createOutputChannel(limit = SCROLLBACK_CHARS): OutputChannel {
  const listeners = new Set<(write: TerminalWrite) => void>();
  let runId: number | null = null;
  // Chunks, trimmed from the front: appending stays cheap however small the chunks are.
  let chunks: string[] = [];
  let length = 0;
  const emit = (write: TerminalWrite): void => {
    for (const listener of listeners) listener(write);
  };
  return {
    reset(next) {
      runId = next;
      chunks = [];
      length = 0;
      emit({ kind: 'reset', runId: next });
    },
    write(from, data) {
      if (from !== runId || data === '') return;
      chunks.push(data);
      length += data.length;
      while (length > limit && chunks.length > 0) {
        const excess = length - limit;
        const first = chunks[0]!;
        if (first.length <= excess) {
          chunks.shift();
          length -= first.length;
        } else {
          chunks[0] = first.slice(excess);
          length -= excess;
        }
      }
      emit({ kind: 'output', runId: from, data });
    },
    scrollback() {
      if (chunks.length > 1) chunks = [chunks.join('')];
      return { runId, text: chunks[0] ?? '' };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
