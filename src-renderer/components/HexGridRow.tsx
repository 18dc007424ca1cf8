import { memo, useLayoutEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import type { ProcessName } from '../../src-main/common/api';
import { useLabSelection } from '../store/lab-store';
import type { CellFlash } from './hex-window';
import { rowBytes, rowFlashes } from './hex-window';
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
  /** The process whose mapping the row shows. */
  name: ProcessName;
  /** Offset in the segment of the row's first byte. */
  offset: number;
  length: number;
  /** Position in the scroller, in CSS pixels. */
  top: number;
  height: number;
  view: TypedView;
  /** The time flashes are judged at (useHighlightClock); a mark newer than it flashes. */
  clock: number;
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

type RowFlashes = ReturnType<typeof rowFlashes>;
const sameFlashes = (a: RowFlashes, b: RowFlashes): boolean => a.key === b.key;

/**
 * One row of the hex grid: offset, up to 8 byte cells, and the row read as `view`. The row reads
 * its bytes and flashes from the store itself, so it re-renders when those change (or its props
 * do), and a change elsewhere in the window costs it one comparison.
 */
export const HexGridRow = memo(function HexGridRow(props: HexGridRowProps): ReactNode {
  const { name, offset: rowOffset, length, top, height, view, clock } = props;
  const { activeOffset, activeId } = props;
  // The window the process read holds the row, or null while it is being read.
  const bytes = useLabSelection((s) => {
    const { memory, memoryOffset } = s.processes[name];
    return memory === null ? null : rowBytes(memory, memoryOffset, rowOffset, length);
  }, sameBytes);
  const { cells: flashes } = useLabSelection(
    (s) => rowFlashes(s.processes[name].changes, clock, rowOffset, length),
    sameFlashes,
  );
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
});
