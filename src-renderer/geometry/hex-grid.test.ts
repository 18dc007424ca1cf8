import { describe, expect, it } from 'vitest';
import { byteCellIndex, changedCells, hexRowCount, hexRows } from './hex-grid';

describe('hexRowCount', () => {
  it('rounds a short last row up', () => {
    expect(hexRowCount(4096, 16)).toBe(256);
    expect(hexRowCount(100, 16)).toBe(7);
    expect(hexRowCount(0, 16)).toBe(0);
  });

  it('rejects a zero row width', () => {
    expect(() => hexRowCount(16, 0)).toThrow(RangeError);
  });
});

describe('hexRows', () => {
  it('lists every row of a small segment, the last one short', () => {
    expect(hexRows(40, 16)).toEqual([
      { offset: 0, length: 16 },
      { offset: 16, length: 16 },
      { offset: 32, length: 8 },
    ]);
  });

  it('starts at the row holding startOffset and stops after visibleRows', () => {
    expect(hexRows(4096, 16, 37, 3)).toEqual([
      { offset: 32, length: 16 },
      { offset: 48, length: 16 },
      { offset: 64, length: 16 },
    ]);
  });

  it('never runs past the end of the segment', () => {
    expect(hexRows(4096, 16, 4080, 10)).toEqual([{ offset: 4080, length: 16 }]);
    expect(hexRows(4095, 16, 4080, 10)).toEqual([{ offset: 4080, length: 15 }]);
  });

  it('gives no rows for an empty segment, a start past the end or zero visible rows', () => {
    expect(hexRows(0, 16)).toEqual([]);
    expect(hexRows(64, 16, 64)).toEqual([]);
    expect(hexRows(64, 16, 0, 0)).toEqual([]);
  });

  it('rejects bad arguments', () => {
    expect(() => hexRows(-1, 16)).toThrow(RangeError);
    expect(() => hexRows(64, 16, -1)).toThrow(RangeError);
    expect(() => hexRows(64, 16, 0, 1.5)).toThrow(RangeError);
    expect(() => hexRows(64, 0)).toThrow(RangeError);
  });
});

describe('byteCellIndex', () => {
  it('finds the row and column of a byte', () => {
    expect(byteCellIndex(0, 16)).toEqual({ row: 0, column: 0 });
    expect(byteCellIndex(15, 16)).toEqual({ row: 0, column: 15 });
    expect(byteCellIndex(16, 16)).toEqual({ row: 1, column: 0 });
    expect(byteCellIndex(4095, 32)).toEqual({ row: 127, column: 31 });
  });

  it('rejects negative offsets', () => {
    expect(() => byteCellIndex(-1, 16)).toThrow(RangeError);
  });
});

describe('changedCells', () => {
  it('reports exactly the offsets whose byte changed', () => {
    const previous = Uint8Array.from([0, 1, 2, 3, 4, 5]);
    const next = Uint8Array.from([0, 9, 2, 3, 7, 5]);
    expect([...changedCells(previous, next)]).toEqual([1, 4]);
  });

  it('reports nothing for equal contents', () => {
    expect(changedCells(Uint8Array.from([1, 2]), Uint8Array.from([1, 2])).size).toBe(0);
  });

  it('counts bytes that only the new read has as changed, and ignores vanished ones', () => {
    expect([...changedCells(Uint8Array.from([1]), Uint8Array.from([1, 0, 0]))]).toEqual([1, 2]);
    expect([...changedCells(Uint8Array.from([1, 2, 3]), Uint8Array.from([5]))]).toEqual([0]);
  });
});
