import { useId, useMemo, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import type { ProcessName } from '../../src-main/common/api';
import { hexRowCount, hexRows } from '../geometry/hex-grid';
import { useHighlightClock } from '../hooks/useHighlightClock';
import { useScrollViewport } from '../hooks/useScrollViewport';
import type { ChangeMark } from '../store/memory';
import { highlightedOffsets } from '../store/memory';
import { HexGridRow } from './HexGridRow';
import type { ScrollGeometry, TypedView } from './hex-view-model';
import {
  BYTES_PER_ROW,
  moveActiveOffset,
  pageRows,
  scrollTopToShowRow,
  typedViewLabel,
  visibleRowWindow,
} from './hex-view-model';

/** Fixed heights the virtual scroller counts with; HexView.css sizes the cells to match. */
const ROW_HEIGHT = 22;
const HEADER_HEIGHT = 24;
/** Until the container is measured, assume it shows this much. */
const FALLBACK_VIEWPORT = 16 * ROW_HEIGHT;

const COLUMNS = Array.from({ length: BYTES_PER_ROW }, (_, column) => column);

export interface HexGridProps {
  name: ProcessName;
  /** The bytes the process read from its own mapping. */
  memory: Uint8Array;
  changes: readonly ChangeMark[];
  view: TypedView;
}

/**
 * A virtualised, keyboard-navigable grid of a mapping's bytes, 16 a row: only the rows in view
 * are in the DOM. Arrow keys, Page Up/Down and Home/End move the active byte.
 */
export function HexGrid({ name, memory, changes, view }: HexGridProps): ReactNode {
  const [scrollRef, viewport] = useScrollViewport<HTMLDivElement>();
  const now = useHighlightClock(changes);
  const highlights = useMemo(() => highlightedOffsets(changes, now), [changes, now]);
  const [active, setActive] = useState(0);
  const id = useId();

  const size = memory.length;
  const activeOffset = Math.min(active, Math.max(0, size - 1));
  const geometry: ScrollGeometry = {
    scrollTop: viewport.scrollTop,
    viewportHeight: viewport.height > 0 ? viewport.height : FALLBACK_VIEWPORT,
    rowHeight: ROW_HEIGHT,
    headerHeight: HEADER_HEIGHT,
  };
  const rowCount = hexRowCount(size, BYTES_PER_ROW);
  const rowWindow = visibleRowWindow(geometry, rowCount);
  const rows = hexRows(size, BYTES_PER_ROW, rowWindow.first * BYTES_PER_ROW, rowWindow.count);
  const activeRow = Math.floor(activeOffset / BYTES_PER_ROW);
  const activeShown =
    size > 0 && activeRow >= rowWindow.first && activeRow < rowWindow.first + rowWindow.count;
  const activeId = `${id}-active`;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const element = event.currentTarget;
    const live: ScrollGeometry = {
      ...geometry,
      scrollTop: element.scrollTop,
      viewportHeight: element.clientHeight,
    };
    const toEnds = event.ctrlKey || event.metaKey;
    const next = moveActiveOffset(event.key, activeOffset, size, pageRows(live), toEnds);
    if (next === null) return;
    event.preventDefault();
    setActive(next);
    const target = scrollTopToShowRow(Math.floor(next / BYTES_PER_ROW), live);
    if (target !== null) element.scrollTop = target;
  };

  return (
    <div
      ref={scrollRef}
      className="hex-grid"
      role="grid"
      aria-label={`Memory of process ${name} as it reads it`}
      aria-rowcount={rowCount + 1}
      aria-colcount={BYTES_PER_ROW + 2}
      aria-readonly="true"
      aria-activedescendant={activeShown ? activeId : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className="hex-grid__head">
        <div
          role="row"
          aria-rowindex={1}
          className="hex-grid__row"
          style={{ height: HEADER_HEIGHT }}
        >
          <span role="columnheader" aria-colindex={1} className="hex-grid__offset">
            offset
          </span>
          {COLUMNS.map((column) => (
            <span
              key={column}
              role="columnheader"
              aria-colindex={column + 2}
              className="hex-grid__byte"
            >
              {column.toString(16).padStart(2, '0')}
            </span>
          ))}
          <span role="columnheader" aria-colindex={BYTES_PER_ROW + 2} className="hex-grid__typed">
            {typedViewLabel(view)}
          </span>
        </div>
      </div>
      <div role="rowgroup" className="hex-grid__body" style={{ height: rowCount * ROW_HEIGHT }}>
        {rows.map((row) => (
          <HexGridRow
            key={row.offset}
            memory={memory}
            row={row}
            top={(row.offset / BYTES_PER_ROW) * ROW_HEIGHT}
            height={ROW_HEIGHT}
            view={view}
            highlights={highlights}
            changes={changes}
            activeOffset={activeShown ? activeOffset : null}
            activeId={activeId}
          />
        ))}
      </div>
    </div>
  );
}
