// The physical view: the page frames that back a segment, laid out as a grid of equal cells.

/** A point in SVG user units. */
export interface Point {
  x: number;
  y: number;
}

/** One page frame's cell. `index` is the frame's position in the physical block (0 = first). */
export interface PageFrameRect {
  index: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Options for {@link layoutFrames}. */
export interface FrameGridOptions {
  /** Top-left corner of the block. */
  x: number;
  y: number;
  /** Width of the whole block; the cells share it after the gaps. */
  width: number;
  /** Cells per row; defaults to min(count, 8) so small segments stay one row. */
  columns?: number;
  cellHeight: number;
  /** Space between neighbouring cells, across and down. */
  gap: number;
  /**
   * Row that holds frame 0. 'bottom' matches the address-space panes, which draw low addresses
   * at the bottom, so arrows from page 0 do not cross the whole block. Defaults to 'top'.
   */
  firstFrameAt?: 'top' | 'bottom';
}

/** The grid of page frames and its outer box. */
export interface FrameLayout {
  frames: PageFrameRect[];
  columns: number;
  rows: number;
  cellWidth: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

const DEFAULT_MAX_COLUMNS = 8;

/**
 * Lays out `count` page frames row by row, left to right, in cells of equal width that fill
 * `options.width`. The block's height is rows × cellHeight plus the gaps between rows (0 when
 * there are no frames).
 *
 * @throws RangeError for a count or column count that is not a suitable integer, a negative
 *   gap or cell height, or a width too small to leave the cells any room.
 */
export function layoutFrames(count: number, options: FrameGridOptions): FrameLayout {
  const { x, y, width, cellHeight, gap } = options;
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`A frame count must be a non-negative integer, got ${count}`);
  }
  const columns = options.columns ?? Math.max(1, Math.min(count, DEFAULT_MAX_COLUMNS));
  if (!Number.isSafeInteger(columns) || columns < 1) {
    throw new RangeError(`columns must be a positive integer, got ${columns}`);
  }
  if (!(gap >= 0) || !(cellHeight >= 0)) {
    throw new RangeError(`gap and cellHeight must be ≥ 0, got ${gap} and ${cellHeight}`);
  }
  const cellWidth = (width - gap * (columns - 1)) / columns;
  if (!(cellWidth > 0)) {
    throw new RangeError(`A width of ${width} leaves no room for ${columns} columns`);
  }
  const rows = Math.ceil(count / columns);
  const frames: PageFrameRect[] = [];
  for (let index = 0; index < count; index += 1) {
    const row = Math.floor(index / columns);
    const visualRow = options.firstFrameAt === 'bottom' ? rows - 1 - row : row;
    frames.push({
      index,
      x: x + (index % columns) * (cellWidth + gap),
      y: y + visualRow * (cellHeight + gap),
      width: cellWidth,
      height: cellHeight,
    });
  }
  const height = rows === 0 ? 0 : rows * cellHeight + (rows - 1) * gap;
  return { frames, columns, rows, cellWidth, x, y, width, height };
}

/** The centre of frame `index`, or null when the layout has no such frame. */
export function frameCenter(layout: FrameLayout, index: number): Point | null {
  const frame = layout.frames[index];
  if (frame === undefined) return null;
  return { x: frame.x + frame.width / 2, y: frame.y + frame.height / 2 };
}
