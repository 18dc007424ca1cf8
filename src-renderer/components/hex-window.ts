// Pure maths of the window a hex view shows: which bytes of the segment to ask the process for
// (viewMemory), which rows the window holds, and each row's bytes and change flashes (which the
// grid's painter, hex-grid-paint.ts, hands to the rows' painters).
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

const quiet = new Map<number, readonly null[]>();

/** The flashes of a row of `length` bytes with none live, one shared array per length. */
export function quietRow(length: number): readonly null[] {
  let flashes = quiet.get(length);
  if (flashes === undefined) {
    flashes = Object.freeze(Array.from({ length }, () => null));
    quiet.set(length, flashes);
  }
  return flashes;
}

/**
 * The live flashes at `clock` of the rows in `rows` that a mark touches (the newest mark of a
 * byte wins; a mark is live until CHANGE_HIGHLIGHT_MS after it was made). Rows without one are
 * absent. Each mark costs the rows it covers that are on screen, at most.
 */
export function flashesByRow(
  marks: readonly ChangeMark[],
  clock: number,
  rows: ReadonlyMap<number, { length: number }>,
  rowBytesCount: number,
): Map<number, (CellFlash | null)[]> {
  const lit = new Map<number, (CellFlash | null)[]>();
  if (rows.size === 0) return lit;
  let lowest = Infinity;
  let highest = -Infinity;
  for (const offset of rows.keys()) {
    lowest = Math.min(lowest, offset);
    highest = Math.max(highest, offset);
  }
  for (const mark of marks) {
    if (clock - mark.at >= CHANGE_HIGHLIGHT_MS) continue;
    const end = mark.offset + mark.length;
    const firstRow = Math.max(lowest, Math.floor(mark.offset / rowBytesCount) * rowBytesCount);
    for (
      let rowOffset = firstRow;
      rowOffset < end && rowOffset <= highest;
      rowOffset += rowBytesCount
    ) {
      const row = rows.get(rowOffset);
      if (row === undefined) continue;
      let cells = lit.get(rowOffset);
      if (cells === undefined) {
        cells = Array.from({ length: row.length }, () => null);
        lit.set(rowOffset, cells);
      }
      const from = Math.max(mark.offset, rowOffset);
      const to = Math.min(end, rowOffset + row.length);
      for (let offset = from; offset < to; offset += 1) {
        const current = cells[offset - rowOffset];
        if (current === null || current === undefined || mark.at >= current.at)
          cells[offset - rowOffset] = { by: mark.by, at: mark.at };
      }
    }
  }
  return lit;
}
