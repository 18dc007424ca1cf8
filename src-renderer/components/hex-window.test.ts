import { describe, expect, it } from 'vitest';
import { MAX_VIEW_WINDOW } from '../../src-main/common/schemas';
import { CHANGE_HIGHLIGHT_MS } from '../store/memory';
import { rowBytes, rowFlashes, wantedWindow, windowHolds } from './hex-window';

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

describe('rowFlashes', () => {
  it('gives each byte its newest live mark', () => {
    const marks = [
      { offset: 6, length: 4, at: 10, by: 'other' as const },
      { offset: 9, length: 1, at: 20, by: 'self' as const },
      { offset: 0, length: 8, at: 10 - CHANGE_HIGHLIGHT_MS, by: 'other' as const },
    ];
    const row = rowFlashes(marks, 30, 8, 8);
    expect(row.slice(0, 3)).toEqual([{ by: 'other', at: 10 }, { by: 'self', at: 20 }, null]);
    // Expired everywhere: no flash left.
    expect(rowFlashes(marks, 20 + CHANGE_HIGHLIGHT_MS, 8, 8)).toEqual(Array(8).fill(null));
  });

  it('flashes a mark newer than the clock (one that came after its last tick)', () => {
    const marks = [{ offset: 3, length: 1, at: 5_000, by: 'other' as const }];
    expect(rowFlashes(marks, 1_000, 0, 8)[3]).toEqual({ by: 'other', at: 5_000 });
  });

  it('gives every row without a live mark the same answer, without building one', () => {
    const marks = [{ offset: 6, length: 4, at: 10, by: 'other' as const }];
    const quiet = rowFlashes(marks, 30, 64, 8);
    expect(quiet).toEqual(Array(8).fill(null));
    expect(rowFlashes(marks, 30, 128, 8)).toBe(quiet);
    expect(rowFlashes([], 30, 0, 8)).toBe(quiet);
    // A mark that touches the row still gets a row of its own.
    expect(rowFlashes(marks, 30, 0, 8)).not.toBe(quiet);
  });
});
