import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import type { ProcessName } from '../../src-main/common/api';
import { hexRowCount, hexRows } from '../geometry/hex-grid';
import { useScrollViewport } from '../hooks/useScrollViewport';
import { actions, followLabStore, useLabStore } from '../store/lab-store';
import { ChangedPages } from './ChangedPages';
import { HexGridRow } from './HexGridRow';
import { createGridPainter } from './hex-grid-paint';
import type { ScrollGeometry, TypedView } from './hex-view-model';
import {
  BYTES_PER_ROW,
  moveActiveOffset,
  pageRows,
  scrollTopToShowRow,
  typedViewLabel,
  visibleRowWindow,
} from './hex-view-model';
import { wantedWindow, windowHolds } from './hex-window';

/** Fixed heights the virtual scroller counts with; HexView.css sizes the cells to match. */
const ROW_HEIGHT = 22;
const HEADER_HEIGHT = 24;
/** Until the container is measured, assume it shows this much. */
const FALLBACK_VIEWPORT = 16 * ROW_HEIGHT;
/** How long scrolling must pause before the process is asked for the rows now on screen. */
const VIEW_DEBOUNCE_MS = 60;

const COLUMNS = Array.from({ length: BYTES_PER_ROW }, (_, column) => column);

export interface HexGridProps {
  name: ProcessName;
  /** Bytes the grid scrolls through, from offset 0 of the segment. */
  size: number;
  pageSize: number;
  view: TypedView;
}

/**
 * A virtualised, keyboard-navigable grid of a mapping's bytes, 8 a row: only the rows in view
 * are in the DOM, and only their window of the mapping is read and watched (viewMemory). Arrow
 * keys, Page Up/Down and Home/End move the active byte.
 */
export function HexGrid({ name, size, pageSize, view }: HexGridProps): ReactNode {
  // The rows' bytes and flashes are drawn by the grid's painter, not rendered: a change renders
  // nothing here. The grid follows only where the window the process last read for this pane
  // lies (HexView shows the grid once it was read).
  const memoryOffset = useLabStore((s) => s.processes[name].memoryOffset);
  const memoryLength = useLabStore((s) => s.processes[name].memory?.length ?? 0);
  /** Pages outside the window the process reported changed, newest last. */
  const changedPages = useLabStore((s) => s.processes[name].changedPages);
  const [scrollRef, viewport] = useScrollViewport<HTMLDivElement>();
  const element = useRef<HTMLDivElement | null>(null);
  const gridRef = useCallback(
    (node: HTMLDivElement | null) => {
      element.current = node;
      return scrollRef(node);
    },
    [scrollRef],
  );
  // Draws the rows' bytes and flashes as the process's view changes, and ends flashes on time
  // (see HexGridRow).
  const painter = useMemo(
    () =>
      createGridPainter(
        (listener) => followLabStore((s) => s.processes[name], listener),
        BYTES_PER_ROW,
      ),
    [name],
  );
  const [active, setActive] = useState(0);
  const id = useId();

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

  // Ask for the rows on screen once scrolling pauses, unless the window already holds them.
  const first = rowWindow.first * BYTES_PER_ROW;
  const end = Math.min(size, (rowWindow.first + rowWindow.count) * BYTES_PER_ROW);
  const held = windowHolds({ offset: memoryOffset, length: memoryLength }, first, end);
  useEffect(() => {
    if (held) return undefined;
    const timer = setTimeout(() => {
      const wanted = wantedWindow(first, end, size, pageSize);
      void actions.viewMemory(name, wanted.offset, wanted.length);
    }, VIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [held, first, end, size, pageSize, name]);

  /** Scrolls a changed page's first row to the top and makes its first byte the active one. */
  const showPage = (page: number): void => {
    const offset = Math.min(page * pageSize, Math.max(0, size - 1));
    setActive(offset);
    if (element.current !== null)
      element.current.scrollTop = Math.floor(offset / BYTES_PER_ROW) * ROW_HEIGHT;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const target = event.currentTarget;
    const live: ScrollGeometry = {
      ...geometry,
      scrollTop: target.scrollTop,
      viewportHeight: target.clientHeight,
    };
    const toEnds = event.ctrlKey || event.metaKey;
    const next = moveActiveOffset(event.key, activeOffset, size, pageRows(live), toEnds);
    if (next === null) return;
    event.preventDefault();
    setActive(next);
    const top = scrollTopToShowRow(Math.floor(next / BYTES_PER_ROW), live);
    if (top !== null) target.scrollTop = top;
  };

  return (
    <>
      <div
        ref={gridRef}
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
          {rows.map((row) => {
            const activeHere =
              activeShown && activeOffset >= row.offset && activeOffset < row.offset + row.length;
            return (
              <HexGridRow
                key={row.offset}
                painter={painter}
                offset={row.offset}
                length={row.length}
                top={(row.offset / BYTES_PER_ROW) * ROW_HEIGHT}
                height={ROW_HEIGHT}
                view={view}
                activeOffset={activeHere ? activeOffset : null}
                activeId={activeId}
              />
            );
          })}
        </div>
      </div>
      <ChangedPages
        name={name}
        pages={changedPages}
        pageSize={pageSize}
        reachable={size}
        onShow={showPage}
      />
    </>
  );
}
