// Which segments the memory diagram draws: the one each process really maps (from its own maps
// line), so a segment attached by id, another program's included, gets its frames and arrows;
// when A and B map different segments, both are drawn, each with its own frames.
import type { ProcessFacts, ProcessName } from '../../src-main/common/api';
import { factsMapping } from './memory-diagram-model';
import type { ProcessInput } from './memory-diagram-model';
import { PROCESS_NAMES, joinSegmentPages } from './segment-pages';
import type { FrameCell, SegmentPages } from './segment-pages';

/** One segment of the diagram: who maps it, and its pages joined over those processes. */
export interface DiagramSegment {
  shmid: number;
  mapping: Record<ProcessName, ProcessFacts | null>;
  /** Null when no running process maps it (the tutorial's segment before any shmat). */
  pages: SegmentPages | null;
}

/** The shmid a running process maps, from its own /proc maps line; null when none. */
export function mappedShmid(process: ProcessInput): number | null {
  if (process.state.status !== 'running') return null;
  return process.facts?.shmRegion?.inode ?? null;
}

export interface DiagramSegmentsInput {
  /** The tutorial's segment, drawn (without frames) when no process maps anything. */
  tutorialShmid: number | null;
  processes: Record<ProcessName, ProcessInput>;
  maxDrawnPages: number;
  maxTableRows: number;
}

/**
 * The segments to draw, A's first. Two segments share the drawn-page budget so the frame column
 * keeps room for both.
 */
export function diagramSegments(input: DiagramSegmentsInput): DiagramSegment[] {
  const mapped = PROCESS_NAMES.flatMap((name) => {
    const shmid = mappedShmid(input.processes[name]);
    return shmid === null ? [] : [shmid];
  });
  const shmids = [...new Set(mapped)];
  if (shmids.length === 0) {
    return input.tutorialShmid === null
      ? []
      : [{ shmid: input.tutorialShmid, mapping: { A: null, B: null }, pages: null }];
  }
  const maxDrawn = Math.max(1, Math.floor(input.maxDrawnPages / shmids.length));
  return shmids.map((shmid) => {
    const mapping = {
      A: factsMapping(input.processes.A, shmid),
      B: factsMapping(input.processes.B, shmid),
    };
    const pageCount = Math.max(mapping.A?.pages.length ?? 0, mapping.B?.pages.length ?? 0);
    const pages = joinSegmentPages({
      pageCount,
      pages: { A: mapping.A?.pages ?? null, B: mapping.B?.pages ?? null },
      maxDrawn,
      maxRows: input.maxTableRows,
    });
    return { shmid, mapping, pages };
  });
}

/** The segment a process's column marks pages of: the one it maps, else the first drawn. */
export function ownSegment(
  segments: readonly DiagramSegment[],
  name: ProcessName,
): { shmid: number | null; drawnPages: number } {
  const own = segments.find((segment) => segment.mapping[name] !== null);
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
  const cellOfPage: Record<ProcessName, (number | null)[]> = { A: [], B: [] };
  for (const { shmid, mapping, pages } of drawn) {
    const offset = cells.length;
    for (const cell of pages.cells) {
      cells.push({ ...cell, key: `${shmid}:${cell.key}` });
      cellShmids.push(shmid);
    }
    for (const name of PROCESS_NAMES) {
      if (mapping[name] === null) continue;
      cellOfPage[name] = pages.cellOfPage[name].map((index) =>
        index === null ? null : index + offset,
      );
    }
  }
  const sum = (pick: (pages: SegmentPages) => number): number =>
    drawn.reduce((total, segment) => total + pick(segment.pages), 0);
  return {
    pages: {
      ...first.pages,
      pageCount: sum((pages) => pages.pageCount),
      drawnPages: sum((pages) => pages.drawnPages),
      cells,
      cellOfPage,
      rows: [],
      pagesWithFrame: sum((pages) => pages.pagesWithFrame),
      sharedPfnPages: sum((pages) => pages.sharedPfnPages),
      pfnHidden: drawn.some((segment) => segment.pages.pfnHidden),
      pfns: drawn.flatMap((segment) => segment.pages.pfns),
    },
    cellShmids,
  };
}
