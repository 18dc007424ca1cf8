import { describe, expect, it } from 'vitest';
import type { PageEntry } from '../../src-main/common/api';
import { joinSegmentPages } from './segment-pages';

const page = (address: string, pfn: string | null, present = pfn !== null): PageEntry => ({
  address,
  present,
  swapped: false,
  pfn,
});

const A_BASE = ['0x7f0000000000', '0x7f0000001000', '0x7f0000002000'];
const B_BASE = ['0x7e0000000000', '0x7e0000001000', '0x7e0000002000'];

describe('joinSegmentPages', () => {
  it('draws one cell per PFN that A and B share, with both processes on it', () => {
    const joined = joinSegmentPages({
      pageCount: 3,
      pages: {
        A: [page(A_BASE[0]!, '0x1234'), page(A_BASE[1]!, '0x9a'), page(A_BASE[2]!, null)],
        B: [page(B_BASE[0]!, '0x1234'), page(B_BASE[1]!, '0x9a'), page(B_BASE[2]!, null)],
      },
      maxDrawn: 16,
      maxRows: 64,
    });
    expect(joined.cells.map((cell) => [cell.key, cell.kind, cell.processes])).toEqual([
      ['pfn:0x1234', 'pfn', ['A', 'B']],
      ['pfn:0x9a', 'pfn', ['A', 'B']],
      ['none:2', 'absent', []],
    ]);
    expect(joined.cellOfPage).toEqual({ A: [0, 1, null], B: [0, 1, null] });
    expect(joined.pagesWithFrame).toBe(2);
    expect(joined.sharedPfnPages).toBe(2);
    expect(joined.pfns).toEqual(['0x1234', '0x9a']);
    expect(joined.pfnHidden).toBe(false);
    expect(joined.rows.map((row) => row.frameText)).toEqual(['0x1234', '0x9a', 'none yet']);
  });

  it('shows a disagreement between the pagemaps as two cells, never one', () => {
    const joined = joinSegmentPages({
      pageCount: 1,
      pages: { A: [page(A_BASE[0]!, '0x1')], B: [page(B_BASE[0]!, '0x2')] },
      maxDrawn: 16,
      maxRows: 64,
    });
    expect(joined.cells.map((cell) => cell.key)).toEqual(['pfn:0x1', 'pfn:0x2']);
    expect(joined.cellOfPage).toEqual({ A: [0], B: [1] });
    expect(joined.sharedPfnPages).toBe(0);
    expect(joined.rows[0]?.frameText).toBe('A 0x1, B 0x2');
  });

  it('uses the page identity when present pages come without PFNs', () => {
    const joined = joinSegmentPages({
      pageCount: 2,
      pages: {
        A: [page(A_BASE[0]!, null, true), page(A_BASE[1]!, null, false)],
        B: [page(B_BASE[0]!, null, true), page(B_BASE[1]!, null, true)],
      },
      maxDrawn: 16,
      maxRows: 64,
    });
    expect(joined.pfnHidden).toBe(true);
    expect(joined.cells.map((cell) => [cell.key, cell.kind, cell.processes])).toEqual([
      ['page:0', 'identity', ['A', 'B']],
      ['page:1', 'identity', ['B']],
    ]);
    expect(joined.cellOfPage).toEqual({ A: [0, null], B: [0, 1] });
    expect(joined.rows.map((row) => row.frameText)).toEqual(['hidden', 'A none yet, B hidden']);
  });

  it('joins only the process that maps the segment', () => {
    const joined = joinSegmentPages({
      pageCount: 1,
      pages: { A: [page(A_BASE[0]!, '0x5')], B: null },
      maxDrawn: 16,
      maxRows: 64,
    });
    expect(joined.cellOfPage).toEqual({ A: [0], B: [null] });
    expect(joined.rows[0]?.sides.B).toBeNull();
    expect(joined.rows[0]?.frameText).toBe('0x5');
  });

  it('caps the drawn pages and the rows, but counts every page', () => {
    const many = Array.from({ length: 40 }, (_, index) =>
      page(`0x${(0x7f0000000000 + index * 4096).toString(16)}`, `0x${(100 + index).toString(16)}`),
    );
    const joined = joinSegmentPages({
      pageCount: 40,
      pages: { A: many, B: null },
      maxDrawn: 16,
      maxRows: 32,
    });
    expect(joined.drawnPages).toBe(16);
    expect(joined.cells).toHaveLength(16);
    expect(joined.cellOfPage.A).toHaveLength(16);
    expect(joined.rows).toHaveLength(32);
    expect(joined.pagesWithFrame).toBe(40);
    expect(joined.pfns).toHaveLength(40);
  });

  it('never takes a PFN from a page that is not present', () => {
    const joined = joinSegmentPages({
      pageCount: 1,
      pages: { A: [page(A_BASE[0]!, '0x77', false)], B: null },
      maxDrawn: 16,
      maxRows: 64,
    });
    expect(joined.cells[0]?.kind).toBe('absent');
    expect(joined.rows[0]?.sides.A?.pfn).toBeNull();
    expect(joined.pfns).toEqual([]);
  });
});

describe('joinSegmentPages with the program’s processes', () => {
  it('puts every process that reports a PFN on its one cell, and names them in the text', () => {
    const joined = joinSegmentPages({
      pageCount: 2,
      pages: {
        A: [page(A_BASE[0]!, '0x10'), page(A_BASE[1]!, null)],
        B: null,
        p4242: [page('0x7f5000000000', '0x10'), page('0x7f5000001000', '0x11')],
        p4243: [page('0x7f5000000000', '0x10'), page('0x7f5000001000', null)],
      },
      maxDrawn: 16,
      maxRows: 64,
      labels: { p4242: 'pid 4242', p4243: 'pid 4243' },
    });
    expect(joined.cells.map((cell) => [cell.key, cell.processes])).toEqual([
      ['pfn:0x10', ['A', 'p4242', 'p4243']],
      ['pfn:0x11', ['p4242']],
    ]);
    expect(joined.cellOfPage).toEqual({
      A: [0, null],
      B: [null, null],
      p4242: [0, 1],
      p4243: [0, null],
    });
    expect(joined.sharedPfnPages).toBe(1);
    expect(joined.sharers).toEqual(['A', 'p4242', 'p4243']);
    expect(joined.rows.map((row) => row.frameText)).toEqual([
      '0x10',
      'A none yet, pid 4242 0x11, pid 4243 none yet',
    ]);
  });

  it('of a segment larger than the pages read, counts and lists only those read', () => {
    const read = (base: number) =>
      Array.from({ length: 64 }, (_, index) =>
        page(`0x${(base + index * 4096).toString(16)}`, index === 63 ? '0x77' : null),
      );
    const joined = joinSegmentPages({
      pageCount: 262_144, // 1 GiB; the facts carry the first 64 pages' entries
      pages: { A: read(0x7f0000000000), B: read(0x7e0000000000) },
      maxDrawn: 16,
      maxRows: 100,
    });
    expect(joined.pageCount).toBe(262_144);
    expect(joined.pagesRead).toBe(64);
    expect(joined.rows).toHaveLength(64); // never a row for a page nobody read
    expect(joined.pagesWithFrame).toBe(1);
    expect(joined.drawnPages).toBe(16);
  });
});
