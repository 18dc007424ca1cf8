// Pure maths of the hex view: which rows the scroller shows, the typed column of a row, and
// where keyboard navigation moves the active byte.
import type { ValueType } from '../../src-main/common/codec';
import { byteWidth, decodeValue } from '../../src-main/common/codec';
import type { HexRow } from '../geometry/hex-grid';
import type { ChangeMark } from '../store/memory';

export const BYTES_PER_ROW = 8;

/** The ways the typed column can read a row (little-endian for multi-byte numbers). */
export const TYPED_VIEWS = [
  'ascii',
  'u8',
  'i8',
  'u16',
  'i16',
  'u32',
  'i32',
  'u64',
  'i64',
  'f32',
  'f64',
] as const satisfies readonly ValueType[];

export type TypedView = (typeof TYPED_VIEWS)[number];

/** The typed view a select's value names, or null. */
export function toTypedView(text: string): TypedView | null {
  return TYPED_VIEWS.find((view) => view === text) ?? null;
}

/** The column heading and option label of a typed view: `ASCII`, `u8`, `i32 (LE)`. */
export function typedViewLabel(view: TypedView): string {
  if (view === 'ascii') return 'ASCII';
  return (byteWidth(view) ?? 1) > 1 ? `${view} (LE)` : view;
}

/**
 * The row's bytes read as `view`: the ASCII text (one string), or one value per whole
 * `byteWidth(view)` bytes, little-endian; a short last row drops its incomplete tail.
 */
export function typedColumn(memory: Uint8Array, row: HexRow, view: TypedView): string[] {
  const bytes = memory.subarray(row.offset, row.offset + row.length);
  if (view === 'ascii') return [decodeValue('ascii', bytes, 'le')];
  const width = byteWidth(view) ?? 1;
  const values: string[] = [];
  for (let start = 0; start + width <= bytes.length; start += width) {
    values.push(decodeValue(view, bytes.subarray(start, start + width), 'le'));
  }
  return values;
}

/** Geometry of the scroll container, in CSS pixels. */
export interface ScrollGeometry {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  /** Height of the sticky column-header row above the first byte row. */
  headerHeight: number;
}

/** The first row to draw and how many, with `overscan` extra rows above and below. */
export function visibleRowWindow(
  geometry: ScrollGeometry,
  rowCount: number,
  overscan = 4,
): { first: number; count: number } {
  const { scrollTop, viewportHeight, rowHeight, headerHeight } = geometry;
  const top = Math.max(0, scrollTop - headerHeight);
  const firstVisible = Math.min(rowCount, Math.floor(top / rowHeight));
  const visible = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const first = Math.max(0, firstVisible - overscan);
  const end = Math.min(rowCount, firstVisible + visible + overscan);
  return { first, count: Math.max(0, end - first) };
}

/** Rows that fit below the header, at least 1: how far Page Up / Page Down move. */
export function pageRows(geometry: ScrollGeometry): number {
  const room = geometry.viewportHeight - geometry.headerHeight;
  return Math.max(1, Math.floor(room / geometry.rowHeight) - 1);
}

/**
 * The byte the grid's active cell moves to for `key`, or null for keys the grid leaves alone:
 * arrows move by a byte or a row, Page Up/Down by `rows` rows, Home/End to the row's ends, and
 * with Ctrl (or ⌘) Home/End to the first and last byte.
 */
export function moveActiveOffset(
  key: string,
  active: number,
  size: number,
  rows: number,
  toEnds: boolean,
): number | null {
  if (size <= 0) return null;
  const last = size - 1;
  const rowStart = active - (active % BYTES_PER_ROW);
  const clamp = (offset: number): number => Math.min(last, Math.max(0, offset));
  switch (key) {
    case 'ArrowLeft':
      return clamp(active - 1);
    case 'ArrowRight':
      return clamp(active + 1);
    case 'ArrowUp':
      return active >= BYTES_PER_ROW ? active - BYTES_PER_ROW : active;
    case 'ArrowDown':
      return active + BYTES_PER_ROW <= last ? active + BYTES_PER_ROW : active;
    case 'PageUp':
      return active - rows * BYTES_PER_ROW >= 0
        ? active - rows * BYTES_PER_ROW
        : active % BYTES_PER_ROW;
    case 'PageDown':
      return clamp(active + rows * BYTES_PER_ROW);
    case 'Home':
      return toEnds ? 0 : rowStart;
    case 'End':
      return toEnds ? last : clamp(rowStart + BYTES_PER_ROW - 1);
    default:
      return null;
  }
}

/** The scrollTop that brings `row` fully into view below the header, or null if it is. */
export function scrollTopToShowRow(row: number, geometry: ScrollGeometry): number | null {
  const { scrollTop, viewportHeight, rowHeight, headerHeight } = geometry;
  const rowTop = headerHeight + row * rowHeight;
  if (rowTop - headerHeight < scrollTop) return rowTop - headerHeight;
  if (rowTop + rowHeight > scrollTop + viewportHeight) return rowTop + rowHeight - viewportHeight;
  return null;
}

/**
 * When the byte at `offset` last changed among `marks` (performance.now() time), or null; a cell
 * keyed by this restarts its flash when the same byte changes again.
 */
export function lastChangeAt(marks: readonly ChangeMark[], offset: number): number | null {
  let latest: number | null = null;
  for (const mark of marks) {
    const covers = offset >= mark.offset && offset < mark.offset + mark.length;
    if (covers && (latest === null || mark.at > latest)) latest = mark.at;
  }
  return latest;
}
