import { memo, useLayoutEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import type { GridPainter } from './hex-grid-paint';
import { createRowPainter } from './hex-row-paint';
import type { TypedView } from './hex-view-model';
import { BYTES_PER_ROW } from './hex-view-model';

export interface HexGridRowProps {
  /** The grid's painter, which follows the process's mapping and draws this row's bytes. */
  painter: GridPainter;
  /** Offset in the segment of the row's first byte. */
  offset: number;
  length: number;
  /** Position in the scroller, in CSS pixels. */
  top: number;
  height: number;
  view: TypedView;
  /** The keyboard-active byte when it is in this row. */
  activeOffset: number | null;
  activeId: string;
}

/**
 * One row of the hex grid: offset, up to 8 byte cells, and the row read as `view`. React renders
 * the row and its empty cells; their bytes and flashes are drawn by a painter (hex-row-paint.ts)
 * that the grid's painter calls when they change (hex-grid-paint.ts), in the store update that
 * brought them and before the browser's next frame, so a change costs the cells it changed and
 * no render.
 */
export const HexGridRow = memo(function HexGridRow(props: HexGridRowProps): ReactNode {
  const { painter, offset: rowOffset, length, top, height, view } = props;
  const { activeOffset, activeId } = props;
  const rowRef = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    const element = rowRef.current;
    if (element === null) return undefined;
    return painter.add(rowOffset, length, createRowPainter(element, length, view));
  }, [painter, rowOffset, length, view]);

  const rowIndex = rowOffset / BYTES_PER_ROW;
  const cells: ReactNode[] = [];
  for (let column = 0; column < length; column += 1) {
    const offset = rowOffset + column;
    const active = offset === activeOffset;
    cells.push(
      <span
        key={offset}
        id={active ? activeId : undefined}
        role="gridcell"
        aria-colindex={column + 2}
        data-offset={offset}
        className={active ? 'hex-grid__byte hex-grid__byte--active' : 'hex-grid__byte'}
      />,
    );
  }
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
      <span role="gridcell" aria-colindex={BYTES_PER_ROW + 2} className="hex-grid__typed" />
    </div>
  );
});
