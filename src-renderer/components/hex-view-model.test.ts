import { describe, expect, it } from 'vitest';
import type { ScrollGeometry } from './hex-view-model';
import {
  lastChangeAt,
  BYTES_PER_ROW,
  moveActiveOffset,
  pageRows,
  scrollTopToShowRow,
  toTypedView,
  typedColumn,
  typedViewLabel,
  visibleRowWindow,
} from './hex-view-model';

const geometry: ScrollGeometry = {
  scrollTop: 0,
  viewportHeight: 220,
  rowHeight: 20,
  headerHeight: 20,
};

describe('typed views', () => {
  it('label multi-byte views with their byte order', () => {
    expect(typedViewLabel('ascii')).toBe('ASCII');
    expect(typedViewLabel('u8')).toBe('u8');
    expect(typedViewLabel('i32')).toBe('i32 (LE)');
    expect(toTypedView('i32')).toBe('i32');
    expect(toTypedView('hex')).toBeNull();
  });
});

describe('typedColumn', () => {
  const memory = Uint8Array.from({ length: 20 }, (_, k) => k);
  memory.set([0x2a, 0, 0, 0, 0xff, 0xff, 0xff, 0xff], 0);
  memory.set([0x48, 0x69], 16);

  it('reads four little-endian i32 values per row', () => {
    expect(typedColumn(memory, { offset: 0, length: 16 }, 'i32')).toEqual([
      '42',
      '-1',
      String(8 | (9 << 8) | (10 << 16) | (11 << 24)),
      String(12 | (13 << 8) | (14 << 16) | (15 << 24)),
    ]);
  });

  it('reads one u8 per byte', () => {
    expect(typedColumn(memory, { offset: 0, length: 16 }, 'u8')).toHaveLength(16);
    expect(typedColumn(memory, { offset: 0, length: 16 }, 'u8')[4]).toBe('255');
  });

  it('shows text with unprintable bytes as dots', () => {
    expect(typedColumn(memory, { offset: 16, length: 4 }, 'ascii')).toEqual(['Hi..']);
  });

  it('drops an incomplete value at the end of a short row', () => {
    expect(typedColumn(memory, { offset: 16, length: 4 }, 'u16')).toEqual(['26952', '4882']);
    expect(typedColumn(memory, { offset: 16, length: 4 }, 'u64')).toEqual([]);
  });
});

describe('visibleRowWindow', () => {
  it('draws the rows in view plus overscan, within the segment', () => {
    expect(visibleRowWindow(geometry, 4096, 2)).toEqual({ first: 0, count: 14 });
    expect(visibleRowWindow({ ...geometry, scrollTop: 2020 }, 4096, 2)).toEqual({
      first: 98,
      count: 16,
    });
  });

  it('stops at the last row', () => {
    // Scrolled to the bottom: 20 px header + 4096 rows × 20 px - 220 px viewport.
    expect(visibleRowWindow({ ...geometry, scrollTop: 81_720 }, 4096, 2)).toEqual({
      first: 4083,
      count: 13,
    });
    expect(visibleRowWindow(geometry, 3, 2)).toEqual({ first: 0, count: 3 });
    expect(visibleRowWindow(geometry, 0)).toEqual({ first: 0, count: 0 });
  });
});

describe('moveActiveOffset', () => {
  // Rows are BYTES_PER_ROW = 8 bytes wide.
  const size = 100;
  it('moves by bytes and rows, staying inside the segment', () => {
    expect(BYTES_PER_ROW).toBe(8);
    expect(moveActiveOffset('ArrowRight', 15, size, 5, false)).toBe(16);
    expect(moveActiveOffset('ArrowLeft', 0, size, 5, false)).toBe(0);
    expect(moveActiveOffset('ArrowDown', 17, size, 5, false)).toBe(25);
    expect(moveActiveOffset('ArrowDown', 95, size, 5, false)).toBe(95);
    expect(moveActiveOffset('ArrowUp', 5, size, 5, false)).toBe(5);
    expect(moveActiveOffset('ArrowUp', 21, size, 5, false)).toBe(13);
  });

  it('pages and jumps to the ends', () => {
    expect(moveActiveOffset('PageDown', 3, size, 2, false)).toBe(19);
    expect(moveActiveOffset('PageDown', 90, size, 2, false)).toBe(99);
    expect(moveActiveOffset('PageUp', 35, size, 4, false)).toBe(3);
    expect(moveActiveOffset('Home', 37, size, 2, false)).toBe(32);
    expect(moveActiveOffset('End', 37, size, 2, false)).toBe(39);
    expect(moveActiveOffset('End', 97, size, 2, false)).toBe(99);
    expect(moveActiveOffset('Home', 37, size, 2, true)).toBe(0);
    expect(moveActiveOffset('End', 37, size, 2, true)).toBe(99);
  });

  it('ignores other keys and empty segments', () => {
    expect(moveActiveOffset('a', 3, size, 2, false)).toBeNull();
    expect(moveActiveOffset('ArrowDown', 0, 0, 2, false)).toBeNull();
  });
});

describe('scrolling the active row into view', () => {
  it('computes page size and the scroll that shows a row', () => {
    expect(pageRows(geometry)).toBe(9);
    expect(scrollTopToShowRow(3, geometry)).toBeNull();
    expect(scrollTopToShowRow(10, geometry)).toBe(20);
    expect(scrollTopToShowRow(2, { ...geometry, scrollTop: 400 })).toBe(40);
  });
});

describe('lastChangeAt', () => {
  it('finds the newest mark covering an offset', () => {
    const marks = [
      { offset: 0, length: 4, at: 10, by: 'other' as const },
      { offset: 2, length: 4, at: 20, by: 'self' as const },
    ];
    expect(lastChangeAt(marks, 1)).toBe(10);
    expect(lastChangeAt(marks, 3)).toBe(20);
    expect(lastChangeAt(marks, 6)).toBeNull();
  });
});
