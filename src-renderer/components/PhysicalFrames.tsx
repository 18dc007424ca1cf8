import type { ReactNode } from 'react';
import type { FrameLayout } from '../geometry/frames';
import { frameCellLabels, frameCellTitle, pickLabel } from './diagram-text';
import type { FrameCell } from './segment-pages';

export interface PhysicalFramesProps {
  header: string;
  headerX: number;
  headerY: number;
  /** The cells, index for index with `layout.frames`. */
  cells: readonly FrameCell[];
  /** The shmid of each cell, index for index with `cells` (two segments can share the column). */
  cellShmids: readonly number[];
  layout: FrameLayout;
  /** Pages of the segment beyond the drawn ones. */
  notDrawn: number;
  /** Shown in the middle when there are no cells ('No segment attached yet'). */
  placeholder: string | null;
  /** How a cell's title names each process ('pid 4242'), by its key. */
  names: Readonly<Record<string, string>>;
  top: number;
  bottom: number;
}

/** Approximate advance of one character of the 10.5px monospace cell labels. */
const CHAR_PX = 6.4;

/** The page frames of the segments: one cell per frame, labelled with its PFN or its identity. */
export function PhysicalFrames(props: PhysicalFramesProps): ReactNode {
  const {
    header,
    headerX,
    headerY,
    cells,
    cellShmids,
    layout,
    notDrawn,
    placeholder,
    names,
    top,
    bottom,
  } = props;
  const chars = Math.floor((layout.cellWidth - 8) / CHAR_PX);
  const lastRowBottom = layout.y + layout.height;
  const many = new Set(cellShmids).size > 1;
  return (
    <g className="memory-diagram__frames">
      <text className="memory-diagram__header" x={headerX} y={headerY} textAnchor="middle">
        {header}
      </text>
      {placeholder !== null ? (
        <text
          className="memory-diagram__frames-placeholder"
          x={headerX}
          y={(top + bottom) / 2}
          textAnchor="middle"
          dominantBaseline="central"
        >
          {placeholder}
        </text>
      ) : null}
      {cells.map((cell, index) => {
        const frame = layout.frames[index];
        const shmid = cellShmids[index];
        if (frame === undefined || shmid === undefined) return null;
        return (
          <g key={cell.key} className={`memory-diagram__frame memory-diagram__frame--${cell.kind}`}>
            <title>{frameCellTitle(cell, shmid, names)}</title>
            <rect x={frame.x} y={frame.y} width={frame.width} height={frame.height} rx={3} />
            {frame.height >= 9 ? (
              <text
                x={frame.x + frame.width / 2}
                y={frame.y + frame.height / 2}
                textAnchor="middle"
                dominantBaseline="central"
              >
                {pickLabel(
                  // With two segments in the column each cell says whose page it is.
                  frameCellLabels(cell, shmid).map((label) =>
                    many ? `${shmid}: ${label}` : label,
                  ),
                  chars,
                )}
              </text>
            ) : null}
          </g>
        );
      })}
      {notDrawn > 0 ? (
        <text
          className="memory-diagram__frames-more"
          x={headerX}
          y={Math.min(bottom, lastRowBottom + 14)}
          textAnchor="middle"
        >
          {`+${notDrawn} more ${notDrawn === 1 ? 'page' : 'pages'} not drawn`}
        </text>
      ) : null}
    </g>
  );
}
