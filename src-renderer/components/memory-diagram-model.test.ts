import { describe, expect, it } from 'vitest';
import type { SystemInfo } from '../../src-main/common/api';
import { facts, labColumn } from './diagram-fixtures.test-support';
import { layoutMemoryDiagram } from '../geometry/memory-diagram-layout';
import {
  columnView,
  factsMapping,
  frameColumnView,
  pfnHiddenReason,
  processSummary,
} from './memory-diagram-model';
import { joinSegmentPages } from './segment-pages';

const A = facts('A', 0x7f0000000000, 5, ['0x10', null, '0x12']);
const B = facts('B', 0x7e0000000000, 5, ['0x10', null, '0x12']);
const processes = { A: labColumn('A', A), B: labColumn('B', B) };

describe('factsMapping', () => {
  it('ignores the facts of a process that has exited', () => {
    const exited = labColumn('B', B, 'exited');
    expect(factsMapping(exited, 5)).toBeNull();
    expect(factsMapping(processes.A, 5)).toBe(A);
    expect(factsMapping(processes.A, 6)).toBeNull();
    expect(processSummary(exited)).toEqual({
      name: 'process B',
      short: 'B',
      aside: undefined,
      running: false,
      mappedShmid: null,
      base: null,
    });
    expect(processSummary(processes.A)).toMatchObject({
      running: true,
      mappedShmid: 5,
      base: 0x7f0000000000n,
    });
  });
});

describe('frameColumnView', () => {
  const layout = layoutMemoryDiagram(1200);
  const pages = joinSegmentPages({
    pageCount: 3,
    pages: { A: A.pages, B: B.pages },
    maxDrawn: 16,
    maxRows: 64,
  });
  const common = { shmid: 5, drawnPages: 3, pageSize: 4096 };
  const columns = [
    {
      id: 'A',
      column: layout.a,
      view: columnView({ ...common, column: layout.a, process: processes.A }),
    },
    {
      id: 'B',
      column: layout.b,
      view: columnView({ ...common, column: layout.b, process: processes.B }),
    },
  ];

  it('draws one cell per frame and points both processes’ present pages at it', () => {
    const view = frameColumnView(layout, pages, columns);
    expect(view.frames.frames).toHaveLength(3);
    const arrows = view.arrows.filter((item) => !item.missing);
    expect(arrows.map((arrow) => [arrow.key, arrow.frameIndex])).toEqual([
      ['A:page:0', 0],
      ['A:page:2', 2],
      ['B:page:0', 0],
      ['B:page:2', 2],
    ]);
    const missing = view.arrows.filter((item) => item.missing);
    expect(missing.map((item) => [item.key, item.missing && item.reason])).toEqual([
      ['A:page:1', 'not-present'],
      ['B:page:1', 'not-present'],
    ]);
  });

  it('leaves A’s arrows at its inner edge and B’s at its own, towards the frames', () => {
    const view = frameColumnView(layout, pages, columns);
    for (const arrow of view.arrows) {
      if (arrow.missing) continue;
      const edge = arrow.process === 'A' ? layout.a.innerX : layout.b.innerX;
      expect(arrow.from.x).toBe(edge);
      expect(arrow.to.x).toBeGreaterThan(layout.a.innerX);
      expect(arrow.to.x).toBeLessThan(layout.b.innerX);
    }
  });

  it('shows the placeholder lines of a process that is not running', () => {
    const column = columnView({
      ...common,
      column: layout.b,
      process: labColumn('B', B, 'exited'),
    });
    expect(column.model).toBeNull();
    expect(column.placeholder).toEqual(['Process B is not running', '(killed by SIGKILL)']);
  });
});

describe('pfnHiddenReason', () => {
  const system = { pfnVisible: true, pfnHiddenReason: null } as SystemInfo;
  const visible = joinSegmentPages({
    pageCount: 1,
    pages: { A: A.pages.slice(0, 1), B: null },
    maxDrawn: 16,
    maxRows: 64,
  });
  const hiddenPages = joinSegmentPages({
    pageCount: 1,
    pages: { A: [{ address: '0x1000', present: true, swapped: false, pfn: null }], B: null },
    maxDrawn: 16,
    maxRows: 64,
  });

  it('is null while frame numbers are shown', () => {
    expect(pfnHiddenReason(system, visible, { A, B: null })).toBeNull();
  });

  it('prefers the process’s own reason, then the system’s', () => {
    const withReason = { ...A, pfnHiddenReason: 'needs CAP_SYS_ADMIN' };
    expect(pfnHiddenReason(system, hiddenPages, { A: withReason, B: null })).toBe(
      'needs CAP_SYS_ADMIN',
    );
    const hiddenSystem = { pfnVisible: false, pfnHiddenReason: 'system says no' } as SystemInfo;
    expect(pfnHiddenReason(hiddenSystem, visible, { A, B: null })).toBe('system says no');
  });
});
