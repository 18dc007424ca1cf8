// Which segments the memory diagram draws: the one each process really maps (from its own maps
// line), so a segment attached by id, another program's included, gets its frames and arrows;
// when the processes map different segments, each is drawn with its own frames.
import { factsMapping } from './memory-diagram-model';
import type { ColumnFacts, DiagramProcess } from './diagram-processes';
import { joinSegmentPages } from './segment-pages';
import type { ColumnId, FrameCell, SegmentPages } from './segment-pages';

/** One segment of the diagram: who maps it, and its pages joined over those processes. */
export interface DiagramSegment {
  shmid: number;
  /** Every drawn process, with its facts where it maps this segment, else null. */
  mapping: Record<ColumnId, ColumnFacts | null>;
  /** Null when no running process maps it (the tutorial's segment before any shmat). */
  pages: SegmentPages | null;
}

/** The shmid a running process maps, from its own /proc maps line; null when none. */
export function mappedShmid(process: DiagramProcess): number | null {
  if (!process.running) return null;
  return process.facts?.shmRegion?.inode ?? null;
}

export interface DiagramSegmentsInput {
  /** The tutorial's segment, drawn (without frames) when no process maps anything. */
  tutorialShmid: number | null;
  /** The columns, A and B first. */
  processes: readonly DiagramProcess[];
  maxDrawnPages: number;
  maxTableRows: number;
}

/**
 * The segments to draw, in the order the columns map them (A's first). Several segments share
 * the drawn-page budget so the frame column keeps room for each. A segment's pages table has A
 * and B, and the program's processes that map it.
 */
export function diagramSegments(input: DiagramSegmentsInput): DiagramSegment[] {
  const { processes } = input;
  const mapped = processes.flatMap((process) => {
    const shmid = mappedShmid(process);
    return shmid === null ? [] : [shmid];
  });
  const shmids = [...new Set(mapped)];
  const none = (): Record<ColumnId, ColumnFacts | null> =>
    Object.fromEntries(processes.map((process) => [process.id, null]));
  if (shmids.length === 0) {
    return input.tutorialShmid === null
      ? []
      : [{ shmid: input.tutorialShmid, mapping: none(), pages: null }];
  }
  const maxDrawn = Math.max(1, Math.floor(input.maxDrawnPages / shmids.length));
  const labels = Object.fromEntries(processes.map((process) => [process.id, process.short]));
  return shmids.map((shmid) => {
    const mapping: Record<ColumnId, ColumnFacts | null> = Object.fromEntries(
      processes.map((process) => [process.id, factsMapping(process, shmid)]),
    );
    const inTable = processes.filter(
      (process) => process.role === 'A' || process.role === 'B' || mapping[process.id] !== null,
    );
    const pageCount = Math.max(0, ...inTable.map((process) => mapping[process.id]?.pageCount ?? 0));
    const pages = joinSegmentPages({
      pageCount,
      pages: Object.fromEntries(
        inTable.map((process) => [process.id, mapping[process.id]?.pages ?? null]),
      ),
      maxDrawn,
      maxRows: input.maxTableRows,
      labels,
    });
    return { shmid, mapping, pages };
  });
}

/** The segment a process's column marks pages of: the one it maps, else the first drawn. */
export function ownSegment(
  segments: readonly DiagramSegment[],
  id: ColumnId,
): { shmid: number | null; drawnPages: number } {
  const own = segments.find((segment) => (segment.mapping[id] ?? null) !== null);
  return {
    shmid: own?.shmid ?? segments[0]?.shmid ?? null,
    drawnPages: own?.pages?.drawnPages ?? 0,
  };
}

/** The frame column of several segments: their cells one after another, each with its shmid. */
export interface CombinedFrames {
  /** Shaped like one segment's pages so the frame column and the arrows treat it as one. */
  pages: SegmentPages | null;
  /** The shmid of each cell, index for index with `pages.cells`. */
  cellShmids: number[];
}

/**
 * Puts the segments' frame cells in one column. Each process's pages point into the cells of the
 * segment it maps; a cell's key carries its shmid, so equal PFNs of two segments stay apart.
 */
export function combineFrames(segments: readonly DiagramSegment[]): CombinedFrames {
  const drawn = segments.filter(
    (segment): segment is DiagramSegment & { pages: SegmentPages } => segment.pages !== null,
  );
  const [first] = drawn;
  if (first === undefined) return { pages: null, cellShmids: [] };
  const cells: FrameCell[] = [];
  const cellShmids: number[] = [];
  const cellOfPage: Record<ColumnId, (number | null)[]> = {};
  for (const { shmid, mapping, pages } of drawn) {
    const offset = cells.length;
    for (const cell of pages.cells) {
      cells.push({ ...cell, key: `${shmid}:${cell.key}` });
      cellShmids.push(shmid);
    }
    for (const [id, indices] of Object.entries(pages.cellOfPage)) {
      if ((mapping[id] ?? null) === null) continue;
      cellOfPage[id] = indices.map((index) => (index === null ? null : index + offset));
    }
  }
  const sum = (pick: (pages: SegmentPages) => number): number =>
    drawn.reduce((total, segment) => total + pick(segment.pages), 0);
  return {
    pages: {
      ...first.pages,
      pageCount: sum((pages) => pages.pageCount),
      pagesRead: sum((pages) => pages.pagesRead),
      drawnPages: sum((pages) => pages.drawnPages),
      cells,
      cellOfPage,
      rows: [],
      pagesWithFrame: sum((pages) => pages.pagesWithFrame),
      sharedPfnPages: sum((pages) => pages.sharedPfnPages),
      sharers: [...new Set(drawn.flatMap((segment) => segment.pages.sharers))],
      pfnHidden: drawn.some((segment) => segment.pages.pfnHidden),
      pfns: drawn.flatMap((segment) => segment.pages.pfns),
    },
    cellShmids,
  };
}
