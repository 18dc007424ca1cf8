// Pure maths of the window a hex view shows: which bytes of the segment to ask the process for
// (viewMemory), which rows the window holds, and each row's bytes and change flashes (which the
// row's painter, hex-row-paint.ts, draws).
import { MAX_VIEW_WINDOW } from '../../src-main/common/schemas';
import type { ChangeMark } from '../store/memory';
import { CHANGE_HIGHLIGHT_MS } from '../store/memory';

/** A range of the segment: `length` bytes from `offset`. */
export interface ByteRange {
  offset: number;
  length: number;
}

/**
 * The window to view so the bytes [first, end) on screen are shown: whole pages, with one page
 * more on each side so a short scroll needs no new request, clipped to the segment and to
 * MAX_VIEW_WINDOW (then centred on what is on screen).
 */
export function wantedWindow(
  first: number,
  end: number,
  size: number,
  pageSize: number,
  max = MAX_VIEW_WINDOW,
): ByteRange {
  const start = Math.max(0, (Math.floor(first / pageSize) - 1) * pageSize);
  const stop = Math.min(size, (Math.ceil(end / pageSize) + 1) * pageSize);
  if (stop - start <= max) return { offset: start, length: Math.max(0, stop - start) };
  const middle = Math.floor((first + end) / 2);
  const offset = Math.max(0, Math.min(size - max, middle - Math.floor(max / 2)));
  return { offset, length: Math.min(max, size) };
}

/** Whether the window `shown` holds every byte of [first, end). */
export function windowHolds(shown: ByteRange, first: number, end: number): boolean {
  return first >= shown.offset && end <= shown.offset + shown.length;
}

/** The bytes of a row from the window, or null when the window does not hold the whole row. */
export function rowBytes(
  memory: Uint8Array,
  memoryOffset: number,
  rowOffset: number,
  length: number,
): Uint8Array | null {
  const start = rowOffset - memoryOffset;
  if (start < 0 || start + length > memory.length) return null;
  return memory.subarray(start, start + length);
}

/** A byte's live flash: who changed it and when (the cell restarts its flash on a new time). */
export interface CellFlash {
  by: 'self' | 'other';
  at: number;
}

/**
 * The live flashes of a row's bytes at `now`: the newest mark of each byte wins, and a mark newer
 * than `now` is live.
 */
export function rowFlashes(
  marks: readonly ChangeMark[],
  now: number,
  rowOffset: number,
  length: number,
): readonly (CellFlash | null)[] {
  // Most rows have no live mark: they share one answer instead of building one per row on
  // every update (every row on screen runs this at each change of the process's view).
  let cells: (CellFlash | null)[] | null = null;
  for (const mark of marks) {
    if (now - mark.at >= CHANGE_HIGHLIGHT_MS) continue;
    const start = Math.max(mark.offset, rowOffset);
    const end = Math.min(mark.offset + mark.length, rowOffset + length);
    if (start >= end) continue;
    cells ??= Array.from({ length }, () => null);
    for (let offset = start; offset < end; offset += 1) {
      const current = cells[offset - rowOffset];
      if (current === null || current === undefined || mark.at >= current.at)
        cells[offset - rowOffset] = { by: mark.by, at: mark.at };
    }
  }
  return cells ?? noFlashes(length);
}

const quietRows = new Map<number, readonly null[]>();

/** The answer for a row of `length` bytes with no flash, shared by every such row. */
function noFlashes(length: number): readonly null[] {
  let quiet = quietRows.get(length);
  if (quiet === undefined) {
    quiet = Object.freeze(Array.from({ length }, () => null));
    quietRows.set(length, quiet);
  }
  return quiet;
}
