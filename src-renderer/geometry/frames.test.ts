import { describe, expect, it } from 'vitest';
import { frameCenter, layoutFrames } from './frames';

describe('layoutFrames', () => {
  it('fills rows left to right with equal cells', () => {
    const layout = layoutFrames(5, {
      x: 10,
      y: 20,
      width: 100,
      columns: 2,
      cellHeight: 30,
      gap: 4,
    });
    expect(layout.columns).toBe(2);
    expect(layout.rows).toBe(3);
    expect(layout.cellWidth).toBe(48);
    expect(layout.height).toBe(98); // 3 × 30 + 2 × 4
    expect(layout.frames).toEqual([
      { index: 0, x: 10, y: 20, width: 48, height: 30 },
      { index: 1, x: 62, y: 20, width: 48, height: 30 },
      { index: 2, x: 10, y: 54, width: 48, height: 30 },
      { index: 3, x: 62, y: 54, width: 48, height: 30 },
      { index: 4, x: 10, y: 88, width: 48, height: 30 },
    ]);
  });

  it('defaults to one row of up to 8 columns', () => {
    const small = layoutFrames(3, { x: 0, y: 0, width: 320, cellHeight: 20, gap: 10 });
    expect(small.columns).toBe(3);
    expect(small.rows).toBe(1);
    expect(small.cellWidth).toBe(100);
    const large = layoutFrames(20, { x: 0, y: 0, width: 800, cellHeight: 20, gap: 0 });
    expect(large.columns).toBe(8);
    expect(large.rows).toBe(3);
    expect(large.frames[19]).toEqual({ index: 19, x: 300, y: 40, width: 100, height: 20 });
  });

  it('can put frame 0 on the bottom row', () => {
    const layout = layoutFrames(3, {
      x: 0,
      y: 0,
      width: 20,
      columns: 2,
      cellHeight: 10,
      gap: 0,
      firstFrameAt: 'bottom',
    });
    expect(layout.frames.map((frame) => [frame.index, frame.x, frame.y])).toEqual([
      [0, 0, 10],
      [1, 10, 10],
      [2, 0, 0],
    ]);
  });

  it('gives an empty block for no frames', () => {
    const layout = layoutFrames(0, { x: 5, y: 5, width: 100, cellHeight: 20, gap: 4 });
    expect(layout.frames).toEqual([]);
    expect(layout.rows).toBe(0);
    expect(layout.height).toBe(0);
  });

  it('rejects impossible grids', () => {
    const base = { x: 0, y: 0, width: 100, cellHeight: 10, gap: 4 };
    expect(() => layoutFrames(-1, base)).toThrow(RangeError);
    expect(() => layoutFrames(2.5, base)).toThrow(RangeError);
    expect(() => layoutFrames(4, { ...base, columns: 0 })).toThrow(RangeError);
    expect(() => layoutFrames(4, { ...base, width: 12, columns: 4 })).toThrow(RangeError);
    expect(() => layoutFrames(4, { ...base, gap: -1 })).toThrow(RangeError);
  });
});

describe('frameCenter', () => {
  const layout = layoutFrames(3, { x: 10, y: 20, width: 100, columns: 2, cellHeight: 30, gap: 4 });

  it('returns the middle of the cell', () => {
    expect(frameCenter(layout, 0)).toEqual({ x: 34, y: 35 });
    expect(frameCenter(layout, 2)).toEqual({ x: 34, y: 69 });
  });

  it('returns null for a frame the layout does not have', () => {
    expect(frameCenter(layout, 3)).toBeNull();
    expect(frameCenter(layout, -1)).toBeNull();
  });
});
