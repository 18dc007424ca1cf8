import { describe, expect, it } from 'vitest';
import { layoutMemoryDiagram } from '../geometry/memory-diagram-layout';
import { facts, labColumn } from './diagram-fixtures.test-support';
import type { DiagramProcess } from './diagram-processes';
import { combineFrames, diagramSegments, ownSegment } from './diagram-segments';
import { columnOrWait, columnView, frameColumnView } from './memory-diagram-model';

const layout = layoutMemoryDiagram(900);

function draw(processes: { A: DiagramProcess; B: DiagramProcess }, tutorialShmid: number | null) {
  const list = [processes.A, processes.B];
  const segments = diagramSegments({
    tutorialShmid,
    processes: list,
    maxDrawnPages: 16,
    maxTableRows: 64,
  });
  const combined = combineFrames(segments);
  const column = (name: 'A' | 'B') =>
    columnView({
      process: processes[name],
      column: name === 'A' ? layout.a : layout.b,
      ...ownSegment(segments, name),
      pageSize: 4096,
    });
  const columns = { A: column('A'), B: column('B') };
  const frames = frameColumnView(layout, combined.pages, [
    { id: 'A', column: layout.a, view: columns.A },
    { id: 'B', column: layout.b, view: columns.B },
  ]);
  return { segments, combined, columns, frames };
}

describe('diagramSegments', () => {
  it('draws another segment attached in A with its own frames and arrows beside the tutorial’s', () => {
    // A attached segment 9 by id (another program's); B maps the tutorial's segment 5.
    const processes = {
      A: labColumn('A', facts('A', 0x7f0000000000, 9, ['0x90', '0x91'])),
      B: labColumn('B', facts('B', 0x7e0000000000, 5, ['0x50', null, '0x52'])),
    };
    const { segments, combined, columns, frames } = draw(processes, 5);
    expect(segments.map((segment) => segment.shmid)).toEqual([9, 5]);
    expect(segments[0]?.mapping.B).toBeNull();
    expect(combined.cellShmids).toEqual([9, 9, 5, 5, 5]);
    expect(combined.pages?.cells.map((cell) => cell.pfn)).toEqual([
      '0x90',
      '0x91',
      '0x50',
      null,
      '0x52',
    ]);
    // Each column marks its own segment's pages; A's arrows reach A's frames, B's reach B's.
    expect(columns.A.model?.current).not.toBeNull();
    expect(columns.A.model?.pageMarks.map((mark) => mark.pageIndex)).toEqual([0, 1]);
    const arrowsOf = (name: 'A' | 'B') =>
      frames.arrows.flatMap((arrow) =>
        arrow.process === name && !arrow.missing ? [arrow.frameIndex] : [],
      );
    expect(arrowsOf('A')).toEqual([0, 1]);
    expect(arrowsOf('B')).toEqual([2, 4]);
  });

  it('draws one segment mapped by both once, and the tutorial’s alone before any shmat', () => {
    const both = {
      A: labColumn('A', facts('A', 0x7f0000000000, 5, ['0x10'])),
      B: labColumn('B', facts('B', 0x7e0000000000, 5, ['0x10'])),
    };
    const { segments, combined } = draw(both, 5);
    expect(segments.map((segment) => segment.shmid)).toEqual([5]);
    expect(combined.pages?.cells).toHaveLength(1);
    const none = [labColumn('A', null), labColumn('B', null)];
    expect(
      diagramSegments({ tutorialShmid: 5, processes: none, maxDrawnPages: 16, maxTableRows: 64 }),
    ).toEqual([{ shmid: 5, mapping: { A: null, B: null }, pages: null }]);
    expect(
      diagramSegments({
        tutorialShmid: null,
        processes: none,
        maxDrawnPages: 16,
        maxTableRows: 64,
      }),
    ).toEqual([]);
  });

  it('waits for the Lab’s page size instead of assuming one', () => {
    const view = columnOrWait(
      { process: labColumn('A', null), column: layout.a, shmid: null, drawnPages: 0 },
      null,
    );
    expect(view.model).toBeNull();
    expect(view.placeholder).toEqual(['Waiting for the Lab’s', 'system facts…']);
  });
});
