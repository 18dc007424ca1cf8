// Row maths for the virtualised hex view of a segment: which rows to draw, where a byte sits, and
// which bytes the other process changed since the last read.

/** One row of the hex view: `length` bytes starting at byte `offset` of the segment. */
export interface HexRow {
  offset: number;
  length: number;
}

/** Where one byte sits in the hex view. */
export interface ByteCell {
  row: number;
  column: number;
}

function checkCount(name: string, value: number, minimum: number): void {
  if (!Number.isSafeInteger(value) || value < minimum) {
    throw new RangeError(`${name} must be an integer ≥ ${minimum}, got ${value}`);
  }
}

/**
 * The number of rows a segment of `size` bytes needs at `bytesPerRow` (the last may be short);
 * the virtual scroller's total height is this times the row height.
 *
 * @throws RangeError unless size ≥ 0 and bytesPerRow ≥ 1 are integers.
 */
export function hexRowCount(size: number, bytesPerRow: number): number {
  checkCount('size', size, 0);
  checkCount('bytesPerRow', bytesPerRow, 1);
  return Math.ceil(size / bytesPerRow);
}

/**
 * The rows to draw for a window of the hex view: starting with the row that holds byte
 * `startOffset` (rows are aligned to multiples of `bytesPerRow`), at most `visibleRows` of them,
 * never past the end of the segment; the last row of the segment is short when `size` is not a
 * multiple of `bytesPerRow`. A start at or past the end gives no rows.
 *
 * @throws RangeError for sizes, offsets or counts that are not non-negative integers, or
 *   bytesPerRow < 1.
 */
export function hexRows(
  size: number,
  bytesPerRow: number,
  startOffset = 0,
  visibleRows = Number.POSITIVE_INFINITY,
): HexRow[] {
  const rowCount = hexRowCount(size, bytesPerRow);
  checkCount('startOffset', startOffset, 0);
  if (visibleRows !== Number.POSITIVE_INFINITY) checkCount('visibleRows', visibleRows, 0);
  const firstRow = Math.floor(startOffset / bytesPerRow);
  const endRow = Math.min(rowCount, firstRow + visibleRows);
  const rows: HexRow[] = [];
  for (let row = firstRow; row < endRow; row += 1) {
    const offset = row * bytesPerRow;
    rows.push({ offset, length: Math.min(bytesPerRow, size - offset) });
  }
  return rows;
}

/**
 * The row and column of byte `offset` when each row holds `bytesPerRow` bytes.
 *
 * @throws RangeError unless offset ≥ 0 and bytesPerRow ≥ 1 are integers.
 */
export function byteCellIndex(offset: number, bytesPerRow: number): ByteCell {
  checkCount('offset', offset, 0);
  checkCount('bytesPerRow', bytesPerRow, 1);
  return { row: Math.floor(offset / bytesPerRow), column: offset % bytesPerRow };
}

/**
 * The offsets whose byte differs between two reads of a segment, used to flash the bytes the
 * other process wrote. When `next` is longer, its extra bytes count as changed (they were not
 * there before); bytes only in `previous` are gone and so are not reported.
 */
export function changedCells(previous: Uint8Array, next: Uint8Array): Set<number> {
  const changed = new Set<number>();
  const common = Math.min(previous.length, next.length);
  for (let offset = 0; offset < common; offset += 1) {
    if (previous[offset] !== next[offset]) changed.add(offset);
  }
  for (let offset = common; offset < next.length; offset += 1) changed.add(offset);
  return changed;
}
