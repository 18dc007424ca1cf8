import type { ReactNode } from 'react';
import type { StripColumn } from '../geometry/memory-diagram-layout';
import { NOTE_LINE_PX } from '../geometry/memory-diagram-layout';
import type { AddressColumnModel, DrawnGap, DrawnRegion } from './address-column-model';
import type { ColumnTone } from './diagram-processes';

export interface AddressSpaceColumnProps {
  /** Its colours: A's, B's, the program's or a forked child's. */
  tone: ColumnTone;
  /** Where it goes, its header's place and its band included. */
  column: StripColumn;
  header: string;
  /** Lines under the header (the program's processes: 'same address as pid 4242…'). */
  note: readonly string[];
  /** The laid-out address space, or null while there is none to draw. */
  model: AddressColumnModel | null;
  /** Lines shown instead of the address space ('Process B is not running'). */
  placeholder: readonly string[] | null;
}

/** Least block height that takes a label, and the one that also shows the size in the strip. */
const LABEL_MIN_PX = 9;
const SIZE_MIN_PX = 13;
/** Approximate advance of one character of the 10.5px monospace labels. */
const CHAR_PX = 6.4;
const LINE_PX = 13;

function Region({ region, column }: { region: DrawnRegion; column: StripColumn }): ReactNode {
  const middle = region.y + region.height / 2;
  const className = [
    'memory-diagram__region',
    region.shm ? 'memory-diagram__region--shm' : '',
    region.current ? 'memory-diagram__region--current' : '',
  ].join(' ');
  // Lines beside the strip, centred on the block; only the first when the block is too short.
  const lines =
    region.height >= region.lines.length * LINE_PX ? region.lines : region.lines.slice(0, 1);
  const firstY = middle - ((lines.length - 1) * LINE_PX) / 2;
  const sizeFits = region.sizeLabel !== '' && region.sizeLabel.length * CHAR_PX <= column.width - 6;
  return (
    <g className={className}>
      <title>{region.title}</title>
      <rect x={column.x} y={region.y} width={column.width} height={Math.max(region.height, 0.5)} />
      {region.height >= LABEL_MIN_PX
        ? lines.map((line, index) => (
            <text
              key={index}
              className={
                index > 0 && index === region.lines.length - 1
                  ? 'memory-diagram__region-detail'
                  : 'memory-diagram__region-label'
              }
              x={column.labelX}
              y={firstY + index * LINE_PX}
              textAnchor={column.labelAnchor}
              dominantBaseline="central"
            >
              {line}
            </text>
          ))
        : null}
      {region.height >= SIZE_MIN_PX && sizeFits ? (
        <text
          className="memory-diagram__region-size"
          x={column.x + column.width / 2}
          y={middle}
          textAnchor="middle"
          dominantBaseline="central"
        >
          {region.sizeLabel}
        </text>
      ) : null}
    </g>
  );
}

/** A collapsed gap: a zigzag break across the strip and its size on the label side. */
function Gap({ gap, column }: { gap: DrawnGap; column: StripColumn }): ReactNode {
  if (!gap.collapsed) return null;
  const middle = gap.y + gap.height / 2;
  const teeth = 6;
  const step = column.width / teeth;
  const amplitude = Math.min(3, gap.height / 4);
  const points = Array.from({ length: teeth + 1 }, (_, index) => {
    const y = middle + (index % 2 === 0 ? -amplitude : amplitude);
    return `${column.x + index * step},${y}`;
  });
  return (
    <g className="memory-diagram__gap">
      <title>{`${gap.label.replace(/…/g, '').trim()}: not drawn to scale`}</title>
      <polyline points={points.join(' ')} />
      {gap.height >= LABEL_MIN_PX ? (
        <text
          className="memory-diagram__gap-label"
          x={column.labelX}
          y={middle}
          textAnchor={column.labelAnchor}
          dominantBaseline="central"
        >
          {gap.label}
        </text>
      ) : null}
    </g>
  );
}

/**
 * One process's virtual address space as a vertical strip, high addresses at the top, with its
 * labels on the outer side and the attachment of the diagram's segment emphasised.
 */
export function AddressSpaceColumn(props: AddressSpaceColumnProps): ReactNode {
  const { tone, column, header, note, model, placeholder } = props;
  const { top, bottom, headerY, noteY } = column;
  const processClass = `memory-diagram__column memory-diagram__column--${tone}`;
  return (
    <g className={processClass}>
      <text className="memory-diagram__header" x={column.headerX} y={headerY} textAnchor="middle">
        {header}
      </text>
      {noteY === null
        ? null
        : note.map((line, index) => (
            <text
              key={index}
              className="memory-diagram__column-note"
              x={column.headerX}
              y={noteY + index * NOTE_LINE_PX}
              textAnchor="middle"
            >
              {line}
            </text>
          ))}
      {placeholder !== null || model === null ? (
        <g className="memory-diagram__placeholder">
          <rect x={column.x} y={top} width={column.width} height={bottom - top} />
          {(placeholder ?? []).map((line, index, lines) => (
            <text
              key={index}
              x={column.labelX}
              y={(top + bottom) / 2 + (index - (lines.length - 1) / 2) * LINE_PX * 1.2}
              textAnchor={column.labelAnchor}
              dominantBaseline="central"
            >
              {line}
            </text>
          ))}
        </g>
      ) : (
        <>
          {model.gaps.map((gap) => (
            <Gap key={gap.key} gap={gap} column={column} />
          ))}
          {model.regions.map((region) => (
            <Region key={region.key} region={region} column={column} />
          ))}
          {model.pageBoundaries.map((y) => (
            <line
              key={y}
              className="memory-diagram__page-boundary"
              x1={column.x}
              x2={column.x + column.width}
              y1={y}
              y2={y}
            />
          ))}
        </>
      )}
    </g>
  );
}
