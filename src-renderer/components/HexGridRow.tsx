import { memo, useLayoutEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import type { CellFlash } from './hex-window';
import type { TypedView } from './hex-view-model';
import { BYTES_PER_ROW, typedColumn } from './hex-view-model';

/** Width of one typed value, in characters, so the values of a column line up. */
const VALUE_WIDTH_CH: Readonly<Record<TypedView, number>> = {
  ascii: 16,
  u8: 3,
  i8: 4,
  u16: 5,
  i16: 6,
  u32: 10,
  i32: 11,
  u64: 20,
  i64: 20,
  f32: 14,
  f64: 23,
};

const CHANGED_BY_TEXT = {
  other: 'changed just now by another process',
  self: 'written just now from this pane',
} as const;

export interface HexGridRowProps {
  /** Offset in the segment of the row's first byte. */
  offset: number;
  length: number;
  /** The row's bytes as the process read them; null while its window is being read. */
  bytes: Uint8Array | null;
  /** Position in the scroller, in CSS pixels. */
  top: number;
  height: number;
  view: TypedView;
  /** Each byte's live flash, and a key equal exactly when the flashes are. */
  flashes: readonly (CellFlash | null)[];
  flashKey: string;
  /** The keyboard-active byte when it is in this row. */
  activeOffset: number | null;
  activeId: string;
}

function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.length !== b.length) return false;
  for (let index = 0; index < a.length; index += 1) if (a[index] !== b[index]) return false;
  return true;
}

/**
 * Restarts the flash of each cell whose byte changed again while it was still marked. The cell
 * keeps its element (remounting it to restart the CSS animation cost a DOM removal and insertion
 * per changed byte on every report); instead its data-phase flips, which switches the ring to
 * the other of two identical animations, and a new animation name starts from the beginning.
 */
function useRestartedFlashes(flashes: readonly (CellFlash | null)[]) {
  const row = useRef<HTMLDivElement>(null);
  const shown = useRef<readonly (CellFlash | null)[]>([]);
  useLayoutEffect(() => {
    const before = shown.current;
    shown.current = flashes;
    const element = row.current;
    if (element === null) return;
    flashes.forEach((flash, column) => {
      const previous = before[column] ?? null;
      if (flash === null || previous === null || previous.at === flash.at) return;
      // Column 0 is the row header; byte cells follow it.
      const cell = element.children[column + 1];
      if (!(cell instanceof HTMLElement)) return;
      cell.dataset['phase'] = cell.dataset['phase'] === 'b' ? 'a' : 'b';
    });
  }, [flashes]);
  return row;
}

/** A row re-renders only when what it shows changes: its bytes, flashes, place or view. */
function sameRow(a: HexGridRowProps, b: HexGridRowProps): boolean {
  return (
    a.offset === b.offset &&
    a.length === b.length &&
    a.top === b.top &&
    a.height === b.height &&
    a.view === b.view &&
    a.flashKey === b.flashKey &&
    a.activeOffset === b.activeOffset &&
    a.activeId === b.activeId &&
    sameBytes(a.bytes, b.bytes)
  );
}

/** One row of the hex grid: offset, up to 8 byte cells, and the row read as `view`. */
export const HexGridRow = memo(function HexGridRow(props: HexGridRowProps): ReactNode {
  const { offset: rowOffset, length, bytes, top, height, view, flashes } = props;
  const { activeOffset, activeId } = props;
  const rowRef = useRestartedFlashes(flashes);
  const rowIndex = rowOffset / BYTES_PER_ROW;
  const cells: ReactNode[] = [];
  for (let column = 0; column < length; column += 1) {
    const offset = rowOffset + column;
    const flash = flashes[column] ?? null;
    const active = offset === activeOffset;
    const byte = bytes?.[column];
    cells.push(
      <span
        key={offset}
        id={active ? activeId : undefined}
        role="gridcell"
        aria-colindex={column + 2}
        data-offset={offset}
        data-changed={flash?.by}
        aria-description={flash === null ? undefined : CHANGED_BY_TEXT[flash.by]}
        aria-label={byte === undefined ? 'not read yet' : undefined}
        className={active ? 'hex-grid__byte hex-grid__byte--active' : 'hex-grid__byte'}
      >
        {byte === undefined ? '··' : byte.toString(16).padStart(2, '0')}
      </span>,
    );
  }
  const values = bytes === null ? [] : typedColumn(bytes, { offset: 0, length }, view);
  return (
    <div
      ref={rowRef}
      role="row"
      aria-rowindex={rowIndex + 2}
      className="hex-grid__row hex-grid__row--bytes"
      style={{ top, height }}
    >
      <span role="rowheader" aria-colindex={1} className="hex-grid__offset">
        0x{rowOffset.toString(16).padStart(4, '0')}
      </span>
      {cells}
      <span role="gridcell" aria-colindex={BYTES_PER_ROW + 2} className="hex-grid__typed">
        {values.map((value, index) => (
          <span
            key={index}
            className="hex-grid__value"
            style={{ minWidth: `${VALUE_WIDTH_CH[view]}ch` }}
          >
            {value}{' '}
          </span>
        ))}
      </span>
    </div>
  );
}, sameRow);
