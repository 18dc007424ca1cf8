// Where the parts of the memory diagram go: process A's address-space strip on the left, the
// segment's page frames in the middle, process B's strip on the right, mirrored. Each strip's
// labels sit on its outer side, so the edge facing the middle is free for the arrows.

/** One process's strip and the room for its labels. */
export interface StripColumn {
  side: 'left' | 'right';
  /** Left edge and width of the strip of regions. */
  x: number;
  width: number;
  /** x of the edge that faces the frames, where arrows leave. */
  innerX: number;
  /** x where labels are anchored, and the anchor: labels grow away from the middle. */
  labelX: number;
  labelAnchor: 'start' | 'end';
  /** Room for a label, from labelX outwards. */
  labelWidth: number;
  /** Centre of strip and labels together, for the column's header. */
  headerX: number;
}

/** The whole diagram in SVG user units (1 unit = 1 CSS px at the measured width). */
export interface MemoryDiagramLayout {
  width: number;
  height: number;
  /** Baseline of the column headers. */
  headerY: number;
  /** The vertical band the strips and frames share. */
  top: number;
  bottom: number;
  a: StripColumn;
  b: StripColumn;
  /** The column of page frames, centred between the strips. */
  frames: { x: number; width: number; centerX: number };
}

/** Narrower than this, the diagram is laid out at this width and scaled down by its viewBox. */
export const MIN_DIAGRAM_WIDTH = 640;
export const DIAGRAM_HEIGHT = 340;

const PADDING = 8;
const LABEL_GAP = 6;
const HEADER_Y = 16;
const TOP = 30;

const clamp = (value: number, min: number, max: number): number =>
  Math.min(max, Math.max(min, value));

/**
 * Lays out the diagram for a measured width (at least {@link MIN_DIAGRAM_WIDTH}): label room
 * 17 % of the width (120–230), strips 8.5 % (56–110), both rounded to whole pixels, frames a third of what is left in the
 * middle (110–200), centred.
 *
 * @throws RangeError for a width or height that is not a finite positive number.
 */
export function layoutMemoryDiagram(
  measuredWidth: number,
  height = DIAGRAM_HEIGHT,
): MemoryDiagramLayout {
  if (!Number.isFinite(measuredWidth) || measuredWidth < 0) {
    throw new RangeError(`A width must be a finite number ≥ 0, got ${measuredWidth}`);
  }
  if (!Number.isFinite(height) || height <= TOP + 20) {
    throw new RangeError(`A height must be finite and over ${TOP + 20}, got ${height}`);
  }
  const width = Math.max(MIN_DIAGRAM_WIDTH, measuredWidth);
  // Whole pixels, so strip edges stay crisp.
  const labelWidth = Math.round(clamp(width * 0.17, 120, 230));
  const stripWidth = Math.round(clamp(width * 0.085, 56, 110));
  const aX = PADDING + labelWidth + LABEL_GAP;
  const bX = width - aX - stripWidth;
  const middle = bX - (aX + stripWidth);
  const framesWidth = clamp(middle / 3, 110, 200);
  const center = width / 2;
  return {
    width,
    height,
    headerY: HEADER_Y,
    top: TOP,
    bottom: height - PADDING,
    a: {
      side: 'left',
      x: aX,
      width: stripWidth,
      innerX: aX + stripWidth,
      labelX: aX - LABEL_GAP,
      labelAnchor: 'end',
      labelWidth,
      headerX: (PADDING + aX + stripWidth) / 2,
    },
    b: {
      side: 'right',
      x: bX,
      width: stripWidth,
      innerX: bX,
      labelX: bX + stripWidth + LABEL_GAP,
      labelAnchor: 'start',
      labelWidth,
      headerX: (bX + width - PADDING) / 2,
    },
    frames: { x: center - framesWidth / 2, width: framesWidth, centerX: center },
  };
}

/** Options for {@link placeFrameColumn}. */
export interface FrameColumnOptions {
  top: number;
  bottom: number;
  /** The y the column should centre on (e.g. between the two attachments); null: the band's middle. */
  targetY: number | null;
  maxCellHeight: number;
  gap: number;
}

/**
 * The top and cell height of a single column of `count` frames inside [top, bottom]: cells as tall
 * as `maxCellHeight` allows, the column centred on `targetY` but never leaving the band.
 *
 * @throws RangeError for a negative or fractional count or a band too short for the gaps.
 */
export function placeFrameColumn(
  count: number,
  options: FrameColumnOptions,
): { y: number; cellHeight: number } {
  const { top, bottom, targetY, maxCellHeight, gap } = options;
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`A frame count must be a non-negative integer, got ${count}`);
  }
  const room = bottom - top - gap * Math.max(0, count - 1);
  if (!(room > 0)) throw new RangeError(`No room for ${count} frames between ${top} and ${bottom}`);
  const cellHeight = count === 0 ? 0 : Math.min(maxCellHeight, room / count);
  const blockHeight = count * cellHeight + gap * Math.max(0, count - 1);
  const wanted = (targetY ?? (top + bottom) / 2) - blockHeight / 2;
  return { y: clamp(wanted, top, bottom - blockHeight), cellHeight };
}

/**
 * Least height of the attachment's block in a strip, so arrows from its drawn pages stay apart:
 * `perPagePx` per drawn page, between 48 and `maxPx`.
 */
export function shmRegionMinPx(drawnPages: number, perPagePx = 14, maxPx = 150): number {
  return clamp(drawnPages * perPagePx, 48, Math.max(48, maxPx));
}
