import { useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { ProgramProcess } from '../../src-main/common/api';
import { MAX_EXTRA_COLUMNS } from '../geometry/memory-diagram-layout';
import { useElementSize } from '../hooks/useElementSize';
import { useLabStore } from '../store/lab-store';
import { useProgramStore } from '../store/program-store';
import { AddressSpaceColumn } from './AddressSpaceColumn';
import { DiagramNotes } from './DiagramNotes';
import { DiagramProgramNotes } from './DiagramProgramNotes';
import type { ColumnFacts } from './diagram-processes';
import { childrenAwaitingPages, labProcess, programProcesses } from './diagram-processes';
import { diagramView } from './diagram-view';
import { identityEvidence, pfnHiddenReason } from './memory-diagram-model';
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
 * The parent of every pid the run has listed, remembered for the run, so an exit note can name
 * the parent of a child that is no longer listed. (Updated while rendering, the way React keeps
 * information from earlier renders.)
 */
function useParents(
  runId: number | null,
  processes: readonly ProgramProcess[],
): ReadonlyMap<number, number> {
  const [known, setKnown] = useState<{
    runId: number | null;
    processes: readonly ProgramProcess[];
    parents: ReadonlyMap<number, number>;
  }>({ runId: null, processes: [], parents: new Map() });
  if (known.runId !== runId || known.processes !== processes) {
    const parents = new Map(known.runId === runId ? known.parents : []);
    for (const process of processes) parents.set(process.pid, process.ppid);
    setKnown({ runId, processes, parents });
    return parents;
  }
  return known.parents;
}

/**
 * The virtual address spaces of A, B and the live processes of the learner's program, and the
 * page frames of the segment each one maps, with an arrow from each present virtual page to its
 * frame, all read from the processes' own /proc (maps, smaps, pagemap) as the stores last
 * refreshed them. When the processes map different segments (one made by another program, say),
 * each is drawn with its own frames. Below it, the notes (exits of the program's processes, why
 * frame numbers are hidden) and the pages of each segment as a table.
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
  const runId = useProgramStore((s) => s.run?.runId ?? null);
  const programList = useProgramStore((s) => s.processes);
  const programFacts = useProgramStore((s) => s.facts);
  const exits = useProgramStore((s) => s.exits);
  const parents = useParents(runId, programList);

  const program = useMemo(
    () => programProcesses(programList, programFacts, MAX_EXTRA_COLUMNS),
    [programList, programFacts],
  );
  const processes = useMemo(
    () => [
      labProcess('A', { state: stateA, facts: factsA }),
      labProcess('B', { state: stateB, facts: factsB }),
      ...program.processes,
    ],
    [stateA, factsA, stateB, factsB, program],
  );
  const view = useMemo(
    () =>
      diagramView({
        system,
        tutorialShmid,
        processes,
        width: size.width,
        maxDrawnPages,
        maxTableRows,
      }),
    [system, tutorialShmid, processes, size.width, maxDrawnPages, maxTableRows],
  );
  const { layout, columns, segments, combined, frameColumn, names, tones } = view;
  const pages = combined.pages;
  // Each process's facts for the segment it maps (the first drawn one that it maps).
  const mapping = Object.fromEntries(
    processes.map((process): [string, ColumnFacts | null] => [
      process.id,
      segments.find((segment) => (segment.mapping[process.id] ?? null) !== null)?.mapping[
        process.id
      ] ?? null,
    ]),
  );
  const hiddenReason = pfnHiddenReason(system, pages, mapping);
  const shmids = segments.map((segment) => segment.shmid);
  const noted = processes.map((process) => ({
    id: process.id,
    short: process.short,
    tone: tones[process.id] ?? 'a',
  }));

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
          aria-label={view.summary}
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          preserveAspectRatio="xMidYMin meet"
        >
          {columns.map(({ id, tone, column, view: columnView }) => (
            <AddressSpaceColumn
              key={id}
              tone={tone}
              column={column}
              header={columnView.header}
              note={columnView.note}
              model={columnView.model}
              placeholder={columnView.placeholder}
            />
          ))}
          <PageArrowsLayer
            items={frameColumn.arrows}
            labelMarkers={frameColumn.labelMarkers}
            tones={tones}
            names={names}
          />
          <PhysicalFrames
            header={framesHeader}
            headerX={layout.frames.centerX}
            headerY={layout.headerY}
            cells={pages?.cells ?? []}
            cellShmids={combined.cellShmids}
            layout={frameColumn.frames}
            notDrawn={pages === null ? 0 : pages.pageCount - pages.drawnPages}
            placeholder={framesPlaceholder}
            names={names}
            top={layout.frames.top}
            bottom={layout.frames.bottom}
          />
        </svg>
      </div>
      <DiagramProgramNotes
        exits={exits}
        parents={parents}
        notDrawn={program.notDrawn}
        awaiting={childrenAwaitingPages(processes).map(({ child, parentPid, pages }) => ({
          childPid: child.pid ?? 0,
          parentPid,
          pages,
        }))}
      />
      {segments.map((segment, index) =>
        segment.pages === null ? null : (
          <div key={segment.shmid} className="memory-diagram__segment">
            <DiagramNotes
              shmid={segment.shmid}
              processes={noted}
              legend={index === 0}
              pfnHiddenReason={pfnHiddenReason(system, segment.pages, segment.mapping)}
              evidence={identityEvidence(segment.mapping)}
            />
            <PageFrameTable pages={segment.pages} shmid={segment.shmid} names={names} />
          </div>
        ),
      )}
    </section>
  );
}
