// Where the parts of the memory diagram go: process A's address-space strip on the left, the
// segment's page frames in the middle, process B's strip on the right, mirrored. Each strip's
// labels sit on its outer side, so the edge facing the middle is free for the arrows. The
// processes of the learner's program get rows of their own under A and B, left then right, with
// the same strips and label room: every strip faces the frames directly, so no arrow crosses
// another process's strip, and a forked child sits beside its parent at the same height.

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
  /** Room for the header and its note line, from the outer edge to the strip's inner edge. */
  headerWidth: number;
  /**
   * Baseline of the column's header, and of the first note line under it (null: the row has no
   * room for notes); the next lines are {@link NOTE_LINE_PX} apart.
   */
  headerY: number;
  noteY: number | null;
  /** The vertical band of this column's strip. */
  top: number;
  bottom: number;
}

/** The whole diagram in SVG user units (1 unit = 1 CSS px at the measured width). */
export interface MemoryDiagramLayout {
  width: number;
  height: number;
  /** Baseline of the first row's headers (A, B and the frames). */
  headerY: number;
  /** The first row's band, which A's and B's strips use. */
  top: number;
  bottom: number;
  a: StripColumn;
  b: StripColumn;
  /** The columns of the program's processes, in rows under A and B: left, right, left… */
  extra: StripColumn[];
  /** The column of page frames, centred between the strips, over the bands of every row. */
  frames: { x: number; width: number; centerX: number; top: number; bottom: number };
}

/** Options for {@link layoutMemoryDiagram}. */
export interface DiagramLayoutOptions {
  /** Columns beyond A and B (the program's processes); each pair takes one more row. */
  extraColumns?: number;
  /** Height of the whole diagram with A and B only. Defaults to {@link DIAGRAM_HEIGHT}. */
  height?: number;
}

/** Narrower than this, the diagram is laid out at this width and scaled down by its viewBox. */
export const MIN_DIAGRAM_WIDTH = 640;
export const DIAGRAM_HEIGHT = 340;
/** The most columns beyond A and B the layout makes (three rows in all). */
export const MAX_EXTRA_COLUMNS = 4;
/** Height of each row's band of strips when there is more than one row. */
export const ROW_BAND_PX = 260;

const PADDING = 8;
const LABEL_GAP = 6;
const HEADER_Y = 16;
const TOP = 30;
/** Between one row's band and the next row's header. */
const ROW_GAP = 14;
/** A later row: its header, then up to {@link MAX_NOTE_LINES} note lines, then its band. */
const ROW_HEADER_Y = 16;
const ROW_NOTE_Y = 30;
/** Between the baselines of two note lines. */
export const NOTE_LINE_PX = 12;
export const MAX_NOTE_LINES = 2;
const ROW_TOP = ROW_NOTE_Y + (MAX_NOTE_LINES - 1) * NOTE_LINE_PX + 10;

const clamp = (value: number, min: number, max: number): number =>
  Math.min(max, Math.max(min, value));

interface RowBand {
  headerY: number;
  noteY: number | null;
  top: number;
  bottom: number;
}

/** The rows' bands, top to bottom: the first without a note line, later ones with one. */
function rowBands(rows: number, height: number): RowBand[] {
  if (rows === 1) return [{ headerY: HEADER_Y, noteY: null, top: TOP, bottom: height - PADDING }];
  const bands: RowBand[] = [
    { headerY: HEADER_Y, noteY: null, top: TOP, bottom: TOP + ROW_BAND_PX },
  ];
  for (let row = 1; row < rows; row += 1) {
    const rowTop = (bands[row - 1]?.bottom ?? TOP) + ROW_GAP;
    bands.push({
      headerY: rowTop + ROW_HEADER_Y,
      noteY: rowTop + ROW_NOTE_Y,
      top: rowTop + ROW_TOP,
      bottom: rowTop + ROW_TOP + ROW_BAND_PX,
    });
  }
  return bands;
}

/**
 * Lays out the diagram for a measured width (at least {@link MIN_DIAGRAM_WIDTH}): label room
 * 17 % of the width (120–230), strips 8.5 % (56–110), both rounded to whole pixels, frames a third
 * of what is left in the middle (110–200), centred. With extra columns (at most
 * {@link MAX_EXTRA_COLUMNS}), each pair gets a row of {@link ROW_BAND_PX} under A and B, at the same
 * x as theirs, and the frames span every row.
 *
 * @throws RangeError for a width or height that is not a finite positive number, or an extra
 *   column count that is not a whole number from 0 to {@link MAX_EXTRA_COLUMNS}.
 */
export function layoutMemoryDiagram(
  measuredWidth: number,
  options: DiagramLayoutOptions = {},
): MemoryDiagramLayout {
  const { extraColumns = 0, height: singleHeight = DIAGRAM_HEIGHT } = options;
  if (!Number.isFinite(measuredWidth) || measuredWidth < 0) {
    throw new RangeError(`A width must be a finite number ≥ 0, got ${measuredWidth}`);
  }
  if (!Number.isFinite(singleHeight) || singleHeight <= TOP + 20) {
    throw new RangeError(`A height must be finite and over ${TOP + 20}, got ${singleHeight}`);
  }
  if (!Number.isInteger(extraColumns) || extraColumns < 0 || extraColumns > MAX_EXTRA_COLUMNS) {
    throw new RangeError(
      `Extra columns must be a whole number from 0 to ${MAX_EXTRA_COLUMNS}, got ${extraColumns}`,
    );
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
  const bands = rowBands(1 + Math.ceil(extraColumns / 2), singleHeight);
  const left = (band: RowBand): StripColumn => ({
    side: 'left',
    x: aX,
    width: stripWidth,
    innerX: aX + stripWidth,
    labelX: aX - LABEL_GAP,
    labelAnchor: 'end',
    labelWidth,
    headerX: (PADDING + aX + stripWidth) / 2,
    headerWidth: aX + stripWidth - PADDING,
    ...band,
  });
  const right = (band: RowBand): StripColumn => ({
    side: 'right',
    x: bX,
    width: stripWidth,
    innerX: bX,
    labelX: bX + stripWidth + LABEL_GAP,
    labelAnchor: 'start',
    labelWidth,
    headerX: (bX + width - PADDING) / 2,
    headerWidth: width - PADDING - bX,
    ...band,
  });
  const [first] = bands;
  const last = bands[bands.length - 1];
  if (first === undefined || last === undefined) throw new RangeError('No rows to lay out');
  const extra = Array.from({ length: extraColumns }, (_, index) => {
    const band = bands[1 + Math.floor(index / 2)] ?? last;
    return index % 2 === 0 ? left(band) : right(band);
  });
  return {
    width,
    height: bands.length === 1 ? singleHeight : last.bottom + PADDING,
    headerY: first.headerY,
    top: first.top,
    bottom: first.bottom,
    a: left(first),
    b: right(first),
    extra,
    frames: {
      x: center - framesWidth / 2,
      width: framesWidth,
      centerX: center,
      top: first.top,
      bottom: last.bottom,
    },
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
