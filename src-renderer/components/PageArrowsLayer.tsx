import type { ReactNode } from 'react';
import type { PageArrowItem } from '../geometry/arrows';

export interface PageArrowsLayerProps {
  /** From pageArrows: arrows for present pages, `missing` items for the others. */
  items: readonly PageArrowItem[];
  /** Room beside each page for the words 'no frame yet' (else only the marker is drawn). */
  labelMarkers: boolean;
}

const MARKER_OFFSET = 7;

/**
 * Arrows from each present virtual page to its frame, coloured by process, and a hollow marker
 * beside each page whose pagemap entry is not present: no frame yet.
 */
export function PageArrowsLayer({ items, labelMarkers }: PageArrowsLayerProps): ReactNode {
  return (
    <g className="memory-diagram__arrows">
      {items.map((item) => {
        const processClass = `memory-diagram__arrow--${item.process.toLowerCase()}`;
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
        // A's pages face right, B's face left: the marker sits on the side facing the frames.
        const sign = item.process === 'B' ? -1 : 1;
        const x = item.at.x + sign * MARKER_OFFSET;
        return (
          <g key={item.key} className={`memory-diagram__no-frame ${processClass}`}>
            <title>{`Page ${item.pageIndex} in ${item.process}: no frame yet`}</title>
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
