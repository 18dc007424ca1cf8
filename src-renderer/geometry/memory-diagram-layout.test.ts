import { describe, expect, it } from 'vitest';
import {
  DIAGRAM_HEIGHT,
  ROW_BAND_PX,
  MIN_DIAGRAM_WIDTH,
  layoutMemoryDiagram,
  placeFrameColumn,
  shmRegionMinPx,
} from './memory-diagram-layout';

describe('layoutMemoryDiagram', () => {
  const layout = layoutMemoryDiagram(1200);

  it('puts A on the left and B on the right, mirrored about the centre', () => {
    expect(layout.width).toBe(1200);
    expect(layout.height).toBe(DIAGRAM_HEIGHT);
    expect(layout.a.labelWidth).toBe(204); // 17 % of 1200
    expect(layout.a.width).toBe(102); // 8.5 % of 1200
    expect(layout.a.x).toBe(8 + 204 + 6);
    expect(layout.a.innerX).toBe(layout.a.x + layout.a.width);
    expect(layout.b.innerX).toBe(layout.b.x);
    expect(layout.a.innerX + layout.b.innerX).toBe(1200);
    expect(layout.a.headerX + layout.b.headerX).toBe(1200);
  });

  it('anchors labels on the outer side of each strip', () => {
    expect(layout.a.labelAnchor).toBe('end');
    expect(layout.a.labelX).toBeLessThan(layout.a.x);
    expect(layout.b.labelAnchor).toBe('start');
    expect(layout.b.labelX).toBeGreaterThan(layout.b.x + layout.b.width);
    expect(layout.b.labelX + layout.b.labelWidth).toBeLessThanOrEqual(1200);
  });

  it('centres the frames between the strips, clear of both', () => {
    const { frames } = layout;
    expect(frames.x + frames.width / 2).toBe(600);
    expect(frames.x).toBeGreaterThan(layout.a.innerX + 100);
    expect(frames.x + frames.width).toBeLessThan(layout.b.innerX - 100);
  });

  it('never lays out narrower than the minimum width', () => {
    expect(layoutMemoryDiagram(0).width).toBe(MIN_DIAGRAM_WIDTH);
    expect(layoutMemoryDiagram(300).a.labelWidth).toBe(120);
  });

  it('refuses a width or height that cannot be drawn', () => {
    expect(() => layoutMemoryDiagram(Number.NaN)).toThrow(RangeError);
    expect(() => layoutMemoryDiagram(800, { height: 10 })).toThrow(RangeError);
    expect(() => layoutMemoryDiagram(800, { extraColumns: 5 })).toThrow(RangeError);
    expect(() => layoutMemoryDiagram(800, { extraColumns: 1.5 })).toThrow(RangeError);
  });
});

describe('placeFrameColumn', () => {
  const band = { top: 30, bottom: 330, maxCellHeight: 28, gap: 4 };

  it('uses the full cell height when it fits and centres on the target', () => {
    const placed = placeFrameColumn(3, { ...band, targetY: 150 });
    expect(placed.cellHeight).toBe(28);
    // 3 × 28 + 2 × 4 = 92 tall, centred on 150.
    expect(placed.y).toBe(104);
  });

  it('shrinks cells to fit the band', () => {
    const placed = placeFrameColumn(16, { ...band, targetY: null });
    expect(placed.cellHeight).toBeCloseTo((300 - 15 * 4) / 16);
    expect(placed.y).toBeCloseTo(30);
  });

  it('keeps the column inside the band near its edges', () => {
    expect(placeFrameColumn(3, { ...band, targetY: 0 }).y).toBe(30);
    expect(placeFrameColumn(3, { ...band, targetY: 1000 }).y).toBe(330 - 92);
  });

  it('refuses bad counts and bands too short for the gaps', () => {
    expect(() => placeFrameColumn(-1, { ...band, targetY: null })).toThrow(RangeError);
    expect(() => placeFrameColumn(200, { ...band, targetY: null })).toThrow(RangeError);
  });
});

describe('shmRegionMinPx', () => {
  it('gives each drawn page room, within bounds', () => {
    expect(shmRegionMinPx(1)).toBe(48);
    expect(shmRegionMinPx(5)).toBe(70);
    expect(shmRegionMinPx(16)).toBe(150);
    expect(shmRegionMinPx(16, 14, 120)).toBe(120);
  });
});

describe('layoutMemoryDiagram with the program’s columns', () => {
  // The lab area's width at 1280×800 and 1600×900 (70 % of the window, less padding).
  for (const width of [872, 1096]) {
    it(`puts them in rows under A and B at ${width} px, mirrored, without overlaps`, () => {
      const single = layoutMemoryDiagram(width);
      const layout = layoutMemoryDiagram(width, { extraColumns: 2 });
      const [program, child] = layout.extra;
      expect(program).toBeDefined();
      expect(child).toBeDefined();
      if (program === undefined || child === undefined) return;
      // Same x as A and B, so every strip faces the frames and no arrow crosses another strip.
      expect(program.side).toBe('left');
      expect(program.x).toBe(layout.a.x);
      expect(program.innerX).toBe(layout.a.innerX);
      expect(child.side).toBe('right');
      expect(child.x).toBe(layout.b.x);
      expect(program.top).toBe(child.top);
      // The second row starts below the first, its header and notes above its band.
      expect(program.headerY).toBeGreaterThan(layout.a.bottom);
      expect(program.noteY).toBeGreaterThan(program.headerY);
      expect(program.top).toBeGreaterThan(program.noteY ?? Infinity);
      expect(program.bottom - program.top).toBe(ROW_BAND_PX);
      expect(layout.height).toBe(program.bottom + 8);
      // The frames span both rows, between the strips; the first row keeps its place.
      expect(layout.frames.top).toBe(layout.a.top);
      expect(layout.frames.bottom).toBe(program.bottom);
      expect(layout.frames.x).toBeGreaterThan(program.innerX);
      expect(layout.frames.x + layout.frames.width).toBeLessThan(child.innerX);
      expect(layout.a.top).toBe(single.a.top);
      expect(layout.a.x).toBe(single.a.x);
      // Header room: from the outer edge to the strip's inner edge, inside the diagram.
      expect(program.headerX - program.headerWidth / 2).toBeGreaterThanOrEqual(0);
      expect(child.headerX + child.headerWidth / 2).toBeLessThanOrEqual(layout.width);
    });
  }

  it('adds a row per pair: three columns take two rows, four take three', () => {
    const three = layoutMemoryDiagram(900, { extraColumns: 1 });
    expect(three.extra).toHaveLength(1);
    expect(three.extra[0]?.side).toBe('left');
    const four = layoutMemoryDiagram(900, { extraColumns: 4 });
    const tops = [...new Set(four.extra.map((column) => column.top))];
    expect(tops).toHaveLength(2);
    expect(four.extra.map((column) => column.side)).toEqual(['left', 'right', 'left', 'right']);
    expect(four.frames.bottom).toBe(four.extra[3]?.bottom);
    expect(four.height).toBeGreaterThan(three.height);
  });

  it('keeps the first row alone as it was without them', () => {
    const layout = layoutMemoryDiagram(900);
    expect(layout.extra).toEqual([]);
    expect(layout.height).toBe(DIAGRAM_HEIGHT);
    expect(layout.frames.bottom).toBe(layout.bottom);
    expect(layout.a.noteY).toBeNull();
  });
});
