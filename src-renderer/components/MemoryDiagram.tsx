import { useMemo } from 'react';
import type { ReactNode } from 'react';
import type { ProcessName } from '../../src-main/common/api';
import { layoutMemoryDiagram } from '../geometry/memory-diagram-layout';
import { useElementSize } from '../hooks/useElementSize';
import { useLabStore } from '../store/lab-store';
import { AddressSpaceColumn } from './AddressSpaceColumn';
import { DiagramNotes } from './DiagramNotes';
import { describeDiagram } from './diagram-text';
import {
  chooseShmid,
  columnView,
  factsMapping,
  frameColumnView,
  identityEvidence,
  pfnHiddenReason,
  processSummary,
} from './memory-diagram-model';
import type { ProcessInput } from './memory-diagram-model';
import { PageArrowsLayer } from './PageArrowsLayer';
import { PageFrameTable } from './PageFrameTable';
import { PhysicalFrames } from './PhysicalFrames';
import { joinSegmentPages } from './segment-pages';
import './MemoryDiagram.css';

export interface MemoryDiagramProps {
  /** Pages of the segment drawn as frames and arrows; the rest are counted. Defaults to 16. */
  maxDrawnPages?: number;
  /** Rows of the pages table. Defaults to 64. */
  maxTableRows?: number;
}

/** Only the page size matters here; 4096 until the system info has arrived. */
const FALLBACK_PAGE_SIZE = 4096;

/**
 * Both processes' virtual address spaces and the page frames of the segment they share, with an
 * arrow from each present virtual page to its frame, all read from the processes' own /proc
 * (maps, smaps, pagemap) as the store last refreshed them. Below it, the same pages as a table.
 */
export function MemoryDiagram({
  maxDrawnPages = 16,
  maxTableRows = 64,
}: MemoryDiagramProps): ReactNode {
  const [canvasRef, size] = useElementSize<HTMLDivElement>();
  const system = useLabStore((s) => s.system);
  const segment = useLabStore((s) => s.segment);
  const stateA = useLabStore((s) => s.processes.A.state);
  const factsA = useLabStore((s) => s.processes.A.facts);
  const stateB = useLabStore((s) => s.processes.B.state);
  const factsB = useLabStore((s) => s.processes.B.facts);
  const pageSize = system?.pageSize ?? FALLBACK_PAGE_SIZE;

  const processes = useMemo<Record<ProcessName, ProcessInput>>(
    () => ({ A: { state: stateA, facts: factsA }, B: { state: stateB, facts: factsB } }),
    [stateA, factsA, stateB, factsB],
  );
  const shmid = useMemo(() => chooseShmid(segment, processes), [segment, processes]);
  const mapping = useMemo(
    () => ({ A: factsMapping(processes.A, shmid), B: factsMapping(processes.B, shmid) }),
    [processes, shmid],
  );
  const pages = useMemo(() => {
    if (mapping.A === null && mapping.B === null) return null;
    const pageCount = Math.max(mapping.A?.pages.length ?? 0, mapping.B?.pages.length ?? 0);
    return joinSegmentPages({
      pageCount,
      pages: { A: mapping.A?.pages ?? null, B: mapping.B?.pages ?? null },
      maxDrawn: maxDrawnPages,
      maxRows: maxTableRows,
    });
  }, [mapping, maxDrawnPages, maxTableRows]);

  const layout = useMemo(() => layoutMemoryDiagram(size.width), [size.width]);
  const drawnPages = pages?.drawnPages ?? 0;
  const columnA = useMemo(
    () => columnView({ name: 'A', process: processes.A, shmid, drawnPages, pageSize, layout }),
    [processes.A, shmid, drawnPages, pageSize, layout],
  );
  const columnB = useMemo(
    () => columnView({ name: 'B', process: processes.B, shmid, drawnPages, pageSize, layout }),
    [processes.B, shmid, drawnPages, pageSize, layout],
  );
  const frameColumn = useMemo(
    () => frameColumnView(layout, pages, { A: columnA, B: columnB }),
    [layout, pages, columnA, columnB],
  );
  const summary = useMemo(
    () =>
      describeDiagram(
        shmid,
        { A: processSummary(processes.A), B: processSummary(processes.B) },
        pages,
      ),
    [shmid, processes, pages],
  );
  const hiddenReason = pfnHiddenReason(system, pages, mapping);

  let framesPlaceholder: string | null = null;
  if (shmid === null) framesPlaceholder = 'No segment attached yet';
  else if (pages === null) framesPlaceholder = `No process maps shmid ${shmid} yet`;
  const framesHeader =
    shmid === null
      ? 'Physical memory'
      : hiddenReason === null
        ? `Page frames of shmid ${shmid}`
        : `Pages of shmid ${shmid} (PFNs hidden)`;

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
            layout={frameColumn.frames}
            shmid={shmid}
            notDrawn={pages === null ? 0 : pages.pageCount - pages.drawnPages}
            placeholder={framesPlaceholder}
            top={layout.top}
            bottom={layout.bottom}
          />
        </svg>
      </div>
      {shmid !== null && pages !== null ? (
        <>
          <DiagramNotes
            shmid={shmid}
            pfnHiddenReason={hiddenReason}
            evidence={identityEvidence(mapping)}
          />
          <PageFrameTable pages={pages} shmid={shmid} />
        </>
      ) : null}
    </section>
  );
}
