import { describe, expect, it } from 'vitest';
import type { ProcessFacts, ProgramProcessFacts, SystemInfo } from '../../src-main/common/api';
import { facts, labColumn } from './diagram-fixtures.test-support';
import {
  CHILD_PID,
  FORK_BASE,
  FORK_SHMID,
  PARENT_PID,
  childFactsAtFork,
  childFactsTouched,
  childProcess,
  parentFacts,
  parentProcess,
} from './diagram-fork-fixture.test-support';
import { programProcesses } from './diagram-processes';
import { diagramView } from './diagram-view';

const system = { pageSize: 4096, pfnVisible: true, pfnHiddenReason: null } as SystemInfo;
// A and B map the program's segment too (the Lab passes it as SHMLAB_SHMID), at their own
// addresses, with the frames the program's pagemap gave.
const A = labColumn('A', facts('A', 0x7e1000000000, FORK_SHMID, ['0x195cb0', null, '0x1574dc']));
const B = labColumn('B', facts('B', 0x7e2000000000, FORK_SHMID, ['0x195cb0', null, '0x1574dc']));
const P = `p${PARENT_PID}`;
const C = `p${CHILD_PID}`;

function view(child: ProgramProcessFacts, width: number) {
  const program = programProcesses(
    [parentProcess, childProcess],
    { [PARENT_PID]: parentFacts, [CHILD_PID]: child },
    4,
  );
  return diagramView({
    system,
    tutorialShmid: FORK_SHMID,
    processes: [A, B, ...program.processes],
    width,
    maxDrawnPages: 16,
    maxTableRows: 64,
  });
}

const arrowTo = (diagram: ReturnType<typeof view>, process: string, page: number) =>
  diagram.frameColumn.arrows.find((item) => item.key === `${process}:page:${page}`);

