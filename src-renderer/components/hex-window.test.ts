import { describe, expect, it } from 'vitest';
import { MAX_VIEW_WINDOW } from '../../src-main/common/schemas';
import { CHANGE_HIGHLIGHT_MS } from '../store/memory';
import { flashesByRow, quietRow, rowBytes, wantedWindow, windowHolds } from './hex-window';

const PAGE = 4096; // any page size works here; the maths takes it as a parameter

describe('wantedWindow', () => {
  it('covers the rows on screen in whole pages, one more page on each side', () => {
    expect(wantedWindow(5 * PAGE + 100, 5 * PAGE + 300, 64 * PAGE, PAGE)).toEqual({
      offset: 4 * PAGE,
      length: 3 * PAGE,
    });
  });

  it('is clipped to the segment', () => {
    expect(wantedWindow(0, 200, 1000, PAGE)).toEqual({ offset: 0, length: 1000 });
    expect(wantedWindow(9 * PAGE, 10 * PAGE, 10 * PAGE, PAGE)).toEqual({
      offset: 8 * PAGE,
      length: 2 * PAGE,
    });
  });

  it('never asks for more than the limit, centred on the screen', () => {
    const big = 1 << 30;
    const huge = 64 * 1024; // pages as large as the limit
    const wanted = wantedWindow(10 * huge, 10 * huge + 500, big, huge);
    expect(wanted.length).toBe(MAX_VIEW_WINDOW);
    expect(windowHolds(wanted, 10 * huge, 10 * huge + 500)).toBe(true);
  });
});

describe('windowHolds and rowBytes', () => {
  const memory = Uint8Array.from({ length: 16 }, (_, k) => k + 1); // bytes 32..47

  it('tell whether a row is in the window, and give its bytes', () => {
    expect(windowHolds({ offset: 32, length: 16 }, 32, 48)).toBe(true);
    expect(windowHolds({ offset: 32, length: 16 }, 40, 56)).toBe(false);
    expect([...rowBytes(memory, 32, 40, 8)!]).toEqual([9, 10, 11, 12, 13, 14, 15, 16]);
    expect(rowBytes(memory, 32, 24, 8)).toBeNull();
    expect(rowBytes(memory, 32, 44, 8)).toBeNull();
  });
});

describe('flashesByRow', () => {
  /** Rows of 8 bytes at these offsets; the last one is short, as a segment's last row may be. */
  const rows = new Map([
    [0, { length: 8 }],
    [8, { length: 8 }],
    [16, { length: 8 }],
    [24, { length: 3 }],
  ]);

  it('gives each byte its newest live mark, and leaves out rows without one', () => {
    const marks = [
      { offset: 6, length: 4, at: 10, by: 'other' as const },
      { offset: 9, length: 1, at: 20, by: 'self' as const },
      { offset: 0, length: 8, at: 10 - CHANGE_HIGHLIGHT_MS, by: 'other' as const },
    ];
    const lit = flashesByRow(marks, 30, rows, 8);
    expect([...lit.keys()]).toEqual([0, 8]);
    const mark = { by: 'other', at: 10 };
    expect(lit.get(0)).toEqual([null, null, null, null, null, null, mark, mark]);
    expect(lit.get(8)!.slice(0, 3)).toEqual([mark, { by: 'self', at: 20 }, null]);
    // Expired everywhere: no flash left.
    expect(flashesByRow(marks, 20 + CHANGE_HIGHLIGHT_MS, rows, 8).size).toBe(0);
  });

  it('flashes a mark newer than the clock (one that came after its last tick)', () => {
    const marks = [{ offset: 3, length: 1, at: 5_000, by: 'other' as const }];
    expect(flashesByRow(marks, 1_000, rows, 8).get(0)![3]).toEqual({ by: 'other', at: 5_000 });
  });

  it('covers only the rows given, up to a short last row', () => {
    const marks = [{ offset: 4, length: 1000, at: 10, by: 'other' as const }];
    const lit = flashesByRow(
      marks,
      30,
      new Map([
        [16, { length: 8 }],
        [24, { length: 3 }],
      ]),
      8,
    );
    expect([...lit.keys()]).toEqual([16, 24]);
    expect(lit.get(24)).toHaveLength(3);
    expect(flashesByRow(marks, 30, new Map(), 8).size).toBe(0);
  });
});

describe('quietRow', () => {
  it('is one shared row of nulls per length', () => {
    expect(quietRow(8)).toEqual(Array(8).fill(null));
    expect(quietRow(8)).toBe(quietRow(8));
    expect(quietRow(3)).toHaveLength(3);
  });
});
