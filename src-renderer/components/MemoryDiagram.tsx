import { useMemo } from 'react';
import type { ReactNode } from 'react';
import type { ProcessName } from '../../src-main/common/api';
import { layoutMemoryDiagram } from '../geometry/memory-diagram-layout';
import { useElementSize } from '../hooks/useElementSize';
import { useLabStore } from '../store/lab-store';
import { AddressSpaceColumn } from './AddressSpaceColumn';
import { DiagramNotes } from './DiagramNotes';
import { describeDiagram } from './diagram-text';
import { combineFrames, diagramSegments, ownSegment } from './diagram-segments';
import {
  columnOrWait,
  frameColumnView,
  identityEvidence,
  pfnHiddenReason,
  processSummary,
} from './memory-diagram-model';
import type { ProcessInput } from './memory-diagram-model';
import { PageArrowsLayer } from './PageArrowsLayer';
import { PageFrameTable } from './PageFrameTable';
import { PhysicalFrames } from './PhysicalFrames';
import './MemoryDiagram.css';

export interface MemoryDiagramProps {
  /** Pages of the segment drawn as frames and arrows; the rest are counted. Defaults to 16. */
  maxDrawnPages?: number;
  /** Rows of the pages table. Defaults to 64. */
  maxTableRows?: number;
}

/**
 * Both processes' virtual address spaces and the page frames of the segment each one maps, with
 * an arrow from each present virtual page to its frame, all read from the processes' own /proc
 * (maps, smaps, pagemap) as the store last refreshed them. When A and B map different segments
 * (one made by another program, say), both are drawn, each with its own frames. Below it, the
 * pages of each segment as a table.
 */
export function MemoryDiagram({
  maxDrawnPages = 16,
  maxTableRows = 64,
}: MemoryDiagramProps): ReactNode {
  const [canvasRef, size] = useElementSize<HTMLDivElement>();
  const system = useLabStore((s) => s.system);
  const tutorialShmid = useLabStore((s) => s.segment?.shmid ?? null);
  const stateA = useLabStore((s) => s.processes.A.state);
  const factsA = useLabStore((s) => s.processes.A.facts);
  const stateB = useLabStore((s) => s.processes.B.state);
  const factsB = useLabStore((s) => s.processes.B.facts);

  const processes = useMemo<Record<ProcessName, ProcessInput>>(
    () => ({ A: { state: stateA, facts: factsA }, B: { state: stateB, facts: factsB } }),
    [stateA, factsA, stateB, factsB],
  );
  const segments = useMemo(
    () => diagramSegments({ tutorialShmid, processes, maxDrawnPages, maxTableRows }),
    [tutorialShmid, processes, maxDrawnPages, maxTableRows],
  );
  const combined = useMemo(() => combineFrames(segments), [segments]);
  const pages = combined.pages;
  const mapping = useMemo(
    () => ({
      A: segments.find((segment) => segment.mapping.A !== null)?.mapping.A ?? null,
      B: segments.find((segment) => segment.mapping.B !== null)?.mapping.B ?? null,
    }),
    [segments],
  );

  const layout = useMemo(() => layoutMemoryDiagram(size.width), [size.width]);
  // Each column marks the pages of the segment it maps itself.
  const owns = useMemo(
    () => ({ A: ownSegment(segments, 'A'), B: ownSegment(segments, 'B') }),
    [segments],
  );
  // The page size comes from the Lab; until it has answered nothing is drawn to a made-up scale.
  const pageSize = system?.pageSize ?? null;
  const columnA = useMemo(
    () => columnOrWait({ name: 'A', process: processes.A, ...owns.A, layout }, pageSize),
    [processes.A, owns.A, pageSize, layout],
  );
  const columnB = useMemo(
    () => columnOrWait({ name: 'B', process: processes.B, ...owns.B, layout }, pageSize),
    [processes.B, owns.B, pageSize, layout],
  );
  const frameColumn = useMemo(
    () => frameColumnView(layout, pages, { A: columnA, B: columnB }),
    [layout, pages, columnA, columnB],
  );
  const summary = useMemo(() => {
    const who = { A: processSummary(processes.A), B: processSummary(processes.B) };
    if (segments.length === 0) return describeDiagram(null, who, null);
    return segments.map((segment) => describeDiagram(segment.shmid, who, segment.pages)).join(' ');
  }, [segments, processes]);
  const hiddenReason = pfnHiddenReason(system, pages, mapping);
  const shmids = segments.map((segment) => segment.shmid);

  let framesPlaceholder: string | null = null;
  if (shmids.length === 0) framesPlaceholder = 'No segment attached yet';
  else if (pages === null) framesPlaceholder = `No process maps shmid ${shmids[0]} yet`;
  // With two segments every frame cell names its shmid, so the header need not (a long header
  // ran into the process headers in a narrow column, such as beside the machine view).
  const named = shmids.length === 1 ? ` of shmid ${shmids[0]}` : '';
  const framesHeader =
    shmids.length === 0
      ? 'Physical memory'
      : hiddenReason === null
        ? `Page frames${named}`
        : `Pages${named} (PFNs hidden)`;

  return (
    <section className="memory-diagram" aria-label="Memory diagram">
      <div ref={canvasRef} className="memory-diagram__canvas">
        <svg
          className="memory-diagram__svg"
          role="img"
          aria-label={summary}
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          preserveAspectRatio="xMidYMin meet"
        >
          <AddressSpaceColumn
            name="A"
            column={layout.a}
            headerY={layout.headerY}
            top={layout.top}
            bottom={layout.bottom}
            {...columnA}
          />
          <AddressSpaceColumn
            name="B"
            column={layout.b}
            headerY={layout.headerY}
            top={layout.top}
            bottom={layout.bottom}
            {...columnB}
          />
          <PageArrowsLayer items={frameColumn.arrows} labelMarkers={frameColumn.labelMarkers} />
          <PhysicalFrames
            header={framesHeader}
            headerX={layout.frames.centerX}
            headerY={layout.headerY}
            cells={pages?.cells ?? []}
            cellShmids={combined.cellShmids}
            layout={frameColumn.frames}
            notDrawn={pages === null ? 0 : pages.pageCount - pages.drawnPages}
            placeholder={framesPlaceholder}
            top={layout.top}
            bottom={layout.bottom}
          />
        </svg>
      </div>
      {segments.map((segment, index) =>
        segment.pages === null ? null : (
          <div key={segment.shmid} className="memory-diagram__segment">
            <DiagramNotes
              shmid={segment.shmid}
              legend={index === 0}
              pfnHiddenReason={pfnHiddenReason(system, segment.pages, segment.mapping)}
              evidence={identityEvidence(segment.mapping)}
            />
            <PageFrameTable pages={segment.pages} shmid={segment.shmid} />
          </div>
        ),
      )}
    </section>
  );
}
