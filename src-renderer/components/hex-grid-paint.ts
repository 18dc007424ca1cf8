// Paints the rows of one process's hex grid from the store. The grid follows the process's view
// once, and at each change draws only the rows whose bytes or flashes differ from what they
// show: a write touches a row or two, and the other rows on screen cost a compare of their
// bytes, not a pass of their own over every live mark. The rows' painters (hex-row-paint.ts)
// then write only the cells that differ. The grid's highlight timer ends flashes on time the
// same way: a tick redraws the rows that lose one, and renders nothing.
import { createHighlightTimer } from '../hooks/highlight-clock';
import type { ProcessView } from '../store/lab-store';
import type { RowPainter } from './hex-row-paint';
import type { CellFlash } from './hex-window';
import { flashesByRow, quietRow, rowBytes } from './hex-window';

/** Where the grid's process view comes from: calls `listener` now and at each change. */
export type ViewSource = (listener: (view: ProcessView) => void) => () => void;

export interface GridPainter {
  /** Adds a row (drawn at once, then at each change it shows); returns what removes it. */
  add(offset: number, length: number, paint: RowPainter): () => void;
}

type Flashes = readonly (CellFlash | null)[];

interface Row {
  readonly offset: number;
  readonly length: number;
  readonly paint: RowPainter;
  /** What the row shows; undefined until first drawn. */
  bytes: Uint8Array | null | undefined;
  flashes: Flashes;
}

function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

function sameFlashes(a: Flashes, b: Flashes): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (x === y) continue;
    if (x === null || y === null || x.by !== y.by || x.at !== y.at) return false;
  }
  return true;
}

/**
 * A painter for one grid whose rows are `rowBytesCount` bytes apart. It follows `source` while
 * it has rows. Flashes are judged at its clock: the time of the last expiry it saw (a mark newer
 * than that is live), set when it starts following and moved by its highlight timer.
 */
export function createGridPainter(source: ViewSource, rowBytesCount: number): GridPainter {
  const rows = new Map<number, Row>();
  let view: ProcessView | null = null;
  let unfollow: (() => void) | null = null;
  let clock = 0;

  const draw = (row: Row, flashes: Flashes): void => {
    if (view === null) return;
    const bytes =
      view.memory === null
        ? null
        : rowBytes(view.memory, view.memoryOffset, row.offset, row.length);
    if (row.bytes !== undefined && sameBytes(row.bytes, bytes) && sameFlashes(row.flashes, flashes))
      return;
    row.bytes = bytes;
    row.flashes = flashes;
    row.paint(bytes, flashes);
  };

  const drawAll = (): void => {
    if (view === null) return;
    const lit = flashesByRow(view.changes, clock, rows, rowBytesCount);
    for (const row of rows.values()) draw(row, lit.get(row.offset) ?? quietRow(row.length));
  };

  const timer = createHighlightTimer((now) => {
    clock = now;
    drawAll();
  });

  return {
    add(offset, length, paint) {
      const row: Row = { offset, length, paint, bytes: undefined, flashes: quietRow(length) };
      rows.set(offset, row);
      if (unfollow === null) {
        clock = performance.now();
        unfollow = source((next) => {
          if (next.changes !== view?.changes) timer.see(next.changes);
          view = next;
          drawAll();
        });
      } else if (view !== null) {
        const lit = flashesByRow(view.changes, clock, new Map([[offset, row]]), rowBytesCount);
        draw(row, lit.get(offset) ?? quietRow(length));
      }
      return () => {
        if (rows.get(offset) !== row) return;
        rows.delete(offset);
        if (rows.size > 0 || unfollow === null) return;
        unfollow();
        unfollow = null;
        timer.stop();
        view = null;
      };
    },
  };
}