describe('diagramView with a program and its forked child', () => {
  // The lab area's width at 1280×800 and at 1600×900.
  for (const width of [872, 1096]) {
    it(`draws four columns that stay in their places at ${width} px`, () => {
      const diagram = view(childFactsTouched, width);
      const { layout, columns } = diagram;
      expect(columns.map((column) => [column.id, column.tone, column.column.side])).toEqual([
        ['A', 'a', 'left'],
        ['B', 'b', 'right'],
        [P, 'program', 'left'],
        [C, 'forked', 'right'],
      ]);
      for (const { column, view: drawn } of columns) {
        expect(drawn.model).not.toBeNull();
        for (const region of drawn.model?.regions ?? []) {
          expect(region.y).toBeGreaterThanOrEqual(column.top - 0.01);
          expect(region.y + region.height).toBeLessThanOrEqual(column.bottom + 0.01);
        }
        // The header that fits, and the note in at most two lines.
        expect(drawn.header.length * 7.6).toBeLessThanOrEqual(column.headerWidth);
        expect(drawn.note.length).toBeLessThanOrEqual(2);
        expect(column.labelX - column.labelWidth).toBeGreaterThanOrEqual(0);
        expect(column.labelX + column.labelWidth).toBeLessThanOrEqual(layout.width);
      }
      const child = columns[3]?.view;
      // The parent's pid is in the header where it fits, and always in the note.
      expect(child?.header).toBe(
        width > 1000
          ? `Forked child of ${PARENT_PID} · pid ${CHILD_PID}`
          : `Forked child · pid ${CHILD_PID}`,
      );
      expect(child?.note.join(' ')).toBe(
        `same address as pid ${PARENT_PID}: inherited across fork`,
      );
    });
  }

  it('points the parent’s and the child’s page 0 at the same frame as A’s and B’s', () => {
    const diagram = view(childFactsTouched, 872);
    const cells = diagram.combined.pages?.cells ?? [];
    expect(cells.map((cell) => [cell.pfn, cell.processes])).toEqual([
      ['0x195cb0', ['A', 'B', P, C]],
      [null, []],
      ['0x1574dc', ['A', 'B', P]],
    ]);
    const frameOf = (process: string, page: number) => {
      const item = arrowTo(diagram, process, page);
      return item !== undefined && !item.missing ? item.frameIndex : null;
    };
    expect(frameOf(P, 0)).toBe(0);
    expect(frameOf(C, 0)).toBe(0);
    expect(frameOf('A', 0)).toBe(0);
    // Page 2: the parent touched it, the child did not; the child has no frame for it yet.
    expect(frameOf(P, 2)).toBe(2);
    expect(arrowTo(diagram, C, 2)).toMatchObject({ missing: true, reason: 'not-present' });
    // Arrows leave each column's inner edge towards the frames.
    const [, , program, child] = diagram.columns;
    expect(arrowTo(diagram, P, 0)).toMatchObject({ from: { x: program?.column.innerX } });
    expect(arrowTo(diagram, C, 0)).toMatchObject({ from: { x: child?.column.innerX } });
    expect(diagram.summary).toContain(
      `forked child of ${PARENT_PID} (pid ${CHILD_PID}) maps shmid ${FORK_SHMID} at ${FORK_BASE} ` +
        `(the same address as pid ${PARENT_PID}: inherited across fork)`,
    );
    expect(diagram.summary).toContain(
      `A, B, pid ${PARENT_PID} and pid ${CHILD_PID} map the same frame for 2 pages`,
    );
  });

  it('shows the child’s pages without a frame right after fork, at the same address', () => {
    const diagram = view(childFactsAtFork, 872);
    for (const page of [0, 1, 2]) {
      expect(arrowTo(diagram, C, page)).toMatchObject({ missing: true, reason: 'not-present' });
    }
    const child = diagram.columns[3]?.view.model;
    expect(child?.pageMarks.map((mark) => mark.present)).toEqual([false, false, false]);
    // Its rows in the pages table: the parent's address, nothing present.
    const table = diagram.segments[0]?.pages?.rows ?? [];
    expect(table[0]?.sides[C]).toMatchObject({ address: FORK_BASE, present: false });
    expect(table[0]?.sides[P]).toMatchObject({ address: FORK_BASE, pfn: '0x195cb0' });
    expect(table[0]?.frameText).toBe(
      `A 0x195cb0, B 0x195cb0, pid ${PARENT_PID} 0x195cb0, pid ${CHILD_PID} none yet`,
    );
  });

  it('without frame numbers, points every process’s present page at the page’s identity', () => {
    // What a user without CAP_SYS_ADMIN gets: present pages, no PFN.
    const hide = <T extends ProgramProcessFacts | ProcessFacts>(facts: T): T => ({
      ...facts,
      pages: facts.pages.map((page) => ({ ...page, pfn: null })),
      pfnHiddenReason: 'the kernel hides page frame numbers from processes without CAP_SYS_ADMIN',
    });
    const hiddenLab = (name: 'A' | 'B', base: number) => {
      const own = facts(name, base, FORK_SHMID, ['0x195cb0', null, '0x1574dc']);
      return labColumn(name, hide(own));
    };
    const program = programProcesses(
      [parentProcess, childProcess],
      { [PARENT_PID]: hide(parentFacts), [CHILD_PID]: hide(childFactsTouched) },
      4,
    );
    const diagram = diagramView({
      system: { ...system, pfnVisible: false },
      tutorialShmid: FORK_SHMID,
      processes: [
        hiddenLab('A', 0x7e1000000000),
        hiddenLab('B', 0x7e2000000000),
        ...program.processes,
      ],
      width: 872,
      maxDrawnPages: 16,
      maxTableRows: 64,
    });
    const cells = diagram.combined.pages?.cells ?? [];
    expect(cells.map((cell) => [cell.kind, cell.processes])).toEqual([
      ['identity', ['A', 'B', P, C]],
      ['absent', []],
      ['identity', ['A', 'B', P]],
    ]);
    // The child's page 0 arrow meets A's, B's and the program's on the one identity cell.
    const to = (process: string) => arrowTo(diagram, process, 0);
    expect(to(C)).toMatchObject({ missing: false, frameIndex: 0 });
    expect(to('A')).toMatchObject({ missing: false, frameIndex: 0 });
    expect(diagram.summary).toContain('the kernel hides the frame numbers');
  });

  it('draws A and B alone, as before, when no program runs', () => {
    const diagram = diagramView({
      system,
      tutorialShmid: FORK_SHMID,
      processes: [A, B],
      width: 872,
      maxDrawnPages: 16,
      maxTableRows: 64,
    });
    expect(diagram.layout.extra).toEqual([]);
    expect(diagram.columns.map((column) => column.id)).toEqual(['A', 'B']);
    expect(diagram.summary).toContain('A and B map the same frame for 2 pages');
  });
});
