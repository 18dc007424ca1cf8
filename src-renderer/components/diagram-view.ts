// The whole memory diagram as one pure computation: from the drawn processes (A, B and the
// learner's program's) and the measured width, the layout, each column, the frame column and its
// arrows, and the sentence that sums it up. MemoryDiagram.tsx only renders what this returns.
import type { SystemInfo } from '../../src-main/common/api';
import { layoutMemoryDiagram } from '../geometry/memory-diagram-layout';
import type { MemoryDiagramLayout, StripColumn } from '../geometry/memory-diagram-layout';
import type { ColumnTone, DiagramProcess } from './diagram-processes';
import { toneOf } from './diagram-processes';
import { combineFrames, diagramSegments, ownSegment } from './diagram-segments';
import type { CombinedFrames, DiagramSegment } from './diagram-segments';
import { describeDiagram } from './diagram-text';
import { columnOrWait, frameColumnView, processSummary } from './memory-diagram-model';
import type { ColumnView, FrameColumnView, PlacedColumn } from './memory-diagram-model';

export interface DiagramViewInput {
  system: SystemInfo | null;
  tutorialShmid: number | null;
  /** A, B, then the program's processes (at most MAX_EXTRA_COLUMNS of them). */
  processes: readonly DiagramProcess[];
  width: number;
  maxDrawnPages: number;
  maxTableRows: number;
}

/** A drawn column: the process, where it goes, what it shows. */
export interface DiagramColumn extends PlacedColumn {
  process: DiagramProcess;
  tone: ColumnTone;
}

export interface DiagramView {
  layout: MemoryDiagramLayout;
  columns: DiagramColumn[];
  segments: DiagramSegment[];
  combined: CombinedFrames;
  frameColumn: FrameColumnView;
  /** The accessible summary: one sentence per drawn segment. */
  summary: string;
  /** How frames, arrows and tables name each process ('A', 'pid 4242'), by key. */
  names: Record<string, string>;
  tones: Record<string, ColumnTone>;
}

/** A and B in the first row; the program's processes in the rows under them, in order. */
function stripOf(layout: MemoryDiagramLayout, index: number): StripColumn | null {
  if (index === 0) return layout.a;
  if (index === 1) return layout.b;
  return layout.extra[index - 2] ?? null;
}

/** Computes the diagram; see the file comment. */
export function diagramView(input: DiagramViewInput): DiagramView {
  const { processes } = input;
  const layout = layoutMemoryDiagram(input.width, {
    extraColumns: Math.max(0, processes.length - 2),
  });
  const segments = diagramSegments({
    tutorialShmid: input.tutorialShmid,
    processes,
    maxDrawnPages: input.maxDrawnPages,
    maxTableRows: input.maxTableRows,
  });
  const combined = combineFrames(segments);
  // The page size comes from the Lab; until it has answered nothing is drawn to a made-up scale.
  const pageSize = input.system?.pageSize ?? null;
  const columns = processes.flatMap((process, index): DiagramColumn[] => {
    const column = stripOf(layout, index);
    if (column === null) return [];
    const view: ColumnView = columnOrWait(
      { process, column, ...ownSegment(segments, process.id) },
      pageSize,
    );
    return [{ id: process.id, process, column, view, tone: toneOf(process.role) }];
  });
  const frameColumn = frameColumnView(layout, combined.pages, columns);
  const summaries = Object.fromEntries(
    processes.map((process) => [process.id, processSummary(process)]),
  );
  const summary =
    segments.length === 0
      ? describeDiagram(null, summaries, null)
      : segments
          .map((segment) => describeDiagram(segment.shmid, summaries, segment.pages))
          .join(' ');
  return {
    layout,
    columns,
    segments,
    combined,
    frameColumn,
    summary,
    names: Object.fromEntries(processes.map((process) => [process.id, process.short])),
    tones: Object.fromEntries(processes.map((process) => [process.id, toneOf(process.role)])),
  };
}
