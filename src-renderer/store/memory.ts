// Pure updates of what a process pane shows of its mapping: the bytes the
// process read itself, and marks for recent changes (who made them).
import type { ProcessName } from '../../src-main/common/api';

/** The hex view shows at most this many bytes of a segment. */
export const MAX_VIEW_BYTES = 64 * 1024;
/** How long a change stays highlighted, in ms. */
export const CHANGE_HIGHLIGHT_MS = 1500;

export interface ChangeMark {
  offset: number;
  length: number;
  /** performance.now() when the process reported it. */
  at: number;
  /** 'self' when this process's own pane wrote it, 'other' when anyone else did. */
  by: 'self' | 'other';
}

export interface OwnWrite {
  process: ProcessName;
  offset: number;
  length: number;
  at: number;
}

/** Returns a copy of `bytes` with `patch` written at `offset` (clipped to the view). */
export function applyPatch(
  bytes: Uint8Array,
  offset: number,
  patch: readonly number[],
): Uint8Array {
  const next = bytes.slice();
  const end = Math.min(next.length, offset + patch.length);
  for (let index = offset; index < end; index += 1) next[index] = patch[index - offset]!;
  return next;
}

/** Whether a change seen by `process` falls inside a write its own pane made recently. */
export function isOwnChange(
  writes: readonly OwnWrite[],
  process: ProcessName,
  offset: number,
  length: number,
  now: number,
  windowMs = 2000,
): boolean {
  return writes.some(
    (write) =>
      write.process === process &&
      now - write.at <= windowMs &&
      offset >= write.offset &&
      offset + length <= write.offset + write.length,
  );
}

/** Drops marks older than the highlight time, then adds `mark`. */
export function addMark(marks: readonly ChangeMark[], mark: ChangeMark): ChangeMark[] {
  return [...marks.filter((m) => mark.at - m.at < CHANGE_HIGHLIGHT_MS), mark];
}

/** The offsets highlighted at `now`, with who changed them last. */
export function highlightedOffsets(
  marks: readonly ChangeMark[],
  now: number,
): Map<number, 'self' | 'other'> {
  const result = new Map<number, 'self' | 'other'>();
  for (const mark of marks) {
    if (now - mark.at >= CHANGE_HIGHLIGHT_MS) continue;
    for (let offset = mark.offset; offset < mark.offset + mark.length; offset += 1) {
      result.set(offset, mark.by);
    }
  }
  return result;
}
