import type { ReactNode } from 'react';
import type { HexRow } from '../geometry/hex-grid';
import type { ChangeMark } from '../store/memory';
import type { TypedView } from './hex-view-model';
import { BYTES_PER_ROW, lastChangeAt, typedColumn } from './hex-view-model';

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
  memory: Uint8Array;
  row: HexRow;
  /** Position in the scroller, in CSS pixels. */
  top: number;
  height: number;
  view: TypedView;
  highlights: ReadonlyMap<number, 'self' | 'other'>;
  changes: readonly ChangeMark[];
  /** The keyboard-active byte when it is in this grid's rendered rows. */
  activeOffset: number | null;
  activeId: string;
}

/** One row of the hex grid: offset, up to 16 byte cells, and the row read as `view`. */
export function HexGridRow(props: HexGridRowProps): ReactNode {
  const { memory, row, top, height, view, highlights, changes, activeOffset, activeId } = props;
  const rowIndex = row.offset / BYTES_PER_ROW;
  const cells: ReactNode[] = [];
  for (let column = 0; column < row.length; column += 1) {
    const offset = row.offset + column;
    const changedBy = highlights.get(offset);
    // Keyed by the change's time so the flash restarts when the same byte changes again.
    const stamp = changedBy === undefined ? null : lastChangeAt(changes, offset);
    const active = offset === activeOffset;
    cells.push(
      <span
        key={stamp === null ? offset : `${offset}@${stamp}`}
        id={active ? activeId : undefined}
        role="gridcell"
        aria-colindex={column + 2}
        data-offset={offset}
        data-changed={changedBy}
        aria-description={changedBy === undefined ? undefined : CHANGED_BY_TEXT[changedBy]}
        className={active ? 'hex-grid__byte hex-grid__byte--active' : 'hex-grid__byte'}
      >
        {(memory[offset] ?? 0).toString(16).padStart(2, '0')}
      </span>,
    );
  }
  const values = typedColumn(memory, row, view);
  return (
    <div
      role="row"
      aria-rowindex={rowIndex + 2}
      className="hex-grid__row hex-grid__row--bytes"
      style={{ top, height }}
    >
      <span role="rowheader" aria-colindex={1} className="hex-grid__offset">
        0x{row.offset.toString(16).padStart(4, '0')}
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
}
