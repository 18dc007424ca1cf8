import type { ReactNode } from 'react';
import type { PageArrowItem } from '../geometry/arrows';
import type { ColumnTone } from './diagram-processes';

export interface PageArrowsLayerProps {
  /** From pageArrows: arrows for present pages, `missing` items for the others. */
  items: readonly PageArrowItem[];
  /** Room beside each page for the words 'no frame yet' (else only the marker is drawn). */
  labelMarkers: boolean;
  /** Each process's colours and how a title names it, by its key ('A', 'p4242'). */
  tones: Readonly<Record<string, ColumnTone>>;
  names: Readonly<Record<string, string>>;
}

const MARKER_OFFSET = 7;

/**
 * Arrows from each present virtual page to its frame, coloured by process, and a hollow marker
 * beside each page whose pagemap entry is not present: no frame yet.
 */
export function PageArrowsLayer({
  items,
  labelMarkers,
  tones,
  names,
}: PageArrowsLayerProps): ReactNode {
  return (
    <g className="memory-diagram__arrows">
      {items.map((item) => {
        const processClass = `memory-diagram__arrow--${tones[item.process] ?? 'a'}`;
        if (!item.missing) {
          return (
            <g key={item.key} className={`memory-diagram__arrow ${processClass}`}>
              <circle cx={item.from.x} cy={item.from.y} r={2.2} />
              <path className="memory-diagram__arrow-line" d={item.path} />
              <path className="memory-diagram__arrow-head" d={item.headPath} />
            </g>
          );
        }
        if (item.reason !== 'not-present' || item.at === null) return null;
        // Left columns' pages face right, right columns' face left: the marker sits on the side
        // facing the frames.
        const sign = item.direction === 'left' ? -1 : 1;
        const x = item.at.x + sign * MARKER_OFFSET;
        return (
          <g key={item.key} className={`memory-diagram__no-frame ${processClass}`}>
            <title>{`Page ${item.pageIndex} in ${names[item.process] ?? item.process}: no frame yet`}</title>
            <circle cx={x} cy={item.at.y} r={3.5} />
            {labelMarkers ? (
              <text
                x={x + sign * 7}
                y={item.at.y}
                textAnchor={sign > 0 ? 'start' : 'end'}
                dominantBaseline="central"
              >
                no frame yet
              </text>
            ) : null}
          </g>
        );
      })}
    </g>
  );
}
